"""Who sent an opinion command is the broker's word, never the body's (R-JOINT-3, issue 12 point 6):
the AMQP ``user_id`` (checked by RabbitMQ against the connection's account) names the sender, a
department account ``dept_<code>`` names its department, and a copy joint_review's own account
(a retry) or the operator's (a re-drive) published carries the sender recorded on first arrival."""

from types import SimpleNamespace

import pytest

from joint_review.messaging.rules import SENDER_HEADER, authenticated_sender, department_of

OWN = "joint_review"  # joint_review's own broker account
TRUSTED = {OWN, "admin"}  # and the operator's, who re-drives dead letters


def message(user_id=None, headers=None):
    properties = {"user_id": user_id} if user_id is not None else {}
    return SimpleNamespace(properties=properties, headers={} if headers is None else headers)


@pytest.mark.parametrize(
    ("account", "department"),
    [
        ("dept_natural_resources", "natural_resources"),
        ("dept_health", "health"),
        ("dept_", None),
        ("guest", None),
        ("hall", None),
        (OWN, None),
        ("", None),
        (None, None),
        ("natural_resources", None),
    ],
)
def test_r_joint_3_only_a_department_account_names_a_department(account, department):
    assert department_of(account) == department


def test_r_joint_3_the_sender_is_the_user_id_and_a_forged_sender_header_is_overwritten():
    arrived = message("dept_natural_resources", {SENDER_HEADER: "dept_housing_construction"})
    assert authenticated_sender(arrived, TRUSTED) == "dept_natural_resources"
    assert arrived.headers[SENDER_HEADER] == "dept_natural_resources"  # what a retry copy carries


def test_r_joint_3_a_command_without_user_id_has_no_sender_whatever_its_headers_say():
    arrived = message(None, {SENDER_HEADER: "dept_housing_construction"})
    assert authenticated_sender(arrived, TRUSTED) is None
    assert department_of(authenticated_sender(message(None, dict(arrived.headers)), TRUSTED)) is None


def test_r_joint_3_a_retry_or_re_drive_keeps_the_sender_recorded_on_first_arrival():
    first = message("dept_health")
    authenticated_sender(first, TRUSTED)
    retry = message(OWN, dict(first.headers))  # the delay queue's copy, published by joint_review
    assert authenticated_sender(retry, TRUSTED) == "dept_health"
    redriven = message("admin", dict(first.headers))  # hall-dead-letters run by the operator
    assert authenticated_sender(redriven, TRUSTED) == "dept_health"
    assert authenticated_sender(message(OWN), TRUSTED) is None  # our account alone proves no department
