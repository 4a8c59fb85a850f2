"""The operator's pages: each service's health and outbox, dead letters, failed deliveries.

Every call carries the operator's own token: the services decide (their operations routes admit
the ``operator`` role only). The console never touches a database or the broker itself.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from console.backends.client import SERVICES, Unavailable
from console.ops import rules
from console.web.pages import ConsolePages, not_found, page
from console.web.views import redirect, render

OPERATOR = ("operator",)


class OpsPages(ConsolePages):
    @page("GET", "/ops", roles=OPERATOR)
    def ops_status(self, request: Any, visitor: Any) -> Response:
        """Each service's health, outbox backlog and dead letters waiting."""
        rows = []
        for service in SERVICES:
            backend = self.backends.of(service)
            health = backlog = None
            try:
                health = backend.call("GET", "/health", None).body
                backlog = backend.get("/operations/outbox", visitor.token)
            except Unavailable:
                pass
            rows.append(rules.health_row(service, health, backlog))
        return render(request, "ops/status.html", rows=rows)

    @page("GET", "/ops/dead-letters", roles=OPERATOR)
    def ops_dead_letters(self, request: Any, visitor: Any) -> Response:
        """Every service's dead letters (id, event type, queue, reason, time)."""
        queues = []
        for service in SERVICES:
            try:
                listing = self.backends.of(service).get("/operations/dead-letters", visitor.token)
            except Unavailable:
                listing = None
            queues.append({"service": service, "label": rules.SERVICE_LABELS[service], "listing": listing})
        return render(request, "ops/dead_letters.html", queues=queues, done=request.args.get("redriven"))

    @page("GET", "/ops/dead-letters/<string:service>/<string:message_id>", roles=OPERATOR)
    def ops_dead_letter(self, request: Any, visitor: Any, service: str, message_id: str) -> Response:
        """One dead letter: its headers and body, and the re-drive button."""
        if not rules.known_service(service):
            raise not_found()
        letter = self.backends.of(service).get(f"/operations/dead-letters/{message_id}", visitor.token)
        label = rules.SERVICE_LABELS[service]
        return render(request, "ops/dead_letter.html", service=service, label=label, letter=letter)

    @page("POST", "/ops/dead-letters/<string:service>/<string:message_id>/redrive", roles=OPERATOR)
    def ops_redrive(self, request: Any, visitor: Any, service: str, message_id: str) -> Response:
        """Re-drive exactly the letter shown (its time in the form): sent twice, the service
        refuses the second (404 gone, 409 failed again since) and the page says so."""
        if not rules.known_service(service):
            raise not_found()
        version = {"dead_lettered_at": request.form.get("dead_lettered_at") or None}
        self.backends.of(service).post(
            f"/operations/dead-letters/{message_id}/redrive", visitor.token, version
        )
        return redirect(f"/ops/dead-letters?redriven={message_id}")

    @page("GET", "/ops/deliveries", roles=OPERATOR)
    def ops_deliveries(self, request: Any, visitor: Any) -> Response:
        """notify's deliveries in doubt and failed, each with a resend button."""
        asked = request.args.get("status")
        found = []
        for status in rules.delivery_statuses(asked):
            found += self.backends.notify.get("/deliveries", visitor.token, {"status": status})["deliveries"]
        return render(
            request,
            "ops/deliveries.html",
            deliveries=found,
            statuses=rules.DELIVERY_STATUSES,
            channels=rules.DELIVERY_CHANNELS,
            asked=asked if asked in rules.DELIVERY_STATUSES else "",
            resent=request.args.get("resent"),
        )

    @page("POST", "/ops/deliveries/<int:delivery_id>/resend", roles=OPERATOR)
    def ops_resend(self, request: Any, visitor: Any, delivery_id: int) -> Response:
        """Resend one delivery with its idempotency key (409 when it is neither in doubt nor failed)."""
        self.backends.notify.post(f"/deliveries/{delivery_id}/resend", visitor.token)
        return redirect(f"/ops/deliveries?resent={delivery_id}")
