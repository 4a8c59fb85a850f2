"""Why forwarding or a report back is refused (R-COMP-8, R-COMP-4)."""

from __future__ import annotations

from refusals import Conflict, Forbidden


class AlreadyForwarded(Conflict):
    code = "already_forwarded"


class AccusedDepartmentMayNotReport(Forbidden):
    """R-COMP-4: the accused's own department never reports on the complaint against it."""

    code = "forbidden"


class AlreadyReported(Conflict):
    code = "already_reported"
