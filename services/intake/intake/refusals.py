"""Intake's refusals: one base, and the errors its rules raise, each a ``refusals`` kind.

A rule raises the kind that says why (``Invalid``, ``NotFound``, ``Conflict`` …) with a stable
``code``; the web edge (``web_api.ApiHandler``) answers each kind with its one HTTP status, so no
module here names one.
"""

from __future__ import annotations

from refusals import Conflict, Invalid, NotFound, Refusal


class IntakeError(Refusal):
    """Every refusal of intake's rules."""

    code = "intake_error"


class InvalidRequest(IntakeError, Invalid):
    """The request is well formed but breaks a rule; ``details`` lists every problem by field."""

    code = "validation_failed"


class TransitionNotAllowed(IntakeError, Conflict):
    """The case is not in a state that allows this (completing a returned case, rating twice)."""

    code = "transition_not_allowed"


class CaseNotFound(IntakeError, NotFound):
    code = "not_found"
