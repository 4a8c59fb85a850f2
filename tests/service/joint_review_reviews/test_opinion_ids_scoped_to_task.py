"""Opinion ids are scoped to their task (R-JOINT-3, issue 12 point 7), over joint_review's HTTP API
on a real container and database: the same id resent for the same task is a replay; reused by the
department for another task it is refused (409 ``opinion_id_reused``, the existing opinion in the
details); another department's id never pre-empts an answer."""

import json

import pytest
from intake_requests import bearer
from sqlalchemy import select

from joint_review.orm import opinions, tasks

NATRES = bearer("dev-reviewer-natres")
HOUSING = bearer("dev-reviewer-housing")


def case(case_no: str) -> dict:
    return {
        "case_no": case_no,
        "item_code": "NY-001",
        "item_name": "农村宅基地和建房（规划许可）审批",
        "item_kind": "joint",
        "lead_department": "agriculture_rural",
        "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
    }


FIRST, SECOND = "HALL-20261123-SCOPE001", "HALL-20261123-SCOPE002"


@pytest.fixture
def two_reviews(joint_review_http):
    joint_review_http.open(case(FIRST))
    joint_review_http.open(case(SECOND))
    return joint_review_http


def task_of(case_no: str, department: str) -> str:
    return f"JR-{case_no}-{department}-1"


def answer(web_session, token, task_id, opinion_id, verdict="approve", **fields):
    return web_session.post(
        f"/tasks/{task_id}/opinion",
        data=json.dumps({"opinion_id": opinion_id, "verdict": verdict, **fields}),
        headers=token,
    )


def recorded(engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            select(opinions.c.task_id, opinions.c.opinion_id, opinions.c.verdict).order_by(opinions.c.task_id)
        ).all()


def status_of(engine, task_id: str) -> str:
    with engine.connect() as connection:
        return connection.execute(select(tasks.c.status).where(tasks.c.task_id == task_id)).scalar_one()


def test_r_joint_3_an_opinion_id_reused_for_another_task_is_refused_409_with_the_existing_opinion(
    two_reviews, web_session
):
    first = answer(
        web_session,
        NATRES,
        task_of(FIRST, "natural_resources"),
        "natres-opinion-0001",
        "supplement",
        materials=["宅基地四至图"],
    )
    assert first.status_code == 200, first.text
    reused = answer(web_session, NATRES, task_of(SECOND, "natural_resources"), "natres-opinion-0001")
    assert reused.status_code == 409, reused.text
    error = reused.json()["error"]
    assert error["code"] == "opinion_id_reused" and "意见编号" in error["message"]
    existing = error["details"]["existing"]
    assert (existing["task_id"], existing["opinion_id"], existing["verdict"], existing["round"]) == (
        task_of(FIRST, "natural_resources"),
        "natres-opinion-0001",
        "supplement",
        1,
    )
    assert status_of(two_reviews.engine, task_of(SECOND, "natural_resources")) == "open"  # nothing recorded
    # the same id resent for its own task is still a replay: 200, the one answer stands
    replay = answer(
        web_session,
        NATRES,
        task_of(FIRST, "natural_resources"),
        "natres-opinion-0001",
        "supplement",
        materials=["宅基地四至图"],
    )
    assert replay.status_code == 200 and replay.json()["verdict"] == "supplement"
    fresh = answer(web_session, NATRES, task_of(SECOND, "natural_resources"), "natres-opinion-0002")
    assert fresh.status_code == 200 and fresh.json()["status"] == "answered"
    assert recorded(two_reviews.engine) == [
        (task_of(FIRST, "natural_resources"), "natres-opinion-0001", "supplement"),
        (task_of(SECOND, "natural_resources"), "natres-opinion-0002", "approve"),
    ]


def test_r_joint_3_another_departments_opinion_id_cannot_pre_empt_an_answer(two_reviews, web_session):
    """housing_construction answers first with the id natural_resources will use: the two are
    separate (it once answered natural_resources 200 and recorded nothing)."""
    taken = answer(
        web_session,
        HOUSING,
        task_of(FIRST, "housing_construction"),
        "guessed-0000001",
        "reject",
        reason="建筑层数超过三层",
    )
    assert taken.status_code == 200, taken.text
    own = answer(web_session, NATRES, task_of(FIRST, "natural_resources"), "guessed-0000001", "approve")
    assert own.status_code == 200, own.text
    assert own.json()["status"] == "answered" and own.json()["verdict"] == "approve"
    assert recorded(two_reviews.engine) == [
        (task_of(FIRST, "housing_construction"), "guessed-0000001", "reject"),
        (task_of(FIRST, "natural_resources"), "guessed-0000001", "approve"),
    ]


def test_r_joint_3_a_replay_of_another_departments_opinion_is_forbidden_and_shows_nothing(
    two_reviews, web_session
):
    answer(
        web_session,
        HOUSING,
        task_of(FIRST, "housing_construction"),
        "housing-op-0001",
        "reject",
        reason="建筑层数超过三层",
    )
    replay = answer(
        web_session,
        NATRES,
        task_of(FIRST, "housing_construction"),
        "housing-op-0001",
        "reject",
        reason="建筑层数超过三层",
    )
    assert replay.status_code == 403 and replay.json()["error"]["code"] == "forbidden"
    assert "reject" not in replay.text and "details" not in replay.json()["error"]


def test_r_joint_3_one_opinion_id_sent_at_once_to_many_reviews_tasks_is_recorded_once_and_never_a_500(
    joint_review_http, web_session
):
    """Each review's round lock serialises answers within one review only: the same id raced to
    the department's tasks of eight reviews at once meets the unique key (department, id) in the
    database (PostgreSQL lets the transactions overlap). One answer is recorded; every other
    request is refused 409 opinion_id_reused, none answers 500."""
    from concurrent.futures import ThreadPoolExecutor

    numbers = [f"HALL-20261123-RACE{n:04d}" for n in range(8)]
    for number in numbers:
        joint_review_http.open(case(number))
    with ThreadPoolExecutor(len(numbers)) as pool:
        answers = list(
            pool.map(
                lambda number: answer(
                    web_session, NATRES, task_of(number, "natural_resources"), "natres-race-0001"
                ),
                numbers,
            )
        )
    statuses = sorted(response.status_code for response in answers)
    assert statuses == [200] + [409] * (len(numbers) - 1), [r.text for r in answers]
    assert {r.json()["error"]["code"] for r in answers if r.status_code == 409} == {"opinion_id_reused"}
    assert [row[1] for row in recorded(joint_review_http.engine)] == ["natres-race-0001"]
