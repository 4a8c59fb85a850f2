"""``GET /reviews``: the joint reviews a lead window's department leads (R-JOINT-1), paged, still
open first; supervision and operators read all; a bad filter is 422, never an empty list. The
lead's view of one review names each department's own limit (R-JOINT-2)."""

import json
import uuid

import pytest
from intake_requests import bearer

AGRICULTURE = bearer("dev-window-agriculture")  # a window of agriculture_rural (leads NY-001)
MARKET_LEAD = bearer("dev-lead-market")  # the lead window of another department
NATRES = bearer("dev-reviewer-natres")


def case(case_no, lead="agriculture_rural", **facts):
    return {
        "case_no": case_no,
        "item_code": "NY-001",
        "item_name": "农村宅基地和建房（规划许可）审批",
        "item_kind": "joint",
        "lead_department": lead,
        "departments": [lead, "natural_resources"],
        "department_limits": {lead: 5, "natural_resources": 6},
        **facts,
    }


@pytest.fixture
def reviews(joint_review_http):
    joint_review_http.open(case("HALL-20260105-LIST0001"))
    joint_review_http.open(case("HALL-20260105-LIST0002", urgent=True))
    joint_review_http.open(case("HALL-20260105-LIST0003", lead="market_regulation"))
    return joint_review_http


def listed(web_session, headers, **query):
    response = web_session.get("/reviews", params=query, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_r_joint_1_a_lead_window_lists_only_the_reviews_its_department_leads(reviews, web_session):
    page = listed(web_session, AGRICULTURE)
    assert [r["review_id"] for r in page["reviews"]] == [
        "JR-HALL-20260105-LIST0002",  # urgent first
        "JR-HALL-20260105-LIST0001",
    ]
    assert page["total"] == 2 and page["limit"] == 50 and page["offset"] == 0
    first = page["reviews"][0]
    assert first["status"] == "in_review" and first["round"] == 1 and first["open_tasks"] == 2
    assert first["item_name"].startswith("农村宅基地")
    other = listed(web_session, MARKET_LEAD)
    assert [r["review_id"] for r in other["reviews"]] == ["JR-HALL-20260105-LIST0003"]


def test_supervision_and_operators_read_every_review_and_a_reviewer_none(reviews, web_session):
    for token in ("dev-supervision", "dev-operator"):
        assert listed(web_session, bearer(token))["total"] == 3
    assert web_session.get("/reviews", headers=NATRES).status_code == 403
    assert web_session.get("/reviews").status_code == 401


def test_the_list_pages_and_filters_by_status(reviews, web_session):
    page = listed(web_session, AGRICULTURE, limit=1, offset=1)
    assert [r["review_id"] for r in page["reviews"]] == ["JR-HALL-20260105-LIST0001"]
    assert page["total"] == 2
    assert listed(web_session, AGRICULTURE, status="decided") == {
        "reviews": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }
    assert listed(web_session, AGRICULTURE, status="in_review")["total"] == 2


def test_a_decided_review_comes_after_the_open_ones(reviews, web_session):
    for department, token in (
        ("natural_resources", NATRES),
        ("agriculture_rural", bearer("dev-reviewer-agriculture")),
    ):
        answer = {"opinion_id": str(uuid.uuid4()), "verdict": "approve"}
        sent = web_session.post(
            f"/tasks/JR-HALL-20260105-LIST0002-{department}-1/opinion", data=json.dumps(answer), headers=token
        )
        assert sent.status_code == 200, sent.text
    decided = web_session.post(
        "/reviews/JR-HALL-20260105-LIST0002/decision", data=json.dumps({}), headers=AGRICULTURE
    )
    assert decided.status_code == 200, decided.text
    page = listed(web_session, AGRICULTURE)
    assert [(r["review_id"], r["status"], r["open_tasks"]) for r in page["reviews"]] == [
        ("JR-HALL-20260105-LIST0001", "in_review", 2),
        ("JR-HALL-20260105-LIST0002", "decided", 0),
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "open"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"department": "natural_resources"}, "department"),
    ],
)
def test_a_filter_no_review_can_match_is_a_422_in_chinese(reviews, web_session, query, field):
    response = web_session.get("/reviews", params=query, headers=AGRICULTURE)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and "筛选条件有误" in error["message"]
    assert list(error["details"]) == [field]


def test_r_joint_2_the_leads_view_names_each_departments_own_limit(reviews, web_session):
    view = web_session.get("/reviews/JR-HALL-20260105-LIST0001", headers=AGRICULTURE).json()
    limits = {d["department"]: (d["limit_days"], d["working_days_used"]) for d in view["departments"]}
    assert limits == {"agriculture_rural": (5, 0), "natural_resources": (6, 0)}


def test_a_reviewers_listed_task_names_its_case_item_and_materials(reviews, web_session):
    tasks = web_session.get("/departments/natural_resources/tasks", headers=NATRES).json()["tasks"]
    task = next(t for t in tasks if t["review_id"] == "JR-HALL-20260105-LIST0001")
    assert task["case_no"] == "HALL-20260105-LIST0001"
    assert task["item_name"] == "农村宅基地和建房（规划许可）审批"
    assert task["material_details"] == []
