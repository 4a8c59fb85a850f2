"""The names and numbers of docs/CONVENTIONS.md that running the system locally relies on."""

from __future__ import annotations

import socket
from pathlib import Path

# the bus services: each has a broker account, queues, an outbox and an HTTP API
SERVICES = ("intake", "joint_review", "complaints", "notify")
HTTP_PORTS = {"intake": 8001, "joint_review": 8002, "complaints": 8003, "notify": 8004}
# the console (the hall's pages) is HTTP-only: no broker account, no queue; it calls the bus
# services' HTTP APIs with the signed-in person's token and keeps its sessions in its own database
CONSOLE = "console"
CONSOLE_PORT = 8000
# the console files online complaints as an Open311 app of complaints (development key of make up)
DEV_CONSOLE_OPEN311_KEY = "dev-console-open311"
DATA_DIR_NAME = ".data"


def env_prefix(service: str) -> str:
    """``joint_review`` -> ``JOINT_REVIEW``: the prefix of the variables its config.yml reads."""
    return service.upper()


def console_backend_env(service_urls: dict[str, str]) -> dict[str, str]:
    """``{"INTAKE_URL": ..., ...}``: where the console finds each bus service's HTTP API."""
    return {f"{env_prefix(service)}_URL": service_urls[service] for service in SERVICES}


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
