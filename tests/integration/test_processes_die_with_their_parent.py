"""Whatever a test run or ``make up`` starts dies with it, however it ends: a parent killed with
SIGKILL (a test run stopped by a timeout) leaves no broker node and no service running, and a
node an earlier killed run left behind is replaced, never taken for this run's own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bus import wait_for

from local_stack import BrokerNode, free_port
from local_stack.broker import RABBITMQ_SERVER

# process lifetimes; its service is on SQLite whatever the run: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

REPO_ROOT = Path(__file__).resolve().parents[2]

PARENT = textwrap.dedent("""
    import json, os, sys, time
    from pathlib import Path
    from local_stack import BrokerNode, ServiceProcess, free_port, run_migrations, sqlite_url
    from local_stack.topology import declare_services, service_config

    root, data = Path(sys.argv[1]), Path(sys.argv[2])
    node = BrokerNode(data / "rabbitmq", free_port(), f"hallparent{os.getpid()}@localhost",
                      free_port()).start()
    url = sqlite_url(data / "intake.db")
    run_migrations("intake", url, root)
    env = {"AMQP_URI": node.amqp_uri, "INTAKE_DATABASE_URL": url}
    # its queues and the exchanges they bind, as make up declares them: healthy means consuming
    declare_services(node.amqp_uri, ["intake"], {"intake": {**service_config("intake", root), **env}})
    service = ServiceProcess("intake", env, free_port(), root, log_path=data / "intake.log").start()
    service.wait_healthy(90)
    print(json.dumps({"broker": int(node.pid_file.read_text()), "service": service.process.pid}),
          flush=True)
    while True:
        time.sleep(60)
""")


def alive(pid: int) -> bool:
    """A zombie counts as gone: it runs nothing and only waits for its new parent to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def kill_if_alive(*pids: int) -> None:
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_a_parent_killed_with_sigkill_takes_its_broker_node_and_its_service_with_it(tmp_path):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(REPO_ROOT), str(tmp_path)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = parent.stdout.readline()
    if not line:
        parent.wait(timeout=30)
        raise AssertionError(f"the parent exited {parent.returncode}: {parent.stderr.read()}")
    children = json.loads(line)
    try:
        assert alive(children["broker"]) and alive(children["service"])
        assert parent_of(children["broker"]) == parent.pid  # the VM itself, not a daemon
        parent.kill()
        parent.wait(timeout=30)
        wait_for(lambda: not alive(children["broker"]) and not alive(children["service"]), timeout=30)
    finally:
        parent.kill()
        kill_if_alive(children["broker"], children["service"])


def test_a_node_left_running_by_an_earlier_run_is_replaced_not_reused(tmp_path):
    node = BrokerNode(tmp_path / "rabbitmq", free_port(), f"hallstale{os.getpid()}@localhost", free_port())
    node.write_files()
    env = {**os.environ, **node.node_env()}
    subprocess.run(
        [str(RABBITMQ_SERVER), "-detached"], env=env, check=True, timeout=60, start_new_session=True
    )  # as the earlier code did: a daemon, orphaned
    wait_for(node.is_running, timeout=60)
    leftover = int(node.pid_file.read_text())
    try:
        node.start()
        assert not alive(leftover)
        assert int(node.pid_file.read_text()) == node.process.pid  # this run's own child
    finally:
        node.stop()
        kill_if_alive(leftover)
