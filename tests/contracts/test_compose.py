"""docker-compose.yml agrees with the repository: one container per service folder, started
with its own config, migrations and module, given only variables its config.yml reads, on
the ports of docs/CONVENTIONS.md everywhere (config default, environment, published port,
healthcheck, Prometheus), after a healthy broker and database; the databases, broker users
and permissions it relies on exist in deploy/.

Two kinds of service: the four bus services (a broker account, queues, an HTTP API) and the
console, HTTP only: no broker account and no AMQP_URI, but its own database, the four services'
URLs and its session key."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy"
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
PROMETHEUS = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
DEFINITIONS = json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())
SERVICE_DIRS = sorted(p.parent.name for p in (REPO_ROOT / "services").glob("*/config.yml"))
CONVENTION_PORTS = {"console": 8000, "intake": 8001, "joint_review": 8002, "complaints": 8003, "notify": 8004}
BUS_SERVICES = ["complaints", "intake", "joint_review", "notify"]
HTTP_ONLY = ["console"]
BROKER_NODES = ("rabbitmq1", "rabbitmq2", "rabbitmq3")  # one cluster
INFRASTRUCTURE = (
    *BROKER_NODES,
    "rabbitmq-definitions",
    "postgres",
    "prometheus",
    "alertmanager",
    "grafana",
    "proxy",
)
ONE_SHOT = ("alertmanager-config",)  # writes Alertmanager's config and exits: no healthcheck
PLACEHOLDER = re.compile(r"\$\{(\w+)(?::([^}]*))?\}")


def config_placeholders(service: str) -> dict[str, str]:
    """``{VAR: default}`` of every ``${VAR:default}`` (or ``${VAR}``) in the service's config.yml."""
    text = (REPO_ROOT / "services" / service / "config.yml").read_text()
    return dict(PLACEHOLDER.findall(text))


def config_key_of(service: str, variable: str) -> str | None:
    """The config.yml key whose value is ``${variable:...}``."""
    text = (REPO_ROOT / "services" / service / "config.yml").read_text()
    found = re.search(rf"^\s*(\w+):\s*\$\{{{variable}[:}}]", text, re.M)
    return found.group(1) if found else None


def command_of(service: str) -> str:
    command = COMPOSE["services"][service]["command"]
    return command if isinstance(command, str) else " ".join(command)


def healthcheck_of(name: str) -> str:
    test = COMPOSE["services"][name]["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def port_of(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


def published_ports(service: str) -> list[tuple[int | None, int]]:
    """``(host port or None when ephemeral, container port)`` of each ``ports:`` entry."""
    published = []
    for entry in COMPOSE["services"][service].get("ports", []):
        if isinstance(entry, dict):
            host = entry.get("published")
            published.append((int(host) if host else None, int(entry["target"])))
            continue
        parts = str(entry).split("/")[0].split(":")
        published.append((int(parts[-2]) if len(parts) > 1 else None, int(parts[-1])))
    return published


def scraped_targets() -> dict[str, set[str]]:
    """``{job_name: {host:port, ...}}`` of prometheus.yml (static and DNS discovery)."""
    targets: dict[str, set[str]] = {}
    for job in PROMETHEUS["scrape_configs"]:
        found = targets.setdefault(job["job_name"], set())
        for static in job.get("static_configs", []):
            found.update(static["targets"])
        for dns in job.get("dns_sd_configs", []):
            found.update(f"{name}:{dns['port']}" for name in dns["names"])
    return targets


def permissions_of(user: str) -> dict[str, str]:
    (found,) = [p for p in DEFINITIONS["permissions"] if p["user"] == user and p["vhost"] == "/"]
    return found


def allows(pattern: str, name: str) -> bool:
    """RabbitMQ grants a permission when its regex matches (searches) the resource name."""
    return re.search(pattern, name) is not None


def test_there_is_one_compose_service_per_service_folder_and_no_other_app_service():
    assert set(SERVICE_DIRS) == set(CONVENTION_PORTS) == set(BUS_SERVICES) | set(HTTP_ONLY)
    assert set(COMPOSE["services"]) == set(SERVICE_DIRS) | set(INFRASTRUCTURE) | set(ONE_SHOT)


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_migrates_then_runs_its_own_config_and_module(service):
    command = command_of(service)
    migrate = f"alembic -c services/{service}/alembic.ini upgrade head"
    run = f"nameko run --config services/{service}/config.yml {service}.service"
    assert migrate in command and run in command
    assert command.index(migrate) < command.index(run)
    assert "&&" in command[command.index(migrate) : command.index(run)], "run only after migrating"
    assert (REPO_ROOT / "services" / service / "alembic.ini").is_file()
    assert (REPO_ROOT / "services" / service / service / "service.py").is_file()
    assert COMPOSE["services"][service]["build"] in (".", {"context": "."})


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_sets_only_variables_its_config_reads_and_the_essential_ones(service):
    environment = COMPOSE["services"][service]["environment"]
    read = set(config_placeholders(service))
    prefix = service.upper()
    essential = {f"{prefix}_DATABASE_URL", f"{prefix}_HTTP_ADDRESS", "ACCESS_TOKENS_FILE"}
    if service in BUS_SERVICES:
        essential |= {"AMQP_URI"}
        assert config_key_of(service, "AMQP_URI") == "AMQP_URI"
    assert set(environment) <= read, f"not read by config.yml: {set(environment) - read}"
    assert essential <= set(environment), f"missing: {essential - set(environment)}"
    assert config_key_of(service, f"{prefix}_DATABASE_URL") == "DATABASE_URL"


@pytest.mark.parametrize("service", BUS_SERVICES)
def test_each_bus_service_reaches_every_node_of_the_broker_cluster_with_its_own_account(service):
    nodes = [urlsplit(uri) for uri in COMPOSE["services"][service]["environment"]["AMQP_URI"].split(";")]
    assert [(amqp.scheme, amqp.hostname, amqp.port) for amqp in nodes] == [
        ("amqp", node, 5672) for node in BROKER_NODES
    ]
    assert {amqp.username for amqp in nodes} == {service}


@pytest.mark.parametrize("service", BUS_SERVICES)
def test_each_bus_service_runs_two_replicas(service):
    assert COMPOSE["services"][service]["deploy"]["replicas"] == 2


def test_the_console_has_no_broker_account_and_calls_the_four_services_by_their_compose_names():
    definition = COMPOSE["services"]["console"]
    environment = definition["environment"]
    assert "AMQP_URI" not in environment and "rabbitmq" not in definition["depends_on"]
    urls = {
        key: value for key, value in environment.items() if key.endswith("_URL") and "DATABASE" not in key
    }
    assert urls == {
        f"{service.upper()}_URL": f"http://{service}:{CONVENTION_PORTS[service]}" for service in BUS_SERVICES
    }
    assert all(config_key_of("console", key) == key for key in urls)
    assert "console" not in {user["name"] for user in DEFINITIONS["users"]}


def test_the_console_needs_its_session_key_and_defaults_to_secure_cookies():
    environment = COMPOSE["services"]["console"]["environment"]
    assert environment["CONSOLE_SESSION_KEY"].startswith("${CONSOLE_SESSION_KEY:?"), "no default key"
    assert config_key_of("console", "CONSOLE_SESSION_KEY") == "CONSOLE_SESSION_KEY"
    assert environment["SECURE_COOKIES"] == "${SECURE_COOKIES:-true}"
    assert config_key_of("console", "SECURE_COOKIES") == "SECURE_COOKIES"


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_reaches_its_own_postgresql_database(service):
    environment = COMPOSE["services"][service]["environment"]
    # the password is the same ${POSTGRES_PASSWORD:?...} PostgreSQL gets (test_compose_secrets
    # interpolates it), so the URL is read as text, not parsed before interpolation
    postgres = COMPOSE["services"]["postgres"]["environment"]
    user = postgres.get("POSTGRES_USER", "postgres")
    expected = f"postgresql+psycopg2://{user}:{postgres['POSTGRES_PASSWORD']}@postgres:5432/{service}"
    assert environment[f"{service.upper()}_DATABASE_URL"] == expected, "SQLAlchemy 2 needs the driver name"


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_uses_one_http_port_everywhere(service):
    port = CONVENTION_PORTS[service]
    variable = f"{service.upper()}_HTTP_ADDRESS"
    definition = COMPOSE["services"][service]
    assert config_key_of(service, variable) == "WEB_SERVER_ADDRESS"
    assert port_of(config_placeholders(service)[variable]) == port
    assert definition["environment"][variable] == f"0.0.0.0:{port}"
    assert published_ports(service) == [], "only the proxy publishes: replicas need no editing"
    assert (port, port) in published_ports("proxy")
    assert healthcheck_of(service) == "CMD python -m web_api.healthcheck"  # reads <SVC>_HTTP_ADDRESS
    assert scraped_targets()[service] == {f"{service}:{port}"}


@pytest.mark.parametrize("service", SERVICE_DIRS)
def test_each_service_starts_after_a_healthy_broker_and_database_and_restarts(service):
    definition = COMPOSE["services"][service]
    healthy = {"condition": "service_healthy"}
    needed = {"postgres": healthy}
    if service in BUS_SERVICES:  # the console uses no broker
        needed.update(dict.fromkeys(BROKER_NODES, healthy))
    # and every service it calls over HTTP, by its *_URL variables (notify: intake, complaints)
    for key, value in definition["environment"].items():
        host = urlsplit(value).hostname if key.endswith("_URL") else None
        if host in COMPOSE["services"] and host != "postgres":
            needed[host] = healthy
    assert definition["depends_on"] == needed
    assert definition["restart"] == "unless-stopped"


def test_no_service_publishes_a_port_so_replicas_need_no_editing_the_proxy_does():
    for service in SERVICE_DIRS:
        assert "ports" not in COMPOSE["services"][service], service
    assert sorted(published_ports("proxy")) == sorted((p, p) for p in CONVENTION_PORTS.values())
    assert COMPOSE["services"]["proxy"]["depends_on"] == {
        service: {"condition": "service_healthy"} for service in SERVICE_DIRS
    }


@pytest.mark.parametrize("name", [*SERVICE_DIRS, *(n for n in INFRASTRUCTURE if n != "rabbitmq-definitions")])
def test_every_container_has_a_healthcheck(name):  # but the one-shot rabbitmq-definitions
    assert healthcheck_of(name).startswith(("CMD ", "CMD-SHELL "))


def test_the_infrastructure_healthchecks_ask_the_broker_and_the_database():
    assert all(healthcheck_of(node) == "CMD rabbitmq-diagnostics -q ping" for node in BROKER_NODES)
    assert "pg_isready" in healthcheck_of("postgres")


def test_postgres_creates_one_database_per_service():
    volumes = COMPOSE["services"]["postgres"]["volumes"]
    assert "./deploy/postgres/init.sql:/docker-entrypoint-initdb.d/init.sql:ro" in volumes
    sql = (DEPLOY / "postgres" / "init.sql").read_text()
    assert sorted(re.findall(r"^CREATE DATABASE (\w+);", sql, re.M)) == SERVICE_DIRS


@pytest.mark.parametrize("node", BROKER_NODES)
def test_each_broker_node_loads_its_plugins_config_and_definitions(node):
    volumes = COMPOSE["services"][node]["volumes"]
    mounts = dict(v.split(":")[:2] for v in volumes if v.startswith("./"))
    assert mounts["./deploy/rabbitmq/enabled_plugins"] == "/etc/rabbitmq/enabled_plugins"
    assert mounts["./deploy/rabbitmq/rabbitmq.conf"].startswith("/etc/rabbitmq/")
    assert mounts["./deploy/rabbitmq/advanced.config"] == "/etc/rabbitmq/advanced.config"
    # the definitions with their passwords, written by rabbitmq-definitions before the broker
    assert "rabbitmq-definitions:/etc/rabbitmq/hall:ro" in volumes
    assert f"{node}-data:/var/lib/rabbitmq" in volumes
    assert COMPOSE["services"][node]["hostname"] == node  # rabbit@<node>, as rabbitmq.conf names it
    writer = COMPOSE["services"]["rabbitmq-definitions"]
    assert "./deploy/rabbitmq/definitions.json:/deploy/definitions.json:ro" in writer["volumes"]
    assert "/etc/rabbitmq/hall/definitions.json" in writer["command"]
    # the cluster's one cookie, written into the node's data before it boots
    assert f"{node}-data:/nodes/{node}" in writer["volumes"]
    assert f"--cookie-dir=/nodes/{node}" in writer["command"]
    assert COMPOSE["services"][node]["depends_on"]["rabbitmq-definitions"] == {
        "condition": "service_completed_successfully"
    }
    plugins = (DEPLOY / "rabbitmq" / "enabled_plugins").read_text()
    assert re.fullmatch(r"\[rabbitmq_management,\s*rabbitmq_prometheus\]\.\s*", plugins)
    conf = (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text()
    assert re.search(r"^load_definitions\s*=\s*/etc/rabbitmq/hall/definitions\.json$", conf, re.M)


def test_the_three_broker_nodes_form_one_cluster_whose_quorum_queues_have_three_replicas():
    conf = (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text()
    assert re.search(r"^cluster_formation\.peer_discovery_backend\s*=\s*classic_config$", conf, re.M)
    listed = re.findall(r"^cluster_formation\.classic_config\.nodes\.\d+\s*=\s*(\S+)$", conf, re.M)
    assert listed == [f"rabbit@{node}" for node in BROKER_NODES]
    advanced = (DEPLOY / "rabbitmq" / "advanced.config").read_text()
    assert "{quorum_cluster_size, 3}" in advanced
    # a node that joined after the definitions were loaded adds its replicas itself
    for node in BROKER_NODES:
        command = command_of(node)
        assert "await_online_nodes 3" in command and 'grow "rabbit@$$(hostname)" all' in command
        assert command.endswith("exec docker-entrypoint.sh rabbitmq-server")
    published = {container for _, container in published_ports("rabbitmq1")}
    assert {5672, 15672, 15692} <= published


def test_the_broker_users_are_the_operator_the_services_agency_and_departments_without_guest():
    users = {user["name"]: user for user in DEFINITIONS["users"]}
    departments = {name for name in users if name.startswith("dept_")}  # test_deploy_departments
    assert set(users) - departments == {"admin", "agency", *BUS_SERVICES}
    assert users["admin"]["tags"] in (["administrator"], "administrator")
    assert all(u["tags"] in ([], "") for name, u in users.items() if name != "admin")
    assert all(u["hashing_algorithm"] == "rabbit_password_hashing_sha256" for u in users.values())
    assert all(u["password_hash"] == "" for u in users.values()), "no usable password in the repo"


@pytest.mark.parametrize("service", BUS_SERVICES)
def test_each_service_connects_with_its_own_account_and_a_password_from_the_environment(service):
    amqp = urlsplit(COMPOSE["services"][service]["environment"]["AMQP_URI"])
    variable = f"RABBITMQ_PASSWORD_{service.upper()}"
    assert (amqp.username, amqp.password) == (service, f"${{{variable}}}")
    required = COMPOSE["services"]["rabbitmq-definitions"]["environment"][variable]
    assert required.startswith(f"${{{variable}:?"), "compose refuses to start without it"


@pytest.mark.parametrize("service", BUS_SERVICES)
def test_the_agency_user_reads_the_events_but_cannot_publish_or_touch_service_queues(service):
    agency = permissions_of("agency")
    events = f"{service}.events"
    assert not allows(agency["write"], events), f"agency may publish to {events}"
    assert not allows(agency["configure"], events)
    assert allows(agency["read"], events), "agency must be able to bind to the events"
    for queue in (f"{service}.dead_letters", f"{service}.case_events", f"{service}.dlx"):
        assert not any(allows(agency[kind], queue) for kind in ("configure", "write", "read"))
    for own in ("agency.inbox", "agency.tax_bureau"):
        assert all(allows(agency[kind], own) for kind in ("configure", "write", "read"))


def test_prometheus_scrapes_every_service_and_the_broker_with_alert_rules_beside_it():
    targets = scraped_targets()
    expected = {service: {f"{service}:{CONVENTION_PORTS[service]}"} for service in SERVICE_DIRS}
    assert {job: targets.get(job) for job in expected} == expected
    assert targets.get("rabbitmq") == {f"{node}:15692" for node in BROKER_NODES}  # each node
    assert PROMETHEUS["rule_files"] == ["alerts.yml"]
    volumes = COMPOSE["services"]["prometheus"]["volumes"]
    assert "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in volumes
    assert "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro" in volumes
    assert set(SERVICE_DIRS) | set(BROKER_NODES) <= set(COMPOSE["services"]["prometheus"]["depends_on"])
