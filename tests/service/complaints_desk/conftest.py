"""The desk's service tests run complaints' HTTP API in a real container on a migrated database."""

from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine

from complaints.identity.rules import DEV_KEY


@pytest.fixture
def complaints_http(container_factory, web_config, migrated):
    """complaints' HTTP API on a fresh migrated database, no broker (events wait in the outbox).

    ``clock`` is the injected "now" (``complaints_http.clock.return_value = ...``); ``engine`` is
    the service's database. The identity key is the published development key.
    """
    from service.conftest import start_http_only  # tests/ is on sys.path (pythonpath in pyproject.toml)

    from complaints.service import ComplaintsService

    url = migrated("complaints")
    config = dict(web_config, COMPLAINANT_KEY=DEV_KEY, OPEN311_API_KEYS="key-of-the-311-app")
    container, clock = start_http_only(container_factory, config, ComplaintsService, url)
    engine = create_engine(url)
    yield SimpleNamespace(engine=engine, clock=clock, container=container)
    engine.dispose()
