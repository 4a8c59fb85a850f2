"""The email channel from notify's configuration: the relay, its TLS and the hall's login.

| key | meaning |
|---|---|
| ``SMTP_HOST`` | the relay; empty: no email channel (its deliveries wait as temporary failures) |
| ``SMTP_PORT`` | default 25 (``none``), 587 (``starttls``), 465 (``ssl``) |
| ``SMTP_SENDER`` | ``From``, may carry a display name |
| ``SMTP_SECURITY`` | ``none`` (default), ``starttls`` or ``ssl``; anything else: no start |
| ``SMTP_USERNAME`` / ``SMTP_PASSWORD`` | the hall's login at the relay (AUTH), both or neither; ASCII |
| ``SMTP_CA_FILE`` | PEM file of the CA that signed the relay's certificate, when it is not a public one |

Outside development mode (``web_api.hall_mode``) notify refuses to start with a username but no
password, and with a login over ``SMTP_SECURITY=none`` (the password would cross the network in
the clear). There is no development password: ``make up``'s local relay asks for no login.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any

from notify.delivery.channels.email import SECURITY_MODES, SmtpEmail
from web_api import hall_mode

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


def _text(config: Mapping[str, Any], key: str) -> str:
    return str(config.get(key) or "").strip()


def smtp_security(config: Mapping[str, Any]) -> str:
    security = _text(config, "SMTP_SECURITY").lower() or "none"
    if security not in SECURITY_MODES:
        raise hall_mode.UnsafeSecret(
            f"SMTP_SECURITY is {security!r}: it must be one of {', '.join(SECURITY_MODES)} (deploy/README.md)"
        )
    return security


def check_login(config: Mapping[str, Any], security: str) -> None:
    """A login needs its password, and outside development an encrypted session to travel in."""
    if not _text(config, "SMTP_USERNAME"):
        return
    if not (_text(config, "SMTP_USERNAME") + str(config.get("SMTP_PASSWORD") or "")).isascii():
        raise hall_mode.UnsafeSecret(
            "SMTP_USERNAME and SMTP_PASSWORD must be ASCII (smtplib's AUTH sends ASCII)"
        )
    if not str(config.get("SMTP_PASSWORD") or ""):
        hall_mode.refuse_outside_development(config, "SMTP_PASSWORD", "is not set but SMTP_USERNAME is")
    if security == "none":
        hall_mode.refuse_outside_development(
            config, "SMTP_PASSWORD", "would be sent in the clear (SMTP_SECURITY=none; use starttls or ssl)"
        )


def email_channel(config: Mapping[str, Any]) -> SmtpEmail | None:
    """The channel the configuration describes, or None without ``SMTP_HOST``; refuses to start
    (``UnsafeSecret``) on a security mode it does not know or a login it would not protect."""
    if not _text(config, "SMTP_HOST"):
        return None
    security = smtp_security(config)
    check_login(config, security)
    ca_file = _text(config, "SMTP_CA_FILE")
    return SmtpEmail(
        _text(config, "SMTP_HOST"),
        int(config.get("SMTP_PORT") or DEFAULT_PORTS[security]),
        _text(config, "SMTP_SENDER") or "notice@hall.local",
        security=security,
        username=_text(config, "SMTP_USERNAME") or None,
        password=str(config.get("SMTP_PASSWORD") or "") or None,
        tls_context=ssl.create_default_context(cafile=ca_file) if ca_file else None,
    )
