"""The hostile-input suite: the four services, started once for the whole folder, as ``make up``
runs them (real RabbitMQ vhost, real SQLite databases), and the development tokens to call them.

The services start with a small body limit (``MAX_BODY_BYTES``) so that the structural cases can
show a body over it is refused without the test sending a megabyte first; one case checks the
default of 1 MiB on a service started without the setting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from web_api.openapi import Route

SERVICE_CLASSES = {
    "intake": "IntakeService", "joint_review": "JointReviewService",
    "complaints": "ComplaintsService", "notify": "NotifyService",
}
# a development token (deploy/access/README.md) for each role
ROLE_TOKENS = {
    "window_staff": "dev-window-market",
    "window_head": "dev-head-market",
    "lead_window": "dev-lead-market",
    "reviewer": "dev-reviewer-market",
    "complaints_office": "dev-complaints",
    "supervision": "dev-supervision",
    "operator": "dev-operator",
    "agency": "dev-agency",
    "service": "dev-service-notify",
}
BODY_LIMIT = 64 * 1024  # the services of this suite; the default (1 MiB) is checked on its own


def token_for(roles: tuple[str, ...]) -> str | None:
    """A development token of the first declared role (None for a public route)."""
    return ROLE_TOKENS[roles[0]] if roles else None


def service_routes(service: str) -> list[Route]:
    import importlib

    from web_api.openapi import OPERATIONS

    cls = getattr(importlib.import_module(f"{service}.service"), SERVICE_CLASSES[service])
    return [*cls.api_routes, *OPERATIONS]


@dataclass
class Hall:
    urls: dict[str, str]
    logs: dict[str, object]  # service -> RunningService (log_text, log_path)

    def url(self, service: str) -> str:
        return self.urls[service]


@pytest.fixture(scope="session")
def hall(private_broker, tmp_path_factory):
    """The four services on one vhost, each on its own fresh SQLite database."""
    from stack import REPO_ROOT, Stack

    from reliable_events.migrations import upgrade

    root = tmp_path_factory.mktemp("hostile")

    def database_url(name: str) -> str:
        return f"sqlite:///{root / (name + '.db')}"

    def migrated(service: str) -> str:
        url = database_url(service)
        upgrade(service, url, REPO_ROOT / "services" / service / "alembic.ini")
        return url

    vhost = f"h{uuid.uuid4().hex[:10]}"
    stack = Stack(private_broker, private_broker.add_vhost(vhost), migrated, database_url, root)
    limit = {"MAX_BODY_BYTES": str(BODY_LIMIT), "HALL_MODE": "development"}  # development tokens
    try:
        intake = stack.start("intake", limit)
        complaints = stack.start("complaints", limit)
        joint_review = stack.start("joint_review", limit)
        notify = stack.start("notify", {**limit, "INTAKE_URL": intake.url, "COMPLAINTS_URL": complaints.url,
                                        "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
        running = {"intake": intake, "complaints": complaints, "joint_review": joint_review,
                   "notify": notify}
        yield Hall({name: service.url for name, service in running.items()}, running)
    finally:
        stack.stop()
