"""The public notice board (the catalogue's 六公开 facts) and the working-day calculator."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.public.forms import departments, search
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, not_found, page
from console.web.views import render

CALCULATOR_FIELDS = ("start", "days")


class NoticeBoardPages(ConsolePages):
    @page("GET", "/public/catalogue", roles=None)
    def public_catalogue(self, request: Any, visitor: Any) -> Response:
        """Every service item of the hall, searchable by name or code and by department (R-CAT-2)."""
        items = self.backends.intake.get("/catalogue", None)["items"]
        words = request.args.get("q", "")
        department = request.args.get("department", "")
        return render(
            request,
            "public/catalogue.html",
            items=search(items, words, department),
            total=len(items),
            departments=departments(items),
            form={"q": words, "department": department},
        )

    @page("GET", "/public/catalogue/<string:code>", roles=None)
    def public_catalogue_item(self, request: Any, visitor: Any, code: str) -> Response:
        """One item's public facts (R-CAT-1): basis, conditions, prerequisites, materials, time
        limits, fees and procedure; an unknown code is a 404 page."""
        try:
            item = self.backends.intake.get("/catalogue/" + quote(code, safe=""), None)
        except Refused as exc:
            if exc.status == 404:
                raise not_found("没有这个办事事项，请从办事指南中选择。") from None
            raise
        return render(request, "public/catalogue_item.html", item=item)

    @page("GET", "/public/calculator", roles=None)
    def public_calculator(self, request: Any, visitor: Any) -> Response:
        """Where a limit of N working days ends (R-CLOCK-1): the holidays skipped, the 调休
        weekends counted, and "provisional" when a year's official schedule is not out yet."""
        form = {name: request.args.get(name, "").strip() for name in CALCULATOR_FIELDS}
        if not any(form.values()):
            return render(request, "public/calculator.html")
        try:
            answer = self.backends.intake.get("/calendar/deadline", None, params=form)
        except Refused as exc:
            if exc.status != 422:
                raise
            errors = field_errors(exc.details) or {"_": chinese(exc.message)}
            for name in CALCULATOR_FIELDS:
                if not form[name]:
                    errors[name] = "此项必填"
            return render(request, "public/calculator.html", status=422, form=form, errors=errors)
        return render(request, "public/calculator.html", form=form, answer=answer)
