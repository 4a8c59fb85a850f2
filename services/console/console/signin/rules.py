"""Sessions as rules: who a visitor is, when a session ends, what the cookie carries.

No nameko, SQLAlchemy or HTTP here. A session id is 32 random bytes; the cookie carries it with
an HMAC of it (so a forged or truncated cookie is refused before any lookup); the database
keeps only its SHA-256 (a copy of the table opens no session).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

COOKIE_NAME = "hall_session"
PUBLIC_FORM_COOKIE = "hall_form"  # the CSRF secret of a visitor who is not signed in


@dataclass(frozen=True)
class Visitor:
    """A signed-in member of staff, as the pages see them; ``token`` calls the services."""

    subject: str
    name: str
    role: str
    department: str | None
    window: str | None
    token: str
    csrf: str


@dataclass(frozen=True)
class Lifetime:
    """How long a session lives: idle minutes, and hours at most after sign-in."""

    idle: timedelta
    most: timedelta

    def ended(self, signed_in_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
        """True when the session has been idle too long or has lived its longest.

        >>> from datetime import timezone
        >>> t = datetime(2026, 12, 7, 9, tzinfo=timezone.utc)
        >>> life = Lifetime(timedelta(minutes=30), timedelta(hours=12))
        >>> life.ended(t, t + timedelta(minutes=29), t + timedelta(minutes=59))
        False
        >>> life.ended(t, t, t + timedelta(minutes=31))
        True
        """
        return now - last_seen_at > self.idle or now - signed_in_at > self.most


def new_secret() -> str:
    """A fresh unguessable value: a session id or a CSRF token."""
    return secrets.token_urlsafe(32)


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def signed(value: str, key: bytes) -> str:
    """``value.signature``: what a cookie carries."""
    mac = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsigned(cookie: str | None, key: bytes) -> str | None:
    """The value of a signed cookie, or None when it is absent, malformed or forged."""
    if not cookie or "." not in cookie or len(cookie) > 200:
        return None
    value, _, mac = cookie.rpartition(".")
    expected = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return value if value and hmac.compare_digest(mac, expected) else None


def same_secret(sent: str | None, expected: str | None) -> bool:
    """A form's CSRF token against the session's, in constant time."""
    return bool(sent) and bool(expected) and hmac.compare_digest(str(sent), str(expected))
