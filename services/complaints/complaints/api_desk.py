"""The "could not get it done" desk over HTTP (R-UNRES-1..2)."""

ROUTES: list = []


class DeskApi:
    """Entrypoints of the desk; uses the dependencies declared on the service."""
