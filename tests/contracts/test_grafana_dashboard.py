"""The operators' Grafana dashboard (deploy/grafana/) reads only what exists: every panel has a
title, a unit and queries that name only metrics the code exports (collected from the metric
objects, ``exported_metrics``), Prometheus's ``up`` or RabbitMQ's own; its queries parse
(promtool); it covers the service levels and the machinery issue 16 lists; Grafana's
provisioning names the datasource the panels use and the folder compose mounts."""

import json
import re
import subprocess
from pathlib import Path

import yaml
from exported_metrics import sample_names
from system_tools import required_tool

REPO_ROOT = Path(__file__).resolve().parents[2]
GRAFANA = REPO_ROOT / "deploy" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
DATASOURCES = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
PROVIDERS = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "hall.yml").read_text())
# RabbitMQ's Prometheus plugin (aggregated metrics, deploy/rabbitmq/rabbitmq.conf), not our code
BROKER_METRICS = {
    "rabbitmq_queue_messages_ready",
    "rabbitmq_queue_messages_unacked",
    "rabbitmq_queue_consumers",
}
PROMQL_WORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan"}
SERVICE_LEVELS = {
    "hall_intake_cases_accepted_total",  # cases accepted by kind
    "hall_intake_on_time_ratio",
    "hall_intake_cases_open",
    "hall_intake_cases_overdue",
    "hall_joint_review_reviews_open",
    "hall_joint_review_tasks_overdue",  # by department
    "hall_complaints_overdue",
    "hall_complaints_limit_breaches_total",
    "hall_complaints_desk_items",
    "hall_complaints_desk_items_overdue",
    "hall_notify_deliveries_total",  # delivered / failed by channel
}
MACHINERY = {
    "hall_entrypoint_calls_total",  # rate and errors
    "hall_entrypoint_duration_seconds_bucket",  # duration
    "hall_outbox_oldest_pending_seconds",
    "hall_unrouted_queue_depth",
    "hall_outbox_parked",
    "hall_dead_letter_queue_depth",
    "rabbitmq_queue_messages_ready",
}


def panels(dashboard: dict) -> list[dict]:
    found = []
    for panel in dashboard["panels"]:
        found.extend(panel.get("panels", []) if panel["type"] == "row" else [panel])
    return found


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression reads."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings: label values, label_replace args
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)  # matchers and ranges
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = re.findall(r"(?<![\w.])([A-Za-z_:][\w:]*)\b(?!\s*\()", expr)
    return set(names) - PROMQL_WORDS


def queries() -> list[tuple[str, str, dict]]:
    return [
        (path.name, panel["title"], target)
        for path in DASHBOARDS
        for panel in panels(json.loads(path.read_text()))
        for target in panel["targets"]
    ]


def test_the_metric_name_reader_reads_names_not_functions_labels_or_strings():
    expr = 'sum by (channel) (label_replace(increase(a_total{x="y"}[1h]), "c", "$1", "f", "(.*)")) / b > 0.5'
    assert metric_names(expr) == {"a_total", "b"}
    assert metric_names("histogram_quantile(0.95, sum by (le) (rate(c_bucket[5m]))) or on (job) up") == {
        "c_bucket",
        "up",
    }


def test_every_panel_has_a_title_a_unit_and_queries_of_exported_metrics():
    known = sample_names() | BROKER_METRICS | {"up"}
    assert DASHBOARDS, "no dashboard in deploy/grafana/dashboards"
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        assert dashboard["uid"] and dashboard["title"]
        for panel in panels(dashboard):
            assert panel.get("title", "").strip(), f"{path.name}: panel {panel['id']} has no title"
            assert panel["fieldConfig"]["defaults"].get("unit"), f"{panel['title']}: no unit"
            assert panel["targets"], f"{panel['title']}: no query"
            for target in panel["targets"]:
                unknown = metric_names(target["expr"]) - known
                assert not unknown, f"{panel['title']}: {unknown} are exported by nobody"


def test_the_dashboard_shows_the_service_levels_and_the_machinery():
    used = set().union(*(metric_names(target["expr"]) for _, _, target in queries()))
    assert SERVICE_LEVELS - used == set(), "service levels without a panel"
    assert MACHINERY - used == set(), "machinery without a panel"


def test_every_panel_reads_the_provisioned_prometheus():
    (datasource,) = DATASOURCES["datasources"]
    assert (datasource["type"], datasource["url"]) == ("prometheus", "http://prometheus:9090")
    for name, title, target in queries():
        assert target["datasource"] == {"type": "prometheus", "uid": datasource["uid"]}, f"{name}: {title}"


def test_the_dashboards_provider_reads_the_folder_compose_mounts():
    (provider,) = PROVIDERS["providers"]
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    volumes = compose["services"]["grafana"]["volumes"]
    assert f"./deploy/grafana/dashboards:{provider['options']['path']}:ro" in volumes
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in volumes


def test_every_query_parses_as_promql(tmp_path):
    promtool = required_tool("promtool", "prometheus")
    rules = [
        {"record": f"dashboard:query_{i}", "expr": target["expr"]}
        for i, (_, _, target) in enumerate(queries())
    ]
    path = tmp_path / "dashboard_queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    done = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(rules)} rules found" in done.stdout
