"""What a clerk reads when a service refuses a form: Chinese, next to the field it is about.

The services answer ``"中文 (English)"`` messages and, for a field, sometimes marshmallow's
English defaults; the page shows only the Chinese, translating those defaults.
"""

from __future__ import annotations

import re
from typing import Any

BILINGUAL = re.compile(r"^(?P<zh>.*[\u4e00-\u9fff].*?)\s*\((?P<en>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", re.S)
HAS_CHINESE = re.compile(r"[\u4e00-\u9fff]")

FIXED = {
    "Missing data for required field.": "此项必填",
    "Field may not be null.": "此项不能为空",
    "Unknown field.": "不应填写此项",
    "Not a valid string.": "须为文字",
    "Not a valid integer.": "须为整数",
    "Not a valid number.": "须为数字",
    "Not a valid boolean.": "须为“是”或“否”",
    "Not a valid date.": "日期格式有误，应为 年-月-日",
    "Not a valid datetime.": "时间格式有误",
    "Not a valid list.": "须为多项列表",
    "Not a valid mapping type.": "格式有误",
    "Invalid input type.": "格式有误",
    "Not a valid email address.": "电子邮箱格式有误",
    "String does not match expected pattern.": "格式不正确",
    "Invalid value.": "取值无效",
    "Shorter than minimum length 1.": "此项不能为空",
}
PATTERNS = (
    (re.compile(r"^Must be one of: (.*)\.$"), "须为以下之一：{0}"),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), "长度须在 {0} 到 {1} 之间"),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), "长度至少 {0}"),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), "长度不能超过 {0}"),
    (
        re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
        "须在 {0} 到 {1} 之间",
    ),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"), "须不小于 {0}"),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"), "须不大于 {0}"),
    (re.compile(r"^Must be greater than (\S+)\.$"), "须大于 {0}"),
)


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
    if text in FIXED:
        return FIXED[text]
    for pattern, template in PATTERNS:
        found = pattern.match(text)
        if found:
            return template.format(*found.groups())
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
