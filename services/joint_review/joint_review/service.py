"""Joint review's nameko entrypoints (so far: health and metrics)."""

from joint_review.orm import metadata
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints


class JointReviewService(endpoints.OperationsEndpoints):
    """Fans joint cases out to departments and converges at the lead window.

    ``GET /health``, ``GET /metrics``. The review workflow comes with the joint review issue.
    """

    name = "joint_review"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    api_description = "Joint cases fan out to departments and converge at the lead window."

