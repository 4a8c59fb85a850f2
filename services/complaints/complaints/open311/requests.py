"""Open311 service requests, both ways: a posted request becomes the SAME command the office's
HTTP API sends (desk: ``desk.schemas.RegisterSchema``; complaint: ``complaint.schemas.
FileComplaintSchema``), and a desk item or a complaint becomes a GeoReport request with its
status and status notes. The filer's contact (first_name, last_name, phone, email) goes only
into the sealed identity; no view here ever carries it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from marshmallow import ValidationError

from complaints.complaint.rules import Complaint
from complaints.complaint.schemas import FileComplaintSchema
from complaints.desk.rules import DeskItem
from complaints.desk.schemas import RegisterSchema
from complaints.open311.rules import DESK_CODE, category_of, desk_notice, name_of
from complaints.open311.wire import Open311Error, problems_of
from web_api import schema_of

HALL_PLACE = "便民服务中心 (service hall)"
# which Open311 field a problem of the internal command is about
DESK_FIELDS = {
    "reason": "description",
    "item": "attribute[item]",
    "units": "attribute[units]",
    "item_code": "attribute[item_code]",
    "tier": "attribute[tier]",
    "channel": "channel",
}
COMPLAINT_FIELDS = {"matter": "description", "place": "address_string", "category": "service_code"}
CONTACT_FIELDS = {"name": "first_name/last_name", "phone": "phone", "email": "email"}


def _contact(fields: dict) -> dict:
    name = " ".join(part for part in (fields.get("last_name"), fields.get("first_name")) if part) or None
    return {"name": name, "phone": fields.get("phone"), "email": fields.get("email")}


def _one(attributes: dict, code: str):
    values = attributes.get(code) or []
    return values[0] if values else None


def _renamed(messages: dict, names: dict, contact_key: str) -> list[str]:
    """The schema's problems, named by the Open311 fields the filer sent."""
    renamed = {}
    for key, value in messages.items():
        if key == contact_key and isinstance(value, dict):
            renamed.update({CONTACT_FIELDS.get(k, k): v for k, v in value.items()})
        else:
            renamed[names.get(key, f"attribute[{key}]")] = value
    return problems_of(renamed, "")


def desk_command(fields: dict, attributes: dict) -> dict:
    """The desk registration of a posted ``unresolved-desk`` request; 400 listing every problem."""
    payload = {
        "item": _one(attributes, "item"),
        "units": attributes.get("units") or [],
        "reason": fields.get("description"),
        "channel": "open311",
        "reporter": {k: v for k, v in _contact(fields).items() if v},
    }
    for optional in ("item_code", "tier"):
        if _one(attributes, optional):
            payload[optional] = _one(attributes, optional)
    payload = {key: value for key, value in payload.items() if value is not None}
    try:
        return schema_of(RegisterSchema).load(payload)
    except ValidationError as exc:
        raise Open311Error(400, _renamed(cast(dict, exc.messages), DESK_FIELDS, "reporter")) from None


def complaint_command(fields: dict, attributes: dict, now: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filing of a posted ``complaint-<category>`` request (an online complaint is written) and
    the problems of its fields, for ``complaint.handlers.file_complaint`` to list with its own."""
    payload = {
        "channel": "online",
        "category": category_of(fields.get("service_code", "")),
        "matter": fields.get("description"),
        "occurred_at": _one(attributes, "occurred_at") or now.isoformat(),
        "place": fields.get("address_string") or HALL_PLACE,
        "major": _one(attributes, "major") == "true",
        "wide_impact": _one(attributes, "wide_impact") == "true",
        "complainant": {k: v for k, v in _contact(fields).items() if v},
        **{
            key: _one(attributes, key)
            for key in ("case_no", "department", "window", "staff_id", "staff_name")
            if _one(attributes, key)
        },
    }
    payload = {key: value for key, value in payload.items() if value is not None}
    try:
        return schema_of(FileComplaintSchema).load(payload), {}
    except ValidationError as exc:
        return cast(dict[str, Any], exc.valid_data or {}), cast(
            dict[str, Any], exc.messages
        )  # a dict for a dict payload


def complaint_problems(messages: dict) -> list[str]:
    return _renamed(messages, COMPLAINT_FIELDS, "complainant")


def _iso(value) -> str | None:
    if value is None or isinstance(value, str):  # complaints' timeline gives its times as text
        return value
    return value.isoformat()


def desk_request(item: DeskItem, closes_at, updated) -> dict:
    """A desk item as a GeoReport request: open until the follow-up call closes it."""
    notes = {
        "registered": "已登记，待转办 (registered, to be forwarded)",
        "forwarded": f"已转办至 {item['department']}，{_iso(item['deadline'])} 前反馈 "
        f"(forwarded to {item['department']}, answer due {_iso(item['deadline'])})",
        "answered": f"承办单位已反馈，待回访：{item['result']} (the unit answered; a follow-up call is due)",
        "closed": f"已回访办结：{item['result']} (closed after the follow-up call)",
    }
    return _request(
        item["item_no"],
        DESK_CODE,
        item["status"] == "closed",
        notes[item["status"]],
        item["department"],
        desk_notice(item["tier"]),
        item["registered_at"],
        updated,
        closes_at if item["status"] == "forwarded" else None,
    )


def complaint_request(complaint: Complaint, closes_at, updated) -> dict:
    """A complaint as a GeoReport request: closed once closed, referred or recorded as a consultation."""
    status, due = complaint["status"], _iso(complaint["due_date"])
    notes = {
        "open": f"已受理，{due} 前答复 (accepted; answered by {due})",
        "forwarded": f"已转 {complaint['department']} 办理 (forwarded to the department)",
        "answered": "已答复 (answered on the channel of the complaint)",
        "closed": "已办结 (closed)",
        "referred": "已按规定移送有关机关处理 (referred to the competent authority)",
        "consultation": f"不属于投诉受理范围，已作咨询登记 (outside the scope: recorded as a consultation): "
        f"{complaint.get('consultation_reason') or ''}",
    }
    note = notes.get(status, status)
    if complaint.get("explanation") and status in ("open", "forwarded"):
        note += f"；延期说明 (why it takes longer): {complaint['explanation']}"
    code = f"complaint-{complaint['category'] or 'outside_scope'}"
    notice = (
        f"{complaint['limit_days']} 个工作日内答复 (answered within {complaint['limit_days']} working day(s))"
    )
    return _request(
        complaint["complaint_no"],
        code,
        status in ("closed", "referred", "consultation"),
        note,
        complaint["department"],
        notice,
        complaint["received_at"],
        updated,
        closes_at if status in ("open", "forwarded") else None,
    )


def _request(request_id, code, closed, notes, agency, notice, requested, updated, expected) -> dict:
    return {
        "service_request_id": request_id,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": name_of(code),
        "service_code": code,
        "description": None,
        "agency_responsible": agency,
        "service_notice": notice,
        "requested_datetime": _iso(requested),
        "updated_datetime": _iso(updated),
        "expected_datetime": _iso(expected),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
