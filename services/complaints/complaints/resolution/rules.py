"""Why a step towards a complaint's end is refused (R-COMP-6, R-COMP-7, follow-up)."""

from __future__ import annotations

from refusals import Conflict


class NotReferable(Conflict):
    """R-COMP-7: a simple complaint is closed by the office, never referred."""

    code = "not_referable"


class AlreadyReferred(Conflict):
    code = "already_referred"


class NotAnswerable(Conflict):
    """The complaint cannot be answered yet; ``details`` lists every reason."""

    code = "not_answerable"


class AlreadyFollowedUp(Conflict):
    code = "already_followed_up"
