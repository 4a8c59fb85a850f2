"""The lead window's joint review page: what the review allows now, and its forms as the API's
commands (pure: no calls, no pages)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LEAD_ROLES = ("lead_window", "window_head", "window_staff")  # joint_review's LEAD
READERS = (*LEAD_ROLES, "supervision", "operator")
REVIEW_STATUSES = {
    "in_review": "审查中",
    "awaiting_supplement": "待补正",
    "converged": "待出具决定",
    "decided": "已决定",
}
VERDICTS = {"approve": "同意", "reject": "不同意", "supplement": "需补正"}
DECISIONS = {"approve": "approved", "refuse": "refused"}
DECISION_NAMES = {"approved": "准予许可", "refused": "不予许可"}
OUTCOMES = {"approve": "各部门均同意", "refuse": "有部门不同意", "supplement": "需一次性补正"}
HOLDER_ROLES = {"primary": "A角", "backup": "B角"}
TIMELINE = {
    "opened": "联审开始",
    "task_assigned": "分派审查任务",
    "opinion_recorded": "部门答复",
    "converged": "意见汇总",
    "round_started": "补正后再次审查",
    "decided": "出具决定",
    "meeting_scheduled": "召开联审会",
    "meeting_minuted": "会签纪要",
    "inspection_started": "联合踏勘开始",
    "inspection_ended": "联合踏勘结束",
    "urged": "催办",
    "reported_overdue": "超期督办",
    "task_reassigned": "A/B角转办",
}
INDEX = re.compile(r"^opinions\.(\d+)\.")


def lines(text: Any) -> list[str]:
    """A textarea, one entry a line: ``"甲\\n\\n 乙 "`` -> ``["甲", "乙"]``."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def open_meetings(timeline: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The meetings scheduled whose minutes are not recorded yet, oldest first."""
    minuted = {line["details"].get("meeting_id") for line in timeline if line["action"] == "meeting_minuted"}
    return [
        {"meeting_id": line["details"]["meeting_id"], "held_at": line["details"].get("held_at")}
        for line in timeline
        if line["action"] == "meeting_scheduled" and line["details"].get("meeting_id") not in minuted
    ]


def running_inspection(timeline: list[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The site inspection started and not ended, if any."""
    ended = {
        line["details"].get("inspection_id") for line in timeline if line["action"] == "inspection_ended"
    }
    running = [
        line["details"]
        for line in timeline
        if line["action"] == "inspection_started" and line["details"].get("inspection_id") not in ended
    ]
    return dict(running[-1]) if running else None


def round_departments(review: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each department's task of the review's current round."""
    return [d for d in review.get("departments") or () if d.get("round") == review.get("round")]


def allowed_actions(review: Mapping[str, Any], role: str) -> set[str]:
    """What the person may do to the review now: nothing but read unless a window of the lead."""
    if role not in LEAD_ROLES:
        return set()
    status, timeline = review.get("status"), review.get("timeline") or []
    if status == "awaiting_supplement":
        return {"supplements"}
    if status == "converged":
        return {"decision"}
    if status != "in_review":
        return set()
    found = {"meeting"}
    open_tasks = [d for d in round_departments(review) if d.get("status") == "open"]
    if open_meetings(timeline) and open_tasks:
        found.add("minutes")
    found.add("end_inspection" if running_inspection(timeline) else "inspection")
    return found


def meeting_command(form: Mapping[str, Any], departments: list[str]) -> dict[str, Any]:
    """The meeting form (``at`` from a datetime-local field, China time) as the API's command."""
    command: dict[str, Any] = {"place": str(form.get("place") or "").strip(), "departments": departments}
    if form.get("at"):
        command["at"] = str(form["at"])
    return command


def inspection_command(form: Mapping[str, Any], departments: list[str]) -> dict[str, Any]:
    """The inspection form as the API's command: the expected working days a whole number when
    typed as one (else as typed, for the service to refuse next to the field)."""
    command: dict[str, Any] = {"site": str(form.get("site") or "").strip(), "departments": departments}
    days = str(form.get("expected_working_days") or "").strip()
    if days:
        command["expected_working_days"] = int(days) if days.isdigit() else days
    if form.get("starts_on"):
        command["starts_on"] = str(form["starts_on"])
    return command


def minutes_command(form: Mapping[str, Any], departments: list[str]) -> dict[str, Any]:
    """The minutes form, one block per department (``opinions.<department>.verdict`` …); a
    department whose verdict is left blank is not in the minutes."""
    opinions = []
    for department in departments:
        prefix = f"opinions.{department}."
        verdict = str(form.get(prefix + "verdict") or "")
        if not verdict:
            continue
        opinion: dict[str, Any] = {
            "department": department,
            "verdict": verdict,
            "representative": str(form.get(prefix + "representative") or "").strip(),
            "conditions": lines(form.get(prefix + "conditions")),
            "materials": lines(form.get(prefix + "materials")),
        }
        reason = str(form.get(prefix + "reason") or "").strip()
        if reason:
            opinion["reason"] = reason
        opinions.append(opinion)
    summary = str(form.get("summary") or "").strip()
    return {"opinions": opinions, "summary": summary or None}


def minutes_errors(errors: dict[str, str], command: Mapping[str, Any]) -> dict[str, str]:
    """The service names a minutes opinion by its index (``opinions.0.representative``) or its
    department (``opinions.natural_resources.reason``); the form by its department. A problem
    with a list (``opinions.x.conditions.0``) lands on the list's field."""
    named = [o["department"] for o in command.get("opinions") or ()]
    found: dict[str, str] = {}
    for key, message in errors.items():
        match = INDEX.match(key)
        if match and int(match.group(1)) < len(named):
            key = f"opinions.{named[int(match.group(1))]}." + key[match.end() :]
        found.setdefault(list_field(key), message)
    if not command.get("opinions"):
        found.setdefault("_", "请至少为一个部门选择会签意见")
    return found


def list_field(key: str) -> str:
    """``conditions.0`` -> ``conditions``: a problem with one line of a list, on the list."""
    parts = key.split(".")
    while parts and parts[-1].isdigit():
        parts.pop()
    return ".".join(parts) or "_"
