"""The walking skeleton: a case accepted over intake's HTTP API reaches notify, through the
outbox and a real RabbitMQ, and notify archives its receipt (回执). Real processes."""

import json

import requests
from bus import bind_spy_queue, drain, wait_for
from cloudevents_check import assert_cloudevent
from intake_requests import bearer, case_body, window_of

CASE = case_body(
    "SC-010",
    applicant_name="王五",
    applicant_phone="13900000000",
    first_responder={"phone": "0571-8888"},  # R-FIRST-1: the signed-in clerk, 李四 of W03
)


def test_a_case_accepted_at_intake_gets_its_receipt_archived_by_notify(stack):
    intake = stack.start("intake")
    notify = stack.start("notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events", "notify.events"])

    answer = requests.post(
        f"{intake.url}/cases", data=json.dumps(CASE), headers=window_of("SC-010"), timeout=10
    )
    assert answer.status_code == 201, answer.text
    case_no = answer.json()["case_no"]

    def receipt():
        found = requests.get(
            f"{notify.url}/notices",
            params={"case_no": case_no},
            headers=bearer("dev-window-market"),
            timeout=5,
        )
        notices = [n for n in found.json()["notices"] if n["notice_type"] == "receipt"]
        return notices[0] if notices else None

    notice = wait_for(receipt, timeout=30)
    for expected in (case_no, "李四", "0571-8888", "5个工作日"):
        assert expected in notice["content"]

    # intake's two events, notify's receipt and acceptance notice issued, and each one's copy
    # delivered to the applicant's in-app inbox (no SMS gateway or SMTP server configured here)
    published = drain(spy, expected=6, timeout=30)
    events = [assert_cloudevent(body, content_type) for body, content_type in published]
    types = sorted(event.get_type() for event in events)
    assert types == [
        "hall.intake.case_accepted",
        "hall.intake.case_registered",
        "hall.notify.notice_delivered",
        "hall.notify.notice_delivered",
        "hall.notify.notice_issued",
        "hall.notify.notice_issued",
    ]
    # one correlation id: intake's two events of one acceptance, and notify's events they caused
    assert len({event.get_extension("correlationid") for event in events}) == 1
    for body, _ in published:
        assert "王五" not in body.decode() and "13900000000" not in body.decode()


def test_every_service_reports_health_and_metrics(stack):
    for service in ("intake", "joint_review", "complaints", "notify"):
        process = stack.start(service)
        health = requests.get(f"{process.url}/health", timeout=5)
        assert health.status_code == 200
        assert health.json() == {
            "status": "ok",
            "service": service,
            "database": "ok",
            "broker": "ok",
            "consumers": "ok",
        }
        metrics = requests.get(f"{process.url}/metrics", timeout=5).text
        assert f'hall_outbox_pending{{service="{service}"}}' in metrics
        assert f'hall_dead_letter_queue_depth{{service="{service}"}}' in metrics
        assert "hall_entrypoint_calls_total" in metrics
