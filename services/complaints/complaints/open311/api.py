"""Open311 GeoReport v2 over the complaint categories and the desk (http://wiki.open311.org/GeoReport_v2).

The 311 apps and client libraries cities use list the services, read a service's attributes,
post a request (form-encoded, with an ``api_key``) and follow its status. A posted request runs
the same use case as the office's HTTP API: ``register_item`` or
``file_complaint``. The filer's contact is sealed; reads never show it.
Every resource answers in ``.json`` or ``.xml``; refusals use the spec's error list.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC
from typing import Any

from complaints.complaint.handlers import file_complaint
from complaints.complaint.metrics import FILED
from complaints.desk.handlers import register_item
from complaints.desk.metrics import count_registered
from complaints.entrypoints import Entrypoints, complaint_work, desk_work, unit_of_work
from complaints.open311.handlers import lookup
from complaints.open311.requests import (
    complaint_command,
    complaint_problems,
    complaint_request,
    desk_command,
    desk_request,
)
from complaints.open311.rules import DESK_CODE, category_of, definition, services
from complaints.open311.schemas import (
    Open311CreatedSchema,
    Open311DefinitionSchema,
    Open311ErrorSchema,
    Open311PostSchema,
    Open311RequestSchema,
    Open311ServiceSchema,
)
from complaints.open311.wire import (
    FORMATS,
    STATUS_FOR_OPEN311,
    Open311Error,
    form_fields,
    open311,
    open311_errors,
    render,
)
from refusals import Refusal
from web_api import Principal, status_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

API_KEYS_CONFIG = "OPEN311_API_KEYS"  # comma-separated keys handed to 311 app operators
# a hall token of the office also works as an api_key; no other role files through Open311 (a
# service token is for internal reads, a window must not file about itself)
KEY_ROLES = ("complaints_office",)
MAX_IDS = 50


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, [f"unknown format .{fmt}: use .json or .xml"])
    return fmt


def open311_key_holder(service, request) -> str | None:
    """Whose ``Idempotency-Key`` it is: the api_key's holder (by its hash, the key is a secret)."""
    key = request.form.get("api_key") or ""
    return f"api_key:{hashlib.sha256(key.encode()).hexdigest()}" if key else None


class Open311Api(Entrypoints):
    """Open311 entrypoints; uses ``db``, ``clock``, ``calendar``, ``access``, ``seal``, ``config``."""

    def open311_caller(self, fields: dict, fmt: str) -> Principal:
        """Who posts: a configured api_key (an app) or a hall token of the office; else 403."""
        key = fields.get("api_key") or ""
        configured = [k.strip() for k in str(self.config.get(API_KEYS_CONFIG) or "").split(",") if k.strip()]
        for index, known in enumerate(configured, start=1):
            if key and hmac.compare_digest(key.encode(), known.encode()):
                return Principal(f"open311-app-{index}", "Open311 app", "open311")
        principal = self.access.registry.principal_for(key) if key else None
        if principal is None or principal.role not in KEY_ROLES:
            raise Open311Error(403, ["api_key: missing or not valid (api_key 无效)"], fmt)
        return principal

    @open311("GET", "/open311/v2/services.<string:fmt>")
    def open311_services(self, request, fmt):
        """``GET /open311/v2/services.json`` -> every complaint category and the desk."""
        return render(services(), _format(fmt), "services")

    @open311("GET", "/open311/v2/services/<string:code>.<string:fmt>")
    def open311_service_definition(self, request, code, fmt):
        """``GET /open311/v2/services/unresolved-desk.json`` -> its attributes. Errors: 404."""
        found = definition(code)
        if found is None:
            raise Open311Error(404, [f"service_code {code!r} is not provided here"], _format(fmt))
        return render(found, _format(fmt), "service_definition")

    @open311("POST", "/open311/v2/requests.<string:fmt>")
    @idempotent(caller=open311_key_holder)
    def open311_create_request(self, request, fmt):
        """Form-encoded ``service_code=unresolved-desk&description=...&attribute[item]=...&
        attribute[units][]=market_regulation&first_name=..&last_name=..&phone=..&api_key=..`` -> 201
        ``[{"service_request_id": "DESK-...", "service_notice": "...", "account_id": null}]``.
        Errors (spec format): 400 listing every problem, 403 api_key, 404 unknown service_code."""
        fmt = _format(fmt)
        with open311_errors(fmt):
            fields, attributes = form_fields(request)
            caller = self.open311_caller(fields, fmt)
            code = fields.get("service_code") or ""
            if code == DESK_CODE:
                answer = self._open311_desk(caller, fields, attributes)
            elif category_of(code):
                answer = self._open311_complaint(caller, fields, attributes)
            else:
                problem = f"service_code: {code!r} is not a service here"
                raise Open311Error(404 if code else 400, [problem], fmt)
        return render([answer], fmt, "service_requests", 201)

    def _open311_desk(self, caller: Principal, fields: dict, attributes: dict) -> dict:
        command = desk_command(fields, attributes)
        with desk_work(self, caller) as uow:
            item = register_item(command, uow)
        count_registered(item["tier"])
        return {
            "service_request_id": item["item_no"],
            "service_notice": desk_request(item, None, None)["service_notice"],
            "account_id": None,
        }

    def _open311_complaint(self, caller: Principal, fields: dict, attributes: dict) -> dict:
        command, problems = complaint_command(fields, attributes, self.clock().astimezone(UTC))
        try:
            with complaint_work(self, caller.subject) as uow:
                complaint = file_complaint(command, uow, problems)
        except Refusal as exc:  # complaint_work's refusal: name the fields the filer sent
            if not isinstance(exc.details, dict):
                raise
            raise Open311Error(
                STATUS_FOR_OPEN311.get(status_of(exc), status_of(exc)), complaint_problems(exc.details)
            ) from exc
        FILED.labels(complaint["channel"], complaint["kind"]).inc()
        view = complaint_request(complaint, None, None)
        return {
            "service_request_id": complaint["complaint_no"],
            "service_notice": view["service_notice"],
            "account_id": None,
        }

    @open311("GET", "/open311/v2/requests/<string:request_id>.<string:fmt>")
    def open311_get_request(self, request, request_id, fmt):
        """``GET /open311/v2/requests/DESK-20261123-7KQ2M9XA.json`` -> ``[{..., "status": "open",
        "status_notes": "..."}]``, never the filer's contact. Errors: 404."""
        fmt = _format(fmt)
        found = self.open311_lookup([request_id])
        if not found:
            raise Open311Error(404, [f"service_request_id {request_id!r} not found"], fmt)
        return render(found, fmt, "service_requests")

    @open311("GET", "/open311/v2/requests.<string:fmt>")
    def open311_find_requests(self, request, fmt):
        """``GET /open311/v2/requests.json?service_request_id=DESK-...,CMP-...`` -> the ones found.
        Without ids: 400 (complaints are not published as lists)."""
        fmt = _format(fmt)
        ids = [i.strip() for i in (request.args.get("service_request_id") or "").split(",") if i.strip()]
        if not ids or len(ids) > MAX_IDS:
            raise Open311Error(
                400,
                [
                    f"service_request_id: give 1 to {MAX_IDS} ids, comma-separated "
                    "(requests are not listed without their ids)"
                ],
                fmt,
            )
        return render(self.open311_lookup(ids), fmt, "service_requests")

    def open311_lookup(self, ids: list[str]) -> list[dict]:
        with unit_of_work(self, "reader", "") as uow:
            return lookup({"ids": ids}, uow)


FMT = {**path_parameter("fmt", "json or xml"), "schema": {"type": "string", "enum": ["json", "xml"]}}
LISTED: dict[str, Any] = {
    "many": True,
    "error_schema": Open311ErrorSchema,
}  # the spec answers arrays, errors too
ERRORS = {
    400: 'Open311 errors: [{"code": 400, "description": "..."}], one per problem',
    404: "Unknown service, request or format (Open311 error list)",
}
ROUTES = [
    Route(
        "GET",
        "/open311/v2/services.{fmt}",
        "Open311: the complaint categories and the desk",
        None,
        Open311ServiceSchema,
        200,
        {404: ERRORS[404]},
        (FMT,),
        **LISTED,
    ),
    Route(
        "GET",
        "/open311/v2/services/{code}.{fmt}",
        "Open311: a service's attributes",
        None,
        Open311DefinitionSchema,
        200,
        {404: ERRORS[404]},
        (path_parameter("code", "e.g. unresolved-desk, complaint-late"), FMT),
        error_schema=Open311ErrorSchema,
    ),
    Route(
        "POST",
        "/open311/v2/requests.{fmt}",
        "Open311: file a complaint or a desk item (form-encoded)",
        Open311PostSchema,
        Open311CreatedSchema,
        201,
        {**ERRORS, 403: "api_key missing or not valid (Open311 error list)"},
        (FMT,),
        idempotent=True,
        request_type="application/x-www-form-urlencoded",
        **LISTED,
    ),
    Route(
        "GET",
        "/open311/v2/requests/{request_id}.{fmt}",
        "Open311: one request's status, no contact",
        None,
        Open311RequestSchema,
        200,
        {404: ERRORS[404]},
        (path_parameter("request_id", "DESK-... or CMP-..."), FMT),
        **LISTED,
    ),
    Route(
        "GET",
        "/open311/v2/requests.{fmt}",
        "Open311: requests by their ids",
        None,
        Open311RequestSchema,
        200,
        ERRORS,
        (query_parameter("service_request_id", "ids, comma-separated"), FMT),
        **LISTED,
    ),
]
