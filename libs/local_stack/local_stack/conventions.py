"""The names and numbers of docs/CONVENTIONS.md that running the system locally relies on."""

from __future__ import annotations

import socket
from pathlib import Path

SERVICES = ("intake", "joint_review", "complaints", "notify")
HTTP_PORTS = {"intake": 8001, "joint_review": 8002, "complaints": 8003, "notify": 8004}
DATA_DIR_NAME = ".data"


def env_prefix(service: str) -> str:
    """``joint_review`` -> ``JOINT_REVIEW``: the prefix of the variables its config.yml reads."""
    return service.upper()


def sqlite_url(path: Path) -> str:
    """An SQLAlchemy URL of an SQLite file, absolute so it does not depend on the cwd."""
    return f"sqlite:///{Path(path).resolve()}"


def find_repo_root(start: Path | None = None) -> Path:
    """The folder holding ``services/`` and ``docs/CONVENTIONS.md``: searched upwards from
    ``start`` (the cwd by default), then from this package (installed editable from libs/)."""
    here = Path(__file__).resolve()
    for candidate_start in (Path(start or Path.cwd()).resolve(), here):
        for folder in (candidate_start, *candidate_start.parents):
            if (folder / "services").is_dir() and (folder / "docs" / "CONVENTIONS.md").is_file():
                return folder
    raise FileNotFoundError(
        f"no repository root (a folder with services/ and docs/CONVENTIONS.md) above {start or Path.cwd()}"
    )


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections at ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
