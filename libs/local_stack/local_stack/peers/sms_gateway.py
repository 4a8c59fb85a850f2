"""A local SMS gateway speaking the API of ``notify.delivery.channels.sms`` (see its docstring).

It sends nothing to any phone: it records what it accepted, so tests (and a person running
``make up``) can see what a citizen would have received, and it can be told to fail.

API (bearer key required, 401 otherwise)::

    POST /v1/messages  {"to", "text", "reference"}  Idempotency-Key: k
        -> 202 {"id": "m-1", "status": "accepted"}; a repeat of k returns the first answer and
           sends nothing more; 400 invalid_number for a number that is not a Chinese mobile
    GET  /v1/messages/<id> -> 200 {"id", "status": accepted | delivered | undeliverable,
                                   "reference"}

Control (no key; the server listens on 127.0.0.1 only)::

    GET  /_control/messages  -> {"sent_count", "messages": [{id, to, text, reference,
                                 idempotency_key, status}], "sent_per_key", "requests_per_key"}
    POST /_control/script    {"to": "139...", "answers": [503, 503]}   next answers, in order
                             {"to": "139...", "always": 404}           fails for good
                             {"to": "139...", "undeliverable": true}   accepted, never delivered
                             {"response_delay": 2.5}                   answer sends this late
    POST /_control/reset     forget messages and scripts

Run alone: ``python -m local_stack.peers.sms_gateway --port 8025 [--key dev-sms-key]
[--delivery-delay 0] [--no-dedup]``.
"""

from __future__ import annotations

import argparse
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass

from local_stack.peers.json_http import Answer, BackgroundJsonServer

DEFAULT_API_KEY = "dev-sms-key"
MOBILE = re.compile(r"^(\+?86)?1[3-9]\d{9}$")
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


@dataclass
class SmsRecord:
    id: str
    to: str
    text: str
    reference: str | None
    idempotency_key: str | None
    accepted_at: float


class LocalSmsGateway:
    """``with LocalSmsGateway() as gateway: SmsGateway(gateway.url, gateway.api_key)...``

    ``delivery_delay``: seconds after acceptance when a receipt says ``delivered`` (0: at
    once). ``deduplicate=False`` turns the Idempotency-Key off, for tests proving the caller
    itself never sends twice. ``response_delay`` (settable): seconds every send answer waits,
    after the message is recorded (a client that times out has still had it accepted).
    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        delivery_delay: float = 0.0,
        deduplicate: bool = True,
        response_delay: float = 0.0,
    ):
        self.api_key = api_key
        self.delivery_delay = delivery_delay
        self.deduplicate = deduplicate
        self.response_delay = response_delay
        self._http = BackgroundJsonServer(self, host, port)
        self._lock = threading.Lock()
        self.reset()

    # -- running
    def start(self) -> LocalSmsGateway:
        self._http.start()
        return self

    def stop(self) -> None:
        self._http.stop()

    def __enter__(self) -> LocalSmsGateway:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self._http.url

    @property
    def port(self) -> int:
        return self._http.port

    # -- scripting
    def script(self, to: str, answers: list[int]) -> None:
        """The next sends to ``to`` get these HTTP statuses, in order; then it accepts."""
        _check_failures(answers)
        with self._lock:
            self._scripts.setdefault(to, []).extend(answers)

    def fail_always(self, to: str, status: int = 404) -> None:
        _check_failures([status])
        with self._lock:
            self._always[to] = status

    def make_undeliverable(self, to: str) -> None:
        """Accept messages to ``to`` but report them ``undeliverable`` (phone gone for days)."""
        with self._lock:
            self._undeliverable.add(to)

    def reset(self) -> None:
        with self._lock:
            self._records: list[SmsRecord] = []
            self._by_key: dict[str, dict] = {}
            self._requests_per_key: Counter[str] = Counter()
            self._scripts: dict[str, list[int]] = {}
            self._always: dict[str, int] = {}
            self._undeliverable: set[str] = set()

    # -- reading
    @property
    def sent_count(self) -> int:
        with self._lock:
            return len(self._records)

    def messages(self) -> list[dict]:
        with self._lock:
            return [self._view(record) for record in self._records]

    def sent_for_key(self, key: str) -> int:
        with self._lock:
            return sum(1 for record in self._records if record.idempotency_key == key)

    def requests_for_key(self, key: str) -> int:
        with self._lock:
            return self._requests_per_key[key]

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "sent_count": len(self._records),
                "messages": [self._view(record) for record in self._records],
                "sent_per_key": dict(Counter(r.idempotency_key for r in self._records if r.idempotency_key)),
                "requests_per_key": dict(self._requests_per_key),
            }

    # -- the HTTP side
    def handle(self, method: str, path: str, headers: dict[str, str], body) -> Answer:
        if path.startswith("/_control/"):
            return self._control(method, path, body)
        if headers.get("authorization") != f"Bearer {self.api_key}":
            return 401, error_body(401), {}
        if method == "POST" and path == "/v1/messages":
            answer = self._send(headers.get("idempotency-key"), body)
            if self.response_delay:
                time.sleep(self.response_delay)
            return answer
        if method == "GET" and path.startswith("/v1/messages/"):
            return self._receipt(path.removeprefix("/v1/messages/"))
        return 404, {"code": "not_found", "message": f"no route {method} {path}"}, {}

    def _send(self, key: str | None, body) -> Answer:
        if not isinstance(body, dict) or not all(
            isinstance(body.get(field), str) and body[field] for field in ("to", "text")
        ):
            return (
                400,
                {
                    "code": "bad_request",
                    "message": "需要 JSON {to, text, reference} (JSON body with to and text)",
                },
                {},
            )
        to = body["to"]
        with self._lock:
            if key:
                self._requests_per_key[key] += 1
                if self.deduplicate and key in self._by_key:
                    return 202, self._by_key[key], {}
            failure = self._failure_for(to)
            if failure:
                extra = {"Retry-After": "1"} if failure == 429 else {}
                return failure, error_body(failure), extra
            record = SmsRecord(
                f"m-{len(self._records) + 1}", to, body["text"], body.get("reference"), key, time.monotonic()
            )
            self._records.append(record)
            answer = {"id": record.id, "status": "accepted"}
            if key:
                self._by_key[key] = answer
        return 202, answer, {}

    def _failure_for(self, to: str) -> int | None:
        if to in self._always:
            return self._always[to]
        if self._scripts.get(to):
            return self._scripts[to].pop(0)
        if not MOBILE.match(to):
            return 400
        return None

    def _receipt(self, message_id: str) -> Answer:
        with self._lock:
            record = next((r for r in self._records if r.id == message_id), None)
            if record is None:
                return 404, {"code": "not_found", "message": "no such message"}, {}
            return 200, self._view(record), {}

    def _view(self, record: SmsRecord) -> dict:
        return {
            "id": record.id,
            "to": record.to,
            "text": record.text,
            "reference": record.reference,
            "idempotency_key": record.idempotency_key,
            "status": self._status(record),
        }

    def _status(self, record: SmsRecord) -> str:
        if time.monotonic() - record.accepted_at < self.delivery_delay:
            return "accepted"
        return "undeliverable" if record.to in self._undeliverable else "delivered"

    def _control(self, method: str, path: str, body) -> Answer:
        if method == "GET" and path == "/_control/messages":
            return 200, self.snapshot(), {}
        if method == "POST" and path == "/_control/reset":
            self.reset()
            return 200, {"reset": True}, {}
        if method == "POST" and path == "/_control/script":
            try:
                self._apply_script(body if isinstance(body, dict) else {})
            except (ValueError, TypeError) as error:
                return 400, {"code": "bad_script", "message": str(error)}, {}
            return 200, {"scripted": body}, {}
        return 404, {"code": "not_found", "message": f"no control {method} {path}"}, {}

    def _apply_script(self, body: dict) -> None:
        if "response_delay" in body:
            self.response_delay = float(body["response_delay"])
        to = body.get("to")
        if not to and not {"answers", "always", "undeliverable"}.isdisjoint(body):
            raise ValueError("'to' (the phone number) is required")
        if "answers" in body:
            self.script(to, list(body["answers"]))
        if "always" in body:
            self.fail_always(to, int(body["always"]))
        if body.get("undeliverable"):
            self.make_undeliverable(to)
        if not {"response_delay", "answers", "always", "undeliverable"} & set(body):
            raise ValueError("give answers, always, undeliverable or response_delay")


def _check_failures(answers: list[int]) -> None:
    for status in answers:
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"a scripted answer is a 4xx or 5xx status, not {status!r}")


def start(port: int = 0, **options) -> tuple[LocalSmsGateway, str]:
    """Start a gateway on ``port`` (0: any free one); returns it and its base URL."""
    gateway = LocalSmsGateway(port=port, **options).start()
    return gateway, gateway.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local_stack.peers.sms_gateway",
        description="A local SMS gateway that records messages.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--key", default=DEFAULT_API_KEY, help="the bearer key callers must send")
    parser.add_argument(
        "--delivery-delay", type=float, default=0.0, help="seconds before a receipt says delivered"
    )
    parser.add_argument("--no-dedup", action="store_true", help="ignore Idempotency-Key")
    args = parser.parse_args(argv)
    gateway, url = start(
        args.port,
        api_key=args.key,
        host=args.host,
        delivery_delay=args.delivery_delay,
        deduplicate=not args.no_dedup,
    )
    print(
        f"sms gateway at {url} (key {args.key}); control: {url}/_control/messages; Ctrl-C stops", flush=True
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    gateway.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
