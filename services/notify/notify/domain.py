"""What notify refuses to do. No framework here."""

from __future__ import annotations

from reliable_events import Unprocessable


class NoticeDataError(ValueError, Unprocessable):
    """The event lacks what the notice must state; never render half a notice (dead-lettered at once)."""
