"""Pure helpers of the public pages: searching the catalogue, reading the forms applicants send,
and putting each refusal of a service next to the field it is about, in Chinese."""

from __future__ import annotations

import re
from typing import Any

from console.web.messages import chinese, field_errors
from hall_contracts.departments import department_name

CASE_NO = re.compile(r"^HALL-\d{8}-[0-9A-Z]{8}$")
COMPLAINT_PREFIX = "complaint-"
RATINGS = (("satisfied", "满意"), ("basically_satisfied", "基本满意"), ("dissatisfied", "不满意"))
NOT_FOUND = "没有找到与该办件编号和查询码相符的办件，请核对回执上的办件编号和查询码后重试。"
# what the applicant types -> the Open311 field the complaints service names in its problems
COMPLAINT_FIELDS = {
    "category": "service_code",
    "matter": "description",
    "name": "first_name",
    "phone": "phone",
    "email": "email",
    "case_no": "attribute[case_no]",
    "department": "attribute[department]",
    "window": "attribute[window]",
}
OPEN311_NAMES = {
    "service_code": "category",
    "description": "matter",
    "first_name/last_name": "name",
    "first_name": "name",
    "phone": "phone",
    "email": "email",
    "attribute[case_no]": "case_no",
    "attribute[department]": "department",
    "attribute[window]": "window",
    "department": "department",
    "case_no": "case_no",
    "window": "window",
}


def search(items: list[dict], words: str = "", department: str = "") -> list[dict]:
    """The catalogue's items whose code or name (or department, in Chinese) holds ``words``,
    of ``department`` when one is chosen.

    >>> items = [{"code": "SC-010", "name": "个体工商户设立登记", "department": "market_regulation"}]
    >>> [i["code"] for i in search(items, "个体")], search(items, "婚姻"), len(search(items, "市场"))
    (['SC-010'], [], 1)
    """
    wanted = words.strip().lower()
    found = []
    for item in items:
        if department and item.get("department") != department:
            continue
        text = " ".join((item.get("code", ""), item.get("name", ""), _department(item.get("department"))))
        if not wanted or wanted in text.lower():
            found.append(item)
    return found


def departments(items: list[dict]) -> list[tuple[str, str]]:
    """The departments of the catalogue, as (code, Chinese name) in order of first appearance."""
    seen: dict[str, str] = {}
    for item in items:
        code = str(item.get("department") or "")
        if code and code not in seen:
            seen[code] = _department(code)
    return list(seen.items())


def tracking_key(form: Any) -> tuple[str, str, dict[str, str]]:
    """The case number and code typed (trimmed, upper case), and the problems of the form.

    >>> tracking_key({"case_no": " hall-20261123-9kn9jeek ", "code": "7kq2m9xa"})[:2]
    ('HALL-20261123-9KN9JEEK', '7KQ2M9XA')
    >>> tracking_key({"case_no": "", "code": ""})[2]
    {'case_no': '请填写办件编号', 'code': '请填写查询码'}
    """
    case_no = str(form.get("case_no") or "").strip().upper()
    code = str(form.get("code") or "").strip().upper()
    errors = {}
    if not case_no:
        errors["case_no"] = "请填写办件编号"
    elif not CASE_NO.match(case_no):
        errors["case_no"] = "办件编号格式应为 HALL-年月日-8位字母数字，例如 HALL-20261123-9KN9JEEK"
    if not code:
        errors["code"] = "请填写查询码"
    return case_no, code, errors


def rating_payload(form: Any, code: str) -> dict[str, Any]:
    comment = str(form.get("comment") or "").strip()
    return {"code": code, "rating": str(form.get("rating") or ""), "comment": comment or None}


def rating_errors(details: Any) -> dict[str, str]:
    """The rating API's problems by the form's fields (``code`` is never shown apart: a wrong
    code is answered as an unknown case)."""
    return {key: message for key, message in field_errors(details).items() if key != "code"}


def complaint_fields(form: Any, api_key: str) -> dict[str, str]:
    """The Open311 request of the online complaint form (empty fields left out)."""
    sent = {"api_key": api_key}
    for name, target in COMPLAINT_FIELDS.items():
        value = str(form.get(name) or "").strip()
        if value:
            sent[target] = COMPLAINT_PREFIX + value if name == "category" else value
    return sent


def complaint_errors(problems: Any) -> dict[str, str]:
    """Open311's ``["description: Missing data for required field.", ...]`` by the form's fields.

    >>> complaint_errors(["description: Missing data for required field.", "phone: Invalid value."])
    {'matter': '此项必填', 'phone': '取值无效'}
    >>> complaint_errors(["complainant.phone: Not valid."])
    {'phone': '填写有误（Not valid.）'}
    """
    errors: dict[str, str] = {}
    for line in problems if isinstance(problems, list) else []:
        name, _, message = str(line).partition(": ")
        if not message:
            errors.setdefault("_", chinese(name))
            continue
        field = OPEN311_NAMES.get(name) or OPEN311_NAMES.get(name.rsplit(".", 1)[-1])
        errors.setdefault(field or "_", chinese(message))
    return errors


def _department(code: Any) -> str:
    try:
        return department_name(str(code))
    except (KeyError, ValueError):
        return str(code or "")
