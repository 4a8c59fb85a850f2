"""The desk's ledger over HTTP (R-UNRES-2): ``GET /desk/ledger`` as JSON or CSV, never a contact."""

from __future__ import annotations

import json

from werkzeug.wrappers import Response

from complaints.desk.api import OFFICE
from complaints.entrypoints import Entrypoints, unit_of_work
from complaints.ledger import handlers, rules
from complaints.ledger.rules import LedgerSchema
from web_api import api, json_response
from web_api.openapi import Route, query_parameter


class LedgerApi(Entrypoints):
    """``GET /desk/ledger``."""

    @api("GET", "/desk/ledger")
    def desk_ledger(self, request):
        """The trail (R-UNRES-2): ``GET /desk/ledger?from=2026-11-01&to=2026-11-30&format=csv`` -> CSV
        (UTF-8 BOM, a row per step) or JSON (an item per entry with its ``steps``); no contact.
        Errors: 401/403, 422 listing every bad parameter."""
        self.access.require(request, *OFFICE, "supervision", "operator")
        first, last, fmt = rules.parse_query(
            request.args.get("from"), request.args.get("to"), request.args.get("format")
        )
        with unit_of_work(self, "reader", "") as uow:
            items = handlers.trail({"first": first, "last": last}, uow)
        if fmt == "json":
            return json_response(
                {
                    "from": first.isoformat(),
                    "to": last.isoformat(),
                    "items": json.loads(json.dumps(items, default=str)),
                }
            )
        disposition = f'attachment; filename="desk-ledger-{first}-{last}.csv"'
        return Response(
            rules.to_csv(items).encode("utf-8"),
            mimetype="text/csv",
            headers={"Content-Disposition": disposition},
        )


ROUTES = [
    Route(
        "GET",
        "/desk/ledger",
        "The whole trail of the items registered in a period (CSV or JSON)",
        None,
        LedgerSchema,
        200,
        {422: "Bad period or format, every problem listed (validation_failed)"},
        (
            query_parameter("from", "YYYY-MM-DD, 2000-01-01..2099-12-31"),
            query_parameter("to", "YYYY-MM-DD, at most 366 days on"),
            query_parameter(
                "format", "json (default) or csv: two header rows, the Chinese headings then the codes", False
            ),
        ),
        roles=(*OFFICE, "supervision", "operator"),
        text=("text/csv",),  # format=csv: UTF-8 with BOM, a row per step (ledger.rules.CSV_COLUMNS)
    ),
]
