"""docker-compose.yml agrees with the repository: one container per service folder, started
with its own config and module, given exactly variables its config.yml reads, on the ports of
docs/CONVENTIONS.md, after healthy infrastructure, and scraped by Prometheus."""

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
PROMETHEUS = yaml.safe_load((REPO_ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
SERVICE_DIRS = sorted(p.parent.name for p in (REPO_ROOT / "services").glob("*/config.yml"))
CONVENTION_PORTS = {"intake": 8001, "joint_review": 8002, "complaints": 8003, "notify": 8004}
INFRASTRUCTURE = ("rabbitmq", "postgres", "prometheus")
PLACEHOLDER = re.compile(r"\$\{(\w+):([^}]*)\}")


def config_placeholders(service: str) -> dict[str, str]:
    """``{VAR: default}`` of every ``${VAR:default}`` in the service's config.yml."""
    text = (REPO_ROOT / "services" / service / "config.yml").read_text()
    return dict(PLACEHOLDER.findall(text))


def config_key_of(service: str, variable: str) -> str:
    text = (REPO_ROOT / "services" / service / "config.yml").read_text()
    return re.search(rf"^\s*(\w+):\s*\$\{{{variable}:", text, re.M).group(1)


def command_of(service: str) -> str:
    command = COMPOSE["services"][service]["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_there_is_one_compose_service_per_service_folder():
    assert set(SERVICE_DIRS) == set(CONVENTION_PORTS)
    assert set(COMPOSE["services"]) == set(SERVICE_DIRS) | set(INFRASTRUCTURE)


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_migrates_then_runs_its_own_config_and_module(service):
    command = command_of(service)
    migrate = f"alembic -c services/{service}/alembic.ini upgrade head"
    run = f"nameko run --config services/{service}/config.yml {service}.service"
    assert migrate in command and run in command
    assert command.index(migrate) < command.index(run)
    assert (REPO_ROOT / "services" / service / "alembic.ini").is_file()


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_sets_only_variables_its_config_reads_and_the_essential_ones(service):
    environment = COMPOSE["services"][service]["environment"]
    read = set(config_placeholders(service))
    prefix = service.upper()
    essential = {"AMQP_URI", f"{prefix}_DATABASE_URL", f"{prefix}_HTTP_ADDRESS"}
    assert set(environment) <= read, f"not read by config.yml: {set(environment) - read}"
    assert essential <= set(environment)
    assert config_key_of(service, f"{prefix}_DATABASE_URL") == "DATABASE_URL"
    assert environment[f"{prefix}_DATABASE_URL"].endswith(f"@postgres:5432/{service}")
    assert "@rabbitmq:5672/" in environment["AMQP_URI"]


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_listens_on_its_convention_port_everywhere(service):
    port = CONVENTION_PORTS[service]
    prefix = service.upper()
    definition = COMPOSE["services"][service]
    assert config_key_of(service, f"{prefix}_HTTP_ADDRESS") == "WEB_SERVER_ADDRESS"
    assert config_placeholders(service)[f"{prefix}_HTTP_ADDRESS"] == f"0.0.0.0:{port}"
    assert definition["environment"][f"{prefix}_HTTP_ADDRESS"] == f"0.0.0.0:{port}"
    assert [str(p).split(":")[-1] for p in definition["ports"]] == [str(port)]
    assert f"127.0.0.1:{port}/health" in " ".join(definition["healthcheck"]["test"])


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_starts_after_healthy_broker_and_database(service):
    assert COMPOSE["services"][service]["depends_on"] == {
        "rabbitmq": {"condition": "service_healthy"},
        "postgres": {"condition": "service_healthy"},
    }


def test_replicated_services_publish_no_fixed_host_port():
    for service in SERVICE_DIRS:
        definition = COMPOSE["services"][service]
        if definition.get("deploy", {}).get("replicas", 1) > 1:
            assert all(":" not in str(p) for p in definition.get("ports", [])), service


@pytest.mark.parametrize("name", [*SERVICE_DIRS, *INFRASTRUCTURE])
def test_every_container_has_a_healthcheck(name):
    assert COMPOSE["services"][name]["healthcheck"]["test"]


def test_postgres_creates_one_database_per_service():
    volumes = COMPOSE["services"]["postgres"]["volumes"]
    assert "./deploy/postgres:/docker-entrypoint-initdb.d:ro" in volumes
    sql = "\n".join(p.read_text() for p in (REPO_ROOT / "deploy" / "postgres").glob("*.sql"))
    assert set(re.findall(r"CREATE DATABASE (\w+);", sql)) == set(SERVICE_DIRS)


def test_rabbitmq_loads_the_definitions_and_the_prometheus_plugin():
    volumes = " ".join(COMPOSE["services"]["rabbitmq"]["volumes"])
    for path in ("enabled_plugins", "definitions.json", "rabbitmq.conf"):
        assert f"./deploy/rabbitmq/{path}:" in volumes
        assert (REPO_ROOT / "deploy" / "rabbitmq" / path).is_file()
    assert "rabbitmq_prometheus" in (REPO_ROOT / "deploy/rabbitmq/enabled_plugins").read_text()


def scraped_targets() -> set[str]:
    targets = set()
    for job in PROMETHEUS["scrape_configs"]:
        for static in job.get("static_configs", []):
            targets.update(static["targets"])
        for dns in job.get("dns_sd_configs", []):
            targets.update(f"{name}:{dns['port']}" for name in dns["names"])
    return targets


def test_prometheus_scrapes_every_service_and_the_broker():
    expected = {f"{service}:{CONVENTION_PORTS[service]}" for service in SERVICE_DIRS}
    assert expected | {"rabbitmq:15692"} <= scraped_targets()
    jobs = {job["job_name"] for job in PROMETHEUS["scrape_configs"]}
    assert set(SERVICE_DIRS) <= jobs  # the HallServiceDown alert selects these job names
