import pytest

from reliable_events.topology import (
    consumer_queue_arguments,
    dead_letter_exchange,
    dead_letter_queue,
    events_exchange,
)


def test_each_service_publishes_to_its_own_events_exchange():
    assert events_exchange("intake") == "intake.events"


def test_quorum_consumer_queues_bound_redelivery_and_dead_letter_at_least_once():
    args = consumer_queue_arguments("notify", "quorum", 5)
    assert args == {
        "x-dead-letter-exchange": "notify.dlx",
        "x-queue-type": "quorum",
        "x-delivery-limit": 5,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


def test_classic_consumer_queues_still_dead_letter_to_the_service_dlx():
    assert consumer_queue_arguments("notify", "classic", 5) == {
        "x-dead-letter-exchange": dead_letter_exchange("notify")
    }
    assert dead_letter_queue("notify") == "notify.dead_letters"


def test_an_unknown_queue_type_is_a_configuration_error():
    with pytest.raises(ValueError, match="QUEUE_TYPE"):
        consumer_queue_arguments("notify", "stream", 5)
