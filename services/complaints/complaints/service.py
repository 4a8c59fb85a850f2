"""Complaints' nameko entrypoints (so far: health and metrics)."""

from reliable_events import Database
from service_metrics import EntrypointMetrics
from service_metrics import endpoints

from complaints.orm import metadata


class ComplaintsService(endpoints.OperationsEndpoints):
    """Complaints and the "could not get it done" desk.

    ``GET /health``, ``GET /metrics``. Filing and routing come with the complaints issue.
    """

    name = "complaints"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
