"""HTTP entrypoints of the departments' A/B reviewers and their leave (R-JOINT-7, R-AB-1)."""

from __future__ import annotations

import re

from joint_review.entrypoints import Entrypoints
from joint_review.reviewers import handlers
from joint_review.reviewers.rules import roster_problems
from joint_review.reviewers.schemas import LeaveRequestSchema, LeaveSchema, RosterRequestSchema, RosterSchema
from refusals import Invalid, Refusal
from web_api import Forbidden, api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter

DEPARTMENT_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
ROSTER_ROLES = ("operator", "supervision")


def load_roster(request, department: str) -> dict:
    """The roster request, or one 422 listing every problem: fields, department code, A == B."""
    command, problems = None, {}
    try:
        command = load_json(request, RosterRequestSchema)
    except Refusal as exc:
        if exc.code != "validation_failed":
            raise
        problems = dict(exc.details)
    if not DEPARTMENT_CODE.fullmatch(department):
        problems["department"] = ["部门代码无效 (not a department code)"]
    if command:
        problems.update(roster_problems(command["primary"]["reviewer_id"], command["backup"]["reviewer_id"]))
    if problems:
        raise Invalid("A/B角设置有误 (the reviewers are invalid)", problems)
    assert command is not None  # loaded, or its problems were raised just above
    return command


class ReviewersApi(Entrypoints):
    """The departments' A/B reviewers and their leave."""

    @api("PUT", "/departments/<string:department>/reviewers")
    def set_reviewers(self, request, department):
        """Operators or supervision register a department's A and B: ``{"primary": {"reviewer_id": "R21",
        "name": "陈刚"}, "backup": {"reviewer_id": "R22", "name": "李娜"}}`` -> 201 (new) or 200 the roster.
        New tasks go to A, or to B while A is on leave. Errors: 401, 403, 422 (A and B the same
        person, a bad department code: every problem listed)."""
        principal = self.access.require(request, *ROSTER_ROLES)
        command = load_roster(request, department)
        with self.unit_of_work(principal.subject) as uow:
            _, created = handlers.set_reviewers({**command, "department": department}, uow)
            view = handlers.roster_view(department, uow)
        return json_response(schema_of(RosterSchema).dump(view), 201 if created else 200)

    @api("GET", "/departments/<string:department>/reviewers")
    def get_reviewers(self, request, department):
        """The department's A and B, who is away today and who takes new tasks. Its own reviewers,
        operators and supervision. Errors: 401, 403, 404 (no reviewers registered)."""
        principal = self.access.require(request, "reviewer", *ROSTER_ROLES)
        if principal.role == "reviewer":
            self.only_for(principal, department)
        with self.unit_of_work(principal.subject) as uow:
            view = handlers.roster_view(department, uow)
        return json_response(schema_of(RosterSchema).dump(view))

    @api("POST", "/reviewers/<string:reviewer_id>/leave")
    @idempotent
    def record_leave(self, request, reviewer_id):
        """The reviewer themselves, or an operator, records leave: ``{"starts_on": "2026-11-23",
        "ends_on": "2026-11-27", "reason": "年休假"}`` -> 201 the leave and ``moved_tasks`` (leave
        covering today hands the open tasks to the other reviewer: ``task_reassigned``).
        Errors: 401, 403 (someone else's leave), 404 (not a registered reviewer), 409
        ``backup_unavailable`` (the other reviewer is away on one of those days: nothing recorded),
        422 (every problem listed)."""
        principal = self.access.require(request, "reviewer", "operator")
        if principal.role == "reviewer" and principal.subject != reviewer_id:
            raise Forbidden(f"只能为本人请假 (you are {principal.subject}, not {reviewer_id})")
        command = load_json(request, LeaveRequestSchema)
        with self.unit_of_work(principal.subject) as uow:
            leave, moved = handlers.record_leave({**command, "reviewer_id": reviewer_id}, uow)
        return json_response(schema_of(LeaveSchema).dump({**leave, "moved_tasks": moved}), 201)


DEPARTMENT = (path_parameter("department", "department code"),)
ROUTES = [
    Route(
        "PUT",
        "/departments/{department}/reviewers",
        "Register a department's primary (A) and backup (B) reviewers (R-JOINT-7)",
        RosterRequestSchema,
        RosterSchema,
        200,
        {422: "A and B are the same person, or invalid fields (validation_failed)"},
        DEPARTMENT,
        roles=ROSTER_ROLES,
    ),
    Route(
        "GET",
        "/departments/{department}/reviewers",
        "A department's A and B, who is away today and who takes new tasks",
        None,
        RosterSchema,
        200,
        {404: "No reviewers registered (not_found)"},
        DEPARTMENT,
        roles=("reviewer", *ROSTER_ROLES),
    ),
    Route(
        "POST",
        "/reviewers/{reviewer_id}/leave",
        "A reviewer's leave; open tasks move to the other reviewer when it covers today",
        LeaveRequestSchema,
        LeaveSchema,
        201,
        {
            404: "Not a registered reviewer (not_found)",
            409: "The other reviewer is away on one of those days (backup_unavailable)",
            422: "Invalid fields, every one listed (validation_failed)",
        },
        (path_parameter("reviewer_id", "the reviewer's staff id"),),
        roles=("reviewer", "operator"),
        idempotent=True,
    ),
]
