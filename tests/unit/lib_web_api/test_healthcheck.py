"""``python -m web_api.healthcheck``, the image's HEALTHCHECK: 0 only when the container's own
service answers GET /health with 200."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from web_api.healthcheck import health_url, main


def serve(status: int) -> HTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(status if self.path == "/health" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_address_comes_from_the_one_http_address_variable_or_healthcheck_url():
    assert (
        health_url({"INTAKE_HTTP_ADDRESS": "0.0.0.0:8001", "PATH": "/bin"}) == "http://127.0.0.1:8001/health"
    )
    assert health_url({"CONSOLE_HTTP_ADDRESS": "10.0.0.5:8000"}) == "http://10.0.0.5:8000/health"
    assert health_url({"HEALTHCHECK_URL": "http://x:1/health", "A_HTTP_ADDRESS": "0.0.0.0:2"}) == (
        "http://x:1/health"
    )
    for ambiguous in ({}, {"A_HTTP_ADDRESS": "0.0.0.0:1", "B_HTTP_ADDRESS": "0.0.0.0:2"}):
        with pytest.raises(ValueError):
            health_url(ambiguous)
    assert main({}) == 1


@pytest.mark.parametrize(("status", "code"), [(200, 0), (503, 1)])
def test_healthy_only_on_200(status, code):
    server = serve(status)
    try:
        address = f"0.0.0.0:{server.server_port}"
        assert main({"NOTIFY_HTTP_ADDRESS": address}) == code
        done = subprocess.run(
            [sys.executable, "-m", "web_api.healthcheck"],
            env={"NOTIFY_HTTP_ADDRESS": address},
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == code
    finally:
        server.shutdown()


def test_nothing_listening_is_unhealthy():
    server = serve(200)
    port = server.server_port
    server.shutdown()
    server.server_close()
    assert main({"INTAKE_HTTP_ADDRESS": f"0.0.0.0:{port}"}) == 1
