"""SMS through an HTTP gateway: one JSON request per notice, one per 100 receipts, reports pushed back.

The gateway API assumed here has the shape of the REST APIs of Chinese SMS gateways (a bearer
or app key, a JSON body with the number and text, a message id in the answer, a status query
for the delivery receipt), reduced to what a notice needs. A real provider also wants its
registered signature (签名) and an approved template code; that mapping belongs in a
provider-specific subclass, not in the delivery loop. ``local_stack.peers.sms_gateway`` is a
working implementation of exactly this API, used by the tests and by ``make up``.

Send::

    POST {base_url}/v1/messages
    Authorization: Bearer <api key>
    Idempotency-Key: <Outgoing.idempotency_key>    # a repeat returns the first answer, sends nothing
    {"to": "13900000001", "text": "...", "reference": "<notice_no>"}

    200/201/202 {"id": "m-1", "status": "accepted"}          -> SENT, provider_ref "m-1"
    400/422 invalid number, 403 blocked, 404 unknown subscriber -> PERMANENT (fall back)
    401 wrong key                                             -> TEMPORARY, logged as an error
    429 rate limited, 5xx, no connection, timeout              -> TEMPORARY (retry)
    errors carry {"code": "invalid_number", "message": "..."}

Receipts, many at a time (the loop's way; at most 100 ids a request)::

    POST {base_url}/v1/messages/status  {"ids": ["m-1", "m-2"]}
        -> 200 {"messages": [{"id": "m-1", "status": "delivered"}, ...]}
    an id the answer leaves out is not known yet (asked again later); an id it names that was
    not asked for changes nothing; 404/405: the gateway has no such query -> one GET each:

    GET {base_url}/v1/messages/<id>  ->  200 {"id": "m-1", "status": "accepted" | "sent" |
                                              "delivered" | "undeliverable"}

Reports pushed by the gateway (its delivery reports, 短信回执; ``notify.delivery.sms_reports``)::

    POST {notify}/callbacks/sms/reports                 # at most 500 reports a push
    X-Sms-Timestamp: 1764928800
    X-Sms-Signature: hex(HMAC-SHA256(SMS_REPORT_SECRET, "1764928800." + body))
    [{"id": "m-1", "status": "delivered" | "undeliverable", "reported_at": "2026-12-05T10:00:03+08:00"}]

    200 {"received", "applied", "already_settled", "unknown"}   every report answered, never retried
    401 report_unsigned | report_signature_invalid | report_stale, 400/422: nothing applied

The receipt query above stays: notify's poll asks for what no push told it (a safety net).

Why a wrong key (401) is TEMPORARY: it is the operator's mistake, not the recipient's; treating
it as permanent would send every citizen's notice to the fallback channel (or fail it) until
someone notices. As temporary the notices wait, bounded by the delivery loop's retries, and an
error is logged for the operator. A timeout is ambiguous (the gateway may have accepted the
message); retrying is safe because the retry carries the same Idempotency-Key.

Log lines name the notice number and the HTTP status, never the phone number, the text or the
gateway's words (which may repeat the number): those go to the delivery record only.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import requests

from notify.delivery.rules import DELIVERED, PERMANENT, SENT, TEMPORARY, Outcome, Outgoing

log = logging.getLogger(__name__)

ACCEPTED_STATUSES = (200, 201, 202)
UNAUTHORIZED = 401
RATE_LIMITED = 429
RECEIPT_STATUSES = {"accepted": SENT, "sent": SENT, "delivered": DELIVERED, "undeliverable": PERMANENT}
MAX_DETAIL = 300  # characters of the peer's words kept in the delivery record
RECEIPT_BATCH = 100  # ids per batch status query
NO_BATCH_QUERY = (404, 405)  # a gateway without the batch status query


class SmsGateway:
    """The ``sms`` channel: ``SmsGateway("http://127.0.0.1:8025", "dev-sms-key").send(msg)``.

    ``timeout`` (seconds) bounds connecting and each read; ``session`` lets the caller share a
    ``requests.Session`` (connection pool); one is made otherwise.
    """

    name = "sms"

    def __init__(
        self, base_url: str, api_key: str, timeout: float = 5.0, session: requests.Session | None = None
    ):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.session = session or requests.Session()

    def send(self, message: Outgoing) -> Outcome:
        body = {"to": message.address, "text": message.text, "reference": message.notice_no}
        headers = {**self._auth(), "Idempotency-Key": message.idempotency_key}
        try:
            response = self.session.post(
                f"{self.base_url}/v1/messages", json=body, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as error:
            return self._unreachable("send", message.notice_no, error)
        if response.status_code in ACCEPTED_STATUSES:
            return self._accepted(response, message.notice_no)
        return self._refused(response, message.notice_no)

    def receipt(self, provider_ref: str) -> Outcome:
        """What became of a sent message: DELIVERED, PERMANENT (undeliverable), SENT (not yet
        known) or TEMPORARY (the gateway could not be asked; ask again later)."""
        try:
            response = self.session.get(
                f"{self.base_url}/v1/messages/{quote(provider_ref, safe='')}",
                headers=self._auth(),
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            return self._unreachable("receipt", provider_ref, error)
        if response.status_code != 200:
            if response.status_code == UNAUTHORIZED:
                log.error(
                    "sms gateway refused the API key (401) asking for receipt %s: check SMS_GATEWAY_KEY",
                    provider_ref,
                )
            return Outcome(TEMPORARY, _detail(response), provider_ref)
        return _receipt_outcome(provider_ref, _json(response).get("status"))

    def receipts(self, provider_refs: list[str]) -> dict[str, Outcome] | None:
        """The receipt of each of ``provider_refs`` (as ``receipt``), ``RECEIPT_BATCH`` to a
        request; None when the gateway has no batch status query (ask with ``receipt``)."""
        found: dict[str, Outcome] = {}
        for start in range(0, len(provider_refs), RECEIPT_BATCH):
            asked = provider_refs[start : start + RECEIPT_BATCH]
            answers = self._batch_status(asked)
            if answers is None and not found:
                return None
            for ref in asked:  # left out of the answer: not known yet, asked again later
                found[ref] = (answers or {}).get(ref) or Outcome(TEMPORARY, "no receipt in the answer", ref)
        return found

    def _batch_status(self, asked: list[str]) -> dict[str, Outcome] | None:
        try:
            response = self.session.post(
                f"{self.base_url}/v1/messages/status",
                json={"ids": asked},
                headers=self._auth(),
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            failed = self._unreachable("receipts", f"{len(asked)} messages", error)
            return {ref: Outcome(TEMPORARY, failed.detail, ref) for ref in asked}
        if response.status_code in NO_BATCH_QUERY:
            return None
        if response.status_code != 200:
            if response.status_code == UNAUTHORIZED:
                log.error("sms gateway refused the API key (401) asking for receipts: check SMS_GATEWAY_KEY")
            return {ref: Outcome(TEMPORARY, _detail(response), ref) for ref in asked}
        listed = _json(response).get("messages")
        wanted, found = set(asked), {}
        for answer in listed if isinstance(listed, list) else []:
            ref = answer.get("id") if isinstance(answer, dict) else None
            if ref in wanted:  # an id not asked for changes nothing
                found[ref] = _receipt_outcome(ref, answer.get("status"))
        return found

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def _accepted(self, response: requests.Response, notice_no: str) -> Outcome:
        answer = _json(response)
        provider_ref = answer.get("id")
        if not isinstance(provider_ref, str) or not provider_ref:
            # Accepted or not? Unknown; a retry with the same Idempotency-Key cannot send twice.
            log.warning(
                "sms gateway answered %s without a message id for notice %s", response.status_code, notice_no
            )
            return Outcome(TEMPORARY, f"HTTP {response.status_code} without a message id")
        return Outcome(SENT, f"HTTP {response.status_code} {answer.get('status', '')}".strip(), provider_ref)

    def _refused(self, response: requests.Response, notice_no: str) -> Outcome:
        code = response.status_code
        detail = _detail(response)
        if code == UNAUTHORIZED:
            log.error(
                "sms gateway refused the API key (401) for notice %s: check "
                "SMS_GATEWAY_KEY; the notice waits for a retry",
                notice_no,
            )
            return Outcome(TEMPORARY, detail)
        if code == RATE_LIMITED or code >= 500:
            log.info("sms gateway answered %s for notice %s: will retry", code, notice_no)
            return Outcome(TEMPORARY, detail)
        # the status only: a gateway's words may repeat the phone number
        log.info("sms gateway refused notice %s for good (HTTP %s)", notice_no, code)
        return Outcome(PERMANENT, detail)

    @staticmethod
    def _unreachable(what: str, ref: str, error: requests.RequestException) -> Outcome:
        kind = "timeout" if isinstance(error, requests.Timeout) else "no connection"
        log.warning("sms gateway %s for %s: %s (%s)", what, ref, kind, type(error).__name__)
        return Outcome(TEMPORARY, f"{kind}: {type(error).__name__}")


def _receipt_outcome(provider_ref: str, status) -> Outcome:
    if not isinstance(status, str) or status not in RECEIPT_STATUSES:
        return Outcome(TEMPORARY, f"unknown receipt status {status!r}"[:MAX_DETAIL], provider_ref)
    return Outcome(RECEIPT_STATUSES[status], f"receipt: {status}", provider_ref)


def _json(response: requests.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _detail(response: requests.Response) -> str:
    """``HTTP 404 unknown_subscriber: 用户不存在 (unknown subscriber)``, from the error body if
    it is the gateway's JSON, else from the raw text."""
    answer = _json(response)
    words = ": ".join(str(answer[k]) for k in ("code", "message") if answer.get(k))
    if not words:
        words = response.text.strip() or response.reason or ""
    retry_after = response.headers.get("Retry-After")
    if retry_after:
        words += f" (Retry-After: {retry_after})"
    detail = f"HTTP {response.status_code} {words}".strip()
    return detail[:MAX_DETAIL]
