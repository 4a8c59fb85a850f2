"""Alertmanager (deploy/alertmanager/) hears every alert and routes it by the rule's team label:
the hall's service levels to supervision, the machinery to operators. Its configuration, filled
from the environment by with_env.py, passes ``amtool check-config``; ``amtool config routes
test`` sends each rule of alerts.yml to the receiver its team names. Prometheus sends its alerts
there, and compose runs both Alertmanager (after its config is written) and Grafana.

amtool comes with the Debian package ``prometheus-alertmanager`` (scripts/test installs it)."""

import importlib.util
import subprocess
from pathlib import Path

import pytest
import yaml
from system_tools import required_tool

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy"
TEMPLATE = (DEPLOY / "alertmanager" / "alertmanager.yml").read_text()
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
ALERTS = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
RECEIVER_OF_TEAM = {"supervision": "hall-supervision", "operators": "operators"}
_spec = importlib.util.spec_from_file_location("with_env", DEPLOY / "alertmanager" / "with_env.py")
with_env = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(with_env)


def compose_defaults() -> dict[str, str]:
    """The alertmanager-config container's variables, each with its compose default."""
    environment = COMPOSE["services"]["alertmanager-config"]["environment"]
    return {name: value.split(":-", 1)[1].rstrip("}") for name, value in environment.items()}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("alertmanager") / "alertmanager.yml"
    done = subprocess.run(
        [
            "python3",
            str(DEPLOY / "alertmanager" / "with_env.py"),
            str(DEPLOY / "alertmanager" / "alertmanager.yml"),
            str(out),
        ],
        env={"PATH": "/usr/bin:/bin", **compose_defaults()},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def amtool() -> str:
    return required_tool("amtool", "prometheus-alertmanager")


def test_compose_gives_every_variable_of_the_template_and_nothing_else():
    body = "\n".join(line for line in TEMPLATE.splitlines() if not line.lstrip().startswith("#"))
    assert set(with_env.placeholders(body)) == set(compose_defaults())
    assert all(".invalid" in value for value in compose_defaults().values())


def test_a_missing_variable_is_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "alertmanager.yml"
    environment = {"PATH": "/usr/bin:/bin", **compose_defaults()}
    del environment["ALERT_SUPERVISION_EMAIL"]
    script = str(DEPLOY / "alertmanager" / "with_env.py")
    done = subprocess.run(
        ["python3", script, str(DEPLOY / "alertmanager" / "alertmanager.yml"), str(out)],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "ALERT_SUPERVISION_EMAIL" in done.stderr
    assert not out.exists()


def test_the_filled_configuration_passes_amtool(rendered, amtool):
    done = subprocess.run([amtool, "check-config", str(rendered)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout and "2 receivers" in done.stdout
    assert "${" not in rendered.read_text()


def route(amtool: str, config: Path, *labels: str) -> str:
    done = subprocess.run(
        [amtool, "config", "routes", "test", f"--config.file={config}", *labels],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_each_alert_reaches_the_receiver_of_its_team_and_an_unlabelled_one_the_operators(rendered, amtool):
    for group in ALERTS["groups"]:
        for rule in group["rules"]:
            team = rule["labels"]["team"]
            got = route(
                amtool,
                rendered,
                f"alertname={rule['alert']}",
                f"team={team}",
                f"severity={rule['labels']['severity']}",
            )
            assert got == RECEIVER_OF_TEAM[team], rule["alert"]
    assert route(amtool, rendered, "alertname=Watchdog") == "operators"


def test_prometheus_sends_its_alerts_to_the_compose_alertmanager():
    prometheus = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    (manager,) = prometheus["alerting"]["alertmanagers"]
    assert manager["static_configs"] == [{"targets": ["alertmanager:9093"]}]
    assert "alertmanager" in COMPOSE["services"]["prometheus"]["depends_on"]


def test_compose_runs_alertmanager_on_the_written_config_after_it_is_written():
    service = COMPOSE["services"]["alertmanager"]
    assert service["image"].startswith("prom/alertmanager:v0.25")  # the amtool of the tests
    assert "--config.file=/etc/alertmanager/hall/alertmanager.yml" in service["command"]
    assert "alertmanager-config:/etc/alertmanager/hall:ro" in service["volumes"]
    assert service["depends_on"]["alertmanager-config"] == {"condition": "service_completed_successfully"}
    assert "9093:9093" in service["ports"] and "9093/-/ready" in " ".join(service["healthcheck"]["test"])
    writer = COMPOSE["services"]["alertmanager-config"]
    assert writer["command"][1:] == [
        "/deploy/with_env.py",
        "/deploy/alertmanager.yml",
        "/etc/alertmanager/hall/alertmanager.yml",
    ]


def test_compose_runs_grafana_with_the_provisioning_a_password_and_no_sign_up():
    service = COMPOSE["services"]["grafana"]
    assert service["image"].startswith("grafana/grafana:")
    assert "3000:3000" in service["ports"] and "prometheus" in service["depends_on"]
    assert service["environment"]["GF_SECURITY_ADMIN_PASSWORD"].startswith("${GRAFANA_ADMIN_PASSWORD:?")
    assert service["environment"]["GF_USERS_ALLOW_SIGN_UP"] == "false"
    home = service["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert (DEPLOY / "grafana" / "dashboards" / Path(home).name).is_file()
