"""Who may see which notice and which letter (R-COMP-4): one rule for every route that shows one.

A complaint's notices (its answer: findings and decision) and a desk item's (the result notice to
its reporter) are read by the complaints office, supervision and operators, never by a window:
the accused works at one. A complaint's letter
(the answer with the complainant's name and postal address on top) is printed and handed over
by the complaints office alone. A case's notices are read by the hall's offices and by the
windows of the case's department; its letters are printed and handed over by those windows only.
The receipt's code (R-RATE-1) is read by the applicant (their inbox, SMS, email, letter) and by
those windows (they print the receipt at the counter); every other reader gets it masked
(``as_read_by``, on every route that shows a notice's text). No HTTP and no database here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from notify.notices.masking import sha256, without_secrets
from refusals import Malformed

WINDOW = ("window_staff", "window_head", "lead_window")
OFFICES = ("supervision", "operator", "complaints_office")
CASE_READERS = (*WINDOW, *OFFICES)
COMPLAINT_READERS = ("complaints_office", "supervision", "operator")
LETTER_PRINTERS = (*WINDOW, "complaints_office")
# who has an inbox: windows (reminders), reviewers (tasks), supervision (overdue reports); the
# complaints office, operators, agencies and services are sent nothing there
INBOX_READERS = (*WINDOW, "reviewer", "supervision")


class Staff(Protocol):
    """Who asks (``web_api.access.Principal`` has these): a role, a department, an id."""

    @property
    def role(self) -> str: ...
    @property
    def department(self) -> str | None: ...
    @property
    def subject(self) -> str: ...


Record = Mapping[str, Any]  # a notice or a print job, as the archive reads it


class MissingCaseNo(Malformed):
    """A list of notices names neither a case nor a complaint (or an applicant gave no code)."""

    code = "missing_case_no"


def of_complaint(notice: Record) -> bool:
    """A complaint's notice, or a desk item's (its reporter's result notice): the office runs both."""
    return bool(notice.get("complaint_no") or notice.get("item_no")) or notice.get("audience") in (
        "complainant",
        "reporter",
    )


def own_department(principal: Staff, notice: Record) -> bool:
    department = notice.get("department")
    return department is not None and principal.department == str(department)


def may_read(principal: Staff, notice: Record) -> bool:
    """``GET /notices``, ``GET /notices/<no>`` and its print page: the same answer for each."""
    if of_complaint(notice):
        return principal.role in COMPLAINT_READERS
    if principal.role in WINDOW:
        return own_department(principal, notice)
    return principal.role in OFFICES


def may_print(principal: Staff, notice: Record) -> bool:
    """``GET /print-jobs``, ``.../print`` and ``.../handed-over``: the letter and its envelope."""
    if of_complaint(notice):
        return principal.role == "complaints_office"
    return principal.role in WINDOW and own_department(principal, notice)


def shows_secrets(principal: Staff, notice: Record) -> bool:
    """The receipt's code (R-RATE-1) opens the case to whoever holds it: besides the applicant,
    only the windows of the case's department read it (they print the receipt at the counter)."""
    return principal.role in WINDOW and own_department(principal, notice)


def as_read_by(principal: Staff, notice: Record) -> dict[str, Any]:
    """The notice as ``principal`` reads it (one it may read or print): the secrets it prints
    masked unless ``shows_secrets``, and then the hash of the masked text (the one
    ``notice_issued`` published), so no reader recovers a code by hashing every candidate."""
    if shows_secrets(principal, notice) or "content" not in notice:
        return dict(notice)
    text = without_secrets(notice["content"])
    return {**notice, "content": text, "content_sha256": sha256(text)}


def inbox_refs(principal: Staff) -> list[str]:
    """The inboxes a member of staff reads: their own, their department's, their office's."""
    refs = [f"staff:{principal.subject}", f"reviewer:{principal.subject}"]
    if principal.department:
        refs.append(f"department:{principal.department}")
    if principal.role == "supervision":
        refs.append("office:supervision")
    return refs
