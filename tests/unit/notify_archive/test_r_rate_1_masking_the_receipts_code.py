"""The receipt's code (R-RATE-1) opens the case to whoever holds it: the archive's readers other
than the applicant and the windows of the case's department read the receipt with the code
masked, on every use case that shows a notice's text (``notify.archive.rules.as_read_by``)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.samples import case_accepted_at_registration
from notify.archive import handlers
from notify.archive.rules import as_read_by
from notify.letters.handlers import ReadPrintJob, printable_letter
from notify.notices import rendering
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.notices.masking import MASK, SECRET_FIELDS, printed_secrets, without_secrets
from web_api import Principal

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
CODE = "W4RB9TZ3"
OFFICES = ("supervision", "operator", "complaints_office")


def who(role: str, department: str | None = None) -> Principal:
    return Principal("X1", "某人", role, department)


def receipt_issued() -> tuple[FakeUnitOfWork, dict, str]:
    """A case of market_regulation accepted at registration: its receipt archived with the code,
    and the hash notice_issued published for it."""
    uow, event = FakeUnitOfWork(), case_accepted_at_registration()
    rendered = rendered_plans(event, receipt_code={event["data"]["case_no"]: CODE}.get)
    issued = issue_notices(IssueNotices(event, rendered, NOW), uow)
    [receipt] = [row for row in issued if row["notice_type"] == "receipt"]
    [published] = [e["data"] for e in uow.tx.published if e["data"]["notice_type"] == "receipt"]
    return uow, dict(receipt), published["content_sha256"]


def test_r_rate_1_the_archive_finds_the_code_a_receipt_prints_and_masks_it_there_alone():
    _, receipt, public_hash = receipt_issued()
    assert printed_secrets(receipt["content"]) == [CODE]
    text = without_secrets(receipt["content"])
    assert CODE not in text and f"查询码：{MASK}" in text
    assert text == receipt["content"].replace(CODE, MASK)
    assert hashlib.sha256(text.encode()).hexdigest() == public_hash  # what notice_issued published
    # the completion notice names the code without printing it: nothing to mask
    assert printed_secrets("请访问 https://hall/HALL-1，输入回执上的查询码后评价") == []


@pytest.mark.parametrize("role", OFFICES)
def test_r_rate_1_the_halls_offices_read_the_receipt_with_its_code_masked_and_the_masked_hash(role):
    _, receipt, public_hash = receipt_issued()
    seen = as_read_by(who(role), receipt)
    assert CODE not in json.dumps(seen, ensure_ascii=False, default=str) and MASK in seen["content"]
    assert seen["content_sha256"] == public_hash != receipt["content_sha256"]
    assert receipt["content"].count(CODE) == 1  # the archived row itself is untouched


def test_r_rate_1_the_windows_of_the_cases_department_read_the_code_and_the_archived_hash():
    _, receipt, _ = receipt_issued()
    for role in ("window_staff", "window_head", "lead_window"):
        assert as_read_by(who(role, "market_regulation"), receipt) == receipt
    assert CODE not in as_read_by(who("window_staff", "civil_affairs"), receipt)["content"]


def test_r_rate_1_every_use_case_that_shows_a_notice_shows_it_as_read_by_the_caller():
    uow, receipt, _ = receipt_issued()
    number, case_no = receipt["notice_no"], receipt["case_no"]
    job = uow.print_jobs.queue_letter(number, NOW)
    for principal, shown in ((who("supervision"), False), (who("window_staff", "market_regulation"), True)):
        listed = handlers.list_notices(handlers.ListNotices(principal, case_no, None), uow)
        opened = handlers.read_notice(handlers.ReadNotice(principal, number), uow)
        texts = [row["content"] for row in listed] + [opened["content"]]
        assert [CODE in text for text in texts if "回执" in text] == [shown, shown]
    letter = printable_letter(ReadPrintJob(who("window_head", "market_regulation"), job), uow)
    assert CODE in letter["content"]
    applicant = handlers.applicant_notices(handlers.ApplicantNotices(case_no, NOW), uow)
    assert [row for row in applicant if CODE in row["content"]]
    uow.archive.inbox_rows.append({**receipt, "recipient_ref": "office:supervision", "read_at": None})
    inbox = handlers.staff_inbox(handlers.StaffInbox(who("supervision"), NOW), uow)
    assert inbox and all(CODE not in row["content"] for row in inbox)


def test_r_rate_1_every_template_prints_each_secret_after_its_label_so_the_archive_can_mask_it():
    templates = Path(rendering.__file__).parent / "templates"
    for field, label in SECRET_FIELDS.items():
        printed = re.compile(r"\{\{\s*" + field + r"\b")
        for template in templates.glob("*.txt.j2"):
            for line in template.read_text(encoding="utf-8").splitlines():
                for found in printed.finditer(line):
                    assert line[: found.start()].endswith(label), f"{template.name}: {line}"
