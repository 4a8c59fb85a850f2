"""Fixtures of the service tier: one service in a real nameko container on a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from intake_requests import DEV_TOKENS
from nameko.containers import SpawningSet
from nameko.extensions import iter_extensions
from nameko.testing.services import replace_dependencies, restrict_entrypoints
from nameko.web.handlers import HttpRequestHandler
from sqlalchemy import create_engine

MONDAY_10AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall (China time)


def http_only(container) -> None:
    """Keep only the HTTP entrypoints, and drop the broker consumers only the others needed."""
    restrict_entrypoints(
        container,
        *[
            entrypoint.method_name
            for entrypoint in container.entrypoints
            if isinstance(entrypoint, HttpRequestHandler)
        ],
    )
    container.subextensions = SpawningSet(
        extension
        for bound in [*container.entrypoints, *container.dependencies]
        for extension in iter_extensions(bound)
    )


def start_http_only(container_factory, web_config, service_cls, database_url: str):
    """A container of ``service_cls`` with only its HTTP entrypoints, its clock replaced."""
    config = dict(
        web_config,
        AMQP_URI="amqp://guest:guest@127.0.0.1:1/",
        DATABASE_URL=database_url,
        OUTBOX_RELAY_ENABLED="false",
        ACCESS_TOKENS_FILE=str(DEV_TOKENS),
    )
    container = container_factory(service_cls, config)
    http_only(container)
    clock = replace_dependencies(container, "clock")
    clock.return_value = MONDAY_10AM
    container.start()
    return container, clock


@pytest.fixture
def intake_http(container_factory, web_config, migrated):
    """Intake's HTTP API on a fresh migrated database, no broker (events wait in the outbox).

    Only the HTTP entrypoints run (the event consumers and timers would need a broker).
    ``clock`` is the injected "now": set ``intake_http.clock.return_value`` to move time.
    Yields ``engine`` (the service's database), ``clock`` and ``container``.
    """
    from intake.service import IntakeService

    url = migrated("intake")
    container, clock = start_http_only(container_factory, web_config, IntakeService, url)
    engine = create_engine(url)
    yield SimpleNamespace(engine=engine, clock=clock, container=container)
    engine.dispose()


@pytest.fixture
def joint_review_http(container_factory, web_config, migrated):
    """joint_review's HTTP API on a fresh migrated database, no broker (events wait in the outbox).

    ``open(case)`` opens a review as the ``case_accepted`` consumer would, in one transaction.
    """
    from joint_review.orm import metadata
    from joint_review.reviews.handlers import open_review as open_joint_review
    from joint_review.service import JointReviewService
    from joint_review.unit_of_work import UnitOfWork
    from reliable_events import Store, add_core_tables, make_engine
    from workday_calendar import WorkingCalendar

    url = migrated("joint_review")
    container, clock = start_http_only(container_factory, web_config, JointReviewService, url)
    engine = make_engine(url)
    store = Store(engine, add_core_tables(metadata), "joint_review", "joint_review.tests")

    def open_review(case: dict, limit_days: int = 3):
        with store.transaction() as tx:
            return open_joint_review(
                {**case, "task_limit_days": limit_days}, UnitOfWork(tx, WorkingCalendar(), clock(), "intake")
            )

    yield SimpleNamespace(engine=engine, clock=clock, container=container, open=open_review)
    engine.dispose()
