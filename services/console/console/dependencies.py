"""The console's dependencies: its sessions, and the four services it calls.

Config keys (``config.yml``): ``DATABASE_URL``, ``CONSOLE_SESSION_KEY`` (Fernet; the
development default is refused outside development mode), ``SESSION_IDLE_MINUTES``,
``SESSION_MAX_HOURS``, ``SECURE_COOKIES``, ``<SERVICE>_URL``, ``BACKEND_TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import eventlet
from cryptography.fernet import Fernet, MultiFernet
from nameko.extensions import DependencyProvider
from sqlalchemy import text
from werkzeug.wrappers import Response

from console.backends.client import URL_KEYS, Backends
from console.signin.repository import SessionStore
from console.signin.rules import (
    COOKIE_NAME,
    PUBLIC_FORM_COOKIE,
    Lifetime,
    Visitor,
    new_secret,
    signed,
    unsigned,
)
from reliable_events.storage import make_engine
from web_api import hall_mode
from web_api.access import repo_root, token_hash

SESSION_KEY_KEY = "CONSOLE_SESSION_KEY"
CONSOLE_TOKEN_KEY = "CONSOLE_TOKEN"
DEVELOPMENT_SESSION_KEY = "ZGV2LWNvbnNvbGUtc2Vzc2lvbi1rZXktMzItYnl0ZXM="
BEAT_SECONDS = 1.0


def _beat() -> None:
    """Wake the eventlet hub every second. ``nameko run`` stops on SIGTERM in a greenlet its
    signal handler spawns, which runs only when the hub wakes; the console holds no broker
    connection (no heartbeats), so an idle console would take up to the hub's 60 s to stop
    and be killed by docker, local_stack or the tests before closing cleanly."""
    while True:
        eventlet.sleep(BEAT_SECONDS)


class SessionGate:
    """What a page sees as ``self.sessions``: who is signed in, and the cookies."""

    def __init__(self, store: SessionStore, cookie_key: bytes, secure: bool):
        self.store = store
        self.cookie_key = cookie_key
        self.secure = secure

    def now(self) -> datetime:
        return datetime.now(UTC)

    def ping(self) -> None:
        with self.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def session_id(self, request: Any) -> str | None:
        return unsigned(request.cookies.get(COOKIE_NAME), self.cookie_key)

    def visitor(self, request: Any) -> Visitor | None:
        session_id = self.session_id(request)
        return self.store.visitor(session_id, self.now()) if session_id else None

    def sign_in(self, response: Response, principal: Any, token: str) -> None:
        session_id = self.store.open(principal, token, self.now())
        self._cookie(response, COOKIE_NAME, signed(session_id, self.cookie_key))

    def sign_out(self, request: Any, response: Response) -> None:
        session_id = self.session_id(request)
        if session_id:
            self.store.end(session_id, self.now())
        response.delete_cookie(COOKIE_NAME, path="/", secure=self.secure, httponly=True, samesite="Lax")

    def form_secret(self, request: Any) -> tuple[str, str | None]:
        """The CSRF secret of a visitor who is not signed in, and a new one to set (or None)."""
        known = unsigned(request.cookies.get(PUBLIC_FORM_COOKIE), self.cookie_key)
        if known:
            return known, None
        fresh = new_secret()
        return fresh, fresh

    def set_form_cookie(self, response: Response, secret: str) -> None:
        self._cookie(response, PUBLIC_FORM_COOKIE, signed(secret, self.cookie_key))

    def _cookie(self, response: Response, name: str, value: str) -> None:
        response.set_cookie(name, value, path="/", secure=self.secure, httponly=True, samesite="Lax")


class Sessions(DependencyProvider):
    """The sessions table of the console's own database, and the cookies' key."""

    def setup(self) -> None:
        config = self.container.config
        keys = [key.strip() for key in str(config.get(SESSION_KEY_KEY) or "").split(",") if key.strip()]
        if not keys or DEVELOPMENT_SESSION_KEY in keys:
            hall_mode.refuse_outside_development(config, SESSION_KEY_KEY, "is unset or the development key")
        keys = keys or [DEVELOPMENT_SESSION_KEY]
        seal = MultiFernet([Fernet(key) for key in keys])
        cookie_key = hashlib.sha256(b"console-cookie:" + base64.urlsafe_b64decode(keys[0])).digest()
        lifetime = Lifetime(
            timedelta(minutes=float(config.get("SESSION_IDLE_MINUTES") or 30)),
            timedelta(hours=float(config.get("SESSION_MAX_HOURS") or 12)),
        )
        busy = config.get("SQLITE_BUSY_TIMEOUT")
        self.engine = make_engine(
            config["DATABASE_URL"],
            pool_size=int(config.get("max_workers", 10)),
            sqlite_busy_timeout=float(busy) if busy else None,
        )
        secure = str(config.get("SECURE_COOKIES") or "").lower() in ("1", "true", "yes")
        self.gate = SessionGate(SessionStore(self.engine, seal, lifetime), cookie_key, secure)

    def start(self) -> None:
        self.beat = eventlet.spawn(_beat)

    def stop(self) -> None:
        self.beat.kill()
        self.engine.dispose()

    def get_dependency(self, worker_ctx: Any) -> SessionGate:
        return self.gate


class BackendsProvider(DependencyProvider):
    """The four services' base URLs and the console's own token (``CONSOLE_TOKEN``, role
    ``console``: it opens no data; outside development mode a missing or published one stops the
    console); one connection pool shared by the workers."""

    def setup(self) -> None:
        config = self.container.config
        urls = {service: str(config[key]) for service, key in URL_KEYS.items()}
        own_token = str(config.get(CONSOLE_TOKEN_KEY) or "").strip()
        if not own_token:
            hall_mode.refuse_outside_development(config, CONSOLE_TOKEN_KEY, "is not set")
        elif token_hash(own_token) in hall_mode.development_token_hashes(repo_root(Path(__file__))):
            hall_mode.refuse_outside_development(config, CONSOLE_TOKEN_KEY, "is a published dev token")
        timeout = float(config.get("BACKEND_TIMEOUT_SECONDS") or 10)
        self.backends = Backends(urls, timeout, own_token, int(config.get("PROXY_HOPS") or 0))

    def get_dependency(self, worker_ctx: Any) -> Backends:
        return self.backends
