"""Per-field problems in Chinese for the clerk, with marshmallow's English kept beside them.

marshmallow (and the envelope checks of ``hall_contracts``) word a field's problem in English
(``Missing data for required field.``). Every refusal leaves a service through
``web_api.errors.error_response`` (and complaints' Open311 through ``open311.wire``), which runs
its ``details`` through ``bilingual_details``: each English default becomes the house format
``"中文 (English)"`` (``"此项必填 (Missing data for required field.)"``). The English text is
marshmallow's own and stays the same from release to release, so a client program may still
match on it; the refusal's ``code`` (``validation_failed``) is the stable code to branch on.
A message that already has Chinese (the services' own) and any text this table does not know
pass unchanged, and so does anything that is not text.

This is the one table; the console (``console.web.messages``) shows its Chinese part.
"""

from __future__ import annotations

import re
from typing import Any

HAS_CHINESE = re.compile(r"[\u4e00-\u9fff]")

FIXED = {
    "Missing data for required field.": "此项必填",
    "Field may not be null.": "此项不能为空",
    "Unknown field.": "不应填写此项",
    "Not a valid string.": "须为文字",
    "Not a valid utf-8 string.": "须为文字",
    "Not a valid integer.": "须为整数",
    "Not a valid number.": "须为数字",
    "Number too large.": "数字过大",
    "Special numeric values (nan or infinity) are not permitted.": "须为有限的数字",
    "Not a valid boolean.": "须为“是”或“否”",
    "Not a valid date.": "日期格式有误，应为 年-月-日",
    "Not a valid datetime.": "时间格式有误",
    "Not a valid aware datetime.": "时间须带时区",
    "Not a valid naive datetime.": "时间不应带时区",
    "Not a valid time.": "时刻格式有误",
    "Not a valid period of time.": "时长格式有误",
    "Not a valid list.": "须为多项列表",
    "Not a valid tuple.": "须为多项列表",
    "Not a valid mapping type.": "格式有误",
    "Invalid input type.": "格式有误",
    "Invalid type.": "格式有误",
    "Not a valid email address.": "电子邮箱格式有误",
    "Not a valid URL.": "网址格式有误",
    "Not a valid UUID.": "编号格式有误",
    "String does not match expected pattern.": "格式不正确",
    "Invalid value.": "取值无效",
    "Shorter than minimum length 1.": "此项不能为空",
}
PATTERNS = (
    (re.compile(r"^Must be one of: (.*)\.$", re.S), "须为以下之一：{0}"),
    (re.compile(r"^One or more of the choices you made was not in: (.*)\.$", re.S), "所选须在以下之中：{0}"),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), "长度须在 {0} 到 {1} 之间"),
    (re.compile(r"^Length must be (\d+)\.$"), "长度须为 {0}"),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), "长度至少 {0}"),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), "长度不能超过 {0}"),
    (
        re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
        "须在 {0} 到 {1} 之间",
    ),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"), "须不小于 {0}"),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"), "须不大于 {0}"),
    (re.compile(r"^Must be greater than (\S+)\.$"), "须大于 {0}"),
    (re.compile(r"^Must be less than (\S+)\.$"), "须小于 {0}"),
    (re.compile(r"^Must be equal to (.*)\.$", re.S), "须等于 {0}"),
)


def chinese_of(english: str) -> str | None:
    """The Chinese of one of marshmallow's English messages, or None when the table lacks it.

    >>> chinese_of("Must be one of: normal, urgent.")
    '须为以下之一：normal, urgent'
    >>> chinese_of("Something new.") is None
    True
    """
    text = english.strip()
    if text in FIXED:
        return FIXED[text]
    for pattern, template in PATTERNS:
        found = pattern.match(text)
        if found:
            return template.format(*found.groups())
    return None


def bilingual(message: str) -> str:
    """``"Missing data for required field."`` -> ``"此项必填 (Missing data for required field.)"``;
    a message with Chinese already, or one the table does not know, is returned as it is.

    >>> bilingual("Not a valid integer.")
    '须为整数 (Not a valid integer.)'
    >>> bilingual("须写明理由 (a reason is required)")
    '须写明理由 (a reason is required)'
    """
    if HAS_CHINESE.search(message):
        return message
    chinese = chinese_of(message)
    return f"{chinese} ({message.strip()})" if chinese else message


def bilingual_details(details: Any) -> Any:
    """Every message inside a refusal's ``details`` (dicts and lists of any depth) made
    ``bilingual``; keys, numbers and other values are kept.

    >>> bilingual_details({"applicant": {"name": ["Missing data for required field."]}})
    {'applicant': {'name': ['此项必填 (Missing data for required field.)']}}
    """
    if isinstance(details, str):
        return bilingual(details)
    if isinstance(details, dict):
        return {key: bilingual_details(value) for key, value in details.items()}
    if isinstance(details, (list, tuple)):
        return [bilingual_details(value) for value in details]
    return details


__all__ = ["FIXED", "PATTERNS", "bilingual", "bilingual_details", "chinese_of"]
