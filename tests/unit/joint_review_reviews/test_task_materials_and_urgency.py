"""What a review takes from intake's case_accepted: its materials go on every round-1 task
(R-JOINT-2) and its urgency puts the department's tasks first (R-KIND-7). Fakes only."""

from unit.joint_review_fakes import FakeUnitOfWork

from joint_review.messaging.topology import TASKS_EXCHANGE
from joint_review.reviews.handlers import open_review

MATERIALS = [
    {"name": "农村宅基地和建房（规划许可）申请表", "kind": "main", "presented": True},
    {"name": "宅基地使用承诺书", "kind": "main", "presented": True},
    "户口簿",
    {"name": "宅基地四至图", "kind": "attachment", "presented": True},
    {"name": "建房设计图", "kind": "attachment", "presented": True},
    {"name": "村民小组会议记录", "presented": True},
]
CASE = {
    "case_no": "2026112300001",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources"],
    "task_limit_days": 3,
    "urgent": False,
}
NAMES = [m["name"] if isinstance(m, dict) else m for m in MATERIALS]


def opened(**case):
    uow = FakeUnitOfWork()
    open_review({**CASE, **case}, uow)
    return uow


def test_r_joint_2_every_round_1_task_carries_the_six_materials_of_the_case():
    uow = opened(materials=MATERIALS)
    work = [e for e in uow.published("review_task_assigned") if e["exchange"] == TASKS_EXCHANGE]
    assert len(work) == 2
    assert all(e["data"]["materials"] == NAMES for e in work)
    details = work[0]["data"]["material_details"]
    assert details[0] == {"name": NAMES[0], "kind": "main", "presented": True}
    assert details[2] == {"name": "户口簿", "kind": None, "presented": None}  # a bare name: not known
    assert details[5] == {"name": "村民小组会议记录", "kind": None, "presented": True}
    assert uow.reviews.department_tasks("natural_resources")[0]["materials"] == NAMES


def test_r_joint_2_a_case_accepted_without_materials_gives_tasks_an_empty_list_and_blank_names_are_dropped():
    assert all(
        (e["data"]["materials"], e["data"]["material_details"]) == ([], [])
        for e in opened().published("review_task_assigned")
    )
    uow = opened(materials=[" ", {"name": ""}, "户口簿", "户口簿"])
    assert all(e["data"]["materials"] == ["户口簿"] for e in uow.published("review_task_assigned"))


def test_r_kind_7_the_review_keeps_whether_its_case_is_urgent_and_lists_its_tasks_first():
    uow = FakeUnitOfWork()
    open_review({**CASE, "case_no": "2026112300002"}, uow)
    open_review({**CASE, "case_no": "2026112300003", "urgent": True}, uow)
    assert uow.reviews.reviews["JR-2026112300003"]["urgent"] is True
    listed = uow.reviews.department_tasks("natural_resources")
    assert [(t["review_id"], t["urgent"]) for t in listed] == [
        ("JR-2026112300003", True),
        ("JR-2026112300002", False),
    ]


def test_r_kind_7_a_case_accepted_without_urgent_is_not_urgent():
    case = {k: v for k, v in CASE.items() if k != "urgent"}
    uow = FakeUnitOfWork()
    open_review(case, uow)
    assert uow.reviews.reviews["JR-2026112300001"]["urgent"] is False


def test_r_joint_2_each_department_is_due_by_its_own_limit_and_told_it():
    uow = opened(department_limits={"agriculture_rural": 2, "natural_resources": 6}, materials=MATERIALS)
    work = {
        e["data"]["department"]: e["data"]
        for e in uow.published("review_task_assigned")
        if e["exchange"] == TASKS_EXCHANGE
    }
    today = uow.calendar.today(uow.now)
    for department, days in (("agriculture_rural", 2), ("natural_resources", 6)):
        assert work[department]["limit_days"] == days
        assert work[department]["due_date"] == uow.calendar.add_working_days(today, days).date.isoformat()
    assert work["agriculture_rural"]["due_date"] < work["natural_resources"]["due_date"]


def test_r_joint_2_a_department_the_case_names_no_limit_for_falls_back_to_task_limit_days():
    uow = opened(department_limits={"agriculture_rural": 5, "natural_resources": 0, "x": True})
    limits = {e["data"]["department"]: e["data"]["limit_days"] for e in uow.published("review_task_assigned")}
    assert limits == {"agriculture_rural": 5, "natural_resources": 3}  # 0 is no limit: TASK_LIMIT_DAYS
    older = opened()  # a producer that sends no department_limits
    assert {e["data"]["limit_days"] for e in older.published("review_task_assigned")} == {3}
