"""What the office's worklist shows (R-COMP-5: the office tracks every complaint until it closes).

Without a status it lists the complaints the office still tracks (open or forwarded), due first,
then by number; a complaint is overdue once 17:00 China time of its due date has passed
(``complaint.sweep.overdue_before``); ``waiting_for`` names the departments a complaint was
forwarded to that have not reported back (R-COMP-8). Pages of at most ``MAX_LIMIT``.
"""

from __future__ import annotations

from complaints.complaint.rules import TRACKED

STATUSES = ("open", "forwarded", "answered", "closed", "consultation")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def statuses(status: str | None) -> tuple[str, ...]:
    """The statuses listed: the one asked for, else those the office tracks."""
    return (status,) if status else TRACKED
