"""The window's print queue over HTTP: a window prints its department's case letters, the
complaints office a complaint's answer letters (R-COMP-4), and each records the hand-over."""

from __future__ import annotations

from werkzeug.wrappers import Response

from notify.archive import pages
from notify.archive.rules import LETTER_PRINTERS, of_complaint
from notify.dependencies import NotifyWorker
from notify.directory import Contact, Refused, Unavailable, Unknown
from notify.letters import handlers
from notify.letters.schemas import HandedOverSchema, HandOverSchema, PrintQueueSchema
from notify.times import rfc3339
from notify.unit_of_work import unit_of_work
from refusals import Forbidden
from web_api import ApiError, api, json_response, load_json, schema_of
from web_api.access import bearer_token
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

NO_POSTAL_ADDRESS = "无邮寄地址：请通知本人到窗口领取 (no postal address: hand it over at the window)"


def envelope_of(contact: Contact | None) -> tuple[str, str]:
    """The name and postal address on top of the letter; none known: hand it over at the window."""
    if contact and contact.postal_address:
        return contact.name or "", contact.postal_address
    return "", NO_POSTAL_ADDRESS


class LettersApi(NotifyWorker):
    """The print queue's routes: list, print, hand over."""

    @api("GET", "/print-jobs")
    def print_queue(self, request):
        """``GET /print-jobs?waiting=true`` -> 200 ``{"jobs": [...]}``: the letters the caller may
        print: a window its department's case letters, the complaints office the complaints'."""
        principal = self.access.require(request, *LETTER_PRINTERS)
        waiting = request.args.get("waiting", "true").lower() != "false"
        with unit_of_work(self.db) as uow:
            mine = handlers.print_queue(handlers.ListPrintJobs(principal, waiting), uow)
        return json_response(schema_of(PrintQueueSchema).dump({"jobs": mine}))

    def _printable_letter(self, request, job_id: int):
        """The caller and the job's notice, when the caller may print it; else 404 alike."""
        principal = self.access.require(request, *LETTER_PRINTERS)
        with unit_of_work(self.db) as uow:
            return principal, handlers.printable_letter(handlers.ReadPrintJob(principal, job_id), uow)

    def _contact(self, request, row: dict) -> Contact | None:
        """The recipient's contact for this page. A complainant's is opened by complaints for the
        caller's own token (complaints checks the office's right and records who printed)."""
        try:
            if of_complaint(row):
                return self.directory.complainant_for_letter(row["complaint_no"], bearer_token(request))
            return self.directory.contact(
                row["audience"], row["recipient_ref"], row["case_no"], row["complaint_no"]
            )
        except Unknown:
            return None
        except Refused as exc:
            raise Forbidden("投诉办拒绝了本次查阅 (the complaints service refused this read)") from exc
        except Unavailable as exc:  # the owner did not answer: no refusal kind is a 503
            raise ApiError(
                "收件人信息暂不可用，请稍后再试 (the recipient's owner did not answer)",
                code="contact_unavailable",
                status=503,
            ) from exc

    @api("GET", "/print-jobs/<int:job_id>/print")
    def print_letter(self, request, job_id):
        """``GET /print-jobs/3/print`` -> 200 text/html: the letter with the recipient's name and
        postal address on top, read from the service that owns them for this page and kept
        nowhere (none known: the page says so and the letter is handed over at the window).
        A complaint's letter: the complaints office only (R-COMP-4); a case's: its department's
        windows. Errors: 404 ``not_found`` (also a letter the caller may not print); 403
        ``forbidden`` when complaints refuses the caller; 503 ``contact_unavailable``."""
        _, row = self._printable_letter(request, job_id)
        page = pages.print_view(row, envelope_of(self._contact(request, row)))
        return Response(page, status=200, content_type="text/html; charset=utf-8")

    @api("POST", "/print-jobs/<int:job_id>/handed-over")
    @idempotent
    def hand_over(self, request, job_id):
        """``{"how": "in_person"}`` or ``"post"``: the letter left the window; its delivery is
        ``delivered`` (event ``notice_delivered``). Errors: 404, 409 ``already_handed_over``, 422."""
        principal, _ = self._printable_letter(request, job_id)
        command = load_json(request, HandOverSchema)
        now = self.now()
        with unit_of_work(self.db) as uow:
            handover = handlers.HandOver(
                job_id, command["how"], principal.subject, now, self.delivery_settings
            )
            handlers.hand_over_letter(handover, uow)
        return json_response({"id": job_id, "handed_over_at": rfc3339(now), "how": command["how"]})


JOB_ID = path_parameter("job_id", "the print job's id", "integer")
ROUTES = [
    Route(
        "GET",
        "/print-jobs",
        "Letters waiting to be printed at the window",
        None,
        PrintQueueSchema,
        200,
        {},
        (query_parameter("waiting", "false lists handed-over letters too", False),),
        roles=LETTER_PRINTERS,
    ),
    Route(
        "GET",
        "/print-jobs/{job_id}/print",
        "The letter to print, with the recipient's postal address",
        None,
        None,
        200,
        {
            403: "complaints refused the caller's read (forbidden)",
            404: "No such job, or not the caller's to print (not_found)",
            503: "The owner did not answer (contact_unavailable)",
        },
        (JOB_ID,),
        roles=LETTER_PRINTERS,
        text=("text/html",),
    ),
    Route(
        "POST",
        "/print-jobs/{job_id}/handed-over",
        "A letter left the window: delivered",
        HandOverSchema,
        HandedOverSchema,
        200,
        {
            404: "No such job (not_found)",
            409: "Handed over already (already_handed_over)",
            422: "how is in_person or post (validation_failed)",
        },
        (JOB_ID,),
        roles=LETTER_PRINTERS,
        idempotent=True,
    ),
]
