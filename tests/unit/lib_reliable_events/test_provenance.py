"""Events are accepted only from the exchange of the service that owns their type (issue 12,
point 5): the owner map, the trusted exchange of first arrival, and the consumer's verdict on
fake messages (no broker, no nameko container)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hall_contracts import build_envelope
from hall_contracts.owners import event_owners, owner_of, owner_of_type_name
from reliable_events.consumer import ReliableEventHandler
from reliable_events.provenance import (
    ORIGIN_HEADER,
    REFUSED,
    WrongExchange,
    arrival_exchange,
    check,
    refusal,
)
from reliable_events.retry_policy import RETRY, History, Verdict

TRUSTED = {"intake", "admin"}


def substantiated() -> dict:
    return build_envelope("complaints", "complaint_substantiated", "CMP-1", {"staff_id": "S01"})


def test_each_event_type_is_owned_by_the_service_whose_folder_holds_its_schema():
    assert owner_of("complaint_substantiated") == "complaints"
    assert owner_of("case_accepted") == "intake"
    assert owner_of("review_decided") == "joint_review"
    assert owner_of("notice_issued") == "notify"
    assert set(event_owners().values()) == {"intake", "joint_review", "complaints", "notify"}


def test_a_type_name_claiming_another_owner_still_belongs_to_the_contracts_owner():
    assert owner_of_type_name("hall.joint_review.complaint_substantiated") == "complaints"
    assert owner_of_type_name("hall.bench.bench_event") == "bench"  # outside the contracts
    assert owner_of_type_name("complaint_substantiated") is None
    assert owner_of_type_name(None) is None


def test_the_brokers_exchange_is_believed_and_a_header_cannot_override_it():
    headers = {ORIGIN_HEADER: "complaints.events"}
    assert arrival_exchange("joint_review.events", headers, "intake", TRUSTED) == "joint_review.events"


def test_through_the_default_exchange_the_origin_header_counts_only_from_a_trusted_account():
    headers = {ORIGIN_HEADER: "complaints.events"}
    assert arrival_exchange("", headers, "intake", TRUSTED) == "complaints.events"  # our retry
    assert arrival_exchange("", headers, "admin", TRUSTED) == "complaints.events"  # a re-drive
    assert arrival_exchange("", headers, "joint_review", TRUSTED) == ""  # another account
    assert arrival_exchange("", headers, None, TRUSTED) == ""  # no user_id at all
    assert (
        arrival_exchange("", {ORIGIN_HEADER: b"complaints.events"}, "intake", TRUSTED) == "complaints.events"
    )


def test_r_score_1_a_complaint_substantiated_is_accepted_only_from_complaints_events():
    event = substantiated()
    assert check(event, "complaints.events", None, None, TRUSTED) == "complaints.events"
    for exchange in ("joint_review.events", "intake.events", "amq.topic"):
        with pytest.raises(WrongExchange, match="complaints.events"):
            check(event, exchange, None, None, TRUSTED)
    with pytest.raises(WrongExchange, match="default exchange"):
        check(event, "", {ORIGIN_HEADER: "complaints.events"}, "joint_review", TRUSTED)


def test_an_unknown_type_has_no_owner_and_is_refused():
    assert "no owning service" in refusal("not-a-type", "complaints.events")


# -- the consumer -------------------------------------------------------------------------------


class FakeRedelivery:
    def __init__(self):
        self.dead = []
        self.retried = []
        self.policy = SimpleNamespace(
            max_attempts=5, decide=lambda history, exc, now: Verdict(RETRY, History(1), 1.0, "boom")
        )

    def history(self, message):
        return History()

    def dead_letter(self, message, queue, reason, history, cause, origin=None):
        self.dead.append((reason, cause, origin))

    def retry_later(self, message, queue, delay, history, cause, origin=None):
        self.retried.append((delay, origin))


class FakeQueueConsumer:
    def __init__(self):
        self.acked = []

    def ack_message(self, message):
        self.acked.append(message)


def handler(service="intake") -> ReliableEventHandler:
    """A handler as ``setup`` leaves it, without a container or a broker."""
    handler = ReliableEventHandler.__new__(ReliableEventHandler)
    handler.container = SimpleNamespace(service_name=service)
    handler.queue = SimpleNamespace(name="evt-complaints-complaint_substantiated--intake.handle")
    handler.trusted_users = {service, "admin"}
    handler.redelivery = FakeRedelivery()
    handler.queue_consumer = FakeQueueConsumer()
    handler.journal_settled = lambda message: None
    handler.started = []
    handler.admit = lambda parsed, message: handler.started.append(parsed)
    return handler


def message(exchange: str, headers=None, user_id=None):
    return SimpleNamespace(
        delivery_info={"exchange": exchange},
        headers=headers or {},
        properties={"user_id": user_id} if user_id else {},
    )


def refused_count(service: str) -> float:
    return REFUSED.labels(service, "evt-complaints-complaint_substantiated--intake.handle")._value.get()


def test_r_score_1_a_forged_event_is_dead_lettered_unapplied_with_the_reason_and_counted():
    consumer = handler()
    before = refused_count("intake")
    forged = message("joint_review.events")

    consumer.handle_message(substantiated(), forged)

    assert consumer.started == []
    ((reason, cause, origin),) = consumer.redelivery.dead
    assert cause == "forged" and "complaints.events" in reason and "joint_review.events" in reason
    assert origin == {ORIGIN_HEADER: "joint_review.events"}  # a re-drive stays refused
    assert consumer.queue_consumer.acked == [forged]
    assert refused_count("intake") == before + 1


def test_the_genuine_event_runs_and_a_retry_carries_its_exchange_of_first_arrival():
    consumer = handler()
    genuine = message("complaints.events")

    consumer.handle_message(substantiated(), genuine)
    consumer.handle_message_processed(genuine, None, (RuntimeError, RuntimeError("boom"), None))

    assert len(consumer.started) == 1 and consumer.redelivery.dead == []
    assert consumer.redelivery.retried == [(1.0, {ORIGIN_HEADER: "complaints.events"})]


def test_a_retry_coming_back_through_the_default_exchange_runs_when_our_own_account_sent_it():
    consumer = handler()
    back = message("", {ORIGIN_HEADER: "complaints.events"}, user_id="intake")
    consumer.handle_message(substantiated(), back)
    assert len(consumer.started) == 1 and consumer.redelivery.dead == []

    faked = message("", {ORIGIN_HEADER: "complaints.events"}, user_id="joint_review")
    consumer.handle_message(substantiated(), faked)
    assert len(consumer.started) == 1
    assert consumer.redelivery.dead[0][1] == "forged"


def test_the_owner_of_each_type_is_the_service_whose_exchange_publishes_it_in_the_asyncapi():
    from pathlib import Path

    import yaml

    asyncapi = yaml.safe_load(
        (Path(__file__).resolve().parents[3] / "contracts" / "asyncapi.yaml").read_text()
    )
    published = {
        event_type: exchange["name"].removesuffix(".events")
        for exchange in asyncapi["x-hall-exchanges"]
        if exchange["name"].endswith(".events")
        for event_type in exchange.get("publishes", [])
    }
    assert published == event_owners()


def test_a_consumer_only_checks_another_hall_services_exchange_and_never_declares_it():
    def exchange_of(source: str, service: str = "intake"):
        consumer = ReliableEventHandler.__new__(ReliableEventHandler)
        consumer.container = SimpleNamespace(service_name=service)
        consumer.source_service = source
        return consumer.source_exchange()

    assert exchange_of("complaints").passive is True  # intake may not configure it
    assert exchange_of("intake", "probe").passive is True
    assert exchange_of("bench", "bench_consumer").passive is False  # outside the contracts
    assert exchange_of("intake").passive is False  # its own
