"""A service process: its environment, log, health wait and stops, on a stand-in for nameko
(a tiny HTTP server) so nothing but a Python process is started."""

import signal
import sys
import textwrap

import pytest

from local_stack import ServiceFailed, ServiceProcess, free_port, run_migrations
from local_stack.processes import MigrationError
from local_stack.up import service_table, taken_ports

STAND_IN = textwrap.dedent("""
    import os, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer
    print("address", os.environ["INTAKE_HTTP_ADDRESS"], "amqp", os.environ["AMQP_URI"], flush=True)
    if os.environ.get("STAND_IN_EXIT"):
        sys.exit(int(os.environ["STAND_IN_EXIT"]))
    status = int(os.environ.get("STAND_IN_STATUS", "200"))
    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status if self.path == "/health" else 404)
            self.end_headers()
        def log_message(self, *args):
            pass
    host, port = os.environ["INTAKE_HTTP_ADDRESS"].split(":")
    HTTPServer((host, int(port)), Health).serve_forever()
""")


class StandIn(ServiceProcess):
    def command(self):
        return [sys.executable, "-c", STAND_IN]


@pytest.fixture
def stand_in(tmp_path):
    made = []

    def make(**env):
        process = StandIn(
            "intake",
            {"AMQP_URI": "amqp://x/", **env},
            free_port(),
            tmp_path,
            log_path=tmp_path / "logs" / "intake.log",
        )
        made.append(process)
        return process

    yield make
    for process in made:
        process.terminate(timeout=5)


def test_the_http_address_comes_from_the_port_and_the_output_goes_to_the_log(stand_in):
    process = stand_in().start().wait_healthy(timeout=20)
    assert f"address 127.0.0.1:{process.http_port} amqp amqp://x/" in process.log_text()
    assert process.health_url == f"http://127.0.0.1:{process.http_port}/health"


def test_a_process_that_exits_fails_the_wait_with_its_log(stand_in):
    process = stand_in(STAND_IN_EXIT="3").start()
    with pytest.raises(ServiceFailed, match=r"(?s)exited \(code 3\).*address 127\.0\.0\.1"):
        process.wait_healthy(timeout=20)


def test_a_process_that_stays_unhealthy_fails_the_wait_naming_the_last_status(stand_in):
    process = stand_in(STAND_IN_STATUS="503").start()
    with pytest.raises(ServiceFailed, match="last answer: 503"):
        process.wait_healthy(timeout=2)


def test_terminate_stops_with_sigterm_and_kill_with_sigkill(stand_in):
    gentle, hard = stand_in().start(), stand_in().start()
    gentle.wait_healthy(timeout=20)
    hard.wait_healthy(timeout=20)
    assert gentle.terminate() == -signal.SIGTERM
    hard.kill()
    assert hard.process.returncode == -signal.SIGKILL
    assert not gentle.is_running() and not hard.is_running()


def test_restart_appends_to_the_log_and_comes_back_healthy(stand_in):
    process = stand_in().start().wait_healthy(timeout=20)
    first_pid = process.process.pid
    process.restart(timeout=20)
    assert process.process.pid != first_pid
    assert process.log_text().count("=== local_stack: starting") == 2


def test_the_up_command_names_a_port_that_is_already_taken(stand_in):
    process = stand_in().start().wait_healthy(timeout=20)
    problems = taken_ports({"intake": process.http_port, "notify": free_port()})
    assert problems == [
        f"port {process.http_port} (intake) answers /health: the system seems "
        f"to be running already (stop it with Ctrl-C in its terminal)"
    ]


def test_the_up_table_lists_api_health_metrics_and_log_of_each_service(stand_in):
    process = stand_in()
    table = service_table([process], "amqp://guest:guest@127.0.0.1:5672/")
    row = table.splitlines()[2].split()
    assert row == [
        "intake",
        process.base_url + "/",
        process.health_url,
        process.metrics_url,
        str(process.log_path),
    ]


def test_migrations_of_a_service_without_alembic_ini_fail_clearly(tmp_path):
    with pytest.raises(MigrationError, match="alembic.ini is missing"):
        run_migrations("intake", "sqlite:///x.db", repo_root=tmp_path)
