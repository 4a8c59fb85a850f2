"""The Open311 services: each complaint category of R-COMP-2, and the "could not get it done" desk.

A 311 app lists them (``services.json``), asks for their attributes (``services/<code>.json``)
and files with ``attribute[code]`` answers. The codes are stable: ``complaint-<category>`` (the
category codes of the published contract) and ``unresolved-desk``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from complaints.complaint import rules
from complaints.desk.rules import DEPARTMENTS, TIER_DAYS

DESK_CODE = "unresolved-desk"
COMPLAINT_PREFIX = "complaint-"
COMPLAINTS_GROUP = "投诉 complaints"
DESK_GROUP = "办不成事反映 could not get it done"


def _values(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"key": key, "name": name} for key, name in pairs]


DEPARTMENT_VALUES = _values(DEPARTMENTS.items())
YES_NO = _values((("true", "是 yes"), ("false", "否 no")))


def _attribute(
    code: str,
    datatype: str,
    required: bool,
    order: int,
    description: str,
    values: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": required,
        "datatype_description": None,
        "order": order,
        "description": description,
        "values": values or [],
    }


DESK_ATTRIBUTES = [
    _attribute("item", "string", True, 1, "没办成的事项 (what you could not get done)"),
    _attribute(
        "units", "multivaluelist", True, 2, "涉及的部门 (the departments involved)", DEPARTMENT_VALUES
    ),
    _attribute("item_code", "string", False, 3, "事项编码，如知道 (the item's catalogue code, if known)"),
    _attribute(
        "tier",
        "singlevaluelist",
        False,
        4,
        "能否当场解决 (can it be solved at once?)",
        _values(
            (
                ("immediate", "可当场解决 at once"),
                ("ordinary", "一般 1 个工作日 ordinary"),
                ("multi_department", "多部门 3 个工作日 several departments"),
            )
        ),
    ),
]
COMPLAINT_ATTRIBUTES = [
    _attribute("case_no", "string", False, 1, "受理编号（回执上）(the case number on your receipt)"),
    _attribute(
        "department",
        "singlevaluelist",
        False,
        2,
        "被投诉部门，无受理编号时必填 (the department; required without a case number)",
        DEPARTMENT_VALUES,
    ),
    _attribute("window", "string", False, 3, "窗口号 (the window, e.g. W03)"),
    _attribute("staff_id", "string", False, 4, "工作人员工号 (the staff member's badge number)"),
    _attribute("staff_name", "string", False, 5, "工作人员姓名 (the staff member's name)"),
    _attribute("occurred_at", "datetime", False, 6, "发生时间，默认现在 (when it happened; default now)"),
    _attribute("major", "singlevaluelist", False, 7, "重大投诉 (a major complaint)", YES_NO),
    _attribute("wide_impact", "singlevaluelist", False, 8, "影响面广 (wide impact)", YES_NO),
]


def services() -> list[dict[str, Any]]:
    """``GET services.json``: every category, then the desk."""
    listed = [
        {
            "service_code": f"{COMPLAINT_PREFIX}{code}",
            "service_name": name,
            "description": f"投诉：{name}。同一部门当日或次个工作日答复，多部门 2 个工作日内 "
            "(answered the same or next working day; several departments: 2 working days)",
            "metadata": True,
            "type": "realtime",
            "keywords": f"投诉,complaint,{code}",
            "group": COMPLAINTS_GROUP,
        }
        for code, name in rules.CATEGORIES.items()
    ]
    listed.append(
        {
            "service_code": DESK_CODE,
            "service_name": "办不成事反映 (could not get it done)",
            "description": "在大厅没办成的事：当场能办的即办，一般 1 个工作日、涉及多部门 3 个工作日内反馈，"
            "办结后 1 个工作日内回访 (at once / 1 working day / 3 working days with several "
            "departments; a follow-up call within 1 working day)",
            "metadata": True,
            "type": "realtime",
            "keywords": "办不成事,unresolved,desk",
            "group": DESK_GROUP,
        }
    )
    return listed


def definition(code: str) -> dict[str, Any] | None:
    """``GET services/<code>.json``: the attributes a 311 app asks for; None for an unknown code."""
    if code == DESK_CODE:
        return {"service_code": code, "attributes": DESK_ATTRIBUTES}
    if category_of(code) is not None:
        return {"service_code": code, "attributes": COMPLAINT_ATTRIBUTES}
    return None


def category_of(code: str) -> str | None:
    category = code.removeprefix(COMPLAINT_PREFIX)
    return category if code.startswith(COMPLAINT_PREFIX) and category in rules.CATEGORIES else None


def name_of(code: str) -> str:
    if code == DESK_CODE:
        return "办不成事反映 (could not get it done)"
    return rules.CATEGORIES.get(category_of(code) or "", code)


def desk_notice(tier: str) -> str:
    return (
        (
            f"已登记。转办后 {TIER_DAYS[tier]} 个工作日内反馈，办结后 1 个工作日内回访 "
            f"(registered: answered within {TIER_DAYS[tier]} working day(s) of forwarding, "
            "a follow-up call within 1 working day after)"
        )
        if TIER_DAYS[tier]
        else ("已登记，当场转办 (registered: forwarded to be solved at once)")
    )
