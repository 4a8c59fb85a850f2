"""joint_review's event data, as its real ``events.py`` builds it, honours the published schemas:
review_opened, review_task_assigned (with an A or B assignee, or none), opinion_recorded,
review_converged (each outcome) and task_reassigned (R-JOINT-7)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from hall_contracts import build_envelope
from hall_contracts.registry import EventValidationError, validate_event
from joint_review.reviewers.events import task_reassigned
from joint_review.reviews import events
from joint_review.reviews.rules import Opinion, converge

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=8)))
REVIEW = {
    "review_id": "JR-HALL-20261123-3JD8W2QR",
    "case_no": "HALL-20261123-3JD8W2QR",
    "round": 1,
    "lead_department": "agriculture_rural",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
    "materials": [],
    "opened_at": NOW,
    "converged_at": NOW,
    "task_limit_days": 3,
}
TASK = {
    "task_id": "JR-HALL-20261123-3JD8W2QR-natural_resources-1",
    "department": "natural_resources",
    "round": 1,
    "assigned_at": NOW,
    "due_date": date(2026, 11, 26),
    "asked_materials": [],
}
OPINION = {
    "round": 1,
    "opinion_id": "5f0c2a8e-opinion",
    "department": "natural_resources",
    "verdict": "reject",
    "conditions": [],
    "reason": "选址位于永久基本农田",
    "materials": [],
    "reviewer_id": "R22",
    "channel": "amqp",
    "recorded_at": NOW,
}


def opinion(department, verdict, **fields):
    return Opinion(f"OP-{department}", department, 1, verdict, **fields)


CONVERGENCES = {
    "approve": {"natural_resources": opinion("natural_resources", "approve", conditions=("不得占用耕地",))},
    "refuse": {"natural_resources": opinion("natural_resources", "reject", reason="选址位于永久基本农田")},
    "supplement": {
        "housing_construction": opinion("housing_construction", "supplement", materials=("设计图",))
    },
}


def payloads():
    yield "review_opened", events.review_opened(REVIEW)
    for assignee in (
        {"assignee_id": "R21", "assignee_role": "primary"},
        {"assignee_id": "R22", "assignee_role": "backup"},
        {"assignee_id": None, "assignee_role": None},
    ):
        yield "review_task_assigned", events.review_task_assigned(REVIEW, {**TASK, **assignee})
    yield "opinion_recorded", events.opinion_recorded(REVIEW, OPINION)
    for latest in CONVERGENCES.values():
        yield "review_converged", events.review_converged(REVIEW, converge(1, latest))
    before, after = {"reviewer_id": "R21", "role": "primary"}, {"reviewer_id": "R22", "role": "backup"}
    yield "task_reassigned", task_reassigned(REVIEW, TASK, before, after, NOW)


@pytest.mark.parametrize(
    ("event_type", "data"), list(payloads()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_r_joint_7_joint_review_payloads_built_by_events_py_honour_their_schemas(event_type, data):
    validate_event(build_envelope("joint_review", event_type, data["case_no"], data, time=NOW))


def test_r_joint_7_an_assignee_role_other_than_primary_or_backup_breaks_the_contract():
    data = events.review_task_assigned(REVIEW, {**TASK, "assignee_id": "R21", "assignee_role": "chief"})
    with pytest.raises(EventValidationError):
        validate_event(
            build_envelope("joint_review", "review_task_assigned", data["case_no"], data, time=NOW)
        )
