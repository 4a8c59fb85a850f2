"""What the window's print queue refuses. No framework here."""

from __future__ import annotations

from refusals import Conflict


class AlreadyHandedOver(Conflict):
    """A letter leaves the window once: a second hand-over changes nothing."""

    code = "already_handed_over"
