"""R-JOINT-6 "counted against them" over joint_review's HTTP API: each task reported overdue is a
durable row of its department's month, so ``GET /reports/department-overdue`` answers the same after
the service restarts, and the same task never counts twice. Real container and database, no broker."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from intake_requests import bearer
from service.conftest import start_http_only
from sqlalchemy import func, select

from hall_contracts.samples import CASE_NO
from joint_review.deadlines.repository import DeadlineRepository
from joint_review.orm import overdue_records
from joint_review.service import JointReviewService

OPERATOR, SUPERVISION = bearer("dev-operator"), bearer("dev-supervision")
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "market_regulation"],
}
REVIEW_ID = f"JR-{CASE_NO}"
# opened Monday 2026-11-23 10:00 China time: three working days, due Thursday 2026-11-26 at 17:00
THURSDAY_5_30PM = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
NEXT_MONDAY_10AM = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(CASE)
    return joint_review_http


def sweep(web_session, service, now):
    service.clock.return_value = now
    response = web_session.post("/reviews/sweep", headers=OPERATOR)
    assert response.status_code == 200
    return response.json()["raised"]


def report(web_session, month="2026-11", headers=SUPERVISION):
    return web_session.get("/reports/department-overdue", params={"month": month}, headers=headers)


def answer(web_session, department, token):
    response = web_session.post(
        f"/tasks/{REVIEW_ID}-{department}-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
        headers=bearer(token),
    )
    assert response.status_code == 200


def rows(response) -> dict:
    assert response.status_code == 200, response.text
    return {row["department"]: row for row in response.json()["departments"]}


def test_r_joint_6_each_overdue_task_counts_against_its_department_in_the_month_it_was_due(
    review, web_session
):
    answer(web_session, "natural_resources", "dev-reviewer-natres")
    assert sweep(web_session, review, THURSDAY_5_30PM)["overdue"] == 2
    review.clock.return_value = NEXT_MONDAY_10AM
    found = rows(report(web_session))
    assert {d: (r["tasks_due"], r["overdue"], r["on_time_rate"]) for d, r in found.items()} == {
        "agriculture_rural": (1, 1, 0.0),
        "market_regulation": (1, 1, 0.0),
        "natural_resources": (1, 0, 1.0),
    }
    [late] = found["market_regulation"]["tasks"]
    assert (late["case_no"], late["due_date"], late["days_late"], late["outcome"]) == (
        CASE_NO,
        "2026-11-26",
        1,
        "escalated",
    )
    assert late["reported_at"] == "2026-11-26T09:30:00+00:00"
    assert rows(report(web_session, "2026-12")) == {}


def test_r_joint_6_the_count_survives_a_restart_of_the_service(
    review, web_session, container_factory, web_config, migrated
):
    sweep(web_session, review, THURSDAY_5_30PM)
    before = rows(report(web_session))
    assert sum(r["overdue"] for r in before.values()) == 3
    review.container.stop()
    url = review.engine.url.render_as_string(hide_password=False)
    restarted, clock = start_http_only(container_factory, web_config, JointReviewService, url)
    clock.return_value = THURSDAY_5_30PM
    assert rows(report(web_session)) == before
    clock.return_value = NEXT_MONDAY_10AM
    assert web_session.post("/reviews/sweep", headers=OPERATOR).json()["raised"]["overdue"] == 0
    assert rows(report(web_session)) == before  # nothing is counted again after the restart
    restarted.stop()


def test_r_joint_6_the_same_overdue_task_is_counted_once_however_often_it_is_told(review, web_session):
    sweep(web_session, review, THURSDAY_5_30PM)
    sweep(web_session, review, THURSDAY_5_30PM)
    sweep(web_session, review, NEXT_MONDAY_10AM)
    with review.engine.begin() as connection:
        repository = DeadlineRepository(connection)
        [row] = repository.overdue_in("2026-11", "market_regulation")
        assert repository.record_overdue({**row, "days_late": 9}) is False
        assert connection.execute(select(func.count()).select_from(overdue_records)).scalar_one() == 3
    assert rows(report(web_session))["market_regulation"]["tasks"][0]["days_late"] == 1


def test_r_joint_6_a_window_head_sees_its_own_departments_row_and_a_reviewer_none(review, web_session):
    sweep(web_session, review, THURSDAY_5_30PM)
    assert list(rows(report(web_session, headers=bearer("dev-head-market")))) == ["market_regulation"]
    assert rows(report(web_session, headers=bearer("dev-head-civil"))) == {}
    assert len(rows(report(web_session, headers=OPERATOR))) == 3
    assert report(web_session, headers=bearer("dev-reviewer-natres")).status_code == 403
    assert report(web_session, headers=bearer("dev-lead-market")).status_code == 403
    assert report(web_session, headers={}).status_code == 401


@pytest.mark.parametrize("month", [None, "", "2026-13", "2026-1", "november", "1999-12", "2100-01"])
def test_r_joint_6_a_bad_month_is_a_422_in_chinese_naming_the_month(review, web_session, month):
    params = {} if month is None else {"month": month}
    response = web_session.get("/reports/department-overdue", params=params, headers=SUPERVISION)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and "月份" in error["message"]
    assert list(error["details"]) == ["month"]


def test_r_joint_6_days_late_counts_the_working_days_past_the_due_date_when_reported(review, web_session):
    sweep(web_session, review, NEXT_MONDAY_10AM)  # the service was down from Thursday to Monday
    found = rows(report(web_session))
    assert {t["days_late"] for r in found.values() for t in r["tasks"]} == {2}
    assert found["market_regulation"]["days_late"] == 2
