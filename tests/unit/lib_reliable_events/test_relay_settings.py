import pytest

from reliable_events import OutboxRelay
from reliable_events.publisher import broker_uris
from reliable_events.relay_settings import RelaySettings


def test_the_relay_reads_its_limits_retention_and_heartbeat_from_the_service_config():
    settings = RelaySettings.from_config(
        {
            "OUTBOX_MAX_ATTEMPTS": "4",
            "OUTBOX_RETENTION_DAYS": 3,
            "INBOX_RETENTION_DAYS": "45",
            "AMQP_HEARTBEAT": "20",
            "OUTBOX_BATCH_SIZE": "",
            "HEARTBEAT": 99,
        }
    )
    assert (
        settings.max_attempts,
        settings.retention_days,
        settings.inbox_retention_days,
        settings.heartbeat,
        settings.batch_size,
    ) == (4, 3, 45, 20, 500)


def test_heartbeats_are_on_by_default_and_the_inbox_outlives_the_outbox():
    settings = RelaySettings()
    assert settings.heartbeat > 0
    assert settings.inbox_retention_days > settings.retention_days


@pytest.mark.parametrize(
    "config",
    [
        {"OUTBOX_RETENTION_DAYS": "7", "INBOX_RETENTION_DAYS": "5"},
        {"OUTBOX_RETENTION_DAYS": "7", "INBOX_RETENTION_DAYS": "7.5"},
        {"OUTBOX_RETENTION_DAYS": "40"},
    ],
    ids=["shorter", "under a day longer", "outbox past the default inbox window"],
)
def test_an_inbox_window_that_a_replayed_or_retried_event_could_outlast_is_refused(config):
    with pytest.raises(ValueError, match="INBOX_RETENTION_DAYS"):
        RelaySettings.from_config(config)


def test_an_amqp_uri_may_list_several_brokers_separated_by_semicolons(tmp_path):
    assert broker_uris("amqp://a:5672/; amqp://b:5673/v") == ["amqp://a:5672/", "amqp://b:5673/v"]
    relay = OutboxRelay(_engine(tmp_path), None, "notify", "amqp://a/;amqp://b/")
    assert relay.publisher.uris == ["amqp://a/", "amqp://b/"]
    assert relay.publisher.heartbeat == RelaySettings().heartbeat


def _engine(tmp_path):
    from reliable_events import make_engine

    return make_engine(f"sqlite:///{tmp_path / 'relay.db'}")
