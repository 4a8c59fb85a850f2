"""deploy/ and the Dockerfile hold together: the Prometheus config and alert rules load and
their unit tests pass (promtool), the alerts use metrics the code exports and are each tested
firing and silent (the image: test_image.py).

promtool comes with the Debian package ``prometheus`` (scripts/test installs it): without it
these tests skip, except with ``CI=true`` where they fail."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from exported_metrics import sample_names
from system_tools import required_tool

REPO_ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = REPO_ROOT / "deploy" / "prometheus"
ALERTS = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
ALERT_TESTS = yaml.safe_load((PROMETHEUS_DIR / "alerts_test.yml").read_text())
REQUIRED_ALERTS = {
    "OutboxStuck",
    "DeadLettersWaiting",
    "DeadLetteringBurst",
    "RelayFailing",
    "ServiceDown",
    "HighErrorRate",
    # the hall's service levels (issue 16), routed to the hall's supervision
    "CasesOverdue",
    "ReviewTasksOverdue",
    "ComplaintLimitBreached",
    "DeskItemOverdue",
    "NoticesUndelivered",
    "OneTimeNoticeOverdue",
}
SERVICE_LEVELS = {"CasesOverdue", "ReviewTasksOverdue", "ComplaintLimitBreached", "DeskItemOverdue"}
SERVICE_LEVELS |= {"NoticesUndelivered", "OneTimeNoticeOverdue"}
RUNBOOKS = REPO_ROOT / "docs" / "runbooks"


@pytest.fixture(scope="module")
def promtool() -> str:
    return required_tool("promtool", "prometheus")


def run(promtool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([promtool, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def alert_rules() -> dict[str, dict]:
    return {rule["alert"]: rule for group in ALERTS["groups"] for rule in group["rules"] if "alert" in rule}


def test_the_prometheus_config_and_the_alert_rules_it_names_are_valid(promtool):
    done = run(promtool, "check", "config", "deploy/prometheus/prometheus.yml")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "alerts.yml" in output and f"SUCCESS: {len(alert_rules())} rules found" in output


def test_the_alert_rules_pass_their_promtool_unit_tests(promtool):
    done = run(promtool, "test", "rules", "deploy/prometheus/alerts_test.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_the_required_alerts_exist_with_a_severity_and_a_chinese_and_english_summary():
    rules = alert_rules()
    assert REQUIRED_ALERTS <= set(rules), f"missing: {REQUIRED_ALERTS - set(rules)}"
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in ("warning", "critical"), name
        summary = re.sub(r"\{\{.*?\}\}", "", rule["annotations"]["summary"])
        assert re.search(r"[\u4e00-\u9fff]", summary), f"{name}: no Chinese in the summary"
        assert re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", summary), f"{name}: no English"


def test_the_alerts_use_only_metrics_the_code_exports():
    exported = sample_names() | {"up"}
    for name, rule in alert_rules().items():
        used = set(re.findall(r"\b(?:hall|intake|notify|complaints|joint_review)_\w+", rule["expr"]))
        assert used <= exported, f"{name} uses metrics nobody exports: {used - exported}"


def test_every_alert_has_a_runbook_saying_what_it_means_who_acts_and_what_to_do():
    for name, rule in alert_rules().items():
        assert rule["annotations"]["runbook_url"] == f"docs/runbooks/{name}.md", name
        runbook = REPO_ROOT / rule["annotations"]["runbook_url"]
        assert runbook.is_file(), f"{name}: no {runbook.relative_to(REPO_ROOT)}"
        text = runbook.read_text()
        for heading in ("## What it means", "## Who acts", "## What to do"):
            assert heading in text, f"{runbook.name}: no {heading!r}"
    assert {page.stem for page in RUNBOOKS.glob("*.md")} - {"README"} == set(alert_rules()), (
        "a runbook of no alert"
    )


def test_service_levels_go_to_the_hall_supervision_and_the_machinery_to_operators():
    teams = {name: rule["labels"]["team"] for name, rule in alert_rules().items()}
    assert {name for name, team in teams.items() if team == "supervision"} == SERVICE_LEVELS
    assert {name for name, team in teams.items() if team != "supervision"} == set(teams) - SERVICE_LEVELS
    assert set(teams.values()) == {"supervision", "operators"}


def test_the_alerts_watch_the_thresholds_agreed_for_operations():
    rules = {name: (" ".join(rule["expr"].split()), rule.get("for")) for name, rule in alert_rules().items()}
    assert rules["OutboxStuck"] == ("max by (service) (hall_outbox_oldest_pending_seconds) > 300", "5m")
    assert rules["DeadLettersWaiting"] == ("max by (service) (hall_dead_letter_queue_depth) > 0", "10m")
    assert rules["ServiceDown"] == ("up == 0", "2m")
    assert "increase(hall_dead_lettered_total[10m])) > 10" in rules["DeadLetteringBurst"][0]
    assert rules["RelayFailing"][1] == "10m"
    assert "rate(hall_outbox_publish_failures_total[5m])) > 0" in rules["RelayFailing"][0]
    assert 'outcome="error"' in rules["HighErrorRate"][0]
    assert rules["HighErrorRate"][0].endswith("> 0.05")


def test_every_alert_has_a_firing_and_a_silent_unit_test_case():
    cases: dict[str, set[bool]] = {}
    for test in ALERT_TESTS["tests"]:
        for case in test.get("alert_rule_test", []):
            cases.setdefault(case["alertname"], set()).add(bool(case.get("exp_alerts")))
    assert ALERT_TESTS["rule_files"] == ["alerts.yml"]
    for name in alert_rules():
        assert cases.get(name) == {True, False}, f"{name}: firing/silent cases {cases.get(name)}"
