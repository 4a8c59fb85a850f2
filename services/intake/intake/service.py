"""Intake's nameko entrypoints: validate, call a handler, answer."""

from __future__ import annotations

from datetime import UTC, datetime

from intake import handlers, repository
from intake.catalogue import Catalogue
from intake.domain import IntakeError
from intake.orm import metadata
from intake.schemas import ROUTES, AcceptCaseSchema, CatalogueItemSchema, CatalogueSchema
from reliable_events import Database
from service_metrics import EntrypointMetrics, endpoints
from web_api import ApiError, NotFound, api, json_response, load_json


class IntakeService(endpoints.OperationsEndpoints):
    """Cases come in at a window.

    ``POST /cases`` ``{"item_code": "SC-010", "applicant_name": "张三",
    "applicant_phone": "13800000000", "first_responder": {"staff_id": "S01", "name": "李四",
    "phone": "0571-1234", "window": "W03"}}`` -> 201 ``{"case_no": ..., "kind": ...,
    "status": ..., "notices_due": ["receipt"]}``. Errors: 422 ``validation_failed``,
    404 ``unknown_item``, 400 ``invalid_json``.
    """

    name = "intake"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    api_description = "Cases come in at a window: acceptance, the clock, the ledger."
    api_routes = ROUTES
    catalogue = Catalogue.load()

    @api("POST", "/cases")
    def accept_case(self, request):
        command = load_json(request, AcceptCaseSchema())
        try:
            with self.db.transaction() as tx:
                case = handlers.accept_case(command, tx, self.catalogue, datetime.now(UTC))
        except IntakeError as exc:
            raise ApiError(exc.message, status=exc.status, code=exc.code) from exc
        return json_response({"case_no": case.case_no, "kind": case.kind, "status": case.status,
                              "deadline": None, "notices_due": case.notices_due}, 201)

    @api("GET", "/cases/<string:case_no>")
    def get_case(self, request, case_no):
        with self.db.transaction() as tx:
            row = repository.find_case(tx.connection, case_no)
        if row is None:
            raise NotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        return json_response({key: row[key] for key in (
            "case_no", "item_code", "item_name", "department", "kind", "status", "window",
            "staff_name", "accepted_at")})

    @api("GET", "/catalogue")
    def list_catalogue(self, request):
        """The public catalogue, no login (R-CAT-2): ``GET /catalogue`` -> 200 ``{"items":
        [{"code": "SC-010", "name": "个体工商户设立登记", "department": "market_regulation",
        "kind": "promised", "promised_days": 5, "legal_days": 10}, ...]}``. No errors."""
        return json_response(CatalogueSchema().dump({"items": self.catalogue.items()}))

    @api("GET", "/catalogue/<string:code>")
    def get_catalogue_item(self, request, code):
        """Everything public about one item, no login (R-CAT-1, R-CAT-2): ``GET /catalogue/SC-010``
        -> 200 with procedure, materials, fees, basis, departments, forwarding_days.
        Errors: 404 ``unknown_item``."""
        try:
            item = self.catalogue.get(code)
        except IntakeError as exc:
            raise ApiError(exc.message, status=exc.status, code=exc.code) from exc
        return json_response(CatalogueItemSchema().dump(item))
