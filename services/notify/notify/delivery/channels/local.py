"""The two channels that stay inside the hall: the in-app inbox and the window's print queue.

Both write notify's own tables in a transaction of their own; their unique keys (recipient and
notice; one print job per notice) make a repeated send a no-op, so they are never in doubt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from notify.delivery.rules import DELIVERED, SENT, Outcome, Outgoing
from notify.orm import inbox_messages, print_jobs
from reliable_events import insert_once


class InboxChannel:
    """Delivered the moment it is in the recipient's inbox (the app shows it at once)."""

    name = "inbox"

    def __init__(self, transaction, now: datetime):
        self.transaction, self.now = transaction, now

    def send(self, message: Outgoing) -> Outcome:
        with self.transaction() as tx:
            insert_once(
                tx.connection,
                inbox_messages,
                {
                    "recipient_ref": message.address,
                    "notice_no": message.notice_no,
                    "title": message.subject,
                    "created_at": self.now,
                },
            )
        return Outcome(DELIVERED, "in the inbox")


class LetterChannel:
    """Sent when queued for printing; delivered when the window hands it over or posts it."""

    name = "letter"

    def __init__(self, transaction, now: datetime):
        self.transaction, self.now = transaction, now

    def send(self, message: Outgoing) -> Outcome:
        with self.transaction() as tx:
            values = {"notice_no": message.notice_no, "recipient_ref": message.address, "queued_at": self.now}
            insert_once(tx.connection, print_jobs, values)
            job = tx.connection.execute(
                select(print_jobs.c.id).where(print_jobs.c.notice_no == message.notice_no)
            ).scalar_one()
        return Outcome(SENT, "queued for printing at the window", provider_ref=f"print-{job}")
