"""The broker accounts and their permissions, generated from the topology the code declares.

One account per service (``intake``, ``joint_review``, ``complaints``, ``notify``), one per
department of a joint review (``dept_<code>``), one for other agencies (``agency``), and the
operator's (``admin``, the only one with full rights). RabbitMQ grants three regexes per
account and vhost (configure, write, read); each is generated anchored, ``^(a|b|c)$``, from
``local_stack.topology.record_service``:

- a service configures its own exchanges and queues only: everything it declares except the
  events exchanges of the services it consumes from (their alternate exchange and unrouted
  queue included), which its consumers only check with a passive declare;
- it writes to its own exchanges (its events, dead letters, delay exchanges; joint_review's
  task exchange) except the command exchanges others publish to it on
  (``joint_review.commands``), and to its own queues (binding a queue needs write on it);
- it reads its own queues and exchanges and the events exchanges it binds from (binding needs
  read on the source exchange).

Nobody but the operator writes to the default exchange (it reaches every queue by name), so
``hall-dead-letters`` and ``hall-outbox replay`` run with the operator's account.

deploy/rabbitmq/definitions.json holds these users with no password (``password_hash`` empty:
nobody can log in until a password is set, see deploy/rabbitmq/with_passwords.py); development
passwords (the account's own name) exist only here, for ``make up`` and the tests.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import os
import re
import tempfile
from pathlib import Path

from local_stack.topology import SERVICES, record_service, service_class, service_config

OPERATOR = "admin"
AGENCY = "agency"
HASHING = "rabbit_password_hashing_sha256"
AGENCY_QUEUE_PATTERN = r"agency\..*"  # an agency names its own queues agency.<anything>
_METACHARACTERS = re.compile(r"([.\\+*?^$()\[\]{}|])")


def anchored(names, patterns=()) -> str:
    """``["a.b", "c"]`` -> ``^(a\\.b|c)$``; nothing -> ``^$`` (matches no resource name).
    ``patterns`` are regexes added as they are."""
    parts = sorted({_METACHARACTERS.sub(r"\\\1", name) for name in names} | set(patterns))
    return "^(" + "|".join(parts) + ")$" if parts else "^$"


def retry_pattern(service: str) -> str:
    """The delay exchanges and queues of every retry schedule: ``intake\\.retry\\.[0-9]+ms``
    (a changed ``RETRY_DELAYS`` needs no new permissions)."""
    from reliable_events.topology import retry_queue

    return _METACHARACTERS.sub(r"\\\1", retry_queue(service, 0).removesuffix("0ms")) + "[0-9]+ms"


def departments() -> list[str]:
    """The departments of joint reviews: joint_review's ``DEPARTMENTS`` default."""
    return [code for code in service_config("joint_review")["DEPARTMENTS"].split(",") if code]


def command_exchanges(service: str, cls=None) -> set[str]:
    """Exchanges the service consumes commands from: others publish there, not it."""
    from reliable_events.commands import ReliableCommandHandler

    found = set()
    for _, method in inspect.getmembers(cls or service_class(service), callable):
        for entrypoint in getattr(method, "nameko_entrypoints", ()):
            if isinstance(entrypoint, ReliableCommandHandler):
                found.add(entrypoint.exchange_name)
    return found


def foreign_names(service: str) -> set[str]:
    """What a service's recording declares on behalf of the services it consumes from."""
    from reliable_events.topology import events_exchange, unrouted_exchange, unrouted_queue

    return {
        name
        for other in SERVICES
        if other != service
        for name in (events_exchange(other), unrouted_exchange(other), unrouted_queue(other))
    }


def service_permissions(service: str, config: dict | None = None, cls=None) -> dict[str, str]:
    """``{"configure": ..., "write": ..., "read": ...}`` of a service's own account (``cls``:
    the class of a service outside services/, the tests' probe)."""
    calls = record_service(service, config or service_config(service), cls).calls
    foreign = foreign_names(service)
    exchanges = {args[0] for method, args, _ in calls if method == "exchange_declare"} - foreign
    queues = {args[0] for method, args, _ in calls if method == "queue_declare"} - foreign
    sources = {args[1] for method, args, _ in calls if method == "queue_bind" and args[0] in queues}
    retries = {retry_pattern(service)}
    delays = re.compile(retry_pattern(service))
    exchanges = {name for name in exchanges if not delays.fullmatch(name)}
    queues = {name for name in queues if not delays.fullmatch(name)}
    own = exchanges | queues
    return {
        "configure": anchored(own, retries),
        "write": anchored((exchanges - command_exchanges(service, cls)) | queues, retries),
        "read": anchored(own | (sources & foreign), retries),
    }


def agency_permissions() -> dict[str, str]:
    """Declare, bind and consume ``agency.*`` queues; read (bind from) the events exchanges."""
    from reliable_events.topology import events_exchange

    events = anchored(events_exchange(service) for service in SERVICES)[2:-2]
    return {
        "configure": f"^({AGENCY_QUEUE_PATTERN})$",
        "write": f"^({AGENCY_QUEUE_PATTERN})$",
        "read": f"^({AGENCY_QUEUE_PATTERN}|{events})$",
    }


def department_permissions(department: str) -> dict[str, str]:
    """Nothing to configure; publish opinions; read its own task queue."""
    from hall_contracts.topology import COMMANDS_EXCHANGE, task_queue

    return {
        "configure": "^$",
        "write": anchored([COMMANDS_EXCHANGE]),
        "read": anchored([task_queue(department)]),
    }


FULL_RIGHTS = {"configure": ".*", "write": ".*", "read": ".*"}


def account_permissions() -> dict[str, dict[str, str]]:
    """Every account and its three regexes, the operator's first."""
    from hall_contracts.topology import department_user

    accounts = {OPERATOR: FULL_RIGHTS}
    accounts.update({service: service_permissions(service) for service in SERVICES})
    accounts[AGENCY] = agency_permissions()
    accounts.update({department_user(code): department_permissions(code) for code in departments()})
    return accounts


def password_hash(password: str, salt: bytes | None = None) -> str:
    """RabbitMQ's ``rabbit_password_hashing_sha256``: base64(salt + sha256(salt + password))."""
    salt = salt if salt is not None else os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions_accounts(vhost: str = "/", passwords: dict[str, str] | None = None) -> dict:
    """The ``users`` and ``permissions`` of a definitions file. Without ``passwords`` every
    user has an empty hash (no password: it cannot log in until one is set)."""
    accounts = account_permissions()
    users, permissions = [], []
    for name, rights in accounts.items():
        secret = (passwords or {}).get(name)
        users.append(
            {
                "name": name,
                "password_hash": password_hash(secret) if secret else "",
                "hashing_algorithm": HASHING,
                "tags": ["administrator"] if name == OPERATOR else [],
                "limits": {},
            }
        )
        permissions.append({"user": name, "vhost": vhost, **rights})
    return {"users": users, "permissions": permissions}


def dev_password(user: str) -> str:
    """The development password of an account (``make up``, tests): its own name."""
    return user


def dev_passwords() -> dict[str, str]:
    return {name: dev_password(name) for name in account_permissions()}


def install_dev_accounts(node, vhost: str = "/") -> None:
    """Every account with its development password and its permissions on ``vhost`` of a
    broker node of ours (one ``rabbitmqctl import_definitions``)."""
    definitions = {"vhosts": [{"name": vhost}], **definitions_accounts(vhost, dev_passwords())}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(definitions, handle)
    try:
        node.ctl("import_definitions", handle.name)
    finally:
        Path(handle.name).unlink(missing_ok=True)


def account_uri(amqp_uri: str, user: str, password: str | None = None) -> str:
    """``amqp_uri`` with ``user`` and its (development) password instead of its credentials."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(amqp_uri)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    secret = password if password is not None else dev_password(user)
    netloc = f"{quote(user, safe='')}:{quote(secret, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


__all__ = [
    "AGENCY",
    "OPERATOR",
    "account_permissions",
    "account_uri",
    "anchored",
    "definitions_accounts",
    "dev_password",
    "dev_passwords",
    "install_dev_accounts",
    "password_hash",
    "service_permissions",
]
