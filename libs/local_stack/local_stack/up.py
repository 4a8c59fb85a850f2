"""``python -m local_stack up``: the whole system on this machine, until Ctrl-C.

The console (the hall's pages, ``http://127.0.0.1:8000``) starts last, once the four services
answer, and its address is printed first. A second ``up`` while one runs is refused (exit 2)
rather than joined: the ports 8000-8004 belong to the first run, and two runs sharing SQLite
files and a broker would only confuse.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from local_stack.accounts import account_uri, install_dev_accounts
from local_stack.broker import BrokerError, ensure_broker
from local_stack.conventions import (
    CONSOLE,
    CONSOLE_PORT,
    DATA_DIR_NAME,
    DEV_CONSOLE_OPEN311_KEY,
    HTTP_PORTS,
    SERVICES,
    console_backend_env,
    env_prefix,
    port_in_use,
    sqlite_url,
)
from local_stack.peers.local_run import PeerPortTaken, RunningPeers, start_peers
from local_stack.processes import MigrationError, ServiceFailed, ServiceProcess, run_migrations
from local_stack.topology import TopologyClash, declare_services, service_config

EXIT_FAILED = 1
EXIT_PORTS_TAKEN = 2
# who to sign in as first, per role (deploy/access/README.md lists every dev account)
DEV_ACCOUNTS = (
    ("dev-window-market", "窗口工作人员 window clerk 李四"),
    ("dev-head-market", "窗口负责人 window head"),
    ("dev-lead-market", "牵头窗口 lead window"),
    ("dev-reviewer-natres", "部门审查人员 reviewer (natural_resources)"),
    ("dev-complaints", "投诉受理办公室 complaints office"),
    ("dev-supervision", "督查室 supervision"),
    ("dev-operator", "运维人员 operator"),
)


def all_ports() -> dict[str, int]:
    """Every port ``up`` listens on: the console's, then the bus services'."""
    return {CONSOLE: CONSOLE_PORT, **HTTP_PORTS}


def console_banner(url: str) -> str:
    """The first thing ``up`` prints once everything answers: where to open the hall's pages."""
    rule = "=" * 72
    accounts = [f"    {token:<22} {who}" for token, who in DEV_ACCOUNTS]
    return "\n".join(
        [
            rule,
            f"  Console (the hall's pages): {url}",
            "  open it in a browser and sign in with `dev-window-market` (window clerk);",
            "  one development account per role (deploy/access/README.md has them all):",
            *accounts,
            "  public pages (no sign-in): " + url + "/public/catalogue",
            rule,
        ]
    )


def taken_ports(ports: dict[str, int]) -> list[str]:
    """One sentence per service port something already listens on."""
    problems = []
    for service, port in ports.items():
        if not port_in_use(port):
            continue
        probe = ServiceProcess(service, {}, port, Path("."))
        if probe.health_status() is not None:
            problems.append(
                f"port {port} ({service}) answers /health: the system seems to be "
                f"running already (stop it with Ctrl-C in its terminal)"
            )
        else:
            problems.append(f"port {port} ({service}) is taken by another program")
    return problems


def service_table(processes: list[ServiceProcess], amqp_uri: str) -> str:
    rows = [("service", "HTTP API", "health", "metrics", "log")]
    rows += [(p.service, p.base_url + "/", p.health_url, p.metrics_url, str(p.log_path)) for p in processes]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([*lines, "", f"broker: {amqp_uri}"])


def up(repo_root: Path, amqp_port: int = 5672, health_timeout: float = 90) -> int:
    """Start everything, print where it is, wait for SIGINT/SIGTERM, stop everything."""
    problems = taken_ports(all_ports())
    if problems:
        print("local_stack up: cannot start:\n  " + "\n  ".join(problems))
        return EXIT_PORTS_TAKEN
    data_dir = repo_root / DATA_DIR_NAME
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    stop = stop_on_signals()
    try:
        broker = ensure_broker(data_dir, amqp_port)
    except BrokerError as error:
        print(f"local_stack up: no broker: {error}")
        return EXIT_FAILED
    print(
        f"broker: {'private node ' + broker.node.nodename if broker.node else 'reused'} at {broker.amqp_uri}"
    )
    processes: list[ServiceProcess] = []
    peers = RunningPeers()
    try:
        # every queue exists before any service publishes, as the deploy definitions ensure
        declare_services(
            broker.amqp_uri, SERVICES, {service: service_config(service, repo_root) for service in SERVICES}
        )
        service_uris = broker_accounts(broker)
        peers = start_peers()  # notify's SMS gateway and SMTP server (local_stack.peers)
        start_services(processes, service_uris, peers, repo_root, data_dir)
        wait_healthy(processes, health_timeout)
        console = start_console(processes, repo_root, data_dir).wait_healthy(health_timeout)
    except (MigrationError, ServiceFailed, PeerPortTaken, TopologyClash, BrokerError) as error:
        print(f"local_stack up: {error}")
        shut_down(processes, broker.node, peers)
        return EXIT_FAILED
    table = service_table(processes, broker.amqp_uri) + "\n" + peers.table()
    print("\n" + console_banner(console.base_url) + "\n\n" + table)
    print("\nRunning. Ctrl-C stops every service" + (" and the private broker node." if broker.node else "."))
    watch(processes, stop)
    shut_down(processes, broker.node, peers)
    return 0


def stop_on_signals() -> threading.Event:
    """Set on SIGINT or SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def start_services(
    processes: list[ServiceProcess],
    service_uris: dict[str, str],
    peers: RunningPeers,
    repo_root: Path,
    data_dir: Path,
) -> None:
    """Migrate and start each service, appending it to ``processes`` (so that a failure
    half-way stops the ones already started)."""
    for service in SERVICES:
        url = sqlite_url(data_dir / f"{service}.db")
        print(f"{service}: migrating {url}")
        run_migrations(service, url, repo_root)
        peer_env = peers.notify_env if service == "notify" else {}
        if service == "complaints":  # the console's online complaint form is its Open311 app
            peer_env = {"OPEN311_API_KEYS": DEV_CONSOLE_OPEN311_KEY}
        environment = {
            "AMQP_URI": service_uris[service],
            f"{env_prefix(service)}_DATABASE_URL": url,
            **peer_env,
        }
        log_path = data_dir / "logs" / f"{service}.log"
        processes.append(
            ServiceProcess(service, environment, HTTP_PORTS[service], repo_root, log_path=log_path).start()
        )


def wait_healthy(processes: list[ServiceProcess], timeout: float) -> None:
    for process in processes:
        print(f"{process.service}: waiting for {process.health_url}")
        process.wait_healthy(timeout)


def start_console(processes: list[ServiceProcess], repo_root: Path, data_dir: Path) -> ServiceProcess:
    """Migrate the console's own SQLite database (its sessions) and start it on 8000, calling
    the four services at their local addresses; no broker account: it is HTTP only."""
    url = sqlite_url(data_dir / f"{CONSOLE}.db")
    print(f"{CONSOLE}: migrating {url}")
    run_migrations(CONSOLE, url, repo_root)
    service_urls = {service: f"http://127.0.0.1:{port}" for service, port in HTTP_PORTS.items()}
    environment = {
        f"{env_prefix(CONSOLE)}_DATABASE_URL": url,
        "CONSOLE_OPEN311_KEY": DEV_CONSOLE_OPEN311_KEY,
        **console_backend_env(service_urls),
    }
    log_path = data_dir / "logs" / f"{CONSOLE}.log"
    console = ServiceProcess(CONSOLE, environment, CONSOLE_PORT, repo_root, log_path=log_path)
    processes.append(console.start())
    print(f"{CONSOLE}: waiting for {console.health_url}")
    return console


def broker_accounts(broker) -> dict[str, str]:
    """Each service's AMQP URI: its own account (development password, ``local_stack.accounts``)
    on a node of ours; guest on a broker we reuse, whose accounts we cannot set."""
    if broker.node is None:
        print(
            "broker: reused, so the services connect as guest (the per-service accounts need "
            "a node of ours: stop that broker or use --amqp-port)"
        )
        return dict.fromkeys(SERVICES, broker.amqp_uri)
    install_dev_accounts(broker.node)
    return {service: account_uri(broker.amqp_uri, service) for service in SERVICES}


def watch(processes: list[ServiceProcess], stop: threading.Event) -> None:
    """Wait for the stop signal; report (once) any service that dies meanwhile."""
    reported: set[str] = set()
    while not stop.wait(1.0):
        for process in processes:
            if not process.is_running() and process.service not in reported:
                reported.add(process.service)
                code = process.process.returncode if process.process is not None else None
                print(
                    f"\n{process.service} exited with code {code}; "
                    f"the others keep running. Log tail:\n{process.log_tail(20)}"
                )


def shut_down(processes: list[ServiceProcess], node, peers: RunningPeers | None = None) -> None:
    print("\nstopping services ...")
    for process in processes:
        process.send_sigterm()
    for process in processes:
        code = process.terminate()
        print(f"  {process.service} stopped (exit code {code})")
    if peers is not None:
        peers.stop()
    if node is not None:
        print(f"stopping broker node {node.nodename} ...")
        try:
            node.stop()
        except BrokerError as error:
            print(f"  could not stop it: {error}")
