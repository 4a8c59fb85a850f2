"""Who may mark an SMS delivered: the gateway that signs its delivery reports with our secret.

The gateway signs each push of reports (``POST /callbacks/sms/reports``) with the secret it
shares with the hall (``SMS_REPORT_SECRET``)::

    X-Sms-Timestamp: 1764928800                       # Unix seconds when it was signed
    X-Sms-Signature: hex(HMAC-SHA256(secret, "<timestamp>." + raw body))

The timestamp is inside the signature so that a captured push cannot be replayed later with a
fresh one; a push signed more than ``window`` seconds from notify's clock is refused (a replay
inside the window re-applies reports already applied: it changes nothing). No framework here:
``local_stack.peers.sms_push`` signs the same way, and the unit tests check both sides.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from refusals import Unauthenticated

TIMESTAMP_HEADER = "X-Sms-Timestamp"
SIGNATURE_HEADER = "X-Sms-Signature"
DEFAULT_WINDOW = 300.0  # SMS_REPORT_WINDOW_SECONDS


class ReportUnsigned(Unauthenticated):
    code = "report_unsigned"


class ReportSignatureInvalid(Unauthenticated):
    code = "report_signature_invalid"


class ReportStale(Unauthenticated):
    code = "report_stale"


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """The signature of ``body`` sent at ``timestamp`` (both sides compute exactly this)."""
    return hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ReportAuth:
    """The secret shared with the gateway, and how far a push's timestamp may be from now."""

    secret: bytes
    window: float = DEFAULT_WINDOW

    def check(self, timestamp: str | None, signed: str | None, body: bytes, now: float) -> None:
        """Refuse (401) a push without both headers, with a wrong signature, or signed outside
        the window. Without a secret nothing is accepted: an empty key is a key anyone has."""
        if not timestamp or not signed:
            raise ReportUnsigned(
                f"缺少回执签名 (the push needs the {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers)"
            )
        given = signed.strip().lower()
        readable = timestamp.isascii() and given.isascii()  # compare_digest takes ASCII text only
        expected = signature(self.secret, timestamp, body) if readable else ""
        if not (self.secret and readable and hmac.compare_digest(expected, given)):
            raise ReportSignatureInvalid("回执签名无效 (the signature does not match the body)")
        try:
            sent_at = int(timestamp)
        except ValueError:
            raise ReportStale("回执时间戳无效 (the timestamp is not Unix seconds)") from None
        if abs(now - sent_at) > self.window:
            raise ReportStale(
                f"回执时间戳超出 {self.window:.0f} 秒的有效期 (signed too long ago, or in the future)"
            )
