"""docker-compose gives notify the internal addresses of the services that own the contacts."""

from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
PORTS = {"intake": 8001, "complaints": 8003}


def test_notify_reaches_intake_and_complaints_by_their_compose_names_and_ports():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    environment = compose["services"]["notify"]["environment"]
    config = (ROOT / "services" / "notify" / "config.yml").read_text(encoding="utf-8")
    for key, service in (("INTAKE_URL", "intake"), ("COMPLAINTS_URL", "complaints")):
        address = urlsplit(environment[key])
        assert (address.hostname, address.port) == (service, PORTS[service])
        assert service in compose["services"] and f"{key}: ${{{key}:" in config
    for key in ("SMS_GATEWAY_URL", "SMTP_HOST", "NOTIFY_SERVICE_TOKEN"):
        assert key in environment and f"{key}: ${{{key}:" in config
