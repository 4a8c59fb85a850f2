"""What a request body must be before any route reads it (the hostile-input rules of the edge).

Every route of every service gets these checks from ``ApiHandler`` before its own code runs:

- at most ``MAX_BODY_BYTES`` (config key or environment variable; default 1 MiB) or 413
  ``payload_too_large``; a declared ``Content-Length`` over the limit is refused before a byte
  of the body is read, a chunked body is read only up to the limit, and the connection is
  closed after the refusal;
- a body's declared ``Content-Type`` must be one the route reads (JSON routes:
  ``application/json``; Open311: form-encoded) or 415 ``unsupported_media_type``; a body sent
  without any ``Content-Type`` is read as the route's type (older clients send none);
- a JSON body must be UTF-8 JSON (no ``NaN``/``Infinity``) nested at most ``MAX_JSON_DEPTH``
  (32) levels, or 400 ``invalid_json``;
- no string (value or key) of a JSON body, and no form field, may hold a control character:
  C0 except tab, line feed and carriage return, DEL, C1, or a bidi override or isolate
  (U+202A-U+202E, U+2066-U+2069); 422 ``validation_failed`` names each field's path. The same
  characters in a query parameter are 422 too, in a path parameter 404, as is an integer path
  parameter past 2**31-1 (no database row has such an id).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any, BinaryIO, NoReturn

from web_api.errors import ApiError

MAX_BODY_BYTES = 1024 * 1024
MAX_BODY_BYTES_KEY = "MAX_BODY_BYTES"
MAX_JSON_DEPTH = 32
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL): a larger <int:...> is a 404
MAX_PROBLEMS = 50  # fields named in one refusal; a body may hold thousands
JSON_TYPES = ("application/json",)
FORM_TYPES = ("application/x-www-form-urlencoded",)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_MESSAGE = "含有不允许的控制字符 (contains a control character)"
INVALID_JSON = "请求体不是有效的 JSON (the body is not valid JSON)"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"

    def __init__(self, limit: int):
        super().__init__(f"请求体过大，上限 {limit} 字节 (the body is larger than {limit} bytes)")


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"

    def __init__(self, sent: str, accepted: tuple[str, ...]):
        super().__init__(
            f"不支持的请求体类型 {sent!r}，须为 {' 或 '.join(accepted)} "
            f"(the body must be {' or '.join(accepted)})"
        )


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    """The JSON value of ``raw``; 400 ``invalid_json`` when it is not UTF-8 JSON within the depth
    limit, 422 ``validation_failed`` when a string in it holds a control character."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError("请求体不是 UTF-8 编码 (the body is not UTF-8)", code="invalid_json") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        value = json.loads(text or "null", parse_constant=_no_constant)
    except RecursionError:
        raise too_deep() from None
    except ValueError:
        raise ApiError(INVALID_JSON, code="invalid_json") from None
    problems = inspect(value)
    if problems:
        raise ApiError(
            "请求内容有误 (the request has invalid fields)", problems, status=422, code="validation_failed"
        )
    return value


def too_deep() -> ApiError:
    return ApiError(
        f"请求体嵌套超过 {MAX_JSON_DEPTH} 层 (the body is nested deeper than {MAX_JSON_DEPTH} levels)",
        code="invalid_json",
    )


def inspect(value: Any) -> dict[str, list[str]]:
    """The paths (``items.0.name``) of strings holding a control character; 400 when the value
    is nested deeper than ``MAX_JSON_DEPTH``. Iterative: a deep value cannot exhaust the stack."""
    problems: dict[str, list[str]] = {}
    pending: list[tuple[Any, str, int]] = [(value, "", 1)]
    while pending:
        item, path, depth = pending.pop()
        if isinstance(item, str):
            if CONTROL.search(item) and len(problems) < MAX_PROBLEMS:
                problems[path or "(body)"] = [CONTROL_MESSAGE]
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            raise too_deep()
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in pairs:
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and CONTROL.search(key) and len(problems) < MAX_PROBLEMS:
                problems[where] = ["字段名" + CONTROL_MESSAGE]
            pending.append((child, where, depth + 1))
    return problems


def form_problems(form: Any) -> dict[str, list[str]]:
    """The form fields (names or values) holding a control character."""
    return {
        name: [CONTROL_MESSAGE]
        for name, values in form.lists()
        if CONTROL.search(name) or any(CONTROL.search(value) for value in values)
    }


def read_bounded(stream: BinaryIO, limit: int) -> bytes:
    """All of ``stream`` (a chunked body), or 413 as soon as it is longer than ``limit``."""
    parts: list[bytes] = []
    total = 0
    while data := stream.read(min(64 * 1024, limit + 1 - total)):
        parts.append(data)
        total += len(data)
        if total > limit:
            raise PayloadTooLarge(limit)
    return b"".join(parts)


def max_body_bytes(config: Mapping[str, Any]) -> int:
    """The body limit: the service's config key, else the environment variable, else 1 MiB."""
    try:
        return int(config.get(MAX_BODY_BYTES_KEY) or os.environ.get(MAX_BODY_BYTES_KEY) or MAX_BODY_BYTES)
    except (TypeError, ValueError):
        return MAX_BODY_BYTES
