"""R-ONCE-2 end to end: a window records an enquiry at intake; notify sends the item's one-time
notice by SMS and tracks it against its 3 calendar days; one not delivered by then is raised to
supervision once. Real broker, intake and notify as processes, the local SMS gateway and SMTP
server as their protocol peers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests
from bus import RawPublisher, bind_spy_queue, wait_for
from intake_requests import bearer, window_of
from notify_peers import notify_env

from hall_contracts.registry import validate_event
from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

WINDOW = bearer("dev-window-market")
SUPERVISION = bearer("dev-supervision")


@pytest.fixture
def peers():
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    yield gateway, smtp
    gateway.stop()
    smtp.stop()


def start_hall(stack, gateway, smtp, **notify_extra):
    intake = stack.start("intake")
    env = notify_env(gateway, smtp, intake, ONE_TIME_SWEEP_SECONDS="0.2", **notify_extra)
    return intake, stack.start("notify", env)


def record(intake, phone: str) -> dict:
    body = {"item_code": "SC-010", "channel": "phone", "enquirer_phone": phone}
    answer = requests.post(
        f"{intake.url}/enquiries", data=json.dumps(body), headers=window_of("SC-010"), timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def tracked(notify, enquiry_no: str, headers=WINDOW) -> dict | None:
    answer = requests.get(f"{notify.url}/one-time-notices/{enquiry_no}", headers=headers, timeout=5)
    return answer.json() if answer.status_code == 200 else None


def test_r_once_2_the_notice_of_a_phone_enquiry_is_delivered_by_sms_in_time(stack, peers):
    gateway, smtp = peers
    intake, notify = start_hall(stack, gateway, smtp)
    enquiry = record(intake, "13900000181")
    done = wait_for(
        lambda: (found := tracked(notify, enquiry["enquiry_no"])) and found["delivered_at"] and found
    )
    assert (done["status"], done["delivered_channel"], done["overdue_raised_at"]) == (
        "delivered",
        "sms",
        None,
    )
    assert done["notice_due_at"] == enquiry["notice_due_at"]
    [text] = [m["text"] for m in gateway.messages() if m["to"] == "13900000181"]
    assert "一次性告知书" in text and "个体工商户设立登记" in text  # the item's one-time notice
    delivered = requests.get(f"{notify.url}/one-time-notices", params={"status": "delivered"}, headers=WINDOW)
    assert [row["enquiry_no"] for row in delivered.json()["notices"]] == [enquiry["enquiry_no"]]
    overdue = requests.get(
        f"{notify.url}/one-time-notices", params={"status": "overdue"}, headers=SUPERVISION
    )
    assert overdue.json()["notices"] == []
    unknown = requests.get(f"{notify.url}/one-time-notices", params={"status": "lost"}, headers=SUPERVISION)
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "validation_failed"


def test_r_once_2_a_notice_the_gateway_cannot_deliver_is_raised_to_supervision_once(stack, peers):
    gateway, smtp = peers
    gateway.fail_always("13900000182", 400)  # refused for good; no email given: a letter waits
    later = datetime.now(UTC) + timedelta(days=5)  # notify's clock: past the 3 days already
    intake, notify = start_hall(stack, gateway, smtp, FIXED_NOW=later.isoformat())
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events", "notify.events"])
    enquiry = record(intake, "13900000182")
    number = enquiry["enquiry_no"]

    def settled():
        found = tracked(notify, number, SUPERVISION)
        channels = {d["channel"]: d["status"] for d in (found or {}).get("deliveries", [])}
        return found if found and found["overdue_raised_at"] and channels.get("letter") == "sent" else None

    raised = wait_for(settled)
    assert raised["status"] == "overdue" and raised["delivered_at"] is None
    assert {d["channel"]: d["status"] for d in raised["deliveries"]} == {
        "sms": "failed",
        "email": "failed",  # no email given
        "letter": "sent",  # waiting at the window
    }
    listed = requests.get(f"{notify.url}/one-time-notices", params={"status": "overdue"}, headers=SUPERVISION)
    assert [row["enquiry_no"] for row in listed.json()["notices"]] == [number]
    # the enquiry's event redelivered three times: nothing issued, tracked or raised again
    _, channel, queue = spy
    bodies = []
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        bodies.append(json.loads(message[2]))
    [recorded] = [body for body in bodies if body["type"] == "hall.intake.enquiry_recorded"]
    publisher = RawPublisher(stack.amqp_uri)
    for _ in range(3):
        publisher.publish("intake.events", "enquiry_recorded", recorded)
    publisher.close()
    skipped = 'hall_inbox_duplicates_total{consumer="notify.handle_enquiry_recorded",service="notify"} 3.0'
    wait_for(lambda: skipped in requests.get(f"{notify.url}/metrics", timeout=5).text)
    metrics = requests.get(f"{notify.url}/metrics", timeout=5).text
    assert "hall_notify_one_time_overdue_total 1.0" in metrics
    assert "hall_notify_one_time_notices_overdue 1.0" in metrics
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        bodies.append(json.loads(message[2]))
    overdue_events = [body for body in bodies if body["type"] == "hall.notify.one_time_notice_overdue"]
    assert [event["data"]["enquiry_no"] for event in overdue_events] == [number]
    assert overdue_events[0]["data"]["channels_tried"][0] == "sms"
    assert "13900000182" not in json.dumps(bodies)  # never the phone on the bus
    for body in bodies:  # every event of the story keeps its contract (an enquiry's notice has no case)
        validate_event(body)
    assert len([m for m in gateway.messages() if m["to"] == "13900000182"]) == 0
