"""docker-compose.yml carries no usable secret (issue 12 point 3, R-COMP-4): the token file, the
complaints key, notify's service token and the console's session key come from the environment
with no default, so compose refuses to start without them; with them set, each lands where its
service reads it; nothing published in this repository (a development token or key) appears, and
no service runs in development mode. Compose's variable syntax is interpolated here as compose does it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet
from system_tools import required_tool

from complaints.identity.rules import DEV_KEY
from console.dependencies import DEVELOPMENT_SESSION_KEY

REPO_ROOT = Path(__file__).resolve().parents[2]
TEXT = (REPO_ROOT / "docker-compose.yml").read_text()
SECRETS = (
    "ACCESS_TOKENS_FILE",
    "COMPLAINANT_KEY",
    "NOTIFY_SERVICE_TOKEN",
    "POSTGRES_PASSWORD",
    "CONSOLE_SESSION_KEY",
    "CONSOLE_TOKEN",
    "GRAFANA_ADMIN_PASSWORD",
    "RABBITMQ_ERLANG_COOKIE",
)
SERVICES = ("intake", "joint_review", "complaints", "notify", "console")
VARIABLE = re.compile(r"\$(?:\$|\{(\w+)(?:(:?[-?])([^}]*))?\})")


class Missing(Exception):
    """compose's error for ``${VAR:?message}`` with VAR unset or empty."""


def interpolate(text: str, environment: dict[str, str]) -> str:
    """compose's interpolation: ``$$``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
    ``${VAR:?message}``, ``${VAR?message}``."""

    def value(match: re.Match) -> str:
        name, operator, argument = match.groups()
        if name is None:
            return "$"
        found = environment.get(name)
        unset = found is None or (operator is not None and operator.startswith(":") and found == "")
        if operator and operator.endswith("?") and unset:
            raise Missing(f"{name}: {argument}")
        if operator and operator.endswith("-") and unset:
            return argument
        return found or ""

    return VARIABLE.sub(value, text)


def real_environment(tmp_path: Path) -> dict[str, str]:
    tokens = tmp_path / "tokens.json"
    tokens.write_text('{"tokens": []}')
    passwords = {
        f"RABBITMQ_PASSWORD_{user}": f"pw-{user.lower()}"
        for user in ("ADMIN", "INTAKE", "JOINT_REVIEW", "COMPLAINTS", "NOTIFY")
    }
    return {
        "ACCESS_TOKENS_FILE": str(tokens),
        "COMPLAINANT_KEY": Fernet.generate_key().decode(),
        "CONSOLE_SESSION_KEY": Fernet.generate_key().decode(),
        "NOTIFY_SERVICE_TOKEN": "minted-for-this-test",
        "CONSOLE_TOKEN": "minted-for-the-console",
        "POSTGRES_PASSWORD": "pg-pw-for-this-test",
        "GRAFANA_ADMIN_PASSWORD": "grafana-pw-for-this-test",
        "RABBITMQ_ERLANG_COOKIE": "cookie-for-this-test",
        **passwords,
    }


@pytest.mark.parametrize("secret", SECRETS)
def test_r_comp_4_compose_refuses_to_start_without_each_secret(tmp_path, secret):
    environment = real_environment(tmp_path)
    interpolate(TEXT, environment)  # complete: it validates
    for absent in ({k: v for k, v in environment.items() if k != secret}, {**environment, secret: ""}):
        with pytest.raises(Missing, match=f"^{secret}: set {secret}"):
            interpolate(TEXT, absent)


def test_r_comp_4_each_secret_set_in_the_environment_reaches_the_service_that_reads_it(tmp_path):
    environment = real_environment(tmp_path)
    compose = yaml.safe_load(interpolate(TEXT, environment))
    assert compose["secrets"]["access_tokens"] == {"file": environment["ACCESS_TOKENS_FILE"]}
    for name in SERVICES:
        service = compose["services"][name]
        assert service["secrets"] == ["access_tokens"], name
        assert service["environment"]["ACCESS_TOKENS_FILE"] == "/run/secrets/access_tokens", name
        assert service["environment"].get("HALL_MODE", "production") != "development", name
    complaints, notify = (compose["services"][name]["environment"] for name in ("complaints", "notify"))
    assert complaints["COMPLAINANT_KEY"] == environment["COMPLAINANT_KEY"]
    assert notify["NOTIFY_SERVICE_TOKEN"] == environment["NOTIFY_SERVICE_TOKEN"]
    console = compose["services"]["console"]["environment"]
    assert console["CONSOLE_SESSION_KEY"] == environment["CONSOLE_SESSION_KEY"]
    assert console["CONSOLE_TOKEN"] == environment["CONSOLE_TOKEN"]
    assert str(console["SECURE_COOKIES"]).lower() == "true"  # behind the hall's TLS proxy
    # the database's password: set once for PostgreSQL, used by each service's URL
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == "pg-pw-for-this-test"
    for name in SERVICES:
        url = compose["services"][name]["environment"][f"{name.upper()}_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg2://postgres:pg-pw-for-this-test@postgres:5432/"), url


def test_r_comp_4_compose_holds_no_development_token_key_or_tokens_file():
    assert DEV_KEY not in TEXT
    assert DEVELOPMENT_SESSION_KEY not in TEXT
    assert "dev-tokens.json" not in TEXT
    assert re.findall(r"\bdev-[a-z][a-z-]*", TEXT) == []  # dev-service-notify, dev-operator, ...
    assert "HALL_MODE: development" not in TEXT


def docker_compose() -> str:
    """Debian's docker-compose 1.29: it validates a compose file without a Docker engine."""
    return required_tool("docker-compose", "docker-compose")


def test_r_comp_4_docker_compose_itself_validates_with_the_secrets_and_refuses_without_them(tmp_path):
    """The same two verdicts as the interpolation above, from compose's own `config`."""
    import os
    import subprocess

    binary = docker_compose()
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in SECRETS and not key.startswith("RABBITMQ_PASSWORD_")
    }

    def config(environment: dict) -> subprocess.CompletedProcess:
        return subprocess.run(
            [binary, "-f", str(REPO_ROOT / "docker-compose.yml"), "config", "-q"],
            cwd=tmp_path,
            env={**base, **environment},
            capture_output=True,
            text=True,
            timeout=120,
        )

    complete = config(real_environment(tmp_path))
    assert complete.returncode == 0, complete.stderr
    for secret in SECRETS:
        missing = config({k: v for k, v in real_environment(tmp_path).items() if k != secret})
        assert missing.returncode != 0 and f"set {secret}" in missing.stderr, (secret, missing.stderr)
