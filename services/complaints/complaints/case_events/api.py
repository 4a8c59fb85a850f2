"""The consumers of intake's case events: each applies its event to the local projection once."""

from __future__ import annotations

from datetime import UTC

from complaints.case_events import handlers
from complaints.entrypoints import Entrypoints
from complaints.unit_of_work import sql_unit_of_work
from reliable_events import reliable_event_handler


class CaseEventsApi(Entrypoints):
    """One named consumer per intake case event (the queue is named after the method)."""

    def project_case(self, event) -> None:
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            uow = sql_unit_of_work(
                tx,
                self.calendar,
                self.clock().astimezone(UTC),
                "intake",
                "",
                self.seal,
                self.settings.settings,
            )
            handlers.project(event, uow)

    @reliable_event_handler("intake", "case_registered")
    def handle_case_registered(self, event):
        """Known cases (to link a complaint): intake's projection, never its database."""
        self.project_case(event)

    @reliable_event_handler("intake", "case_accepted")
    def handle_case_accepted(self, event):
        self.project_case(event)

    @reliable_event_handler("intake", "case_returned")
    def handle_case_returned(self, event):
        self.project_case(event)

    @reliable_event_handler("intake", "case_extended")
    def handle_case_extended(self, event):
        self.project_case(event)

    @reliable_event_handler("intake", "case_overdue")
    def handle_case_overdue(self, event):
        """A case that went overdue: complaints about it suggest ``late`` (R-COMP-2)."""
        self.project_case(event)

    @reliable_event_handler("intake", "case_completed")
    def handle_case_completed(self, event):
        self.project_case(event)
