"""The "could not get it done" desk over HTTP (办不成事反映窗口, R-UNRES-1..2).

The complaints office registers, forwards, records consent to extend and calls back; the owning
unit (its window head or staff) answers. Every write goes through ``desk_handlers``; a refusal
changes nothing. Only the office sees a reporter's contact.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC

from marshmallow import ValidationError
from werkzeug.wrappers import Response

from complaints import desk_handlers, desk_ledger, desk_metrics, desk_repository
from complaints.desk_rules import STATUSES, DeskError
from complaints.desk_schemas import (
    DESK_ROUTES,
    OFFICE,
    READERS,
    UNIT,
    AnswerSchema,
    DeskItemSchema,
    DeskListSchema,
    ExtensionSchema,
    FollowUpSchema,
    ForwardSchema,
    RegisterSchema,
)
from web_api import ApiError, Forbidden, api, json_object, json_response, load_json
from web_api.idempotency import idempotent

ROUTES: list = DESK_ROUTES


def refresh_gauges(service) -> None:
    """At each scrape: the desk's gauges from the database (``desk_metrics``)."""
    now = service.clock()
    today = service.calendar.today(now)
    passed = today if now > service.calendar.closes_at(today) else today.fromordinal(today.toordinal() - 1)
    with service.db.transaction() as tx:
        desk_metrics.refresh(tx.connection, passed)


class DeskApi:
    """Entrypoints of the desk; uses the dependencies declared on the service."""

    @contextmanager
    def desk_work(self, principal):
        """A desk use case's context; a rule's refusal becomes its HTTP error, nothing is written."""
        try:
            with self.db.transaction() as tx:
                yield desk_handlers.DeskContext(
                    tx,
                    self.calendar,
                    self.clock().astimezone(UTC),
                    principal.subject,
                    principal.role,
                    self.seal,
                )
        except DeskError as exc:
            raise ApiError(exc.message, exc.details, status=exc.status, code=exc.code) from exc

    def desk_answer(self, item: dict, principal, status: int = 200, steps: list | None = None):
        body = DeskItemSchema().dump({**desk_ledger.public(item), "steps": steps or []})
        if principal.role in OFFICE:
            opened = self.seal.open(item["identity"])
            body["reporter"] = {key: value for key, value in opened.items() if value is not None}
        closes = self.calendar.closes_at(item["deadline"]) if item["deadline"] else None
        body["closes_at"] = closes.isoformat() if closes else None
        return json_response(body, status)

    def desk_item_for(self, principal, item_no: str) -> tuple[dict, list]:
        """The item and its trail, if this principal may see it (a unit: one it is involved in)."""
        try:
            with self.db.transaction() as tx:
                item = desk_repository.get_item(tx.connection, item_no)
                steps = desk_repository.steps_of(tx.connection, [item_no])[item_no]
        except DeskError as exc:
            raise ApiError(exc.message, exc.details, status=exc.status, code=exc.code) from exc
        if principal.role in (*UNIT, "lead_window"):
            involved = {item["department"], *item["units"]}
            if principal.department not in involved:
                raise Forbidden(
                    f"该事项不涉及本部门 ({principal.department}) (the item does not involve your department)"
                )
        return item, steps

    @staticmethod
    def require_owner(principal, item: dict) -> None:
        """A unit acts only on an item forwarded to its own department."""
        if principal.role in OFFICE:
            return
        if item["department"] is None or not principal.acts_for(item["department"]):
            raise Forbidden(
                f"该事项未转办至本部门 ({principal.department}) "
                f"(the item is not forwarded to your department)"
            )

    @api("POST", "/desk/items")
    @idempotent
    def register_desk_item(self, request):
        """Register (R-UNRES-1): ``{"item": "个体工商户设立登记", "units": ["market_regulation"],
        "reason": "窗口称系统故障无法办理", "tier": "ordinary", "reporter": {"name": "张三",
        "phone": "13800000000"}}`` -> 201 with ``item_no``, the reporter sealed at rest. Errors:
        401/403, 422 ``validation_failed`` (every problem)."""
        principal = self.access.require(request, *OFFICE)
        command = load_json(request, RegisterSchema())
        with self.desk_work(principal) as ctx:
            item = desk_handlers.register_item(command, ctx)
        desk_metrics.count_registered(item["tier"])
        return self.desk_answer(item, principal, 201, self._steps(item["item_no"]))

    @api("GET", "/desk/items")
    def list_desk_items(self, request):
        """``GET /desk/items?status=forwarded`` -> ``{"items": [...]}`` (no contact); a unit sees
        only items involving its department. Errors: 401/403, 422 (unknown status)."""
        principal = self.access.require(request, *READERS)
        status, department = request.args.get("status"), request.args.get("department")
        if status and status not in STATUSES:
            raise ApiError(
                "状态有误 (unknown status)",
                {"status": [f"one of {', '.join(STATUSES)}"]},
                status=422,
                code="validation_failed",
            )
        if principal.role in (*UNIT, "lead_window"):
            department = principal.department
        with self.db.transaction() as tx:
            items = desk_repository.list_items(tx.connection, status, department)
        return json_response(DeskListSchema().dump({"items": [desk_ledger.public(i) for i in items]}))

    @api("GET", "/desk/items/<string:item_no>")
    def get_desk_item(self, request, item_no):
        """One item with its trail; the office also sees ``reporter``. Errors: 401/403, 404."""
        principal = self.access.require(request, *READERS)
        item, steps = self.desk_item_for(principal, item_no)
        return self.desk_answer(item, principal, steps=steps)

    @api("POST", "/desk/items/<string:item_no>/forwarding")
    def forward_desk_item(self, request, item_no):
        """Forward to the owning unit: ``{"department": "market_regulation"}`` -> 200 with the
        deadline of the tier (at once / 1 / 3 working days). Errors: 404, 409, 422."""
        principal = self.access.require(request, *OFFICE)
        command = load_json(request, ForwardSchema())
        with self.desk_work(principal) as ctx:
            item = desk_handlers.forward_item(item_no, command, ctx)
        return self.desk_answer(item, principal, steps=self._steps(item_no))

    @api("POST", "/desk/items/<string:item_no>/extension")
    @idempotent
    def extend_desk_item(self, request, item_no):
        """Extend with the reporter's consent: ``{"days": 2, "reason": "需调取档案", "consent":
        {"given_at": "2026-11-23T10:30:00+08:00", "method": "phone"}}`` -> 200 with the new deadline;
        the recorder is the caller. Errors: 403, 404, 409 (not forwarded, limit passed), 422
        ``consent_required`` (no consent; every other problem listed too) or ``validation_failed``."""
        principal = self.access.require(request, *OFFICE, "window_head")
        command = self._extension(request)
        item, _ = self.desk_item_for(principal, item_no)
        self.require_owner(principal, item)
        with self.desk_work(principal) as ctx:
            item = desk_handlers.extend_item(item_no, command, ctx)
        return self.desk_answer(item, principal, steps=self._steps(item_no))

    @staticmethod
    def _extension(request) -> dict:
        payload = json_object(request)  # the extension is validated after, to name a missing consent
        try:
            return ExtensionSchema().load(payload)
        except ValidationError as exc:
            no_consent = "consent" in exc.messages and not isinstance(payload.get("consent"), dict)
            raise ApiError(
                "延期须经反映人同意并记录 (an extension needs the reporter's recorded consent)"
                if no_consent
                else "请求内容有误 (the request has invalid fields)",
                exc.messages,
                status=422,
                code="consent_required" if no_consent else "validation_failed",
            ) from None

    @api("POST", "/desk/items/<string:item_no>/answer")
    def answer_desk_item(self, request, item_no):
        """The owning unit's result (R-UNRES-2): ``{"result": "已现场办结", "solved": true}`` -> 200,
        the follow-up call due within 1 working day. Errors: 403 (another unit), 404, 409
        ``transition_not_allowed`` (not forwarded: registered, answered or closed), 422."""
        principal = self.access.require(request, *OFFICE, *UNIT)
        command = load_json(request, AnswerSchema())
        item, _ = self.desk_item_for(principal, item_no)
        self.require_owner(principal, item)
        with self.desk_work(principal) as ctx:
            item = desk_handlers.answer_item(item_no, command, ctx)
        return self.desk_answer(item, principal, steps=self._steps(item_no))

    @api("POST", "/desk/items/<string:item_no>/follow-up")
    @idempotent
    def follow_up_desk_item(self, request, item_no):
        """The desk's call back: ``{"satisfaction": "basically_satisfied", "note": "已告知"}`` -> 200,
        the item closed. Errors: 404, 409 (not answered yet, or closed), 422."""
        principal = self.access.require(request, *OFFICE)
        command = load_json(request, FollowUpSchema())
        with self.desk_work(principal) as ctx:
            item = desk_handlers.follow_up_item(item_no, command, ctx)
        return self.desk_answer(item, principal, steps=self._steps(item_no))

    @api("GET", "/desk/ledger")
    def desk_ledger(self, request):
        """The trail (R-UNRES-2): ``GET /desk/ledger?from=2026-11-01&to=2026-11-30&format=csv`` -> CSV
        (UTF-8 BOM, a row per step) or JSON (an item per entry with its ``steps``); no contact.
        Errors: 401/403, 422 listing every bad parameter."""
        self.access.require(request, *OFFICE, "supervision", "operator")
        try:
            first, last, fmt = desk_ledger.parse_query(
                request.args.get("from"), request.args.get("to"), request.args.get("format")
            )
        except DeskError as exc:
            raise ApiError(exc.message, exc.details, status=exc.status, code=exc.code) from exc
        with self.db.transaction() as tx:
            items = desk_ledger.trail(tx.connection, first, last, self.calendar.timezone)
        if fmt == "json":
            return json_response(
                {
                    "from": first.isoformat(),
                    "to": last.isoformat(),
                    "items": json.loads(json.dumps(items, default=str)),
                }
            )
        disposition = f'attachment; filename="desk-ledger-{first}-{last}.csv"'
        return Response(
            desk_ledger.to_csv(items).encode("utf-8"),
            mimetype="text/csv",
            headers={"Content-Disposition": disposition},
        )

    def _steps(self, item_no: str) -> list:
        with self.db.transaction() as tx:
            return desk_repository.steps_of(tx.connection, [item_no])[item_no]
