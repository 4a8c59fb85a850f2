"""A local SMS gateway speaking the API of ``notify.delivery.channels.sms`` (see its docstring).

It sends nothing to any phone: it records what it accepted, so tests (and a person running
``make up``) can see what a citizen would have received, and it can be told to fail.

API (bearer key required, 401 otherwise)::

    POST /v1/messages  {"to", "text", "reference"}  Idempotency-Key: k
        -> 202 {"id": "m-1", "status": "accepted"}; a repeat of k returns the first answer and
           sends nothing more; 400 invalid_number for a number that is not a Chinese mobile
    GET  /v1/messages/<id> -> 200 {"id", "status": accepted | delivered | undeliverable,
                                   "reference"}
    POST /v1/messages/status {"ids": [...]} (at most 100) -> 200 {"messages": [{"id",
        "status"}]}, ids it never accepted left out; 400 bad_ids; 404 when started with
        ``batch_status=False`` (a gateway without the query)

Control (no key; the server listens on 127.0.0.1 only)::

    GET  /_control/messages  -> {"sent_count", "messages": [{id, to, text, reference,
                                 idempotency_key, status}], "sent_per_key", "requests_per_key"}
    POST /_control/script    {"to": "139...", "answers": [503, 503]}   next answers, in order
                             {"to": "139...", "always": 404}           fails for good
                             {"to": "139...", "undeliverable": true}   accepted, never delivered
                             {"response_delay": 2.5}                   answer sends this late
    POST /_control/reset     forget messages and scripts

Pushed reports: with a ``report_url`` the gateway also POSTs each message's report there, signed
with ``report_secret`` (``local_stack.peers.sms_push``). Run alone: ``python -m
local_stack.peers.sms_gateway --port 8025 [--key dev-sms-key] [--delivery-delay 0] [--no-dedup]
[--no-batch-status] [--report-url URL --report-secret S]``.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from local_stack.peers.json_http import Answer, BackgroundJsonServer
from local_stack.peers.sms_push import ReportPusher
from local_stack.peers.sms_scripts import SmsScripts, control, error_body

DEFAULT_API_KEY = "dev-sms-key"
MAX_STATUS_IDS = 100  # ids per batch status query


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
    ``batch_status=False``: no batch status query (404), as some real gateways.
    ``report_url``, ``report_secret``: where its reports are pushed (``self.pusher``; settable).
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
        batch_status: bool = True,
        report_url: str | None = None,
        report_secret: str = "",
    ):
        self.api_key = api_key
        self.delivery_delay = delivery_delay
        self.deduplicate = deduplicate
        self.response_delay = response_delay
        self.batch_status = batch_status
        self._http = BackgroundJsonServer(self, host, port)
        self._lock = threading.Lock()
        self.scripts = SmsScripts()
        self.pusher = ReportPusher(self._status, report_url, report_secret)
        self.reset()

    # -- running
    def start(self) -> LocalSmsGateway:
        self._http.start()
        self.pusher.start()
        return self

    def stop(self) -> None:
        self.pusher.stop()
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

    # -- scripting (``local_stack.peers.sms_scripts``)
    def script(self, to: str, answers: list[int]) -> None:
        """The next sends to ``to`` get these HTTP statuses, in order; then it accepts."""
        self.scripts.script(to, answers)

    def fail_always(self, to: str, status: int = 404) -> None:
        self.scripts.fail_always(to, status)

    def make_undeliverable(self, to: str) -> None:
        """Accept messages to ``to`` but report them ``undeliverable`` (phone gone for days)."""
        self.scripts.make_undeliverable(to)

    def reset(self) -> None:
        with self._lock:
            self._records: list[SmsRecord] = []
            self._by_id: dict[str, SmsRecord] = {}
            self._by_key: dict[str, dict] = {}
            self._requests_per_key: Counter[str] = Counter()
        self.scripts.reset()

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
            return control(self, method, path, body)
        if headers.get("authorization") != f"Bearer {self.api_key}":
            return 401, error_body(401), {}
        if method == "POST" and path == "/v1/messages":
            answer = self._send(headers.get("idempotency-key"), body)
            if self.response_delay:
                time.sleep(self.response_delay)
            return answer
        if method == "POST" and path == "/v1/messages/status" and self.batch_status:
            return self._receipts(body)
        if method == "GET" and path.startswith("/v1/messages/"):
            return self._receipt(path.removeprefix("/v1/messages/"))
        return 404, {"code": "not_found", "message": f"no route {method} {path}"}, {}

    def _send(self, key: str | None, body) -> Answer:
        if not isinstance(body, dict) or not all(
            isinstance(body.get(field), str) and body[field] for field in ("to", "text")
        ):
            message = "需要 JSON {to, text, reference} (JSON body with to and text)"
            return 400, {"code": "bad_request", "message": message}, {}
        to = body["to"]
        with self._lock:
            if key:
                self._requests_per_key[key] += 1
                if self.deduplicate and key in self._by_key:
                    return 202, self._by_key[key], {}
            failure = self.scripts.failure_for(to)
            if failure:
                extra = {"Retry-After": "1"} if failure == 429 else {}
                return failure, error_body(failure), extra
            record = SmsRecord(
                f"m-{len(self._records) + 1}", to, body["text"], body.get("reference"), key, time.monotonic()
            )
            self._records.append(record)
            self._by_id[record.id] = record
            self.pusher.accepted(record, self.delivery_delay)
            answer = {"id": record.id, "status": "accepted"}
            if key:
                self._by_key[key] = answer
        return 202, answer, {}

    def _receipts(self, body) -> Answer:
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list) or not 0 < len(ids) <= MAX_STATUS_IDS:
            return 400, {"code": "bad_ids", "message": f"需要 1 到 {MAX_STATUS_IDS} 个 ids (ids)"}, {}
        with self._lock:
            found = [self._by_id[i] for i in ids if isinstance(i, str) and i in self._by_id]
            return 200, {"messages": [{"id": r.id, "status": self._status(r)} for r in found]}, {}

    def _receipt(self, message_id: str) -> Answer:
        with self._lock:
            record = self._by_id.get(message_id)
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
        return "undeliverable" if self.scripts.is_undeliverable(record.to) else "delivered"


def main(argv: list[str] | None = None) -> int:
    """``python -m local_stack.peers.sms_gateway``: see ``local_stack.peers.cli``."""
    from local_stack.peers.cli import sms_gateway_main

    return sms_gateway_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
