"""Complaints over HTTP: filing, routing, answers, follow-ups (R-COMP-1..8)."""

ROUTES: list = []


class ComplaintsApi:
    """Entrypoints of complaints proper; uses the dependencies declared on the service."""
