"""Intake's refusals: the errors its rules raise, each with a stable ``code``."""

from __future__ import annotations


class IntakeError(Exception):
    code = "intake_error"
    status = 400

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidRequest(IntakeError):
    """The request is well formed but breaks a rule; ``details`` lists every problem by field."""

    code, status = "validation_failed", 422


class TransitionNotAllowed(IntakeError):
    """The case is not in a state that allows this (completing a returned case, rating twice)."""

    code, status = "transition_not_allowed", 409


class CaseNotFound(IntakeError):
    code, status = "not_found", 404
