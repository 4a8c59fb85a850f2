"""R-COMP-4, issue 12 point 3: outside development mode no service runs on a secret published in
this repository (the complaints key, the development tokens, notify's service token), nor
without one. Real ``nameko run`` processes on their own config.yml, and real containers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet

from complaints.identity.rules import DEV_KEY
from web_api.access_cli import mint
from web_api.hall_mode import UnsafeSecret

REPO_ROOT = Path(__file__).resolve().parents[3]
NAMEKO = Path(sys.executable).with_name("nameko")


def nameko_run(service: str, tmp_path: Path, **env: str) -> tuple[int, str]:
    """``nameko run`` of ``service`` as compose runs it, without ``HALL_MODE``: its exit code and
    log once it has ended (the guard of 120 s only stops a service that did start)."""
    environment = {
        "PATH": str(NAMEKO.parent),
        "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",
        f"{service.upper()}_DATABASE_URL": f"sqlite:///{tmp_path / (service + '.db')}",
        f"{service.upper()}_HTTP_ADDRESS": "127.0.0.1:0",
        **env,
    }
    done = subprocess.run(
        [str(NAMEKO), "run", "--config", f"services/{service}/config.yml", f"{service}.service"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def real_tokens(tmp_path) -> SimpleNamespace:
    """A token file (``path``) of one freshly minted token of the complaints office (``office``)."""
    path = tmp_path / "tokens.json"
    return SimpleNamespace(path=path, office=mint(path, "complaints_office", "CO9", "投诉办"))


def test_r_comp_4_complaints_refuses_to_start_on_the_development_key_outside_development_mode(
    tmp_path, real_tokens
):
    code, log = nameko_run(
        "complaints", tmp_path, COMPLAINANT_KEY=DEV_KEY, ACCESS_TOKENS_FILE=str(real_tokens.path)
    )
    assert code != 0
    assert "COMPLAINANT_KEY is the development key published in this repository: refusing to start" in log


def test_r_comp_4_a_service_refuses_to_start_on_the_development_tokens_outside_development_mode(tmp_path):
    code, log = nameko_run("complaints", tmp_path, COMPLAINANT_KEY=Fernet.generate_key().decode())
    assert code != 0  # config.yml's default ACCESS_TOKENS_FILE is the development file
    assert "ACCESS_TOKENS_FILE (deploy/access/dev-tokens.json) holds" in log and "refusing to start" in log


def test_r_comp_4_notify_refuses_to_start_on_the_development_service_token_outside_development_mode(
    tmp_path, real_tokens
):
    code, log = nameko_run("notify", tmp_path, ACCESS_TOKENS_FILE=str(real_tokens.path))
    assert code != 0  # config.yml's default NOTIFY_SERVICE_TOKEN is dev-service-notify
    assert "NOTIFY_SERVICE_TOKEN is a published dev token: refusing to start" in log


def container_config(web_config, migrated, **settings) -> dict:
    return dict(
        web_config,
        DATABASE_URL=migrated("complaints"),
        OUTBOX_RELAY_ENABLED="false",
        AMQP_URI="amqp://guest:guest@127.0.0.1:1/",
        **settings,
    )


def test_r_comp_4_complaints_starts_outside_development_mode_on_secrets_of_its_own(
    container_factory, web_config, migrated, real_tokens, web_session
):
    from service.conftest import http_only

    from complaints.service import ComplaintsService

    config = container_config(
        web_config,
        migrated,
        HALL_MODE="production",
        COMPLAINANT_KEY=Fernet.generate_key().decode(),
        ACCESS_TOKENS_FILE=str(real_tokens.path),
    )
    container = container_factory(ComplaintsService, config)
    http_only(container)  # no broker here: the HTTP entrypoints alone
    container.start()
    office = {"Authorization": f"Bearer {real_tokens.office}"}
    assert web_session.get("/complaints", headers=office).status_code == 200
    published = {"Authorization": "Bearer dev-complaints"}
    assert web_session.get("/complaints", headers=published).status_code == 401


def test_r_comp_4_complaints_refuses_to_start_without_a_tokens_file_outside_development_mode(
    container_factory, web_config, migrated
):
    from complaints.service import ComplaintsService

    config = container_config(
        web_config, migrated, HALL_MODE="production", COMPLAINANT_KEY=Fernet.generate_key().decode()
    )
    with pytest.raises(UnsafeSecret, match="ACCESS_TOKENS_FILE is not set"):
        container_factory(ComplaintsService, config).start()
