"""The public catalogue, no login (R-CAT-2)."""

from __future__ import annotations

from intake.catalogue.schemas import CatalogueItemSchema, CatalogueSchema
from intake.entrypoints import IntakeEntrypoints
from web_api import api, json_response, schema_of
from web_api.openapi import Route, path_parameter


class CatalogueApi(IntakeEntrypoints):
    """The public catalogue, no login (R-CAT-2)."""

    @api("GET", "/catalogue")
    def list_catalogue(self, request):
        """The public catalogue, no login (R-CAT-2): ``GET /catalogue`` -> 200 ``{"items":
        [{"code": "SC-010", "name": "个体工商户设立登记", "department": "market_regulation",
        "kind": "promised", "promised_days": 5, "legal_days": 10}, ...]}``. No errors."""
        return json_response(schema_of(CatalogueSchema).dump({"items": self.catalogue.items()}))

    @api("GET", "/catalogue/<string:code>")
    def get_catalogue_item(self, request, code):
        """Everything public about one item, no login (R-CAT-1, R-CAT-2): ``GET /catalogue/SC-010``
        -> 200 with conditions, prerequisites, procedure, materials, fees, basis, departments,
        forwarding_days, review_limits (a joint item's departments' own review limits, R-JOINT-2).
        Errors: 404 ``unknown_item``."""
        item = self.catalogue.get(code)
        return json_response(schema_of(CatalogueItemSchema).dump(item))


CATALOGUE_ROUTES = [
    Route("GET", "/catalogue", "The public catalogue of service items, no login", None, CatalogueSchema, 200),
    Route(
        "GET",
        "/catalogue/{code}",
        "Everything public about one item, no login",
        None,
        CatalogueItemSchema,
        200,
        {404: "No such catalogue item (unknown_item)"},
        (path_parameter("code", "the item code, e.g. SC-010"),),
    ),
]
