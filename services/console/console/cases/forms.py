"""The window's forms as the intake API's JSON bodies, and the API's problems back on the fields.

A form field is named after the JSON path it fills (``first_responder.phone``); an action's
fields carry the action as a prefix (``suspend.reason``) so the case page's forms never share an
id. No HTTP here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from console.web.views import HALL_TIME

MATERIAL_STATES = (("presented", "已提交"), ("to_follow", "后补"), ("missing", "未带"))


def _text(form: Any, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def acceptance(form: Any, materials: list[dict[str, Any]], item_code: str) -> dict[str, Any]:
    """``POST /cases``'s body from the acceptance form: each material ``m.<i>`` presented, to
    follow or not brought.

    >>> body = acceptance({"m.0": "presented", "m.1": "to_follow", "applicant_name": "张三",
    ...     "applicant_phone": "138", "urgent": "on"}, [{"name": "A"}, {"name": "B"}], "SC-010")
    >>> body["presented"], body["to_follow"], body["urgent"], body["first_responder"]
    (['A'], ['B'], True, {})
    """
    chosen = {index: str(form.get(f"m.{index}") or "missing") for index in range(len(materials))}
    body: dict[str, Any] = {
        "item_code": item_code,
        "applicant_name": _text(form, "applicant_name") or "",
        "applicant_phone": _text(form, "applicant_phone") or "",
        "applicant_email": _text(form, "applicant_email"),
        "urgent": form.get("urgent") == "on",
        "presented": [m["name"] for i, m in enumerate(materials) if chosen[i] == "presented"],
        "to_follow": [m["name"] for i, m in enumerate(materials) if chosen[i] == "to_follow"],
        "first_responder": {},
    }
    if _text(form, "urgent_days") is not None:
        body["urgent_days"] = _integer(form.get("urgent_days"))
    if _text(form, "first_responder.phone"):
        body["first_responder"]["phone"] = _text(form, "first_responder.phone")
    if form.get("decision") == "return":
        body["decision"] = "return"
        body["return_reason"] = _text(form, "return_reason")
    return body


def _integer(value: Any) -> Any:
    """A whole number as a number; anything else as typed, for the service to refuse."""
    text = str(value or "").strip()
    return int(text) if text.lstrip("-").isdigit() else text


def china_moment(value: Any) -> str | None:
    """A ``datetime-local`` value (China time, no zone) as RFC 3339 with its offset.

    >>> china_moment("2026-12-07T09:30")
    '2026-12-07T09:30:00+08:00'
    >>> china_moment(""), china_moment("soon")
    (None, 'soon')
    """
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=HALL_TIME).isoformat()
    except ValueError:
        return text


def action_body(action: str, form: Any) -> dict[str, Any]:
    """The JSON body of a case action from its form (fields named ``<action>.<path>``)."""

    def get(name: str) -> str | None:
        return _text(form, f"{action}.{name}")

    if action == "supplement":
        return {"materials": [str(m) for m in form.getlist("supplement.materials")]}
    if action == "suspend":
        days = get("expected_working_days")
        return {
            "reason_kind": get("reason_kind") or "",
            "reason": get("reason") or "",
            "expected_working_days": _integer(days) if days else None,
        }
    if action in ("extend", "request_extension"):
        return {"days": _integer(get("days")) if get("days") else None, "reason": get("reason") or ""}
    if action == "decline_extension":
        return {"reason": get("reason") or ""}
    if action == "complete":
        return {"outcome": get("outcome") or "", "reason": get("reason")}
    if action == "transfer":
        receiver = {key: get(f"to.{key}") or "" for key in ("staff_id", "name", "window")}
        return {"to": receiver, "note": get("note") or "", "agreed_time": china_moment(get("agreed_time"))}
    if action == "forward":
        return {"authority": get("authority") or ""}
    if action == "authority_answer":
        return {key: get(key) or "" for key in ("authority", "reference", "outcome")} | {
            "reason": get("reason")
        }
    return {}


def prefixed(errors: dict[str, str], action: str) -> dict[str, str]:
    """The API's problems on the action's own fields: ``reason`` -> ``suspend.reason``.

    >>> prefixed({"reason": "须写明理由", "_": "无法办理"}, "suspend")
    {'suspend.reason': '须写明理由', '_': '无法办理'}
    """
    return {(name if name == "_" else f"{action}.{name}"): text for name, text in errors.items()}
