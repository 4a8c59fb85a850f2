"""A poison event notify cannot make its notice from, and how many notify has dead-lettered: for the
tests of dead letters (the operator's HTTP routes, ``hall dead-letters``, the console's page)."""

from __future__ import annotations

import copy
import uuid

import requests
from bus import RawPublisher

from hall_contracts.samples import SAMPLES


def publish_poison(amqp_uri: str) -> dict:
    """A return notice without its reason, on intake's exchange: notify dead-letters it at once
    (no retry fixes it). Returns the event (a fresh id each time)."""
    event = copy.deepcopy(SAMPLES["intake/case_returned.v1.json"]())
    event["id"] = str(uuid.uuid4())
    del event["data"]["reason"]
    publisher = RawPublisher(amqp_uri)
    publisher.publish("intake.events", "case_returned", event)
    publisher.close()
    return event


def dead_lettered_total(notify_url: str) -> float:
    """notify's ``hall_dead_lettered_total`` of the handler the poison reaches."""
    text = requests.get(f"{notify_url}/metrics", timeout=5).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("hall_dead_lettered_total{") and "handle_case_returned" in line
    )
