"""The SMS gateway pushes its delivery reports to notify over HTTP (``notify.delivery.sms_reports``).

``POST /callbacks/sms/reports`` is called by the gateway, not by a person: no bearer token, a
signature of the body with the secret the gateway shares with the hall instead
(``notify.delivery.report_signature``). It is not under ``/internal/`` because the gateway is
outside the hall: the proxy serves it (deploy/proxy), as every other path of notify's port.
"""

from __future__ import annotations

import time
from typing import Any

import eventlet
from marshmallow import ValidationError
from nameko.extensions import DependencyProvider

from notify import metrics
from notify.delivery.report_signature import (
    DEFAULT_WINDOW,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ReportAuth,
)
from notify.delivery.rules import Report
from notify.delivery.schemas import SmsReportsAnsweredSchema, SmsReportSchema
from notify.delivery.sms_reports import (
    GRACE,
    MAX_REPORTS,
    UNKNOWN,
    Applied,
    ApplyReports,
    PushedReport,
    apply_reports,
)
from notify.dependencies import NotifyWorker
from notify.unit_of_work import unit_of_work
from refusals import Refusal
from web_api import ApiError, api, hall_mode, json_response
from web_api.bodies import parse_json
from web_api.json_bodies import PARSED_BODY
from web_api.openapi import Route

DEV_SMS_REPORT_SECRET = "dev-sms-report-secret"  # config.yml's default, for make up's local gateway
REPORTS_SCHEMA = SmsReportSchema(many=True)
INVALID = "validation_failed"


class SmsReportSecret(DependencyProvider):
    """``self.sms_reports``: the secret and window of the gateway's pushes (``SMS_REPORT_SECRET``,
    ``SMS_REPORT_WINDOW_SECONDS``). With an SMS gateway configured, a missing secret or the
    published dev one stops notify outside development mode (``web_api.hall_mode``)."""

    def setup(self):
        config = self.container.config
        secret = str(config.get("SMS_REPORT_SECRET") or "").strip()
        if config.get("SMS_GATEWAY_URL") and not secret:
            hall_mode.refuse_outside_development(config, "SMS_REPORT_SECRET", "is not set")
        elif config.get("SMS_GATEWAY_URL") and secret == DEV_SMS_REPORT_SECRET:
            hall_mode.refuse_outside_development(config, "SMS_REPORT_SECRET", "is the published dev secret")
        window = float(config.get("SMS_REPORT_WINDOW_SECONDS") or DEFAULT_WINDOW)
        self.auth = ReportAuth(secret.encode("utf-8"), window)

    def get_dependency(self, worker_ctx) -> ReportAuth:
        return self.auth


class SmsReportsApi(NotifyWorker):
    sms_reports: ReportAuth

    @api("POST", "/callbacks/sms/reports")
    def receive_sms_reports(self, request):
        """The gateway's delivery reports, a JSON array of at most ``MAX_REPORTS`` -> 200 with
        how many were applied, settled already or unknown (all answered: none is retried).
        Errors: 401 ``report_unsigned``, ``report_signature_invalid``, ``report_stale``;
        400 ``invalid_reports`` (not an array); 422 ``too_many_reports``, ``validation_failed``.
        A refused push changes nothing."""
        headers = request.headers
        try:
            self.sms_reports.check(
                headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), request.get_data(), time.time()
            )
        except Refusal as refused:
            metrics.REPORT_PUSHES_REFUSED.labels(refused.code).inc()
            raise
        pushed = reports_of(request)
        applied = self.apply(pushed)
        for pause in GRACE:  # reports that came before notify recorded the send: look again
            if not applied.unknown:
                break
            eventlet.sleep(pause)
            applied.absorb(self.apply(tuple(applied.unknown)))
        counts = {**applied.counts, UNKNOWN: len(applied.unknown)}
        metrics.count_reports(counts)
        return json_response({"received": len(pushed), **counts})

    def apply(self, pushed: tuple[PushedReport, ...]) -> Applied:
        """Apply ``pushed`` in one transaction; count what it did once it committed."""
        report = Report()
        with unit_of_work(self.db) as uow:
            applied = apply_reports(ApplyReports(pushed, self.now(), self.delivery_settings, report), uow)
        metrics.count_run(report)
        if report.fallbacks:  # the next channel is queued due now
            self.delivery_bell()
        return applied


def reports_of(request: Any) -> tuple[PushedReport, ...]:
    """The body's reports, every one valid, or a refusal naming each problem."""
    body = request.environ.get(PARSED_BODY)
    if body is None:
        body = parse_json(request.get_data())
    if not isinstance(body, list):
        raise ApiError("回执须为 JSON 数组 (the body must be an array of reports)", code="invalid_reports")
    if not 1 <= len(body) <= MAX_REPORTS:
        raise ApiError(
            f"每次推送 1 至 {MAX_REPORTS} 条回执 (1 to {MAX_REPORTS} reports a push)",
            status=422,
            code="too_many_reports",
        )
    try:
        loaded = REPORTS_SCHEMA.load(body)
    except ValidationError as exc:
        raise ApiError(
            "回执内容有误 (the reports have invalid fields)", exc.messages, status=422, code=INVALID
        ) from None
    return tuple(PushedReport(item["id"], item["status"], item["reported_at"]) for item in loaded)


ROUTES = [
    Route(
        "POST",
        "/callbacks/sms/reports",
        "The SMS gateway's delivery reports (signed with SMS_REPORT_SECRET)",
        SmsReportSchema,
        SmsReportsAnsweredSchema,
        200,
        {
            401: "Missing, wrong or stale signature "
            "(report_unsigned, report_signature_invalid, report_stale)",
            400: "Not a JSON array (invalid_reports)",
            422: f"More than {MAX_REPORTS} reports, or none (too_many_reports); a report's fields",
        },
        (
            {
                "in": "header",
                "name": TIMESTAMP_HEADER,
                "required": True,
                "description": "Unix seconds when the push was signed",
                "schema": {"type": "string"},
            },
            {
                "in": "header",
                "name": SIGNATURE_HEADER,
                "required": True,
                "description": 'hex HMAC-SHA256 of "<timestamp>." + the raw body, with SMS_REPORT_SECRET',
                "schema": {"type": "string"},
            },
        ),
        request_many=True,
    ),
]
