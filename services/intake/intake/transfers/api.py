"""Entrypoints of transfers and the first responder's supervision (R-FIRST-1..3).

A transfer changes who holds a case, never who is responsible for it; the first responder follows
it until it is closed. A case's history says who handled what.
"""

from __future__ import annotations

from intake.cases.repository import CaseRepository
from intake.cases.schemas import CASE_NO
from intake.entrypoints import OVERSEERS, IntakeEntrypoints
from intake.staff.repository import RosterRepository
from intake.staff.schemas import ERRORS, INVALID, READ, STAFF_ID, WINDOW
from intake.transfers import handlers
from intake.transfers.schemas import (
    HistorySchema,
    SupervisingSchema,
    TransferAnswerSchema,
    TransferSchema,
)
from web_api import NotFound, api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route


class TransfersApi(IntakeEntrypoints):
    """Transfers, supervision and a case's history."""

    @api("POST", "/cases/<string:case_no>/transfer")
    @idempotent
    def transfer_case(self, request, case_no):
        """Transfer to a named person at a named window (R-FIRST-2): ``{"to": {"staff_id": "S21",
        "name": "王五", "window": "W07"}, "note": "属不动产登记", "agreed_time": null}`` -> 200 with
        ``holder_id``, ``first_responder_id`` (unchanged, R-FIRST-3), ``receiver_away`` and, when the
        receiver is away, ``suggested`` (their post backup). Event ``case_transferred``.
        Errors: 401/403, 404, 409 ``transition_not_allowed`` (closed case), 422 (``agreed_time``
        missing while the receiver is away, the case already held by ``to``)."""
        principal = self.window_principal(request)
        command = load_json(request, TransferSchema)
        with self.db.transaction() as tx:
            case = CaseRepository(tx.connection).find(case_no)
        if case is None:
            raise NotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        if principal.subject not in (case["staff_id"], case["holder_id"]):
            self.check_department(principal, case["department"])
        with self.case_work(principal) as ctx:
            case, recorded = handlers.transfer_case(case_no, command, ctx)
        return json_response(
            schema_of(TransferAnswerSchema).dump(
                {
                    **recorded,
                    "case_no": case_no,
                    "holder_id": case["holder_id"],
                    "first_responder_id": case["staff_id"],
                }
            )
        )

    @api("GET", "/staff/<string:staff_id>/supervising")
    def supervising(self, request, staff_id):
        """R-FIRST-3: the open cases ``staff_id`` received, wherever they are now:
        ``GET /staff/S01/supervising`` -> 200 ``{"cases": [{"case_no", "holder_id", "status",
        "deadline", "transferred"}]}``; closed cases drop off. Errors: 401/403."""
        principal = self.access.require(request, *READ)
        if principal.role not in OVERSEERS and principal.subject != staff_id:
            self.check_for_person(principal, staff_id, heads_only=False)
        with self.db.transaction() as tx:
            found = handlers.supervising(RosterRepository(tx.connection), staff_id)
        return json_response(schema_of(SupervisingSchema).dump({"staff_id": staff_id, "cases": found}))

    @api("GET", "/cases/<string:case_no>/history")
    def case_history(self, request, case_no):
        """Who handled what, in order: ``GET /cases/HALL-20261123-9KN9JEEK/history`` -> 200
        ``{"lines": [{"action": "transferred", "actor_id": "S01", "at", "details"}]}``.
        Errors: 401/403 (a window of another department), 404."""
        principal = self.access.require(request, *READ)
        department = self.case_department(case_no)
        if principal.role not in OVERSEERS:
            self.check_department(principal, department)
        with self.db.transaction() as tx:
            lines = CaseRepository(tx.connection).history(case_no)
            people = RosterRepository(tx.connection).staff_named({line["actor_id"] for line in lines})
        lines = [{**line, "actor_name": people.get(line["actor_id"], {}).get("name")} for line in lines]
        return json_response(schema_of(HistorySchema).dump({"case_no": case_no, "lines": lines}))


TRANSFER_ROUTES = [
    Route(
        "POST",
        "/cases/{case_no}/transfer",
        "Transfer a case to a named person at a named window",
        TransferSchema,
        TransferAnswerSchema,
        200,
        {
            **ERRORS,
            404: "No such case (not_found)",
            409: "The case is closed (transition_not_allowed)",
            **INVALID,
        },
        CASE_NO,
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "GET",
        "/staff/{staff_id}/supervising",
        "Open cases this first responder follows",
        None,
        SupervisingSchema,
        200,
        ERRORS,
        (STAFF_ID,),
        roles=READ,
    ),
    Route(
        "GET",
        "/cases/{case_no}/history",
        "Who handled what, in order",
        None,
        HistorySchema,
        200,
        {**ERRORS, 404: "No such case (not_found)"},
        CASE_NO,
        roles=READ,
    ),
]
