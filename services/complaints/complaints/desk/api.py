"""The "could not get it done" desk over HTTP (办不成事反映窗口, R-UNRES-1..2).

The complaints office registers, forwards, records consent to extend and calls back; the owning
unit (its window head or staff) answers. Every write goes through ``desk.handlers``; a refusal
changes nothing. Only the office sees a reporter's contact.
"""

from __future__ import annotations

from complaints.desk import handlers, metrics
from complaints.desk.repository import DeskRepository
from complaints.desk.rules import STATUSES, DeskItem, InvalidDeskRequest, public
from complaints.desk.schemas import (
    AnswerSchema,
    DeskItemSchema,
    DeskListSchema,
    ExtensionSchema,
    FollowUpSchema,
    ForwardSchema,
    RegisterSchema,
    load_extension,
)
from complaints.entrypoints import Entrypoints, desk_work
from web_api import Forbidden, api, json_object, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

OFFICE = ("complaints_office",)
UNIT = ("window_head", "window_staff")
READERS = (*OFFICE, *UNIT, "lead_window", "supervision", "operator")


class DeskApi(Entrypoints):
    """Entrypoints of the desk: register, read, forward, extend, answer, follow up."""

    def desk_answer(self, item: DeskItem, status: int = 200, steps: list | None = None):
        # never the reporter's contact, not even to the office: it is read only through the
        # audited route (``GET /desk/items/<no>/reporter``, a ``contact_read`` step of the trail)
        body = schema_of(DeskItemSchema).dump({**public(item), "steps": steps or []})
        closes = self.calendar.closes_at(item["deadline"]) if item["deadline"] else None
        body["closes_at"] = closes.isoformat() if closes else None
        return json_response(body, status)

    def desk_item_for(self, principal, item_no: str) -> tuple[DeskItem, list]:
        """The item and its trail, if this principal may see it (a unit: one it is involved in)."""
        with self.db.transaction() as tx:
            item = DeskRepository(tx.connection).get(item_no)
            steps = DeskRepository(tx.connection).steps_of([item_no])[item_no]
        if principal.role in (*UNIT, "lead_window"):
            involved = {item["department"], *item["units"]}
            if principal.department not in involved:
                raise Forbidden(
                    f"该事项不涉及本部门 ({principal.department}) (the item does not involve your department)"
                )
        return item, steps

    @staticmethod
    def require_owner(principal, item: DeskItem) -> None:
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
        command = load_json(request, RegisterSchema)
        with desk_work(self, principal) as uow:
            item = handlers.register_item(command, uow)
        metrics.count_registered(item["tier"])
        return self.desk_answer(item, 201, self._steps(item["item_no"]))

    @api("GET", "/desk/items")
    def list_desk_items(self, request):
        """``GET /desk/items?status=forwarded`` -> ``{"items": [...]}`` (no contact); a unit sees
        only items involving its department. Errors: 401/403, 422 (unknown status)."""
        principal = self.access.require(request, *READERS)
        status, department = request.args.get("status"), request.args.get("department")
        if status and status not in STATUSES:
            raise InvalidDeskRequest(
                "状态有误 (unknown status)", {"status": [f"one of {', '.join(STATUSES)}"]}
            )
        if principal.role in (*UNIT, "lead_window"):
            department = principal.department
        with self.db.transaction() as tx:
            items = DeskRepository(tx.connection).listed(status, department)
        return json_response(schema_of(DeskListSchema).dump({"items": [public(i) for i in items]}))

    @api("GET", "/desk/items/<string:item_no>")
    def get_desk_item(self, request, item_no):
        """One item with its trail, never the reporter's contact (the audited
        ``/desk/items/<no>/reporter`` gives it). Errors: 401/403, 404."""
        principal = self.access.require(request, *READERS)
        item, steps = self.desk_item_for(principal, item_no)
        return self.desk_answer(item, steps=steps)

    @api("POST", "/desk/items/<string:item_no>/forwarding")
    def forward_desk_item(self, request, item_no):
        """Forward to the owning unit: ``{"department": "market_regulation"}`` -> 200 with the
        deadline of the tier (at once / 1 / 3 working days). Errors: 404, 409, 422."""
        principal = self.access.require(request, *OFFICE)
        command = load_json(request, ForwardSchema)
        with desk_work(self, principal) as uow:
            item = handlers.forward_item({**command, "item_no": item_no}, uow)
        return self.desk_answer(item, steps=self._steps(item_no))

    @api("POST", "/desk/items/<string:item_no>/extension")
    @idempotent
    def extend_desk_item(self, request, item_no):
        """Extend with the reporter's consent: ``{"days": 2, "reason": "需调取档案", "consent":
        {"given_at": "2026-11-23T10:30:00+08:00", "method": "phone"}}`` -> 200 with the new deadline;
        the recorder is the caller. Errors: 403, 404, 409 (not forwarded, limit passed), 422
        ``consent_required`` (no consent; every other problem listed too) or ``validation_failed``."""
        principal = self.access.require(request, *OFFICE, "window_head")
        command = load_extension(json_object(request))
        item, _ = self.desk_item_for(principal, item_no)
        self.require_owner(principal, item)
        with desk_work(self, principal) as uow:
            item = handlers.extend_item({**command, "item_no": item_no}, uow)
        return self.desk_answer(item, steps=self._steps(item_no))

    @api("POST", "/desk/items/<string:item_no>/answer")
    def answer_desk_item(self, request, item_no):
        """The owning unit's result (R-UNRES-2): ``{"result": "已现场办结", "solved": true}`` -> 200,
        the follow-up call due within 1 working day. Errors: 403 (another unit), 404, 409
        ``transition_not_allowed`` (not forwarded: registered, answered or closed), 422."""
        principal = self.access.require(request, *OFFICE, *UNIT)
        command = load_json(request, AnswerSchema)
        item, _ = self.desk_item_for(principal, item_no)
        self.require_owner(principal, item)
        with desk_work(self, principal) as uow:
            item = handlers.answer_item({**command, "item_no": item_no}, uow)
        return self.desk_answer(item, steps=self._steps(item_no))

    @api("POST", "/desk/items/<string:item_no>/follow-up")
    @idempotent
    def follow_up_desk_item(self, request, item_no):
        """The desk's call back: ``{"satisfaction": "basically_satisfied", "note": "已告知"}`` -> 200,
        the item closed. Errors: 404, 409 (not answered yet, or closed), 422."""
        principal = self.access.require(request, *OFFICE)
        command = load_json(request, FollowUpSchema)
        with desk_work(self, principal) as uow:
            item = handlers.follow_up_item({**command, "item_no": item_no}, uow)
        return self.desk_answer(item, steps=self._steps(item_no))

    def _steps(self, item_no: str) -> list:
        with self.db.transaction() as tx:
            return DeskRepository(tx.connection).steps_of([item_no])[item_no]


ITEM_NO = (path_parameter("item_no", "e.g. DESK-20261123-7KQ2M9XA"),)
WRITE_ERRORS = {
    404: "No such item (not_found)",
    409: "Not allowed in the item's status (transition_not_allowed, concurrent_update)",
    422: "Invalid fields, every one listed (validation_failed)",
}


def item_step(path: str, summary: str, request, roles: tuple, errors=WRITE_ERRORS, **extra) -> Route:
    """The route of a step on one item: ``POST /desk/items/{item_no}/<path>`` -> the item."""
    return Route(
        "POST",
        f"/desk/items/{{item_no}}/{path}",
        summary,
        request,
        DeskItemSchema,
        200,
        errors,
        ITEM_NO,
        roles=roles,
        **extra,
    )


ROUTES = [
    Route(
        "POST",
        "/desk/items",
        "Register an item the reporter could not get done (R-UNRES-1)",
        RegisterSchema,
        DeskItemSchema,
        201,
        {422: WRITE_ERRORS[422]},
        roles=OFFICE,
        idempotent=True,
    ),
    Route(
        "GET",
        "/desk/items",
        "Desk items (a unit sees its own department's)",
        None,
        DeskListSchema,
        200,
        {422: "Bad filter"},
        (
            query_parameter("status", "registered|forwarded|answered|closed", False),
            query_parameter("department", "a unit involved", False),
        ),
        roles=READERS,
    ),
    Route(
        "GET",
        "/desk/items/{item_no}",
        "One item with its trail; the contact for the office only",
        None,
        DeskItemSchema,
        200,
        {404: WRITE_ERRORS[404]},
        ITEM_NO,
        roles=READERS,
    ),
    item_step("forwarding", "Forward to the owning unit with its tier's limit", ForwardSchema, OFFICE),
    item_step(
        "extension",
        "Extend the limit with the reporter's recorded consent",
        ExtensionSchema,
        (*OFFICE, "window_head"),
        {**WRITE_ERRORS, 422: "No consent (consent_required) or invalid fields (validation_failed)"},
        idempotent=True,
    ),
    item_step("answer", "The owning unit reports the result (R-UNRES-2)", AnswerSchema, (*OFFICE, *UNIT)),
    item_step(
        "follow-up", "The desk's call back with the satisfaction", FollowUpSchema, OFFICE, idempotent=True
    ),
]
