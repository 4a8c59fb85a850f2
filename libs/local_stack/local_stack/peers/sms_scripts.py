"""How the local SMS gateway is told to fail (per phone number: the next answers, an answer for
good, or "accepted but never delivered"), the error body each failing status answers, and its
control API (``control``: ``/_control/...``, documented in ``local_stack.peers.sms_gateway``)."""

from __future__ import annotations

import re
import threading
from typing import Any

MOBILE = re.compile(r"^(\+?86)?1[3-9]\d{9}$")
SCRIPT_KEYS = {"response_delay", "answers", "always", "undeliverable"}
ERRORS = {
    400: ("invalid_number", "号码无效 (invalid number)"),
    401: ("unauthorized", "密钥错误 (wrong API key)"),
    403: ("blocked", "号码已拒收 (the subscriber blocked these messages)"),
    404: ("unknown_subscriber", "用户不存在 (unknown subscriber)"),
    422: ("invalid_number", "号码无法识别 (unrecognised number)"),
    429: ("rate_limited", "发送过于频繁 (rate limited)"),
    500: ("internal_error", "网关内部错误 (gateway error)"),
    502: ("bad_gateway", "运营商连接失败 (carrier unreachable)"),
    503: ("unavailable", "服务暂不可用 (temporarily unavailable)"),
}


def error_body(status: int) -> dict:
    code, message = ERRORS.get(status, ("error", f"HTTP {status}"))
    return {"code": code, "message": message}


class SmsScripts:
    """The gateway's scripted failures; safe to call from the HTTP threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._next: dict[str, list[int]] = {}
            self._always: dict[str, int] = {}
            self._undeliverable: set[str] = set()

    def script(self, to: str, answers: list[int]) -> None:
        """The next sends to ``to`` get these HTTP statuses, in order; then it accepts."""
        check_failures(answers)
        with self._lock:
            self._next.setdefault(to, []).extend(answers)

    def fail_always(self, to: str, status: int = 404) -> None:
        check_failures([status])
        with self._lock:
            self._always[to] = status

    def make_undeliverable(self, to: str) -> None:
        with self._lock:
            self._undeliverable.add(to)

    def is_undeliverable(self, to: str) -> bool:
        with self._lock:
            return to in self._undeliverable

    def failure_for(self, to: str) -> int | None:
        """The status the next send to ``to`` answers, if it is refused (a scripted answer is
        used up); a number that is not a Chinese mobile is a 400."""
        with self._lock:
            if to in self._always:
                return self._always[to]
            if self._next.get(to):
                return self._next[to].pop(0)
        if not MOBILE.match(to):
            return 400
        return None

    def apply(self, body: dict) -> None:
        """A ``POST /_control/script`` body, except its ``response_delay`` (the gateway's)."""
        to = str(body.get("to") or "")
        if not to and not {"answers", "always", "undeliverable"}.isdisjoint(body):
            raise ValueError("'to' (the phone number) is required")
        if "answers" in body:
            self.script(to, list(body["answers"]))
        if "always" in body:
            self.fail_always(to, int(body["always"]))
        if body.get("undeliverable"):
            self.make_undeliverable(to)
        if not SCRIPT_KEYS & set(body):
            raise ValueError("give answers, always, undeliverable or response_delay")


def check_failures(answers: list[int]) -> None:
    for status in answers:
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"a scripted answer is a 4xx or 5xx status, not {status!r}")


def control(gateway: Any, method: str, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
    """The answer of ``gateway`` (a ``LocalSmsGateway``) to a control request."""
    if method == "GET" and path == "/_control/messages":
        return 200, gateway.snapshot(), {}
    if method == "POST" and path == "/_control/reset":
        gateway.reset()
        return 200, {"reset": True}, {}
    if method == "POST" and path == "/_control/script":
        script = body if isinstance(body, dict) else {}
        try:
            if "response_delay" in script:
                gateway.response_delay = float(script["response_delay"])
            gateway.scripts.apply(script)
        except (ValueError, TypeError) as error:
            return 400, {"code": "bad_script", "message": str(error)}, {}
        return 200, {"scripted": body}, {}
    return 404, {"code": "not_found", "message": f"no control {method} {path}"}, {}
