"""One-time notice (一次性告知, R-ONCE-1) and one answer for one item (口径一致, R-ONCE-3) at intake."""

import json

import pytest
from intake_requests import bearer, case_body, materials
from sqlalchemy import select

from intake.orm import cases
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(cases.metadata)


@pytest.fixture
def intake(intake_http):
    return intake_http.engine


def published(engine, routing_key):
    with engine.connect() as connection:
        query = select(OUTBOX.c.body).where(OUTBOX.c.routing_key == routing_key)
        bodies = connection.execute(query).scalars()
        return [json.loads(body)["data"] for body in bodies]


def test_r_once_1_one_notice_lists_every_missing_item_of_a_joint_case_at_once(intake, web_session):
    later = materials("NY-001", "main")[1:3]  # two main materials the applicant will bring
    presented = [name for name in materials("NY-001", "main") if name not in later]
    response = web_session.post(
        "/cases",
        headers=bearer("dev-window-agriculture"),
        data=json.dumps(case_body("NY-001", presented=presented, to_follow=later)),
    )
    answer = response.json()
    expected = [*later, *materials("NY-001", "attachment")]  # main materials first, then attachments
    assert answer["missing_materials"] == expected
    [notice] = published(intake, "supplement_requested")  # ONE notice, not one per item or per visit
    assert notice["missing_materials"] == expected and notice["notices_due"] == ["receipt", "supplement"]


def test_r_once_3_the_same_application_gets_the_same_answer_from_every_staff_member(intake, web_session):
    application = case_body("SC-010", presented=materials("SC-010", "main"))
    answers = [
        web_session.post("/cases", data=json.dumps(application), headers=bearer(token)).json()
        for token in ("dev-window-market", "dev-head-market")
    ]
    same = [
        {key: answer[key] for key in ("kind", "status", "missing_materials", "notices_due", "deadline")}
        for answer in answers
    ]
    assert same[0] == same[1] and same[0]["kind"] == "supplement"
    public = [web_session.get("/catalogue/SC-010").json() for _ in range(2)]
    assert public[0] == public[1] and public[0]["materials"]
