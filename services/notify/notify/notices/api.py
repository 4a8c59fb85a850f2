"""The events notify consumes, each turned into the notices it calls for.

One consumer (and queue) per event in ``rules.CONSUMED``, written out so that grep finds each by
its name; the queue names keep the method names (``notify.handle_case_accepted``). The events of
every case (accepted, completed) are taken in batches (``reliable_batch_handler``: one
transaction per batch, acked after its commit; a batch that fails is retried message by
message, so an event that cannot fill its notice is dead-lettered alone). A batch is gathered
for at most ``GATHER_SECONDS`` (5 ms): each notice waits that long at a steady load, and under a
burst the batches fill up before it anyway.
"""

from __future__ import annotations

import eventlet

from notify import metrics
from notify.dependencies import NotifyWorker
from notify.enquiries import handlers as enquiries
from notify.notices import handlers
from notify.unit_of_work import unit_of_work
from reliable_events import reliable_batch_handler, reliable_event_handler

GATHER_SECONDS = 0.005  # how long a batch of case events is gathered before it is handled
RENDERERS = 10  # a batch's events rendered side by side (the receipt's code is read from intake)


class NoticeConsumers(NotifyWorker):
    """The consumers of the notify service: one per event notify reads."""

    def issue_notices(self, event: dict) -> None:
        """Render first (a notice the data cannot fill is dead-lettered, nothing written), then
        archive and queue in the consuming transaction, once per event."""
        directory = self.directory
        rendered = handlers.rendered_plans(event, directory.catalogue_item, directory.receipt_code)
        with unit_of_work(self.db) as uow:
            issued = handlers.issue_notices(handlers.IssueNotices(event, rendered, self.now()), uow)
        metrics.count_issued(issued)
        if issued:  # committed: the loop sends them now, not at its next poll
            self.delivery_bell()

    def issue_batch(self, events: list[dict]) -> None:
        """``issue_notices`` for a batch: every event rendered first (any that cannot be fails
        the batch before anything is written), then all archived and queued in one transaction."""
        directory = self.directory

        def render(event: dict) -> list:
            return handlers.rendered_plans(event, directory.catalogue_item, directory.receipt_code)

        rendered = list(eventlet.GreenPool(RENDERERS).imap(render, events))
        now, issued = self.now(), []
        with unit_of_work(self.db) as uow:
            for event, plans in zip(events, rendered, strict=True):
                issued += handlers.issue_notices(handlers.IssueNotices(event, plans, now), uow)
        metrics.count_issued(issued)
        if issued:
            self.delivery_bell()

    @reliable_batch_handler("intake", "case_accepted", max_wait=GATHER_SECONDS)
    def handle_case_accepted(self, events: list[dict]) -> None:
        """``intake.case_accepted`` (in batches): issue the notices each calls for."""
        self.issue_batch(events)

    @reliable_event_handler("intake", "supplement_requested")
    def handle_supplement_requested(self, event: dict) -> None:
        """``intake.supplement_requested``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "enquiry_recorded")
    def handle_enquiry_recorded(self, event: dict) -> None:
        """``intake.enquiry_recorded``: the one-time notice by SMS, tracked against its due time
        in the same transaction (R-ONCE-2)."""
        rendered = handlers.rendered_plans(event, self.directory.catalogue_item)
        with unit_of_work(self.db) as uow:
            issued = handlers.issue_notices(handlers.IssueNotices(event, rendered, self.now()), uow)
            enquiries.track(enquiries.Track(event, issued), uow)
        metrics.count_issued(issued)
        if issued:
            self.delivery_bell()

    @reliable_event_handler("intake", "case_returned")
    def handle_case_returned(self, event: dict) -> None:
        """``intake.case_returned``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_suspended")
    def handle_case_suspended(self, event: dict) -> None:
        """``intake.case_suspended``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_resumed")
    def handle_case_resumed(self, event: dict) -> None:
        """``intake.case_resumed``: issue the notices it calls for (the resumption notice)."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_transferred")
    def handle_case_transferred(self, event: dict) -> None:
        """``intake.case_transferred``: issue the notices it calls for (the transfer notice, R-FIRST-2)."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_extended")
    def handle_case_extended(self, event: dict) -> None:
        """``intake.case_extended``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_batch_handler("intake", "case_completed", max_wait=GATHER_SECONDS)
    def handle_case_completed(self, events: list[dict]) -> None:
        """``intake.case_completed`` (in batches): issue the notices each calls for."""
        self.issue_batch(events)

    @reliable_event_handler("intake", "case_escalated")
    def handle_case_escalated(self, event: dict) -> None:
        """``intake.case_escalated``: the forwarding notice (R-KIND-6)."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_overdue_decided")
    def handle_case_overdue_decided(self, event: dict) -> None:
        """``intake.case_overdue_decided``: the overdue explanation notice of a legal obstacle (R-CLOCK-5)."""
        self.issue_notices(event)

    @reliable_event_handler("joint_review", "review_opened")
    def handle_review_opened(self, event: dict) -> None:
        """``joint_review.review_opened``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("joint_review", "supplement_consolidated")
    def handle_supplement_consolidated(self, event: dict) -> None:
        """``joint_review.supplement_consolidated``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("joint_review", "review_task_assigned")
    def handle_review_task_assigned(self, event: dict) -> None:
        """``joint_review.review_task_assigned``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("joint_review", "task_due_soon")
    def handle_task_due_soon(self, event: dict) -> None:
        """``joint_review.task_due_soon``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("joint_review", "task_overdue")
    def handle_task_overdue(self, event: dict) -> None:
        """``joint_review.task_overdue``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("joint_review", "meeting_scheduled")
    def handle_meeting_scheduled(self, event: dict) -> None:
        """``joint_review.meeting_scheduled``: an invitation to each invited department (R-JOINT-5)."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_due_soon")
    def handle_case_due_soon(self, event: dict) -> None:
        """``intake.case_due_soon``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("intake", "case_overdue")
    def handle_case_overdue(self, event: dict) -> None:
        """``intake.case_overdue``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("complaints", "complaint_answered")
    def handle_complaint_answered(self, event: dict) -> None:
        """``complaints.complaint_answered``: issue the notices it calls for."""
        self.issue_notices(event)

    @reliable_event_handler("complaints", "complaint_explained")
    def handle_complaint_explained(self, event: dict) -> None:
        """``complaints.complaint_explained``: the delay notice to a written complaint (R-COMP-5)."""
        self.issue_notices(event)

    @reliable_event_handler("complaints", "complaint_forwarded")
    def handle_complaint_forwarded(self, event: dict) -> None:
        """``complaints.complaint_forwarded``: the department's inbox is told (R-COMP-8)."""
        self.issue_notices(event)

    @reliable_event_handler("complaints", "complaint_forward_reported")
    def handle_complaint_forward_reported(self, event: dict) -> None:
        """``complaints.complaint_forward_reported``: the report to a written complaint (R-COMP-8)."""
        self.issue_notices(event)

    @reliable_event_handler("complaints", "desk_item_answered")
    def handle_desk_item_answered(self, event: dict) -> None:
        """``complaints.desk_item_answered``: the result notice to the desk reporter (R-UNRES-2)."""
        self.issue_notices(event)
