"""The broker's consumer_timeout and the services' handler time limit agree: a slow handler is
failed by its service (and retried) long before the broker closes the channel that carries every
other message of the service in flight."""

import re
from pathlib import Path

import pytest

from local_stack.topology import SERVICES, record_service, service_config

REPO_ROOT = Path(__file__).resolve().parents[2]
RABBITMQ_CONF = (REPO_ROOT / "deploy" / "rabbitmq" / "rabbitmq.conf").read_text()


def consumer_timeout_seconds() -> float:
    return int(re.search(r"^consumer_timeout\s*=\s*(\d+)", RABBITMQ_CONF, re.M).group(1)) / 1000


@pytest.mark.parametrize("service", SERVICES)
def test_a_message_waiting_behind_every_handler_of_the_service_is_failed_before_the_broker_times_out(service):
    config = service_config(service)
    limit = float(config["HANDLER_TIME_LIMIT"])
    handlers = sum(
        1
        for method, args, _ in record_service(service, config).calls
        if method == "queue_declare" and args[0].startswith(("evt-", f"{service}.opinions"))
    )
    # each handler prefetches max_workers messages and shares max_workers workers: a message
    # may wait for one full run of every handler before its own
    worst_wait = (handlers + 1) * limit
    assert worst_wait < consumer_timeout_seconds(), (service, handlers, limit)


def test_the_broker_closes_a_silent_consumer_within_hours_not_never():
    assert 600 <= consumer_timeout_seconds() <= 4 * 3600
