"""What the office's worklist shows (R-COMP-5: the office tracks every complaint until it closes).

Without a status it lists the complaints not closed yet (open, forwarded, answered: the office
tracks each until it closes), due first, then by number; an open or forwarded complaint is
overdue once 17:00 China time of its due date has passed (``complaint.sweep.overdue_before``);
``waiting_for`` names the departments a complaint was forwarded to that have not reported back
(R-COMP-8). Pages of at most ``MAX_LIMIT``.
"""

from __future__ import annotations

STATUSES = ("open", "forwarded", "answered", "closed", "consultation")
NOT_CLOSED = ("open", "forwarded", "answered")  # the default: what the office has still to close
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def statuses(status: str | None) -> tuple[str, ...]:
    """The statuses listed: the one asked for, else those not closed yet."""
    return (status,) if status else NOT_CLOSED
