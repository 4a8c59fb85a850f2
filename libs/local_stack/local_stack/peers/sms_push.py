"""The local SMS gateway pushes its delivery reports, as real gateways do (短信回执推送).

When a message it accepted becomes ``delivered`` or ``undeliverable`` (``delivery_delay`` after
acceptance), the gateway POSTs a report to ``report_url`` (notify's ``/callbacks/sms/reports``):
a JSON array ``[{"id", "status", "reported_at"}]``, gathered for up to ``LINGER`` seconds or
``BATCH`` reports, signed as ``notify.delivery.report_signature`` checks::

    X-Sms-Timestamp: <Unix seconds>
    X-Sms-Signature: hex(HMAC-SHA256(report_secret, "<timestamp>." + body))

A push that fails (no connection, a status other than 200) is tried again after ``BACKOFF``
seconds, at most ``ATTEMPTS`` times in all, then dropped (``dropped`` counts them): the receipt
API (``GET /v1/messages/<id>``) stays, and notify's poll finds what no push told it. Without a
``report_url`` nothing is pushed (the gateway of the tests that only poll).
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests

log = logging.getLogger(__name__)

BATCH = 100  # reports in one push at most
LINGER = 0.05  # seconds the first due report waits for others to share its push
ATTEMPTS = 4
BACKOFF = (0.2, 1.0, 3.0)  # seconds before the 2nd, 3rd and 4th attempt


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The headers of a push of ``body``: its timestamp and signature."""
    timestamp = str(int(time.time() if now is None else now))
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return {
        "Content-Type": "application/json",
        "X-Sms-Timestamp": timestamp,
        "X-Sms-Signature": mac.hexdigest(),
    }


class ReportPusher:
    """Pushes the reports of ``LocalSmsGateway``'s messages on a thread of its own.

    ``status_of(record)`` is the gateway's receipt status of a message (``accepted`` until its
    delivery delay has passed); ``url`` and ``secret`` may be set after the gateway started
    (a test starts the gateway, then notify, then tells the gateway notify's address)."""

    def __init__(self, status_of: Callable[[Any], str], url: str | None = None, secret: str = ""):
        self.status_of = status_of
        self.url, self.secret = url, secret
        self.pushed = 0  # reports notify answered 200 for
        self.dropped = 0  # reports given up after ATTEMPTS
        self._due: list[tuple[float, int, Any, int]] = []  # (when, order, record, attempts so far)
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._running = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._running = True
        self._thread = threading.Thread(target=self._run, name="sms-report-pusher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._changed:
            self._running = False
            self._changed.notify()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def accepted(self, record: Any, delay: float) -> None:
        """Push ``record``'s report once its delivery delay has passed."""
        if self.url:
            self._queue(record.accepted_at + delay, record, 0)

    def _queue(self, when: float, record: Any, attempts: int) -> None:
        with self._changed:
            heapq.heappush(self._due, (when, next(self._order), record, attempts))
            self._changed.notify()

    def _run(self) -> None:
        session = requests.Session()
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            self._push(session, batch)

    def _next_batch(self) -> list[tuple[Any, int]] | None:
        """Wait for a due report, linger for others, take up to ``BATCH``; None when stopped."""
        with self._changed:
            while self._running and (not self._due or self._due[0][0] > time.monotonic()):
                wait = self._due[0][0] - time.monotonic() if self._due else None
                self._changed.wait(wait)
            if not self._running:
                return None
        time.sleep(LINGER)
        with self._changed:
            now = time.monotonic()
            batch: list[tuple[Any, int]] = []
            while self._due and self._due[0][0] <= now and len(batch) < BATCH:
                _, _, record, attempts = heapq.heappop(self._due)
                batch.append((record, attempts))
        return batch

    def _push(self, session: requests.Session, batch: list[tuple[Any, int]]) -> None:
        at = datetime.now(UTC).isoformat()
        reports = [
            {"id": record.id, "status": self.status_of(record), "reported_at": at} for record, _ in batch
        ]
        body = json.dumps(reports).encode("utf-8")
        try:
            answer = session.post(
                str(self.url), data=body, headers=signed_headers(self.secret, body), timeout=5
            )
            ok = answer.status_code == 200
            why = f"HTTP {answer.status_code}"
        except requests.RequestException as error:
            ok, why = False, type(error).__name__
        if ok:
            self.pushed += len(batch)
            return
        log.warning("pushing %d sms reports failed (%s)", len(batch), why)
        for record, attempts in batch:
            if attempts + 1 >= ATTEMPTS:
                self.dropped += 1
            else:
                self._queue(time.monotonic() + BACKOFF[attempts], record, attempts + 1)
