"""What a clerk reads when a service refuses a form: Chinese, next to the field it is about.

The services answer ``"中文 (English)"`` messages, a field's marshmallow default included
(``web_api.field_messages``); the page shows only the Chinese, and translates an English default
that reaches it bare by the same table.
"""

from __future__ import annotations

import re
from typing import Any

from web_api.field_messages import HAS_CHINESE, chinese_of

BILINGUAL = re.compile(r"^(?P<zh>.*[\u4e00-\u9fff].*?)\s*\((?P<en>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", re.S)


def chinese(message: Any) -> str:
    """The Chinese part of a service's message, or a translation of marshmallow's English.

    >>> chinese("当前岗位无权进行此操作 (role reviewer may not do this)")
    '当前岗位无权进行此操作'
    >>> chinese("Missing data for required field.")
    '此项必填'
    >>> chinese("Must be one of: normal, urgent.")
    '须为以下之一：normal, urgent'
    """
    text = str(message or "").strip()
    bilingual = BILINGUAL.match(text)
    if bilingual:
        return bilingual.group("zh").strip()
    if HAS_CHINESE.search(text):
        return text
    translated = chinese_of(text)
    if translated:
        return translated
    return f"填写有误（{text}）" if text else "填写有误"


def field_errors(details: Any, prefix: str = "") -> dict[str, str]:
    """A refusal's details, ``{"materials": {"0": {"status": ["..."]}}}``, as
    ``{"materials.0.status": "中文"}``: one message per field, the first.

    >>> field_errors({"applicant": {"name": ["Missing data for required field."]}})
    {'applicant.name': '此项必填'}
    """
    if isinstance(details, dict):
        found: dict[str, str] = {}
        for key, value in details.items():
            found.update(field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return found
    if isinstance(details, list) and details and all(isinstance(item, str) for item in details):
        return {prefix or "_": chinese(details[0])}
    if isinstance(details, list):
        found = {}
        for index, value in enumerate(details):
            found.update(field_errors(value, f"{prefix}.{index}" if prefix else str(index)))
        return found
    if isinstance(details, str):
        return {prefix or "_": chinese(details)}
    return {}
