"""Entrypoints of the roster: A/B posts and leave (R-AB-1, R-AB-2).

Posts have a primary and a backup; leave that would leave a window vacant is refused; new work
goes to whoever is in place. Transfers and supervision are in ``intake.transfers``.
"""

from __future__ import annotations

import logging
from datetime import date

from intake.entrypoints import IntakeEntrypoints
from intake.staff import handlers, handover
from intake.staff.repository import RosterRepository
from intake.staff.schemas import (
    ERRORS,
    INVALID,
    READ,
    STAFF_ID,
    WINDOW,
    HandoverAnswerSchema,
    LeaveAnswerSchema,
    LeaveSchema,
    OpeningAnswerSchema,
    OpeningSchema,
    PostAnswerSchema,
    PostSchema,
    RosterSchema,
)
from reliable_events import configured_timer
from web_api import api, dates, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

log = logging.getLogger(__name__)
OPERATOR = ("operator",)


class StaffApi(IntakeEntrypoints):
    """The roster and leave."""

    @api("PUT", "/roster/posts/<string:post_id>")
    def set_post(self, request, post_id):
        """Set a post's A and B (R-AB-1): ``{"window": "W03", "department": "market_regulation",
        "primary": {"staff_id": "S01", "name": "李四", "phone": "0571-1234"}, "backup": {...}}``
        -> 201 (new) or 200 with the post. A window head only for their own department and its
        people (an operator for any: moving someone between departments is theirs).
        Errors: 401/403, 422 ``validation_failed`` (primary and backup the same person, bad fields).
        """
        principal = self.access.require(request, "window_head", "operator")
        command = load_json(request, PostSchema)
        if principal.role != "operator":
            for department in self._departments_touched(post_id, command):
                self.check_department(principal, department)
        with self.case_work(principal) as ctx:
            post, created = handlers.set_post(post_id, command, ctx)
            answer = next(
                entry
                for entry in handlers.roster_on(ctx.roster, ctx.today, ctx.calendar.is_working_day)
                if entry["post_id"] == post_id
            )
        return json_response(schema_of(PostAnswerSchema).dump(answer), 201 if created else 200)

    @api("GET", "/roster")
    def get_roster(self, request):
        """Every post with its A and B and who is in place: ``GET /roster?date=2026-11-24`` -> 200
        ``{"date": ..., "posts": [{"post_id", "primary": {"away": false, ...}, "in_place": "S01",
        "open": true, "hours": null, "vacant": false}]}``; ``vacant``: the window opens that day
        (a working day or one of its opening days) with nobody in place (R-AB-2).
        Errors: 401/403, 422 (a date that is not YYYY-MM-DD)."""
        self.access.require(request, *READ)
        day = self._day(request.args.get("date"))
        with self.db.transaction() as tx:
            found = handlers.roster_on(RosterRepository(tx.connection), day, self.calendar.is_working_day)
        return json_response(schema_of(RosterSchema).dump({"date": day, "posts": found}))

    @api("POST", "/staff/<string:staff_id>/leave")
    @idempotent
    def record_leave(self, request, staff_id):
        """Leave or a business trip (R-AB-1, R-AB-2): ``{"starts_on": "2026-11-24", "ends_on":
        "2026-11-26", "kind": "leave", "reason": "年休假"}`` by the person or their window head
        -> 201 with the leave and ``reassigned`` (cases moved to the partner when it starts today).
        Errors: 401/403, 404 (unknown staff), 409 ``backup_unavailable`` naming the post, the
        partner and the dates, 422 (ends_on before starts_on and every other problem)."""
        principal = self.window_principal(request)
        command = load_json(request, LeaveSchema)
        self.check_for_person(principal, staff_id)
        with self.case_work(principal) as ctx:
            leave, moved = handlers.record_leave(staff_id, command, ctx)
        return json_response(schema_of(LeaveAnswerSchema).dump({**leave, "reassigned": moved}), 201)

    @api("DELETE", "/staff/<string:staff_id>/leave/<int:leave_id>")
    def cancel_leave(self, request, staff_id, leave_id):
        """Cancel a leave: ``DELETE /staff/S01/leave/7`` -> 200 with ``cancelled: true``.
        Errors: 401/403, 404 (unknown staff or leave)."""
        principal = self.window_principal(request)
        self.check_for_person(principal, staff_id)
        with self.case_work(principal) as ctx:
            leave = handlers.cancel_leave(staff_id, leave_id, ctx)
        return json_response(schema_of(LeaveAnswerSchema).dump(leave))

    @api("PUT", "/roster/windows/<string:window>/opening")
    def set_opening(self, request, window):
        """The days a window opens beyond the working days (R-AB-2), operators: ``{"days": [1, 2, 3,
        4, 5, 6, 7], "on_holidays": true, "opens": "08:30", "closes": "17:30"}`` -> 201 (new) or 200.
        Leave is then refused when it would leave the window vacant on any of those days too.
        Errors: 401/403, 422 ``validation_failed`` (weekdays not 1..7, hours not HH:MM or not in order)."""
        principal = self.access.require(request, *OPERATOR)
        command = load_json(request, OpeningSchema)
        with self.case_work(principal) as ctx:
            found, created = handlers.set_opening(window, command, ctx)
        return json_response(schema_of(OpeningAnswerSchema).dump(found), 201 if created else 200)

    @configured_timer("SWEEP_SECONDS", 60)
    def leave_sweep_timer(self):
        """Every ``SWEEP_SECONDS``: hand over the cases of clerks whose leave starts today (R-AB-1)."""
        found = handover.sweep(self.db, self.calendar, self.clock())
        if found["moved"]:
            log.info("leave sweep: %s cases moved for %s leaves", len(found["moved"]), found["leaves"])

    @api("POST", "/roster/sweep")
    def sweep_leaves(self, request):
        """Run the leave sweep now (operators, tests): ``{}`` -> 200 ``{"leaves": 1, "moved":
        ["HALL-..."], "skipped": 0}``: every leave that covers today and was not handed over yet
        moves its clerk's open cases to the post partner, once (R-AB-1). Errors: 401/403."""
        self.access.require(request, *OPERATOR)
        found = handover.sweep(self.db, self.calendar, self.clock())
        return json_response(schema_of(HandoverAnswerSchema).dump(found))

    def _departments_touched(self, post_id: str, command: dict) -> set[str]:
        """The post's department, the one it had, and those of the people already on the roster."""
        people = [command["primary"]["staff_id"], command["backup"]["staff_id"]]
        with self.db.transaction() as tx:
            existing = RosterRepository(tx.connection).find_post(post_id)
            known = RosterRepository(tx.connection).staff_named(people).values()
        return {
            command["department"],
            *([existing["department"]] if existing else []),
            *(person["department"] for person in known),
        }

    def _day(self, text: str | None) -> date:
        """``?date=``: today when absent; 422 when malformed or outside ``web_api.dates``' range."""
        if not text:
            return self.calendar.today(self.clock())
        return dates.query_day(text, "date")


STAFF_ROUTES = [
    Route(
        "PUT",
        "/roster/posts/{post_id}",
        "Set a post's primary (A) and backup (B)",
        PostSchema,
        PostAnswerSchema,
        200,
        {**ERRORS, **INVALID},
        (path_parameter("post_id", "e.g. W03-A"),),
        roles=("window_head", "operator"),
    ),
    Route(
        "GET",
        "/roster",
        "Posts and who is in place on a date",
        None,
        RosterSchema,
        200,
        {**ERRORS, **INVALID},
        (query_parameter("date", "YYYY-MM-DD, 2000-01-01..2099-12-31, default today", False),),
        roles=READ,
    ),
    Route(
        "POST",
        "/staff/{staff_id}/leave",
        "Record leave unless the window would be vacant",
        LeaveSchema,
        LeaveAnswerSchema,
        201,
        {
            **ERRORS,
            404: "Unknown staff (not_found)",
            409: "The post partner is away too (backup_unavailable)",
            **INVALID,
        },
        (STAFF_ID,),
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "DELETE",
        "/staff/{staff_id}/leave/{leave_id}",
        "Cancel a leave",
        None,
        LeaveAnswerSchema,
        200,
        {**ERRORS, 404: "Unknown staff or leave (not_found)"},
        (STAFF_ID, path_parameter("leave_id", "the leave's number", "integer")),
        roles=WINDOW,
    ),
    Route(
        "PUT",
        "/roster/windows/{window}/opening",
        "The days a window opens beyond the working days, and its hours",
        OpeningSchema,
        OpeningAnswerSchema,
        200,
        {**ERRORS, **INVALID},
        (path_parameter("window", "e.g. W09"),),
        roles=OPERATOR,
    ),
    Route(
        "POST",
        "/roster/sweep",
        "Hand over the cases of clerks whose leave starts today",
        None,
        HandoverAnswerSchema,
        200,
        ERRORS,
        roles=OPERATOR,
    ),
]
