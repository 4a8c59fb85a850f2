"""PostgreSQL for the PostgreSQL leg of the tests, from the Debian package.

``ensure_postgres()`` returns a server URL as soon as one accepts user postgres on 127.0.0.1.
Only when none does, it installs ``postgresql``, creates and starts the default cluster with
``pg_ctlcluster``, and - for test machines only - lets user postgres in from 127.0.0.1 without
a password: it prepends one marked line (``TRUST_LINE``) to that cluster's pg_hba.conf. Never
run it against a cluster that holds anything you care about; production uses the compose file.

Talks to the server through ``psql`` (installed with the server), so this package needs no
database driver.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from local_stack.conventions import port_in_use

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TRUST_LINE = "host all postgres 127.0.0.1/32 trust  # local_stack: test machines only"
PG_LIB = Path("/usr/lib/postgresql")
PG_ETC = Path("/etc/postgresql")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresError(RuntimeError):
    """PostgreSQL could not be installed, started or reached."""


def database_url(server_url: str, name: str, driver: str | None = "psycopg2") -> str:
    """The URL of database ``name`` on the server of ``server_url``, as SQLAlchemy wants it
    (``postgresql+psycopg2://...``); ``driver=None`` keeps the plain libpq form."""
    parts = urlsplit(server_url)
    scheme = f"postgresql+{driver}" if driver else "postgresql"
    return urlunsplit((scheme, parts.netloc, f"/{_checked(name)}", parts.query, ""))


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"database name {name!r}: use lower-case letters, digits and _ only")
    return name


def _libpq(url: str) -> str:
    """psql understands ``postgresql://`` but not SQLAlchemy's ``postgresql+driver://``."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def _psql(url: str, statement: str, timeout: float = 60) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["psql", _libpq(url), "-v", "ON_ERROR_STOP=1", "-tAc", statement],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PGCONNECT_TIMEOUT": "5"},
        )
    except FileNotFoundError:
        raise PostgresError("psql is not installed (apt-get install -y postgresql-client)") from None


def _admin(server_url: str, statement: str) -> None:
    done = _psql(server_url, statement)
    if done.returncode != 0:
        raise PostgresError(f"{statement}: {done.stderr.strip()}")


def create_database(server_url: str, name: str) -> str:
    """Create database ``name``; returns its SQLAlchemy URL."""
    _admin(server_url, f'CREATE DATABASE "{_checked(name)}"')
    return database_url(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    """Drop database ``name`` (if it exists), disconnecting whoever still uses it."""
    _admin(server_url, f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')


def server_accepts(server_url: str) -> bool:
    try:
        done = _psql(server_url, "SELECT 1", timeout=15)
    except (PostgresError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == "1"


def with_trust_line(pg_hba: str) -> str:
    """pg_hba.conf text with ``TRUST_LINE`` first (rules match top-down); unchanged if there."""
    if TRUST_LINE in pg_hba.splitlines():
        return pg_hba
    return f"{TRUST_LINE}\n{pg_hba}"


def installed_version() -> str | None:
    """The newest PostgreSQL major version installed from Debian packages, if any."""
    versions = [p.name for p in PG_LIB.glob("*") if (p / "bin" / "postgres").exists()]
    return max(versions, key=lambda v: [int(x) for x in v.split(".")], default=None)


def _run(command: list[str], what: str, timeout: float = 900) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PostgresError(f"{what}: `{' '.join(command)}` failed: {error}") from error
    if done.returncode != 0:
        raise PostgresError(
            f"{what}: `{' '.join(command)}` exited {done.returncode}:\n{(done.stderr or done.stdout)[-2000:]}"
        )


def ensure_postgres(server_url: str = DEFAULT_SERVER_URL, timeout: float = 60) -> str:
    """A URL of a server that accepts ``server_url`` (a local one, installed and started
    when nothing accepts it yet)."""
    if server_accepts(server_url):
        return server_url
    parts = urlsplit(_libpq(server_url))
    if parts.hostname not in ("127.0.0.1", "localhost") or (parts.port or 5432) != 5432:
        raise PostgresError(
            f"{server_url} does not accept connections, and only a local "
            f"server on port 5432 can be set up here"
        )
    if installed_version() is None:
        _run(["apt-get", "update"], "cannot install PostgreSQL")
        _run(["apt-get", "install", "-y", "postgresql"], "cannot install PostgreSQL")
    version = installed_version()
    if version is None:
        raise PostgresError("postgresql installed, but no server binary under /usr/lib/postgresql")
    hba = PG_ETC / version / "main" / "pg_hba.conf"
    if not hba.exists():
        _run(["pg_createcluster", version, "main"], "cannot create the PostgreSQL cluster")
    hba.write_text(with_trust_line(hba.read_text()))
    if port_in_use(5432):
        _run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "reload"],
            "cannot reload PostgreSQL",
        )
    else:
        _run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            "cannot start PostgreSQL",
        )
    deadline = time.monotonic() + timeout
    while not server_accepts(server_url):
        if time.monotonic() > deadline:
            raise PostgresError(
                f"PostgreSQL {version} started but {server_url} is refused "
                f"after {timeout}s; see /var/log/postgresql/"
            )
        time.sleep(0.5)
    return server_url
