"""TLS and login for the local SMTP server, as a hall's mail relay asks for them.

``SmtpSecurity(mode="starttls", certfile=..., keyfile=..., username="hall", password="...")``:

- ``mode="none"``: plain SMTP (what ``make up`` runs); a login is then offered in the clear,
  which only a test of that refusal wants.
- ``mode="starttls"``: the client must say STARTTLS before MAIL (port 587 of a real relay).
- ``mode="ssl"``: TLS from the first byte (SMTPS, port 465).

With a ``username`` every message needs a login first (AUTH PLAIN or LOGIN); a wrong password is
``535 5.7.8 Authentication credentials invalid``. A recorded message says who logged in
(``authenticated_as``) and whether the session was encrypted (``tls``).
"""

from __future__ import annotations

import hmac
import ssl
from dataclasses import dataclass
from typing import Any

from aiosmtpd.smtp import AuthResult, LoginPassword

MODES = ("none", "starttls", "ssl")


@dataclass(frozen=True)
class SmtpSecurity:
    mode: str = "none"
    certfile: str | None = None  # PEM certificate (and chain) the server presents
    keyfile: str | None = None
    username: str | None = None
    password: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode is one of {MODES}, not {self.mode!r}")
        if self.mode != "none" and not self.certfile:
            raise ValueError(f"mode {self.mode!r} needs a certfile (and keyfile)")

    def server_context(self) -> ssl.SSLContext | None:
        if self.mode == "none":
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.certfile), self.keyfile)
        return context

    def controller_options(self) -> dict[str, Any]:
        """The keyword arguments of aiosmtpd's ``Controller`` (and its ``SMTP``) for this mode."""
        options: dict[str, Any] = {}
        context = self.server_context()
        if self.mode == "ssl":
            options["ssl_context"] = context
        elif self.mode == "starttls":
            options.update(tls_context=context, require_starttls=True)
        if self.username:
            options.update(
                authenticator=self.authenticate,
                auth_required=True,
                # STARTTLS: no AUTH before it; SMTPS is encrypted from the start (aiosmtpd
                # cannot tell, so it is not asked to check); none: offered in the clear
                auth_require_tls=self.mode == "starttls",
            )
        return options

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        """aiosmtpd's authenticator: the one configured login, compared in constant time."""
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        matches = hmac.compare_digest(auth_data.login, (self.username or "").encode()) & hmac.compare_digest(
            auth_data.password, (self.password or "").encode()
        )
        return AuthResult(success=bool(matches), handled=False, auth_data=auth_data if matches else None)


def session_facts(server, session) -> dict[str, Any]:
    """Who logged in on this SMTP session (None: nobody) and whether it was encrypted."""
    login = getattr(session, "auth_data", None)
    who = login.login.decode("utf-8", errors="replace") if isinstance(login, LoginPassword) else None
    transport = getattr(server, "transport", None)
    encrypted = getattr(session, "ssl", None) is not None or (
        transport is not None and transport.get_extra_info("ssl_object") is not None
    )
    return {"authenticated_as": who, "tls": encrypted}


__all__ = ["MODES", "SmtpSecurity", "session_facts"]
