"""Why joint_review did not do what was asked: each refusal is a kind of the hall's one vocabulary
(``refusals``) with a stable ``code``; the HTTP edge answers each kind with its status, and the
opinion consumer dead-letters the ones no retry can help."""

from __future__ import annotations

from refusals import Conflict, Forbidden, Invalid, NotFound


class InvalidOpinion(Invalid):
    code = "validation_failed"


class AlreadyAnswered(Conflict):
    """One answer per department per round (R-JOINT-3)."""

    code = "already_answered"


class OpinionIdReused(Conflict):
    """An opinion id is scoped to its task: the department used this one for another task."""

    code = "opinion_id_reused"


class WrongDepartment(Forbidden):
    """Only the task's own department answers it; who answers comes from the authenticated
    identity (token, broker account), never from the body."""

    code = "forbidden"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


class UnknownReview(NotFound):
    """No such review, task, meeting or running inspection."""

    code = "not_found"


class AlreadyMinuted(Conflict):
    code = "minutes_already_recorded"


class InspectionRunning(Conflict):
    code = "inspection_running"


class BackupUnavailable(Conflict):
    """R-AB-1: the leave would leave a department's tasks with nobody in place."""

    code = "backup_unavailable"


class InvalidQuery(Invalid):
    """A bad filter or report parameter of a list route (``details`` names each)."""

    code = "validation_failed"
