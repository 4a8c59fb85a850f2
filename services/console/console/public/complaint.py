"""Filing a complaint online (R-COMP-1..4): the console is an Open311 app of the complaints
service, with its own ``api_key`` (``CONSOLE_OPEN311_KEY``); the complainant's contact goes into
the sealed identity and is never shown back. The receipt page reads the request's public status."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from nameko.dependency_providers import Config
from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.public.forms import COMPLAINT_PREFIX, complaint_errors, complaint_fields
from console.web.messages import chinese
from console.web.pages import ConsolePages, PageRefused, not_found, page
from console.web.views import redirect, render
from hall_contracts.departments import department_names

KEY_CONFIG = "CONSOLE_OPEN311_KEY"
NOT_OPEN = PageRefused(
    503, "暂未开通在线投诉", "本中心暂未开通在线投诉，请到大厅投诉受理窗口当面或书面投诉，或拨打 12345 热线。"
)


class ComplaintPages(ConsolePages):
    public_config = Config()

    @page("GET", "/public/complaint", roles=None)
    def public_complaint_form(self, request: Any, visitor: Any) -> Response:
        """The online complaint form: what happened, which category, and a contact for the answer."""
        if not self._key():
            return render(request, "public/complaint.html", closed=True, categories=[], departments=[])
        return render(request, "public/complaint.html", **self._choices())

    @page("POST", "/public/complaint", roles=None)
    def public_complaint(self, request: Any, visitor: Any) -> Response:
        """File it through Open311; on success the receipt with its number, else every problem
        next to its field and what was typed kept."""
        key = self._key()
        if not key:
            raise NOT_OPEN
        try:
            answer = self.backends.complaints.post(
                "/open311/v2/requests.json", None, form=complaint_fields(request.form, key)
            )
        except Refused as exc:
            if exc.status == 403:  # our key is refused: not the applicant's problem
                raise NOT_OPEN from None
            if exc.status not in (400, 404, 409, 422):
                raise
            errors = complaint_errors(exc.details) or {
                "_": chinese(exc.message) or "提交未成功，请检查后重试"
            }
            return render(
                request,
                "public/complaint.html",
                status=422,
                form=request.form,
                errors=errors,
                **self._choices(),
            )
        return redirect("/public/complaint/" + quote(answer[0]["service_request_id"], safe=""))

    @page("GET", "/public/complaint/<string:number>", roles=None)
    def public_complaint_receipt(self, request: Any, visitor: Any, number: str) -> Response:
        """The receipt: the complaint's number, when it will be answered, and its public status."""
        try:
            found = self.backends.complaints.get(f"/open311/v2/requests/{quote(number, safe='')}.json", None)
        except Refused as exc:
            if exc.status in (400, 404):
                raise not_found("没有这个投诉编号。") from None
            raise
        if not found:
            raise not_found("没有这个投诉编号。")
        return render(request, "public/complaint_receipt.html", receipt=found[0])

    def _key(self) -> str:
        return str(self.public_config.get(KEY_CONFIG) or "")

    def _choices(self) -> dict[str, Any]:
        """The complaint categories (as the complaints service lists them) and the departments."""
        services = self.backends.complaints.get("/open311/v2/services.json", None)
        categories = [
            (code.removeprefix(COMPLAINT_PREFIX), chinese(entry.get("service_name")))
            for entry in services
            if (code := str(entry.get("service_code") or "")).startswith(COMPLAINT_PREFIX)
        ]
        return {"categories": categories, "departments": list(department_names().items())}
