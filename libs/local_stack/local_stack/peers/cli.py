"""Running one peer alone, in the foreground until Ctrl-C:

python -m local_stack.peers.sms_gateway --port 8025 [--key dev-sms-key] [--delivery-delay 0] [--no-dedup]
    [--no-batch-status]
    [--report-url http://127.0.0.1:8004/callbacks/sms/reports --report-secret dev-sms-report-secret]
python -m local_stack.peers.smtp_server --port 8026 [--control-port 8027]
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable

from local_stack.peers import sms_gateway, smtp_server


def sms_gateway_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local_stack.peers.sms_gateway",
        description="A local SMS gateway that records messages.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--key", default=sms_gateway.DEFAULT_API_KEY, help="the bearer key callers must send")
    parser.add_argument(
        "--delivery-delay", type=float, default=0.0, help="seconds before a receipt says delivered"
    )
    parser.add_argument("--no-dedup", action="store_true", help="ignore Idempotency-Key")
    parser.add_argument(
        "--no-batch-status", action="store_true", help="answer 404 to POST /v1/messages/status"
    )
    parser.add_argument("--report-url", help="push delivery reports here (notify's /callbacks/sms/reports)")
    parser.add_argument("--report-secret", default="", help="the secret the pushes are signed with")
    args = parser.parse_args(argv)
    gateway = sms_gateway.LocalSmsGateway(
        args.key,
        port=args.port,
        host=args.host,
        delivery_delay=args.delivery_delay,
        deduplicate=not args.no_dedup,
        batch_status=not args.no_batch_status,
        report_url=args.report_url,
        report_secret=args.report_secret,
    ).start()
    url = gateway.url
    print(
        f"sms gateway at {url} (key {args.key}); control: {url}/_control/messages; Ctrl-C stops", flush=True
    )
    return _until_interrupted(gateway.stop)


def smtp_server_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local_stack.peers.smtp_server",
        description="A local SMTP server that records messages.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8026)
    parser.add_argument(
        "--control-port", type=int, default=8027, help="port of the JSON control API (GET /_control/messages)"
    )
    args = parser.parse_args(argv)
    server, url = smtp_server.start(args.port, args.control_port, host=args.host)
    print(f"smtp server at {url}; control: {server.control_url}/_control/messages; Ctrl-C stops", flush=True)
    return _until_interrupted(server.stop)


def _until_interrupted(stop: Callable[[], None]) -> int:
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    stop()
    return 0
