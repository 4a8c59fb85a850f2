"""Notify's use cases."""

from __future__ import annotations

from datetime import datetime

from notify import domain, repository


def record_receipt(event: dict, tx, now: datetime) -> domain.Notice:
    """A case was accepted: archive its receipt and announce it."""
    notice = domain.receipt_for(event, now)
    repository.add_notice(tx.connection, notice)
    tx.publish("notice_issued", notice.case_no, domain.notice_issued_data(notice))
    return notice
