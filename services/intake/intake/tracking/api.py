"""Entrypoints for applicants, without logging in: follow a case and rate it (issue point 9, R-RATE-1).

The verification code printed on the receipt is the key: ``GET /track/<case_no>?code=...``. Wrong
codes are limited per case number and per client address (``tracking.guard``): 429
``too_many_attempts`` with ``Retry-After``.
"""

from __future__ import annotations

from contextlib import contextmanager

from intake.entrypoints import IntakeEntrypoints
from intake.tracking import handlers, rules
from intake.tracking.guard import TrackingGuard
from intake.tracking.schemas import RatedSchema, RatingSchema, TrackingSchema
from refusals import Refusal
from web_api import Principal, api, json_response, load_json, schema_of
from web_api.openapi import Route, path_parameter, query_parameter

APPLICANT = Principal(rules.APPLICANT, "申请人", "applicant")
CLIENT_HEADER = "X-Hall-Client-Address"  # trusted only with a service or console token (``client_of``)
FORWARDERS = ("service", "console")  # notify's notices page, the console's public tracking page


class TrackingApi(IntakeEntrypoints):
    """Mixin of the intake service: the public tracking page and the rating."""

    tracking_guard = TrackingGuard()

    @contextmanager
    def guarded(self, request, case_no):
        """Refuse a client or number over its limit; count a wrong code (or an unknown number)."""
        client = self.client_of(request)
        self.tracking_guard.check(case_no, client)
        try:
            yield
        except Refusal as exc:
            if exc.code == "not_found":
                self.tracking_guard.failed(case_no, client)
            raise

    def client_of(self, request) -> str | None:
        """The applicant's address: the TCP peer's, or the one a hall service asking on an applicant's
        behalf (notify's notices page, the console's tracking page) names in
        ``X-Hall-Client-Address`` with its own token (role ``service`` or ``console``); otherwise
        every applicant of that page would share the service's address, and its limit."""
        forwarded = request.headers.get(CLIENT_HEADER)
        if forwarded:
            try:
                caller = self.access.optional(request)
            except Refusal:
                caller = None
            if caller is not None and caller.role in FORWARDERS:
                return f"{caller.subject}/{forwarded}"
        return request.remote_addr

    @api("GET", "/track/<string:case_no>")
    def track_case(self, request, case_no):
        """``GET /track/HALL-20261123-9KN9JEEK?code=7KQ2M9XA`` -> 200 ``{"status": "in_progress",
        "step": "审查办理中 (under review)", "deadline": "2026-11-30", "closes_at": ..., ...}``.
        Errors: 404 ``not_found`` for an unknown number and a wrong code alike, 429
        ``too_many_attempts`` (10 wrong codes for the number in 15 minutes, or 30 from the address
        in a minute; ``Retry-After`` says when to try again)."""
        with self.guarded(request, case_no), self.case_work(APPLICANT) as ctx:
            case = handlers.find_for_applicant(ctx.cases, case_no, request.args.get("code"))
            rated = ctx.ratings.rating_of(case_no) is not None
            view = rules.public_view(case, self.calendar, rated)
        return json_response(view)

    @api("POST", "/track/<string:case_no>/rating")
    def rate_case(self, request, case_no):
        """Rate a completed case once (R-RATE-1): ``{"code": "7KQ2M9XA", "rating": "satisfied",
        "comment": "很快"}`` -> 201 ``{"case_no", "rating", "rated_at"}``. Errors: 404 ``not_found``
        (unknown number or wrong code), 409 ``not_completed``, 409 ``already_rated`` (nothing
        changes), 422 ``validation_failed`` (every problem listed), 429 ``too_many_attempts`` (as
        ``GET /track/{case_no}``)."""
        command = load_json(request, RatingSchema)
        with self.guarded(request, case_no), self.case_work(APPLICANT) as ctx:
            rating = handlers.rate_case(case_no, command, ctx)
        return json_response(schema_of(RatedSchema).dump(rating), 201)


CODE = query_parameter("code", "the verification code printed on the receipt")
TOO_MANY = "Too many wrong codes for this number or from this address; see Retry-After (too_many_attempts)"
TRACK_CASE_NO = path_parameter("case_no", "the number printed on the receipt")
TRACKING_ROUTES = [
    Route(
        "GET",
        "/track/{case_no}",
        "Follow a case with the receipt's code, no login",
        None,
        TrackingSchema,
        200,
        {404: "Unknown number or wrong code, alike (not_found)", 429: TOO_MANY},
        (TRACK_CASE_NO, CODE),
    ),
    Route(
        "POST",
        "/track/{case_no}/rating",
        "Rate a completed case once, with the receipt's code",
        RatingSchema,
        RatedSchema,
        201,
        {
            400: "The body is not JSON (invalid_json)",
            404: "Unknown number or wrong code, alike (not_found)",
            409: "Not completed yet (not_completed) or already rated (already_rated)",
            422: "Invalid fields, every one listed (validation_failed)",
            429: TOO_MANY,
        },
        (TRACK_CASE_NO,),
    ),
]
