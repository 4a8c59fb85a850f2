"""deploy/proxy/nginx.conf, the reverse proxy of docker-compose.yml: each service's port of
docs/CONVENTIONS.md goes to that service's compose name (re-resolved, so every replica gets
requests), /metrics and /internal/ are refused in the services' JSON shape, and nginx accepts the
file (``nginx -t``; the Debian package nginx-light, installed by scripts/test)."""

import re
import subprocess
from pathlib import Path

import yaml
from system_tools import required_tool

REPO_ROOT = Path(__file__).resolve().parents[2]
PROXY = REPO_ROOT / "deploy" / "proxy"
CONF = (PROXY / "nginx.conf").read_text()
REFUSALS = (PROXY / "refusals.conf").read_text()
PORTS = {"console": 8000, "intake": 8001, "joint_review": 8002, "complaints": 8003, "notify": 8004}
SERVER = re.compile(r"server \{\s*listen (\d+);(.*?)\n    \}", re.S)


def test_each_port_goes_to_every_replica_of_its_service():
    servers = {int(port): body for port, body in SERVER.findall(CONF)}
    assert set(servers) == {*PORTS.values(), 8080}
    for service, port in PORTS.items():
        body = servers[port]
        assert f"set $upstream {service}:{port}; proxy_pass http://$upstream;" in body, service
        assert "include /etc/nginx/hall/refusals.conf;" in body
    assert re.search(r"resolver 127\.0\.0\.11 valid=\d+s", CONF), "Docker's DNS, asked again"
    assert "return 200" in servers[8080]


def test_the_proxy_refuses_metrics_and_internal_paths_and_answers_json_when_a_service_is_down():
    assert re.search(r"location = /metrics \{ return 404 '\{\"error\":\{\"code\":\"not_found\"", REFUSALS)
    assert re.search(r"location /internal/ \{ return 404 '\{\"error\":\{\"code\":\"not_found\"", REFUSALS)
    assert '"code":"service_unavailable"' in REFUSALS and "服务暂时不可用" in REFUSALS
    assert "default_type application/json;" in CONF


def test_compose_mounts_the_files_where_the_config_includes_them():
    proxy = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())["services"]["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/proxy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert "./deploy/proxy/refusals.conf:/etc/nginx/hall/refusals.conf:ro" in proxy["volumes"]
    assert "8080/health" in " ".join(proxy["healthcheck"]["test"])


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = required_tool("nginx", "nginx-light")
    conf = tmp_path / "nginx.conf"
    conf.write_text(CONF.replace("/etc/nginx/hall/refusals.conf", str(PROXY / "refusals.conf")))
    done = subprocess.run(
        [nginx, "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
