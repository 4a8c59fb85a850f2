"""The console's nameko service: each concept's pages, composed here explicitly.

``nameko run console.service`` serves the hall's pages on ``WEB_SERVER_ADDRESS`` (8000). Every
page is built from the four services' HTTP APIs, called with the signed-in person's token.
"""

from __future__ import annotations

import console.cases.api
import console.complaints.api
import console.desk.api
import console.home.api
import console.joint.api
import console.ops.api
import console.public.api
import console.signin.api
import console.supervision.api
import console.tasks.api
import console.tasks.reviewers
from console.dependencies import BackendsProvider, Sessions
from service_metrics import EntrypointMetrics
from web_api import Access


class ConsoleService(
    console.home.api.HomePages,
    console.cases.api.CasesPages,
    console.signin.api.SignInPages,
    console.joint.api.JointPages,
    console.tasks.api.TaskPages,
    console.tasks.reviewers.ReviewerPages,
    console.ops.api.OpsPages,
    console.supervision.api.SupervisionPages,
    console.public.api.PublicPages,
    console.complaints.api.ComplaintPages,
    console.desk.api.DeskPages,
):
    """Pages for window clerks, lead windows, reviewers, supervision, the complaints office,
    operators, and the public (no sign-in)."""

    name = "console"
    sessions = Sessions()
    backends = BackendsProvider()
    access = Access()
    metrics_ = EntrypointMetrics()
