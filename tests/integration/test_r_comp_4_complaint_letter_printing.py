"""R-COMP-4 with real processes: a written complaint's answer waits as a letter; only the
complaints office prints it, and complaints records that member of the office (not notify) as the
reader of the sealed identity, because notify reads it with the printing person's own token."""

from __future__ import annotations

import requests
from bus import wait_for
from intake_requests import bearer
from integration.test_notify_complaint_answer import NAME, OFFICE, file_and_answer, notices_of, notify_env

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer


def identity_reads(complaints, complaint_no: str) -> list[tuple[str, str]]:
    timeline = requests.get(f"{complaints.url}/complaints/{complaint_no}", headers=OFFICE, timeout=5).json()[
        "timeline"
    ]
    return [
        (line["actor"], line["details"]["purpose"]) for line in timeline if line["action"] == "identity_read"
    ]


def test_r_comp_4_only_the_office_prints_a_complaint_letter_and_the_timeline_names_who_printed(stack):
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    try:
        complaints = stack.start("complaints")
        notify = stack.start("notify", notify_env(complaints, gateway, smtp))
        number = file_and_answer(complaints, address="城关镇人民路 9 号")  # no email: a letter
        wait_for(lambda: notices_of(notify, number, "letter", "sent"), timeout=40)
        jobs = requests.get(f"{notify.url}/print-jobs", headers=OFFICE, timeout=5).json()["jobs"]
        (job,) = [job["id"] for job in jobs if job["complaint_no"] == number]
        before = identity_reads(complaints, number)
        # the email attempt read the contact (no address: the letter follows); queueing the letter
        # read nothing: the window reads the address when it prints
        assert before == [("notify", "written_answer_delivery")]
        for token in ("dev-window-market", "dev-window-civil"):
            page = requests.get(f"{notify.url}/print-jobs/{job}/print", headers=bearer(token), timeout=5)
            assert page.status_code == 404 and NAME not in page.text
        for token in ("dev-supervision", "dev-operator"):
            page = requests.get(f"{notify.url}/print-jobs/{job}/print", headers=bearer(token), timeout=5)
            assert page.status_code == 403 and NAME not in page.text
        assert identity_reads(complaints, number) == before  # refused before anything was read
        page = requests.get(f"{notify.url}/print-jobs/{job}/print", headers=OFFICE, timeout=5)
        assert page.status_code == 200 and NAME in page.text and "城关镇人民路 9 号" in page.text
        assert identity_reads(complaints, number) == [*before, ("CO1", "answer_letter")]
    finally:
        gateway.stop()
        smtp.stop()
