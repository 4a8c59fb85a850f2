"""Supervision's pages: overdue cases and review tasks, first-responder supervision, scores and
on-time rates, and its inbox of overdue reports and reminders.

Every call carries supervision's own token; the services decide what it may read (the
complainant's identity never reaches these pages: no call here asks for it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from werkzeug.wrappers import Response

from console.supervision import rules
from console.web.pages import ConsolePages, page
from console.web.views import HALL_TIME, render

SUPERVISION = ("supervision",)
OVERDUE_CASES_SHOWN = 100


def today() -> Any:
    return datetime.now(HALL_TIME).date()


class SupervisionPages(ConsolePages):
    @page("GET", "/supervision", roles=SUPERVISION)
    def supervision_overdue(self, request: Any, visitor: Any) -> Response:
        """Overdue open cases, overdue review tasks (by due month) and, for a staff id typed in,
        the open cases that person first received (R-FIRST-3)."""
        token = visitor.token
        cases = self.backends.intake.get("/cases", token, {"overdue": "true", "limit": OVERDUE_CASES_SHOWN})
        months = rules.report_months(request.args.get("month"), today())
        reports = [
            self.backends.joint_review.get("/reports/department-overdue", token, {"month": month})
            for month in months
        ]
        staff = rules.staff_id(request.args.get("staff_id"))
        supervising = None
        if staff:
            supervising = self.backends.intake.get(f"/staff/{staff}/supervising", token)
        return render(
            request,
            "supervision/overdue.html",
            cases=cases,
            tasks=rules.overdue_tasks(reports),
            months=months,
            staff=staff,
            supervising=supervising,
            form=request.args,
        )

    @page("GET", "/supervision/scores", roles=SUPERVISION)
    def supervision_scores(self, request: Any, visitor: Any) -> Response:
        """Staff scores (R-SCORE-1), ratings per window and department (R-RATE-1) and each
        department's on-time rate of review tasks (R-JOINT-6), for one month."""
        month = rules.report_months(request.args.get("month"), today(), recent=1)[0]
        query = {"month": month}
        token = visitor.token
        return render(
            request,
            "supervision/scores.html",
            month=month,
            scores=self.backends.intake.get("/reports/staff-scores", token, query),
            ratings=self.backends.intake.get("/reports/ratings", token, query),
            reviews=self.backends.joint_review.get("/reports/department-overdue", token, query),
            form={"month": month},
        )

    @page("GET", "/supervision/inbox", roles=SUPERVISION)
    def supervision_inbox(self, request: Any, visitor: Any) -> Response:
        """Overdue reports (督办) and reminders supervision received, newest first."""
        messages = self.backends.notify.get("/inbox", visitor.token)["messages"]
        return render(request, "supervision/inbox.html", messages=messages)
