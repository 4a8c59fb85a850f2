"""Every event notify consumes is in the AsyncAPI document with notify among its consumers, so
the producers know a change of its data reaches a written notice."""

from pathlib import Path

import yaml

from notify.notices.rules import CONSUMED
from notify.service import NotifyService

ASYNCAPI = Path(__file__).resolve().parents[2] / "contracts" / "asyncapi.yaml"


def test_notify_is_a_declared_consumer_of_every_event_it_subscribes_to():
    channels = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))["channels"]
    for source, event_type in CONSUMED:
        channel = channels[f"{source}.events/{event_type}"]
        assert "notify" in channel.get("x-hall-consumers", []), (source, event_type)
        assert hasattr(NotifyService, f"handle_{event_type}")
