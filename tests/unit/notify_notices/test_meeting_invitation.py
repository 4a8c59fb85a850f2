"""R-JOINT-5: a joint review meeting the lead window convenes puts an invitation in each invited
department's inbox, naming the item, the departments, the time and place in China time."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.sample_deadlines import meeting_scheduled_v1
from notify.notices import rendering
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.notices.rules import STAFF

NOW = datetime(2026, 1, 8, 8, 30, tzinfo=UTC)


def issue(event: dict, uow: FakeUnitOfWork) -> list:
    return issue_notices(IssueNotices(event, rendered_plans(event), NOW), uow)


def test_r_joint_5_each_invited_department_gets_the_meeting_invitation_in_its_inbox_once():
    uow, event = FakeUnitOfWork(), copy.deepcopy(meeting_scheduled_v1())
    issued = issue(event, uow)
    assert sorted((n["recipient_ref"], n["audience"], n["notice_type"]) for n in issued) == [
        ("department:agriculture_rural", STAFF, "meeting_invitation"),
        ("department:natural_resources", STAFF, "meeting_invitation"),
    ]
    assert all("-MEET-" in n["notice_no"] for n in issued)
    assert {n["department"] for n in issued} == {"agriculture_rural"}  # the lead's case, for visibility
    assert sorted((row["channel"], row["status"]) for row in uow.deliveries.rows.values()) == [
        ("inbox", "pending"),
        ("inbox", "pending"),
    ]
    assert issue(event, uow) == []  # redelivered: nothing more


def test_r_joint_5_the_invitation_names_the_department_item_time_and_place_in_china_time():
    event = copy.deepcopy(meeting_scheduled_v1())
    event["data"]["at"] = "2026-01-09T01:30:00+00:00"  # the same moment given in UTC
    texts = {plan.recipient_ref: rendered.text for plan, rendered in rendered_plans(event)}
    natural = texts["department:natural_resources"]
    assert natural.startswith("联审会议通知\n\n自然资源局：")
    assert "农村宅基地和建房（规划许可）审批，NY-001" in natural
    assert "牵头部门农业农村局定于2026年1月9日 09:30在三楼联审室召开联审会" in natural
    assert "参会部门：农业农村局、自然资源局。" in natural
    assert texts["department:agriculture_rural"].startswith("联审会议通知\n\n农业农村局：")


def test_r_joint_5_an_invitation_from_an_event_without_the_item_still_renders_whole():
    data = copy.deepcopy(meeting_scheduled_v1()["data"])
    del data["item_code"], data["item_name"]
    text = rendering.render("meeting_invitation", {**data, "invited_department": "natural_resources"}).text
    assert "受理编号 HALL-20260105-3JD8W2QR 的联办事项" in text and "09:30" in text
