"""Entrypoints of the roster (A/B posts, leave), transfers and the first responder's supervision.

R-AB-1/R-AB-2: posts have a primary and a backup; leave that would leave a window vacant is
refused; new work goes to whoever is in place. R-FIRST-1..3: a transfer changes who holds a case,
never who is responsible for it; the first responder follows it until it is closed.
"""

from __future__ import annotations

from datetime import date

from intake import repository, staff_handlers
from intake import roster_repository as staff_repository
from intake.api_cases import CaseWork
from intake.staff_schemas import (
    READ,
    HistorySchema,
    LeaveAnswerSchema,
    LeaveSchema,
    PostAnswerSchema,
    PostSchema,
    RosterSchema,
    SupervisingSchema,
    TransferAnswerSchema,
    TransferSchema,
)
from web_api import Forbidden, NotFound, api, dates, json_response, load_json
from web_api.idempotency import idempotent

OVERSEERS = ("supervision", "operator")


class StaffApi(CaseWork):
    """Mixin of the intake service: the roster, leave, transfers, supervision and case history."""

    def holder_for(self, connection, window, day):
        """R-AB-1: new work at ``window`` goes to the post's primary, or the backup while A is away."""
        return staff_handlers.holder_at(connection, window, day)

    @api("PUT", "/roster/posts/<string:post_id>")
    def set_post(self, request, post_id):
        """Set a post's A and B (R-AB-1): ``{"window": "W03", "department": "market_regulation",
        "primary": {"staff_id": "S01", "name": "李四", "phone": "0571-1234"}, "backup": {...}}``
        -> 201 (new) or 200 with the post. A window head only for their own department and its
        people (an operator for any: moving someone between departments is theirs).
        Errors: 401/403, 422 ``validation_failed`` (primary and backup the same person, bad fields).
        """
        principal = self.access.require(request, "window_head", "operator")
        command = load_json(request, PostSchema())
        if principal.role != "operator":
            for department in self._departments_touched(post_id, command):
                self.check_department(principal, department)
        with self.case_work(principal) as ctx:
            post, created = staff_handlers.set_post(post_id, command, ctx)
            answer = next(
                entry
                for entry in staff_handlers.roster_on(ctx.connection, ctx.today)
                if entry["post_id"] == post_id
            )
        return json_response(PostAnswerSchema().dump(answer), 201 if created else 200)

    @api("GET", "/roster")
    def get_roster(self, request):
        """Every post with its A and B and who is in place: ``GET /roster?date=2026-11-24`` -> 200
        ``{"date": ..., "posts": [{"post_id", "primary": {"away": false, ...}, "in_place": "S01"}]}``.
        Errors: 401/403, 422 (a date that is not YYYY-MM-DD)."""
        self.access.require(request, *READ)
        day = self._day(request.args.get("date"))
        with self.db.transaction() as tx:
            found = staff_handlers.roster_on(tx.connection, day)
        return json_response(RosterSchema().dump({"date": day, "posts": found}))

    @api("POST", "/staff/<string:staff_id>/leave")
    @idempotent
    def record_leave(self, request, staff_id):
        """Leave or a business trip (R-AB-1, R-AB-2): ``{"starts_on": "2026-11-24", "ends_on":
        "2026-11-26", "kind": "leave", "reason": "年休假"}`` by the person or their window head
        -> 201 with the leave and ``reassigned`` (cases moved to the partner when it starts today).
        Errors: 401/403, 404 (unknown staff), 409 ``backup_unavailable`` naming the post, the
        partner and the dates, 422 (ends_on before starts_on and every other problem)."""
        principal = self.window_principal(request)
        command = load_json(request, LeaveSchema())
        self._check_for_person(principal, staff_id)
        with self.case_work(principal) as ctx:
            leave, moved = staff_handlers.record_leave(staff_id, command, ctx)
        return json_response(LeaveAnswerSchema().dump({**leave, "reassigned": moved}), 201)

    @api("DELETE", "/staff/<string:staff_id>/leave/<int:leave_id>")
    def cancel_leave(self, request, staff_id, leave_id):
        """Cancel a leave: ``DELETE /staff/S01/leave/7`` -> 200 with ``cancelled: true``.
        Errors: 401/403, 404 (unknown staff or leave)."""
        principal = self.window_principal(request)
        self._check_for_person(principal, staff_id)
        with self.case_work(principal) as ctx:
            leave = staff_handlers.cancel_leave(staff_id, leave_id, ctx)
        return json_response(LeaveAnswerSchema().dump(leave))

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
        command = load_json(request, TransferSchema())
        with self.db.transaction() as tx:
            case = repository.find_case(tx.connection, case_no)
        if case is None:
            raise NotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        if principal.subject not in (case["staff_id"], case["holder_id"]):
            self.check_department(principal, case["department"])
        with self.case_work(principal) as ctx:
            case, recorded = staff_handlers.transfer_case(case_no, command, ctx)
        return json_response(
            TransferAnswerSchema().dump(
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
            self._check_for_person(principal, staff_id, heads_only=False)
        with self.db.transaction() as tx:
            found = staff_handlers.supervising(tx.connection, staff_id)
        return json_response(SupervisingSchema().dump({"staff_id": staff_id, "cases": found}))

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
            lines = repository.history(tx.connection, case_no)
            people = staff_repository.staff_named(tx.connection, {line["actor_id"] for line in lines})
        lines = [{**line, "actor_name": people.get(line["actor_id"], {}).get("name")} for line in lines]
        return json_response(HistorySchema().dump({"case_no": case_no, "lines": lines}))

    def _departments_touched(self, post_id: str, command: dict) -> set[str]:
        """The post's department, the one it had, and those of the people already on the roster."""
        people = [command["primary"]["staff_id"], command["backup"]["staff_id"]]
        with self.db.transaction() as tx:
            existing = staff_repository.find_post(tx.connection, post_id)
            known = staff_repository.staff_named(tx.connection, people).values()
        return {
            command["department"],
            *([existing["department"]] if existing else []),
            *(person["department"] for person in known),
        }

    def _check_for_person(self, principal, staff_id: str, heads_only: bool = True) -> None:
        """The person themselves, or (a head of) their department."""
        if principal.subject == staff_id:
            return
        with self.db.transaction() as tx:
            person = staff_repository.find_staff(tx.connection, staff_id)
        if person is None:
            raise NotFound(f"名册中没有工作人员 {staff_id} (no staff {staff_id} on the roster)")
        if heads_only and principal.role != "window_head":
            raise Forbidden(
                f"只有本人或本部门窗口负责人可以办理 (only {staff_id} or a window head of "
                f"their department may do this)"
            )
        self.check_department(principal, person["department"])

    def _day(self, text: str | None) -> date:
        """``?date=``: today when absent; 422 when malformed or outside ``web_api.dates``' range."""
        if not text:
            return self.calendar.today(self.clock())
        return dates.query_day(text, "date")
