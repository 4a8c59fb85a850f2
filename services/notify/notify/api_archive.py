"""The archive over HTTP: staff read notices and print them, applicants read theirs with the
receipt's code, staff read their inbox, the window works its print queue, operators settle
deliveries in doubt. Every route needs a token but the applicant's (case number and code)."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.wrappers import Response

from notify import archive, delivery, visibility
from notify.directory import Refused, TooManyAttempts, Unavailable, Unknown
from notify.orm import deliveries, notices
from notify.schemas import (
    DeliveryListSchema,
    HandOverSchema,
    InboxSchema,
    NoticeListSchema,
    NoticeSchema,
    PrintQueueSchema,
)
from web_api import ApiError, Conflict, Forbidden, NotFound, api, json_response, load_json
from web_api.access import bearer_token
from web_api.idempotency import IdempotentPosts, idempotent
from web_api.openapi import Route, path_parameter, query_parameter

CASE_READERS = visibility.CASE_READERS
COMPLAINT_READERS = visibility.COMPLAINT_READERS
WINDOW = visibility.WINDOW
LETTER_PRINTERS = visibility.LETTER_PRINTERS
OPERATOR = ("operator",)
# who has an inbox: windows (reminders), reviewers (tasks), supervision (overdue reports); the
# complaints office, operators, agencies and services are sent nothing there
INBOX_READERS = (*WINDOW, "reviewer", "supervision")
NO_POSTAL_ADDRESS = "无邮寄地址：请通知本人到窗口领取 (no postal address: hand it over at the window)"


def inbox_refs(principal) -> list[str]:
    """The inboxes a member of staff reads: their own, their department's, their office's."""
    refs = [f"staff:{principal.subject}", f"reviewer:{principal.subject}"]
    if principal.department:
        refs.append(f"department:{principal.department}")
    if principal.role == "supervision":
        refs.append("office:supervision")
    return refs


class ArchiveApi(IdempotentPosts):
    """Mixin of the notify service; needs ``db``, ``access``, ``directory``, ``clock``."""

    @api("GET", "/notices")
    def list_notices(self, request):
        """``GET /notices?case_no=HALL-...`` (window staff, offices) or ``?complaint_no=TS-...``
        (complaints office, supervision) -> 200 ``{"notices": [...]}`` with each delivery: only
        those ``GET /notices/<no>`` would show the caller (``notify.visibility``: no window sees a
        complaint's answer, nor another department's case). Errors: 400 ``missing_case_no``, 401/403."""
        case_no, complaint_no = request.args.get("case_no"), request.args.get("complaint_no")
        if not case_no and not complaint_no:
            raise ApiError(
                "请提供受理编号或投诉编号 (case_no or complaint_no is required)", code="missing_case_no"
            )
        principal = self.access.require(request, *(CASE_READERS if case_no else COMPLAINT_READERS))
        conditions = [notices.c.case_no == case_no] if case_no else []
        if complaint_no:
            conditions.append(notices.c.complaint_no == complaint_no)
        with self.db.transaction() as tx:
            found = archive.notices_where(tx.connection, *conditions)
        readable = [row for row in found if visibility.may_read(principal, row)]  # as one notice
        return json_response(NoticeListSchema().dump({"notices": readable}))

    def _readable_notice(self, request, notice_no: str) -> dict:
        principal = self.access.require(request, *CASE_READERS)
        with self.db.transaction() as tx:
            found = archive.notice(tx.connection, notice_no)
        if found is None or not visibility.may_read(principal, found):
            raise NotFound(f"没有通知 {notice_no} (no notice {notice_no})")
        return found

    @api("GET", "/notices/<string:notice_no>")
    def get_notice(self, request, notice_no):
        """``GET /notices/N-HALL-...-RCPT-1A2B3C`` -> 200 the notice, its text and deliveries."""
        return json_response(NoticeSchema().dump(self._readable_notice(request, notice_no)))

    @api("GET", "/notices/<string:notice_no>/print")
    def print_notice(self, request, notice_no):
        """``GET /notices/<no>/print`` -> 200 text/html: the notice as issued, ready to print."""
        page = archive.print_view(self._readable_notice(request, notice_no))
        return Response(page, status=200, content_type="text/html; charset=utf-8")

    @api("GET", "/applicant/notices")
    def applicant_notices(self, request):
        """No login: ``GET /applicant/notices?case_no=HALL-...&code=7KQ2M9XA`` -> 200 the
        applicant's notices of that case (their in-app inbox, now marked read). Errors: 400
        ``missing_case_no``; 404 ``not_found`` for an unknown case and a wrong code alike."""
        case_no, code = request.args.get("case_no"), request.args.get("code")
        if not case_no or not code:
            raise ApiError("请提供受理编号和验证码 (case_no and code are required)", code="missing_case_no")
        try:
            may_read = self.directory.applicant_may_read(case_no, code, request.remote_addr)
        except TooManyAttempts as exc:  # intake's limit of wrong codes, passed on with its wait
            refusal = ApiError(
                "验证码错误次数过多，请稍后再试 (too many wrong codes: try again later)",
                {"retry_after": exc.retry_after},
                code="too_many_attempts",
                status=429,
            )
            refusal.headers = (("Retry-After", str(exc.retry_after)),)
            raise refusal from exc
        except Unavailable as exc:  # intake did not answer: never a 500
            raise ApiError(
                "暂时无法核对验证码，请稍后再试 (intake did not answer; try again later)",
                code="tracking_unavailable",
                status=503,
            ) from exc
        if not may_read:
            raise NotFound(f"没有受理编号为 {case_no} 且验证码相符的办件 (no case {case_no} with this code)")
        with self.db.transaction() as tx:
            found = archive.notices_where(
                tx.connection, notices.c.case_no == case_no, notices.c.audience == "applicant"
            )
            archive.inbox(tx.connection, sorted({row["recipient_ref"] for row in found}), self.clock())
        return json_response(NoticeListSchema(exclude=("notices.deliveries",)).dump({"notices": found}))

    @api("GET", "/inbox")
    def staff_inbox(self, request):
        """``GET /inbox`` (windows, reviewers, supervision) -> 200 ``{"messages": [...]}``: tasks
        for a reviewer (联办审查任务), reminders for the lead window (催办), overdue reports for
        supervision (督办); newest first, marked read. Errors: 401/403 (any other role)."""
        principal = self.access.require(request, *INBOX_READERS)
        with self.db.transaction() as tx:
            found = archive.inbox(tx.connection, inbox_refs(principal), self.clock())
        return json_response(InboxSchema().dump({"messages": found}))

    @api("GET", "/print-jobs")
    def print_queue(self, request):
        """``GET /print-jobs?waiting=true`` -> 200 ``{"jobs": [...]}``: the letters the caller may
        print: a window its department's case letters, the complaints office the complaints'."""
        principal = self.access.require(request, *LETTER_PRINTERS)
        waiting = request.args.get("waiting", "true").lower() != "false"
        with self.db.transaction() as tx:
            jobs = archive.print_queue(tx.connection, waiting)
        mine = [job for job in jobs if visibility.may_print(principal, job)]
        return json_response(PrintQueueSchema().dump({"jobs": mine}))

    def _printable_letter(self, request, job_id: int):
        """The caller, the job and its notice, when the caller may print it; else 404 alike."""
        principal = self.access.require(request, *LETTER_PRINTERS)
        with self.db.transaction() as tx:
            job = archive.print_job(tx.connection, job_id)
            row = archive.notice(tx.connection, job["notice_no"]) if job else None
        if row is None or not visibility.may_print(principal, row):
            raise NotFound(f"没有打印任务 {job_id} (no print job {job_id})")
        return principal, row

    def _envelope(self, request, row: dict):
        """The recipient's contact for this page. A complainant's is opened by complaints for the
        caller's own token (complaints checks the office's right and records who printed)."""
        if visibility.of_complaint(row):
            return self.directory.complainant_for_letter(row["complaint_no"], bearer_token(request))
        return self.directory.contact(
            row["audience"], row["recipient_ref"], row["case_no"], row["complaint_no"]
        )

    @api("GET", "/print-jobs/<int:job_id>/print")
    def print_letter(self, request, job_id):
        """``GET /print-jobs/3/print`` -> 200 text/html: the letter with the recipient's name and
        postal address on top, read from the service that owns them for this page and kept
        nowhere (none known: the page says so and the letter is handed over at the window).
        A complaint's letter: the complaints office only (R-COMP-4); a case's: its department's
        windows. Errors: 404 ``not_found`` (also a letter the caller may not print); 403
        ``forbidden`` when complaints refuses the caller; 503 ``contact_unavailable``."""
        _, row = self._printable_letter(request, job_id)
        try:
            contact = self._envelope(request, row)
        except Unknown:
            contact = None
        except Refused as exc:
            raise Forbidden("投诉办拒绝了本次查阅 (the complaints service refused this read)") from exc
        except Unavailable as exc:
            raise ApiError(
                "收件人信息暂不可用，请稍后再试 (the recipient's owner did not answer)",
                code="contact_unavailable",
                status=503,
            ) from exc
        envelope = (
            (contact.name or "", contact.postal_address)
            if contact and contact.postal_address
            else ("", NO_POSTAL_ADDRESS)
        )
        page = archive.print_view(row, envelope)
        return Response(page, status=200, content_type="text/html; charset=utf-8")

    @api("POST", "/print-jobs/<int:job_id>/handed-over")
    @idempotent
    def hand_over(self, request, job_id):
        """``{"how": "in_person"}`` or ``"post"``: the letter left the window; its delivery is
        ``delivered`` (event ``notice_delivered``). Errors: 404, 409 ``already_handed_over``, 422."""
        principal, _ = self._printable_letter(request, job_id)
        command = load_json(request, HandOverSchema())
        now = self.clock()
        with self.db.transaction() as tx:
            found = delivery.hand_over_letter(
                tx, job_id, command["how"], principal.subject, now, self.delivery_settings
            )
        if found is None:
            raise NotFound(f"没有打印任务 {job_id} (no print job {job_id})")
        if not found:
            raise Conflict("该信件已交付 (this letter was handed over already)", code="already_handed_over")
        return json_response({"id": job_id, "handed_over_at": now.isoformat(), "how": command["how"]})

    @api("GET", "/deliveries")
    def list_deliveries(self, request):
        """``GET /deliveries?status=in_doubt`` (operators) -> 200 ``{"deliveries": [...]}``."""
        self.access.require(request, *OPERATOR)
        status = request.args.get("status", delivery.IN_DOUBT)
        with self.db.transaction() as tx:
            rows = (
                tx.connection.execute(
                    select(deliveries).where(deliveries.c.status == status).order_by(deliveries.c.id)
                )
                .mappings()
                .all()
            )
        return json_response(DeliveryListSchema().dump({"deliveries": [dict(row) for row in rows]}))

    @api("POST", "/deliveries/<int:delivery_id>/resend")
    @idempotent
    def resend_delivery(self, request, delivery_id):
        """An operator resends an in-doubt or failed delivery with the same key -> 202.
        Errors: 409 ``not_resendable`` (pending, sent or delivered: nothing changes)."""
        self.access.require(request, *OPERATOR)
        with self.db.transaction() as tx:
            if not delivery.resend(tx, delivery_id, self.clock()):
                raise Conflict(
                    "只能重发存疑或失败的投递 (only an in-doubt or failed delivery is resent)",
                    code="not_resendable",
                )
        return json_response({"id": delivery_id, "status": delivery.PENDING}, 202)


NOTICE_NO = path_parameter("notice_no", "the notice number")
ROUTES = [
    Route(
        "GET",
        "/notices",
        "The archived notices of a case or a complaint",
        None,
        NoticeListSchema,
        200,
        {400: "Neither case_no nor complaint_no (missing_case_no)"},
        (
            query_parameter("case_no", "the case number", False),
            query_parameter("complaint_no", "the complaint number", False),
        ),
        roles=CASE_READERS,
    ),
    Route(
        "GET",
        "/notices/{notice_no}",
        "One archived notice with its deliveries",
        None,
        NoticeSchema,
        200,
        {404: "No such notice, or not the caller's to read (not_found)"},
        (NOTICE_NO,),
        roles=CASE_READERS,
    ),
    Route(
        "GET",
        "/notices/{notice_no}/print",
        "The notice as a printable HTML page",
        None,
        None,
        200,
        {404: "No such notice (not_found)"},
        (NOTICE_NO,),
        roles=CASE_READERS,
    ),
    Route(
        "GET",
        "/applicant/notices",
        "An applicant's notices, with the receipt's code (no login)",
        None,
        NoticeListSchema,
        200,
        {
            400: "case_no or code missing (missing_case_no)",
            404: "Unknown case or wrong code, alike (not_found)",
            429: "intake's limit of wrong codes reached (too_many_attempts)",
            503: "intake did not answer (tracking_unavailable)",
        },
        (query_parameter("case_no", "the case number"), query_parameter("code", "the receipt's code")),
    ),
    Route(
        "GET",
        "/inbox",
        "A member of staff's inbox (tasks, reminders, overdue reports)",
        None,
        InboxSchema,
        200,
        {},
        (),
        roles=INBOX_READERS,
    ),
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
        (path_parameter("job_id", "the print job's id", "integer"),),
        roles=LETTER_PRINTERS,
    ),
    Route(
        "POST",
        "/print-jobs/{job_id}/handed-over",
        "A letter left the window: delivered",
        HandOverSchema,
        None,
        200,
        {
            404: "No such job (not_found)",
            409: "Handed over already",
            422: "how is in_person or post (validation_failed)",
        },
        (path_parameter("job_id", "the print job's id", "integer"),),
        roles=LETTER_PRINTERS,
        idempotent=True,
    ),
    Route(
        "GET",
        "/deliveries",
        "Deliveries by status (in_doubt by default)",
        None,
        DeliveryListSchema,
        200,
        {},
        (query_parameter("status", "pending, sent, delivered, failed or in_doubt", False),),
        roles=OPERATOR,
    ),
    Route(
        "POST",
        "/deliveries/{delivery_id}/resend",
        "Resend an in-doubt or failed delivery",
        None,
        None,
        202,
        {409: "Not in doubt nor failed (not_resendable)"},
        (path_parameter("delivery_id", "the delivery's id", "integer"),),
        roles=OPERATOR,
        idempotent=True,
    ),
]
