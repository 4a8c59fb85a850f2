"""Complaints' nameko entrypoints (so far: health and metrics)."""

from complaints.orm import metadata
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints


class ComplaintsService(endpoints.OperationsEndpoints):
    """Complaints and the "could not get it done" desk.

    ``GET /health``, ``GET /metrics``. Filing and routing come with the complaints issue.
    """

    name = "complaints"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    api_description = "Complaints and the could-not-get-it-done desk."

