"""Open311 GeoReport v2 over the complaint categories and the desk."""

ROUTES: list = []


class Open311Api:
    """Open311 entrypoints; uses the dependencies declared on the service."""
