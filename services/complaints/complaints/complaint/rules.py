"""The complaint rules of DOMAIN section 6, without a framework (R-COMP-1, 2, 5, 6, 7).

- R-COMP-1 channels; a major or wide-impact complaint must be in writing: a letter, an online
  form or a complaint-box slip is written; a 12345 hotline transfer is written only when it comes
  with the hotline's written work order (``hotline_written_form``); in person and phone are oral.
- R-COMP-2 one scope category, with the stable codes of the published contract
  (``complaint_substantiated``); ``outside_scope`` records a consultation, with its reason.
- R-COMP-5 limits: one department, the same or the next working day (due: the next working day);
  two or more departments, ``MULTI_DEPARTMENT_LIMIT_DAYS`` working days (2 by default, at most 5).
- R-COMP-6 the answer goes out on the channel of the complaint: written gets written, oral oral.
- R-COMP-7 severity: simple ones are closed by the office; discipline goes to the county
  discipline inspection commission, crime to the judiciary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

from refusals import Conflict, Invalid, NotFound, Refusal

CHANNELS = ("in_person", "phone", "letter", "online", "complaint_box", "hotline_12345")
WRITTEN_CHANNELS = ("letter", "online", "complaint_box")
CATEGORIES = {
    "late": "超过承诺时限 (late beyond the promised limit)",
    "procedure_breach": "违反办事程序 (breaking the procedure)",
    "decision_objection": "对处理决定有异议 (objection to a decision)",
    "bribes_or_favours": "吃拿卡要 (bribes or favours)",
    "poor_attitude": "态度差、效率低 (poor attitude or efficiency)",
    "no_one_time_notice": "未一次性告知 (no one-time notice)",
    "first_responder_duty": "首问责任未落实 (first-responder duty not done)",
    "window_vacant": "窗口空岗 (window left vacant)",
    "opaque_handling": "办事不公开、暗箱操作 (opaque or dual-track handling)",
    "forced_intermediary": "指定中介 (forcing a paid intermediary)",
}
OUTSIDE_SCOPE = "outside_scope"
SEVERITIES = ("simple", "discipline", "crime")
DESTINATIONS = {"discipline": "discipline_commission", "crime": "judiciary"}
DESTINATION_NAMES = {"discipline_commission": "县纪委监委", "judiciary": "司法机关"}
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")

SIMPLE_LIMIT_DAYS = 1
MULTI_DEPARTMENT_LIMIT_KEY = "MULTI_DEPARTMENT_LIMIT_DAYS"
DEFAULT_MULTI_DEPARTMENT_LIMIT_DAYS = 2
MAX_MULTI_DEPARTMENT_LIMIT_DAYS = 5

# printed on the written answer unless COMPLAINTS_OFFICE_NAME / _PHONE say otherwise
DEFAULT_OFFICE = {"name": "便民服务中心投诉办", "phone": "0571-12345"}

# statuses: where each action is allowed
TRACKED = ("open", "forwarded")  # the office tracks them against their limit
ANSWERABLE = ("open", "forwarded")


class Complaint(TypedDict):
    """A complaint as recorded (R-COMP-3); the steps after filing add the ``NotRequired`` keys."""

    complaint_no: str
    kind: str  # complaint | consultation
    channel: str
    written: bool
    major: bool
    wide_impact: bool
    category: str | None
    suggested_categories: list[str]
    consultation_reason: str | None
    severity: str
    matter: str
    occurred_at: datetime
    place: str
    case_no: str | None
    window: str | None
    department: str | None
    staff_id: str | None
    staff_name: str | None
    departments: list[str]
    complainant_ref: str
    identity: str  # the sealed identity (R-COMP-4)
    status: str
    limit_days: int
    due_date: date
    received_at: datetime
    received_by: str
    version: int
    explanation: NotRequired[str | None]
    explained_at: NotRequired[datetime | None]
    referred_to: NotRequired[str | None]
    referred_at: NotRequired[datetime | None]
    answer_channel: NotRequired[str | None]
    findings: NotRequired[str | None]
    decision: NotRequired[str | None]
    call_note: NotRequired[dict[str, Any] | None]
    answered_at: NotRequired[datetime | None]
    answered_by: NotRequired[str | None]
    substantiated: NotRequired[bool | None]
    deduction_points: NotRequired[int | None]
    closed_at: NotRequired[datetime | None]
    closed_by: NotRequired[str | None]


class InvalidComplaint(Invalid):
    """A filing or a step whose fields break a rule; ``details`` lists every problem by field."""

    code = "validation_failed"


class WrittenFormRequired(InvalidComplaint):
    """R-COMP-1: a major or wide-impact complaint must be in writing."""

    code = "written_form_required"


class UnknownCase(NotFound):
    code = "unknown_case"


class NoSuchRecord(NotFound):
    """No such complaint, forward or identity request."""

    code = "not_found"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


class ConcurrentChange(Conflict):
    """Two officers acted on one complaint at once: the second reloads."""

    code = "concurrent_change"


def no_such(what: str, key: str) -> NoSuchRecord:
    return NoSuchRecord(f"未找到{what} {key} (no such {what}: {key})")


def filing_refusal(problems: dict[str, Any], field_problems: dict[str, Any]) -> type[Refusal]:
    """The kind of refusal of a filing: an unknown case alone is a 404, a missing written form and
    every other problem a 422."""
    if list(problems) == ["case_no"] and not field_problems:
        return UnknownCase
    return WrittenFormRequired if "written_form" in problems else InvalidComplaint


@dataclass
class Settings:
    """The complaint settings a use case reads (``dependencies.from_config`` builds them at start)."""

    multi_department_limit: int = DEFAULT_MULTI_DEPARTMENT_LIMIT_DAYS
    office: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_OFFICE))


def is_written(channel: str, hotline_written_form: bool) -> bool:
    return channel in WRITTEN_CHANNELS or (channel == "hotline_12345" and hotline_written_form)


def answer_channel(written: bool) -> str:
    """R-COMP-6: written gets written, oral gets oral."""
    return "written" if written else "oral"


def multi_department_limit(setting: str | int | None) -> int:
    """``MULTI_DEPARTMENT_LIMIT_DAYS`` validated at start: an integer from 1 to 5."""
    raw = DEFAULT_MULTI_DEPARTMENT_LIMIT_DAYS if setting in (None, "") else setting
    try:
        days = int(raw)
    except (TypeError, ValueError):
        days = -1
    if not 1 <= days <= MAX_MULTI_DEPARTMENT_LIMIT_DAYS:
        raise ValueError(
            f"{MULTI_DEPARTMENT_LIMIT_KEY} must be a whole number of working days from 1 to "
            f"{MAX_MULTI_DEPARTMENT_LIMIT_DAYS} (R-COMP-5), not {setting!r}"
        )
    return days


def limit_days(departments: list[str], multi_limit: int) -> int:
    return multi_limit if len(set(departments)) >= 2 else SIMPLE_LIMIT_DAYS


def filing_problems(command: dict[str, Any], written: bool) -> dict[str, list[str]]:
    """Every reason a complaint cannot be filed as sent, by field (empty when it can)."""
    problems: dict[str, list[str]] = {}
    if (command.get("major") or command.get("wide_impact")) and not written:
        problems.setdefault("written_form", []).append(
            "重大或影响面广的投诉须书面提出（信函、网上、投诉箱或附书面工单的12345转办）"
            " (a major or wide-impact complaint must be in writing: letter, online, complaint box,"
            " or a 12345 transfer with its written form)"
        )
    if command.get("category") == OUTSIDE_SCOPE and not (command.get("outside_scope_reason") or "").strip():
        problems.setdefault("outside_scope_reason", []).append(
            "不属投诉受理范围的，须写明理由，按咨询登记 (a matter outside the scope is recorded as a"
            " consultation: give the reason)"
        )
    if not command.get("department") and not command.get("case_no"):
        problems.setdefault("department", []).append(
            "须写明被投诉的部门或办件编号 (name the department complained about, or the case)"
        )
    severity = command.get("severity", "simple")
    if severity != "simple" and command.get("category") == OUTSIDE_SCOPE:
        problems.setdefault("severity", []).append(
            "违纪违法线索不能按咨询登记 (a discipline or crime matter cannot be a consultation)"
        )
    return problems


def suggested_categories(case: Mapping[str, Any] | None) -> list[str]:
    """A linked case that went overdue suggests "late beyond the promised limit" (R-COMP-2)."""
    return ["late"] if case and case["went_overdue"] else []
