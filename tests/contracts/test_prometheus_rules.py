"""The Prometheus config and alert rules load, and the alert rule tests pass (promtool).

scripts/test installs promtool (Debian package ``prometheus``); in CI a missing promtool
fails, elsewhere the test skips."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROMETHEUS_DIR = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


@pytest.fixture(scope="module")
def promtool() -> str:
    found = shutil.which("promtool")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("promtool is missing in CI: scripts/test installs it (apt-get install "
                    "prometheus)")
    pytest.skip("promtool is not installed (apt-get install prometheus)")


def run(promtool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([promtool, *args], cwd=PROMETHEUS_DIR, capture_output=True,
                          text=True, timeout=120)


def test_prometheus_config_and_its_rule_files_are_valid(promtool):
    done = run(promtool, "check", "config", "prometheus.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "alerts.yml" in done.stdout + done.stderr


def test_alert_rules_fire_as_their_tests_expect(promtool):
    done = run(promtool, "test", "rules", "alerts_test.yml")
    assert done.returncode == 0, done.stdout + done.stderr
