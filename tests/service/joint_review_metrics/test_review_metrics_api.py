"""joint_review's business metrics on ``GET /metrics`` (R-JOINT-6: overdue counts against the
department): gauges read from the database at scrape, counters moved only by committed work."""

import json
import uuid
from datetime import UTC, datetime

from intake_requests import bearer
from prometheus_client.parser import text_string_to_metric_families

from hall_contracts.samples import CASE_NO

CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
THURSDAY_5_30PM = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def scrape(web_session) -> dict:
    response = web_session.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def answer(web_session, department, token, verdict="approve", **fields):
    return web_session.post(
        f"/tasks/JR-{CASE_NO}-{department}-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": verdict, **fields}),
        headers=bearer(token),
    )


def test_r_joint_6_open_and_overdue_tasks_by_department_and_open_reviews_are_gauges_on_metrics(
    joint_review_http, web_session
):
    joint_review_http.open(CASE)
    answer(web_session, "natural_resources", "dev-reviewer-natres")
    before = scrape(web_session)
    assert before[("hall_joint_review_reviews_open", ())] == 1
    assert before[("hall_joint_review_tasks_open", (("department", "agriculture_rural"),))] == 1
    assert before[("hall_joint_review_tasks_open", (("department", "natural_resources"),))] == 0
    assert before[("hall_joint_review_tasks_overdue", (("department", "agriculture_rural"),))] == 0
    joint_review_http.clock.return_value = THURSDAY_5_30PM
    later = scrape(web_session)
    assert later[("hall_joint_review_tasks_overdue", (("department", "housing_construction"),))] == 1
    reported = ("hall_joint_review_tasks_overdue_reported_total", (("department", "housing_construction"),))
    was = later.get(reported, 0)
    web_session.post("/reviews/sweep", headers=bearer("dev-operator"))
    assert scrape(web_session)[reported] == was + 1


def test_opinions_by_verdict_and_time_to_convergence_count_committed_work_only(
    joint_review_http, web_session
):
    joint_review_http.open(CASE)
    key = ("hall_joint_review_opinions_total", (("channel", "http"), ("verdict", "reject")))
    converged = ("hall_joint_review_time_to_convergence_seconds_count", ())
    before = scrape(web_session)
    refused = answer(web_session, "natural_resources", "dev-reviewer-natres", "reject")  # no reason: 422
    assert refused.status_code == 422 and scrape(web_session).get(key, 0) == before.get(key, 0)
    answer(web_session, "natural_resources", "dev-reviewer-natres", "reject", reason="选址位于永久基本农田")
    answer(web_session, "agriculture_rural", "dev-reviewer-agriculture")
    joint_review_http.clock.return_value = THURSDAY_5_30PM
    answer(web_session, "housing_construction", "dev-reviewer-housing")
    after = scrape(web_session)
    assert after[key] == before.get(key, 0) + 1
    assert after[converged] == before[converged] + 1
    assert ("hall_joint_review_fan_out_departments_count", ()) in after
    seconds = (
        after[("hall_joint_review_time_to_convergence_seconds_sum", ())]
        - before[("hall_joint_review_time_to_convergence_seconds_sum", ())]
    )
    assert seconds == (THURSDAY_5_30PM - datetime(2026, 11, 23, 2, 0, tzinfo=UTC)).total_seconds()
