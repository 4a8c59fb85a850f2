"""The local SMTP server (local_stack.peers.smtp_server): recording, scripts, control API."""

import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage

import pytest
import requests

from local_stack import free_port, port_in_use
from local_stack.peers import LocalSmtpServer

ADDRESS = "li.si@example.cn"


@pytest.fixture
def smtp():
    with LocalSmtpServer(control_port=0) as running:
        yield running


def mail(to=ADDRESS, message_id="<m1@hall.local>"):
    message = EmailMessage()
    message["From"] = "notice@hall.local"
    message["To"] = to
    message["Subject"] = "补正通知书"
    message["Message-ID"] = message_id
    message.set_content("请补正以下材料：\n1. 营业执照\n", charset="utf-8")
    return message


def deliver(port, message):
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
        return client.send_message(message)


def test_it_records_envelope_headers_and_decoded_body(smtp):
    deliver(smtp.port, mail())

    [received] = smtp.messages()
    assert received["mail_from"] == "notice@hall.local"
    assert received["rcpt_tos"] == [ADDRESS]
    assert received["subject"] == "补正通知书"
    assert received["message_id"] == "<m1@hall.local>"
    assert received["body"] == "请补正以下材料：\n1. 营业执照\n"


def test_it_counts_deliveries_per_message_id(smtp):
    deliver(smtp.port, mail())
    deliver(smtp.port, mail())
    deliver(smtp.port, mail(message_id="<m2@hall.local>"))

    assert smtp.received_count == 3
    assert smtp.count_for_message_id("<m1@hall.local>") == 2
    assert smtp.count_for_message_id("m2@hall.local") == 1


def test_a_scripted_rcpt_refusal_comes_n_times_then_mail_is_accepted(smtp):
    smtp.script(ADDRESS.upper(), [451, 450], stage="rcpt")  # addresses match in any case

    codes = []
    for _ in range(3):
        try:
            deliver(smtp.port, mail())
            codes.append(250)
        except smtplib.SMTPRecipientsRefused as refused:
            codes.append(refused.recipients[ADDRESS][0])

    assert codes == [451, 450, 250]
    assert smtp.received_count == 1


def test_a_permanent_data_refusal_is_given_every_time(smtp):
    smtp.fail_always(ADDRESS, 554, stage="data")

    for _ in range(2):
        with pytest.raises(smtplib.SMTPDataError) as refused:
            deliver(smtp.port, mail())
        assert refused.value.smtp_code == 554
    assert smtp.received_count == 0


def test_scripts_take_only_failure_codes_and_known_stages(smtp):
    with pytest.raises(ValueError):
        smtp.script(ADDRESS, [250])
    with pytest.raises(ValueError):
        smtp.fail_always(ADDRESS, 550, stage="mail")


def test_the_control_api_scripts_lists_and_resets(smtp):
    control = f"{smtp.control_url}/_control"

    scripted = requests.post(
        f"{control}/script", json={"address": ADDRESS, "stage": "rcpt", "answers": [451]}, timeout=5
    )
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        deliver(smtp.port, mail())
    deliver(smtp.port, mail())
    listing = requests.get(f"{control}/messages", timeout=5).json()
    bad = requests.post(f"{control}/script", json={"stage": "rcpt"}, timeout=5)
    reset = requests.post(f"{control}/reset", timeout=5)

    assert scripted.status_code == 200
    assert listing["received_count"] == 1
    assert listing["per_message_id"] == {"<m1@hall.local>": 1}
    assert listing["messages"][0]["subject"] == "补正通知书"
    assert bad.status_code == 400
    assert reset.status_code == 200
    assert smtp.received_count == 0


def test_the_command_line_server_is_read_through_its_control_port():
    port, control_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local_stack.peers.smtp_server",
            "--port",
            str(port),
            "--control-port",
            str(control_port),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while (
            not (port_in_use(port) and port_in_use(control_port))
            and time.monotonic() < deadline
            and process.poll() is None
        ):
            time.sleep(0.05)
        control = f"http://127.0.0.1:{control_port}/_control"
        requests.post(
            f"{control}/script", json={"address": ADDRESS, "stage": "data", "always": 550}, timeout=5
        )
        with pytest.raises(smtplib.SMTPDataError):
            deliver(port, mail())
        deliver(port, mail(to="wang.wu@example.cn"))
        listing = requests.get(f"{control}/messages", timeout=5).json()
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert listing["received_count"] == 1
    assert listing["messages"][0]["rcpt_tos"] == ["wang.wu@example.cn"]
