"""An operator re-drives a dead letter in the browser (issue 15): a poison event really dead-lettered
by notify on the private broker is listed and shown on /ops/dead-letters; pressing 重新投递 sends
exactly that one back to notify's queue (notify consumes it once more: still poison, it is
dead-lettered again, with a later time); the same form pressed a second time by another operator
re-drives nothing. Other roles never reach these pages."""

from __future__ import annotations

import poison as poison_module
import requests
from browser.ops_steps import press_and_confirm
from bus import wait_for
from intake_requests import bearer

OPERATOR = bearer("dev-operator")


def letters_of(hall, event_id: str) -> list[dict]:
    answer = requests.get(f"{hall.notify.url}/operations/dead-letters", headers=OPERATOR, timeout=10)
    assert answer.status_code == 200, answer.text
    return [letter for letter in answer.json()["dead_letters"] if letter["id"] == event_id]


def dead_lettered_total(hall) -> float:
    return poison_module.dead_lettered_total(hall.notify.url)


def poison(hall) -> dict:
    """A return notice without its reason: notify dead-letters it at once (no retry fixes it)."""
    return poison_module.publish_poison(hall.stack.amqp_uri)


def test_an_operator_redrives_a_dead_letter_exactly_once(hall, people):
    before = dead_lettered_total(hall)
    event = poison(hall)
    (first,) = wait_for(lambda: letters_of(hall, event["id"]), timeout=30)

    operator = people("operator").sign_in("dev-operator")
    other = people("other-operator").sign_in("dev-operator")
    operator.open("/ops")
    assert "通知服务" in operator.text and operator.has('tr[data-service="notify"]')
    operator.open("/ops/dead-letters")
    row = operator.find(f'section[data-service="notify"] tr[data-id="{event["id"]}"]')
    assert "hall.intake.case_returned" in row.text and "reason" in row.text
    operator.follow(event["id"])
    assert operator.path.startswith(f"/ops/dead-letters/notify/{event['id']}")
    assert event["data"]["case_no"] in operator.text  # the body, as hall-dead-letters show prints it
    other.open(operator.path)  # a second operator has the same letter open

    press_and_confirm(operator, "重新投递")
    assert operator.path.startswith("/ops/dead-letters?redriven=") and "已重新投递" in operator.text
    # on the broker: back in notify's queue, consumed once more, dead-lettered again (later)
    wait_for(lambda: dead_lettered_total(hall) >= before + 2, timeout=30)
    (again,) = wait_for(lambda: letters_of(hall, event["id"]), timeout=10)
    assert again["dead_lettered_at"] > first["dead_lettered_at"]

    press_and_confirm(other, "重新投递")  # the same letter's form, pressed again
    assert other.status() == 409 and "再次进入死信" in other.text
    assert len(letters_of(hall, event["id"])) == 1 and dead_lettered_total(hall) == before + 2


def test_only_operators_reach_the_operations_pages(hall, people):
    supervision = people("supervision").sign_in("dev-supervision")
    for path in ("/ops", "/ops/dead-letters", "/ops/deliveries", "/ops/dead-letters/notify/x"):
        supervision.open(path)
        assert supervision.status() == 403, path
    operator = people("operator").sign_in("dev-operator")
    operator.open("/ops/dead-letters/nosuchservice/x")
    assert operator.status() == 404
    operator.open("/ops/deliveries")
    assert "投递失败与存疑" in operator.text
    # a forged re-drive: the operator's own session cookie, but no form token of it
    cookies = {c["name"]: c["value"] for c in operator.driver.get_cookies()}
    forged = requests.post(
        f"{hall.console_url}/ops/dead-letters/notify/x/redrive",
        data={"dead_lettered_at": ""},
        cookies=cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert forged.status_code == 403 and "页面已过期" in forged.text
