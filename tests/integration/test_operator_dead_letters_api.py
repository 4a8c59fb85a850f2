"""The operator's dead letters and outbox over HTTP (``service_metrics.endpoints``), on a real
broker: a poison event notify cannot fill its notice with is dead-lettered; the operator lists it,
shows it, re-drives exactly that one, and a second re-drive of the same letter is refused, never a
duplicate. Every other role is refused."""

from __future__ import annotations

import requests
from bus import wait_for
from intake_requests import bearer
from poison import dead_lettered_total, publish_poison

OPERATOR = bearer("dev-operator")


def dead_lettered_count(notify) -> float:
    return dead_lettered_total(notify.url)


def listed(notify) -> list[dict]:
    answer = requests.get(f"{notify.url}/operations/dead-letters", headers=OPERATOR, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["dead_letters"]


def test_an_operator_lists_shows_and_redrives_exactly_one_dead_letter_over_http(stack):
    notify = stack.start("notify", {"SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    event = publish_poison(stack.amqp_uri)  # a return notice without its reason is never made
    wait_for(lambda: dead_lettered_count(notify) == 1, timeout=30)

    (letter,) = listed(notify)
    assert letter["id"] == event["id"] and letter["event_type"] == event["type"]
    assert "reason" in letter["reason"] and letter["queue"] and letter["dead_lettered_at"]
    assert set(letter) == {"id", "event_type", "queue", "reason", "dead_lettered_at"}
    shown = requests.get(f"{notify.url}/operations/dead-letters/{event['id']}", headers=OPERATOR, timeout=10)
    assert shown.status_code == 200 and event["data"]["case_no"] in shown.json()["body"]
    assert listed(notify) == [letter]  # reading leaves it in place

    redrive = f"{notify.url}/operations/dead-letters/{event['id']}/redrive"
    version = {"dead_lettered_at": letter["dead_lettered_at"]}
    answer = requests.post(redrive, json=version, headers=OPERATOR, timeout=10)
    assert answer.status_code == 202, answer.text
    # notify consumed it once more (still poison: dead-lettered again, with a later time)
    wait_for(lambda: dead_lettered_count(notify) == 2, timeout=30)
    (again,) = wait_for(lambda: listed(notify), timeout=10)
    assert again["dead_lettered_at"] > letter["dead_lettered_at"]
    # the same form sent twice re-drives nothing: the letter it named is gone
    twice = requests.post(redrive, json=version, headers=OPERATOR, timeout=10)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "dead_letter_changed"
    assert len(listed(notify)) == 1 and dead_lettered_count(notify) == 2

    missing = requests.post(
        f"{notify.url}/operations/dead-letters/no-such-id/redrive", json={}, headers=OPERATOR, timeout=10
    )
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "dead_letter_not_found"

    backlog = requests.get(f"{notify.url}/operations/outbox", headers=OPERATOR, timeout=10)
    assert backlog.status_code == 200
    assert set(backlog.json()) == {"service", "pending", "oldest_pending_seconds", "parked"}


def test_only_the_operator_reaches_the_operations_routes(stack):
    intake = stack.start("intake")
    routes = [
        ("GET", "/operations/dead-letters"),
        ("GET", "/operations/dead-letters/x"),
        ("POST", "/operations/dead-letters/x/redrive"),
        ("GET", "/operations/outbox"),
    ]
    for method, path in routes:
        nobody = requests.request(method, intake.url + path, json={}, timeout=10)
        assert nobody.status_code == 401, (method, path)
        for token in ("dev-supervision", "dev-window-market", "dev-complaints", "dev-service-notify"):
            answer = requests.request(method, intake.url + path, json={}, headers=bearer(token), timeout=10)
            assert answer.status_code == 403, (method, path, token, answer.text)
    bad = requests.get(f"{intake.url}/operations/dead-letters?limit=0", headers=OPERATOR, timeout=10)
    assert bad.status_code == 422
    assert (
        requests.get(f"{intake.url}/operations/dead-letters", headers=OPERATOR, timeout=10).json()[
            "dead_letters"
        ]
        == []
    )
