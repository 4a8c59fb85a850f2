"""Notify's idle CPU as a process: ``nameko run notify.service`` on a database holding ``--rows``
finished deliveries, on a private RabbitMQ node, nothing to do; the share of one core it burns
over ``--seconds`` (``/proc/<pid>/stat``: user + system), after a warm-up.

Not a test (nothing fails on speed). Run it with each checkout's interpreter to compare two:
``.venv/bin/python bench/notify_idle.py --rows 100000``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from notify_loop import SERVICE_ROOT, load_archive  # noqa: E402

from local_stack import BrokerNode, ServiceProcess, ensure_rabbitmq_installed, free_port  # noqa: E402
from local_stack.topology import declare_services, service_config  # noqa: E402
from reliable_events import make_engine  # noqa: E402
from reliable_events.migrations import upgrade  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    args = parser.parse_args(argv)
    ensure_rabbitmq_installed()
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/notify.db"
        upgrade("notify", url, SERVICE_ROOT / "alembic.ini")
        engine = make_engine(url)
        load_archive(engine, args.rows)
        engine.dispose()
        node = f"benchnotify{os.getpid()}@localhost"
        broker = BrokerNode(Path(scratch) / "rabbitmq", free_port(), node, free_port())
        broker.start()
        env = {
            "AMQP_URI": broker.amqp_uri,
            "NOTIFY_DATABASE_URL": url,
            "SMS_GATEWAY_URL": "",
            "SMTP_HOST": "",
        }
        root = SERVICE_ROOT.parents[1]
        declare_services(broker.amqp_uri, ["notify"], {"notify": {**service_config("notify", root), **env}})
        service = ServiceProcess("notify", env, free_port(), root, log_path=Path(scratch) / "notify.log")
        try:
            service.start().wait_healthy(90)
            time.sleep(args.warmup)
            assert service.process is not None
            pid = service.process.pid
            started_cpu, started = cpu_of(pid), time.monotonic()
            time.sleep(args.seconds)
            share = (cpu_of(pid) - started_cpu) / (time.monotonic() - started)
        finally:
            service.terminate()
            broker.stop()
    result = {"code": str(SERVICE_ROOT), "rows": args.rows, "idle_process_core_share": round(share, 4)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
