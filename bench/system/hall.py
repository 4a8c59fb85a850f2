"""A private hall for the benchmark, from the same ``local_stack`` pieces as ``make up`` and the
tests: a RabbitMQ node of its own on free ports (quorum queues, the accounts of
deploy/rabbitmq/definitions.json with their development passwords), intake, joint_review and
notify each on its own database (SQLite files, or PostgreSQL databases created for the run), the
local SMS gateway and SMTP server as notify's peers, and the three department agents of NY-001
answering their tasks as separate processes. complaints and the console are not in the loop."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from hall_contracts.topology import department_user
from local_stack import BrokerNode, ServiceProcess, free_port, lifeline, run_migrations
from local_stack.accounts import OPERATOR, account_uri, install_dev_accounts
from local_stack.topology import declare_services, service_config

from .tracker import DEPARTMENTS

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "joint_review", "notify")
# With its reports pushed (the default, as make up's) the SMS gateway tells notify at once that
# an SMS was delivered, and the receipt poll stays at its default (60 s), the safety net. Without
# the push (--sms-push off) notify asks for receipts every 60 s by default: a receipt SMS would
# count as delivered a minute late, so the benchmark asks every second (the loop's own pace).
NOTIFY_PACE = {"RECEIPT_POLL_SECONDS": "1", "DELIVERY_POLL_SECONDS": "1"}
PUSHED_PACE = {"RECEIPT_POLL_SECONDS": "60", "DELIVERY_POLL_SECONDS": "1"}
REPORT_SECRET = "bench-sms-report-secret"


class Hall:
    def __init__(
        self,
        folder: Path,
        db: str,
        pg_server: str | None = None,
        amqp_uri: str | None = None,
        sms_push: bool = True,
    ):
        self.folder, self.db, self.pg_server, self.sms_push = folder, db, pg_server, sms_push
        self.token = uuid.uuid4().hex[:8]
        self.broker: BrokerNode | None = None
        self.amqp_uri = amqp_uri  # given: a running broker with the hall's development accounts
        self.services: dict[str, ServiceProcess] = {}
        self.agents: dict[str, subprocess.Popen] = {}
        self.urls: dict[str, str] = {}
        self.databases: dict[str, str] = {}
        self.peers: list = []

    # -- broker
    def start_broker(self) -> str:
        if self.amqp_uri is None:
            from local_stack import ensure_rabbitmq_installed

            ensure_rabbitmq_installed()
            self.broker = BrokerNode(
                self.folder / "rabbitmq", free_port(), f"hallsys{os.getpid()}@localhost", free_port()
            ).start()
            vhost = f"bench{self.token}"
            self.amqp_uri = self.broker.add_vhost(vhost)
            install_dev_accounts(self.broker, vhost)
        return self.amqp_uri

    def uri_of(self, user: str) -> str:
        """The account's URI, with its development password: each service and department logs
        in as itself (joint_review applies an opinion only from the department's own account)."""
        assert self.amqp_uri is not None
        return account_uri(self.amqp_uri, user)

    @property
    def operator_uri(self) -> str:
        return self.uri_of(OPERATOR)

    # -- databases
    def migrate(self) -> dict[str, str]:
        for service in SERVICES:
            if self.db == "postgresql":
                from local_stack import create_database

                assert self.pg_server is not None
                url = create_database(self.pg_server, f"hallsys_{service}_{self.token}")
            else:
                url = f"sqlite:///{self.folder / (service + '.db')}"
            run_migrations(service, url, REPO_ROOT)
            self.databases[service] = url
        return self.databases

    # -- processes
    def start_peers(self) -> None:
        from local_stack.peers.sms_gateway import LocalSmsGateway
        from local_stack.peers.smtp_server import LocalSmtpServer

        secret = REPORT_SECRET if self.sms_push else ""
        self.peers = [LocalSmsGateway(report_secret=secret).start(), LocalSmtpServer().start()]

    def env_of(self, service: str) -> dict[str, str]:
        env = {"AMQP_URI": self.uri_of(service), f"{service.upper()}_DATABASE_URL": self.databases[service]}
        if service == "notify":
            sms, smtp = self.peers
            env |= {
                "SMS_GATEWAY_URL": sms.url,
                "SMS_GATEWAY_KEY": sms.api_key,
                "SMS_REPORT_SECRET": REPORT_SECRET,
            }
            env |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port)}
            env |= PUSHED_PACE if self.sms_push else NOTIFY_PACE
            env |= {"INTAKE_URL": self.urls["intake"], "COMPLAINTS_URL": "http://127.0.0.1:9"}
        return env

    def start_services(self) -> dict[str, str]:
        assert self.amqp_uri is not None
        for service in SERVICES:
            env = self.env_of(service)
            config = {service: {**service_config(service, REPO_ROOT), **env}}
            declare_services(self.operator_uri, [service], config)
            log = self.folder / "logs" / f"{service}.log"
            process = ServiceProcess(service, env, free_port(), REPO_ROOT, log_path=log)
            self.services[service] = process.start()
            process.wait_healthy(120)
            self.urls[service] = process.base_url
        if self.sms_push:  # the gateway learns notify's address once notify listens
            self.peers[0].pusher.url = f"{self.urls['notify']}/callbacks/sms/reports"
        return self.urls

    def stop_services(self) -> None:
        for process in self.services.values():
            process.send_sigterm()
        for process in self.services.values():
            process.terminate()
        self.services.clear()

    def start_agents(self) -> None:
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        for department in DEPARTMENTS:
            log = open(self.folder / "logs" / f"agent-{department}.log", "a")  # noqa: SIM115
            command = [sys.executable, "-m", "department_agent", "--amqp-uri"]
            command += [self.uri_of(department_user(department)), "--department", department]
            command += ["--policy", "approve", "--prefetch", "50"]
            self.agents[department] = lifeline.popen(
                command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )

    def pids(self) -> dict[str, int]:
        """Every process whose CPU and memory the run reports, by name."""
        found = {name: p.process.pid for name, p in self.services.items() if p.process is not None}
        found |= {f"agent:{name}": process.pid for name, process in self.agents.items()}
        if self.broker is not None and self.broker.pid_file.exists():
            found["broker"] = int(self.broker.pid_file.read_text().strip())
        return found

    def queues(self) -> list[str]:
        """The vhost's work queues (one rabbitmqctl call, not repeated under load): not the
        ``.unrouted`` and ``.dead_letters`` queues, which hold what no one will work on."""
        if self.broker is None:
            return []
        vhost = self.amqp_uri.rsplit("/", 1)[1] if self.amqp_uri else "/"
        listed = self.broker.ctl("list_queues", "-p", vhost, "name", "--quiet", "--no-table-headers")
        names = [line.split()[0] for line in listed.splitlines() if line.strip()]
        return [name for name in names if not name.endswith((".unrouted", ".dead_letters"))]

    def stop(self) -> None:
        for agent in self.agents.values():
            agent.terminate()
        for agent in self.agents.values():
            try:
                agent.wait(20)
            except subprocess.TimeoutExpired:
                agent.kill()
        self.agents.clear()
        self.stop_services()
        for peer in self.peers:
            peer.stop()
        if self.broker is not None:
            self.broker.stop()
        if self.db == "postgresql" and self.pg_server:
            from local_stack import drop_database

            for url in self.databases.values():
                drop_database(self.pg_server, url.rsplit("/", 1)[1])
