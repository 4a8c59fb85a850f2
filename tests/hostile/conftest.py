"""The hostile-input suite: the four services, started once for the whole folder, as ``make up``
runs them (real RabbitMQ vhost, real SQLite databases), and the development tokens to call them.

The services start with a small body limit (``MAX_BODY_BYTES``) so that the structural cases can
show a body over it is refused without the test sending a megabyte first (the default, 1 MiB, is
checked in tests/unit/lib_web_api/test_edge_bodies.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hostile_kit import BODY_LIMIT


@dataclass
class Hall:
    urls: dict[str, str]
    logs: dict[str, object]  # service -> RunningService (log_text, log_path)

    def url(self, service: str) -> str:
        return self.urls[service]


@pytest.fixture(scope="session")
def hall(private_broker, tmp_path_factory):
    """The four services on one vhost, each on its own fresh SQLite database."""
    from stack import sqlite_stack

    stack = sqlite_stack(private_broker, tmp_path_factory.mktemp("hostile"), "h")
    limit = {"MAX_BODY_BYTES": str(BODY_LIMIT), "HALL_MODE": "development"}  # development tokens
    try:
        intake = stack.start("intake", limit)
        complaints = stack.start("complaints", limit)
        joint_review = stack.start("joint_review", limit)
        notify = stack.start(
            "notify",
            {
                **limit,
                "INTAKE_URL": intake.url,
                "COMPLAINTS_URL": complaints.url,
                "SMS_GATEWAY_URL": "",
                "SMTP_HOST": "",
            },
        )
        running = {"intake": intake, "complaints": complaints, "joint_review": joint_review, "notify": notify}
        yield Hall({name: service.url for name, service in running.items()}, running)
    finally:
        stack.stop()
