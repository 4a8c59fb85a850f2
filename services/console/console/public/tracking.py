"""Tracking a case and rating it with the code on the receipt (R-RATE-1), without signing in.

The number and the code travel in a POSTed form, never in the URL (so never in an access log or
the browser's history). The page shows only what ``GET /track/{case_no}`` answers. A wrong code
and an unknown number get the same answer; the limits on wrong codes are intake's (429).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.public.forms import NOT_FOUND, RATINGS, rating_errors, rating_payload, tracking_key
from console.web.messages import chinese
from console.web.pages import ConsolePages, page
from console.web.views import redirect, render


def _track_path(case_no: str) -> str:
    return "/track/" + quote(case_no, safe="")


def _key_refusal(exc: Refused) -> dict[str, str]:
    """A refusal about the number and code, as the form's general problem (never which one)."""
    if exc.status == 404:
        return {"_": NOT_FOUND}
    if exc.status == 429:
        return {"_": chinese(exc.message)}
    raise exc


class TrackingPages(ConsolePages):
    @page("GET", "/public/tracking", roles=None)
    def public_tracking_form(self, request: Any, visitor: Any) -> Response:
        """The form: the case number and the code printed on the receipt."""
        return render(request, "public/tracking.html")

    @page("GET", "/public/tracking/<string:case_no>", roles=None)
    def public_tracking_of(self, request: Any, visitor: Any, case_no: str) -> Response:
        """The link printed on notices (``tracking_url``/<case_no>): the form with the number
        filled in; the code is still typed (never in a URL)."""
        return render(request, "public/tracking.html", form={"case_no": case_no.strip().upper()[:40]})

    @page("POST", "/public/tracking", roles=None)
    def public_tracking(self, request: Any, visitor: Any) -> Response:
        """The case's progress as the public tracking API answers it; a completed case not yet
        rated offers the rating form. A wrong code: the same answer as an unknown number."""
        case_no, code, errors = tracking_key(request.form)
        if errors:
            return render(request, "public/tracking.html", status=422, form=request.form, errors=errors)
        try:
            token, headers = self.backends.for_applicant(self.backends.applicant_address(request))
            view = self.backends.intake.get(
                _track_path(case_no), token, params={"code": code}, headers=headers
            )
        except Refused as exc:
            errors = _key_refusal(exc)
            return render(
                request, "public/tracking.html", status=exc.status, form=request.form, errors=errors
            )
        return render(
            request,
            "public/progress.html",
            case=view,
            key={"case_no": case_no, "code": code},
            ratings=RATINGS,
        )

    @page("GET", "/public/rating", roles=None)
    def public_rating_form(self, request: Any, visitor: Any) -> Response:
        """Rate a completed case: number, code, 满意 / 基本满意 / 不满意 and a comment."""
        return render(request, "public/rating.html", ratings=RATINGS)

    @page("POST", "/public/rating", roles=None)
    def public_rating(self, request: Any, visitor: Any) -> Response:
        """Send the rating once (R-RATE-1); refusals (unknown number or wrong code alike, not
        completed, already rated, no choice) next to their fields, what was typed kept."""
        case_no, code, errors = tracking_key(request.form)
        if not request.form.get("rating"):
            errors["rating"] = "请选择评价"
        if errors:
            return self._rating_refused(request, 422, errors)
        try:
            token, headers = self.backends.for_applicant(self.backends.applicant_address(request))
            self.backends.intake.post(
                _track_path(case_no) + "/rating", token, rating_payload(request.form, code), headers=headers
            )
        except Refused as exc:
            if exc.status == 422:
                return self._rating_refused(
                    request, 422, rating_errors(exc.details) or {"_": chinese(exc.message)}
                )
            if exc.status == 409:
                return self._rating_refused(request, 409, {"_": chinese(exc.message)})
            return self._rating_refused(request, exc.status, _key_refusal(exc))
        return redirect("/public/rating/thanks")

    @page("GET", "/public/rating/thanks", roles=None)
    def public_rating_thanks(self, request: Any, visitor: Any) -> Response:
        """After a rating: thanks, and where to go on."""
        return render(request, "public/rating_thanks.html")

    def _rating_refused(self, request: Any, status: int, errors: dict[str, str]) -> Response:
        return render(
            request, "public/rating.html", status=status, form=request.form, errors=errors, ratings=RATINGS
        )
