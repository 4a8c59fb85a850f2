"""URLs and names built from docs/CONVENTIONS.md."""

from pathlib import Path

import pytest

from local_stack import (
    CONSOLE,
    CONSOLE_PORT,
    HTTP_PORTS,
    SERVICES,
    console_backend_env,
    database_url,
    env_prefix,
    find_repo_root,
    sqlite_url,
)
from local_stack.postgres import TRUST_LINE, with_trust_line

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_the_four_services_have_the_ports_of_the_conventions():
    assert HTTP_PORTS == {"intake": 8001, "joint_review": 8002, "complaints": 8003, "notify": 8004}
    assert tuple(HTTP_PORTS) == SERVICES


def test_the_console_is_on_8000_apart_from_the_bus_services():
    assert (CONSOLE, CONSOLE_PORT) == ("console", 8000)
    assert CONSOLE not in SERVICES and CONSOLE_PORT not in HTTP_PORTS.values()


def test_every_service_folder_is_known_as_a_bus_service_or_the_console():
    folders = {p.parent.name for p in (REPO_ROOT / "services").glob("*/config.yml")}
    assert folders == {*SERVICES, CONSOLE}


def test_the_console_uses_no_broker_and_is_told_where_each_bus_service_answers():
    config = (REPO_ROOT / "services" / CONSOLE / "config.yml").read_text()
    consumers_or_publishers = ("@event_handler", "@rpc", "@consume", "EventDispatcher", "Publisher")
    sources = (REPO_ROOT / "services" / CONSOLE / CONSOLE).rglob("*.py")
    assert not any(word in path.read_text() for path in sources for word in consumers_or_publishers)
    urls = {service: f"http://127.0.0.1:{port}" for service, port in HTTP_PORTS.items()}
    env = console_backend_env(urls)
    assert env == {
        "INTAKE_URL": "http://127.0.0.1:8001",
        "JOINT_REVIEW_URL": "http://127.0.0.1:8002",
        "COMPLAINTS_URL": "http://127.0.0.1:8003",
        "NOTIFY_URL": "http://127.0.0.1:8004",
    }
    assert all("${" + key + ":" in config for key in env), "config.yml reads each URL"


def test_env_prefix_is_the_upper_case_service_name():
    assert env_prefix("joint_review") == "JOINT_REVIEW"


def test_sqlite_urls_are_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sqlite_url(Path(".data/intake.db")) == f"sqlite:///{tmp_path.resolve()}/.data/intake.db"


def test_repo_root_is_found_from_a_subfolder():
    assert find_repo_root(REPO_ROOT / "services" / "intake") == REPO_ROOT


def test_database_url_swaps_the_database_and_names_the_driver():
    server = "postgresql://postgres@127.0.0.1:5432/postgres"
    assert database_url(server, "hall_intake") == (
        "postgresql+psycopg2://postgres@127.0.0.1:5432/hall_intake"
    )
    assert database_url(server, "x", driver=None) == "postgresql://postgres@127.0.0.1:5432/x"


@pytest.mark.parametrize("name", ['x"; DROP DATABASE postgres; --', "Intake", "", "a-b"])
def test_database_names_that_need_quoting_are_refused(name):
    with pytest.raises(ValueError):
        database_url("postgresql://postgres@127.0.0.1:5432/postgres", name)


def test_trust_line_goes_first_and_only_once():
    original = "local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n"
    once = with_trust_line(original)
    assert once.splitlines()[0] == TRUST_LINE
    assert once.endswith(original)
    assert with_trust_line(once) == once
