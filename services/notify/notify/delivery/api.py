"""The delivery loop on a timer, and an operator's view of deliveries in doubt over HTTP."""

from __future__ import annotations

from notify import metrics
from notify.delivery import handlers
from notify.delivery.bell import delivery_timer
from notify.delivery.rules import IN_DOUBT, PENDING, NotResendable
from notify.delivery.schemas import DeliveryListSchema, ResentSchema
from notify.dependencies import NotifyWorker
from notify.unit_of_work import unit_of_work
from web_api import api, json_response, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

OPERATOR = ("operator",)


class DeliveryApi(NotifyWorker):
    """The delivery loop, the backlog gauges, and the operators' routes."""

    @delivery_timer("DELIVERY_POLL_SECONDS", 1.0)
    def deliver(self):
        """Every ``DELIVERY_POLL_SECONDS``, and at once when this process queued a delivery
        (``notify.delivery.bell``): send what is due, retry, fall back, ask for receipts."""
        now = self.now()
        report = handlers.run_once(
            lambda: unit_of_work(self.db),
            self.channels(self.db.transaction, now),
            self.directory,
            now,
            self.delivery_settings,
        )
        metrics.count_run(report)
        if report.fallbacks:  # queued due now: one more pass right away
            self.delivery_bell()

    def refresh_business_gauges(self) -> None:
        with self.db.transaction() as tx:
            metrics.refresh_backlog(tx.connection)

    @api("GET", "/deliveries")
    def list_deliveries(self, request):
        """``GET /deliveries?status=in_doubt`` (operators) -> 200 ``{"deliveries": [...]}``."""
        self.access.require(request, *OPERATOR)
        status = request.args.get("status", IN_DOUBT)
        with unit_of_work(self.db) as uow:
            found = uow.deliveries.with_status(status)
        return json_response(schema_of(DeliveryListSchema).dump({"deliveries": found}))

    @api("POST", "/deliveries/<int:delivery_id>/resend")
    @idempotent
    def resend_delivery(self, request, delivery_id):
        """An operator resends an in-doubt or failed delivery with the same key -> 202.
        Errors: 409 ``not_resendable`` (pending, sent or delivered: nothing changes)."""
        self.access.require(request, *OPERATOR)
        with unit_of_work(self.db) as uow:
            if not handlers.resend(handlers.Resend(delivery_id, self.now()), uow):
                raise NotResendable(
                    "只能重发存疑或失败的投递 (only an in-doubt or failed delivery is resent)"
                )
        self.delivery_bell()
        return json_response({"id": delivery_id, "status": PENDING}, 202)


ROUTES = [
    Route(
        "GET",
        "/deliveries",
        "Deliveries by status (in_doubt by default)",
        None,
        DeliveryListSchema,
        200,
        {},
        (query_parameter("status", "pending, sent, delivered, failed or in_doubt", False),),
        roles=OPERATOR,
    ),
    Route(
        "POST",
        "/deliveries/{delivery_id}/resend",
        "Resend an in-doubt or failed delivery",
        None,
        ResentSchema,
        202,
        {409: "Not in doubt nor failed (not_resendable)"},
        (path_parameter("delivery_id", "the delivery's id", "integer"),),
        roles=OPERATOR,
        idempotent=True,
    ),
]
