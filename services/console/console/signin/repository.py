"""The sessions table, as a small object the pages use."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import Engine, insert, select, update

from console.orm import sessions
from console.signin.rules import Lifetime, Visitor, id_hash, new_secret
from web_api.principals import Principal

TOUCH_EVERY = timedelta(seconds=30)  # last_seen_at is written at most this often per session


class SessionStore:
    """Opens, finds and ends sessions; seals each session's token with ``seal``."""

    def __init__(self, engine: Engine, seal: MultiFernet, lifetime: Lifetime):
        self.engine = engine
        self.seal = seal
        self.lifetime = lifetime

    def open(self, principal: Principal, token: str, now: datetime) -> str:
        """A new session for ``principal``; returns its id (for the cookie, never stored)."""
        session_id = new_secret()
        with self.engine.begin() as connection:
            connection.execute(
                insert(sessions).values(
                    id_hash=id_hash(session_id),
                    subject=principal.subject,
                    name=principal.name,
                    role=principal.role,
                    department=principal.department,
                    window=principal.window,
                    token_sealed=self.seal.encrypt(token.encode()).decode(),
                    csrf=new_secret(),
                    signed_in_at=now,
                    last_seen_at=now,
                )
            )
        return session_id

    def visitor(self, session_id: str, now: datetime) -> Visitor | None:
        """The visitor of a live session (and its idle time restarted), or None."""
        key = id_hash(session_id)
        with self.engine.begin() as connection:
            row = connection.execute(select(sessions).where(sessions.c.id_hash == key)).mappings().first()
            if row is None or row["ended_at"] is not None:
                return None
            signed_in_at, last_seen_at = _aware(row["signed_in_at"], now), _aware(row["last_seen_at"], now)
            if self.lifetime.ended(signed_in_at, last_seen_at, now):
                connection.execute(update(sessions).where(sessions.c.id_hash == key).values(ended_at=now))
                return None
            if now - last_seen_at > TOUCH_EVERY:
                connection.execute(update(sessions).where(sessions.c.id_hash == key).values(last_seen_at=now))
        try:
            token = self.seal.decrypt(row["token_sealed"].encode()).decode()
        except InvalidToken:  # sealed with a key no longer configured: sign in again
            return None
        return Visitor(
            row["subject"], row["name"], row["role"], row["department"], row["window"], token, row["csrf"]
        )

    def end(self, session_id: str, now: datetime) -> None:
        """Sign out: the session opens nothing any more, whoever holds its cookie."""
        with self.engine.begin() as connection:
            connection.execute(
                update(sessions)
                .where(sessions.c.id_hash == id_hash(session_id), sessions.c.ended_at.is_(None))
                .values(ended_at=now)
            )


def _aware(moment: datetime, now: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=now.tzinfo)
