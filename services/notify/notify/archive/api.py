"""The archive over HTTP: staff read notices and print them, applicants read theirs with the
receipt's code, staff read their inbox. Every route needs a token but the applicant's (case
number and code)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from notify.archive import handlers, pages
from notify.archive.rules import CASE_READERS, COMPLAINT_READERS, INBOX_READERS, MissingCaseNo
from notify.archive.schemas import InboxSchema, NoticeListSchema, NoticeSchema
from notify.dependencies import NotifyWorker
from notify.directory import TooManyAttempts, Unavailable
from notify.unit_of_work import unit_of_work
from refusals import NotFound, TooMany
from web_api import ApiError, api, json_response, schema_of
from web_api.openapi import Route, path_parameter, query_parameter


class ArchiveApi(NotifyWorker):
    """The archive's routes: notices, an applicant's notices, staff inboxes."""

    @api("GET", "/notices")
    def list_notices(self, request):
        """``GET /notices?case_no=HALL-...`` (window staff, offices) or ``?complaint_no=TS-...``
        (complaints office, supervision), or ``?item_no=DESK-...`` (a desk item's result notice, the
        same readers) -> 200 ``{"notices": [...]}`` with each delivery: only
        those ``GET /notices/<no>`` would show the caller (``notify.archive.rules``: no window sees
        a complaint's answer, nor another department's case), as it would show them (the
        receipt's code masked but for the case's windows, R-RATE-1). Errors: 400
        ``missing_case_no``, 401/403."""
        case_no, complaint_no = request.args.get("case_no"), request.args.get("complaint_no")
        item_no = request.args.get("item_no")
        if not case_no and not complaint_no and not item_no:
            raise MissingCaseNo(
                "请提供受理编号、投诉编号或反映事项编号 (case_no, complaint_no or item_no is required)"
            )
        principal = self.access.require(request, *(CASE_READERS if case_no else COMPLAINT_READERS))
        command = handlers.ListNotices(principal, case_no, complaint_no, item_no)
        with unit_of_work(self.db) as uow:
            readable = handlers.list_notices(command, uow)
        return json_response(schema_of(NoticeListSchema).dump({"notices": readable}))

    def _readable_notice(self, request, notice_no: str) -> dict:
        principal = self.access.require(request, *CASE_READERS)
        with unit_of_work(self.db) as uow:
            return handlers.read_notice(handlers.ReadNotice(principal, notice_no), uow)

    @api("GET", "/notices/<string:notice_no>")
    def get_notice(self, request, notice_no):
        """``GET /notices/N-HALL-...-RCPT-1A2B3C`` -> 200 the notice, its text and deliveries;
        the receipt's code (查询码) reads ``********`` with the masked text's hash to all but the
        windows of the case's department (R-RATE-1, ``archive.rules.as_read_by``)."""
        return json_response(schema_of(NoticeSchema).dump(self._readable_notice(request, notice_no)))

    @api("GET", "/notices/<string:notice_no>/print")
    def print_notice(self, request, notice_no):
        """``GET /notices/<no>/print`` -> 200 text/html: the notice as issued, ready to print (the
        receipt's code masked as ``GET /notices/<no>`` masks it)."""
        page = pages.print_view(self._readable_notice(request, notice_no))
        return Response(page, status=200, content_type="text/html; charset=utf-8")

    def _check_code(self, request, case_no: str, code: str) -> None:
        """intake decides whether ``code`` is the receipt's (and limits wrong codes)."""
        try:
            may_read = self.directory.applicant_may_read(case_no, code, request.remote_addr)
        except TooManyAttempts as exc:  # intake's limit of wrong codes, passed on with its wait
            raise TooMany(
                "验证码错误次数过多，请稍后再试 (too many wrong codes: try again later)",
                exc.retry_after,
                {"retry_after": exc.retry_after},
            ) from exc
        except Unavailable as exc:  # intake did not answer: never a 500 (no refusal kind is a 503)
            raise ApiError(
                "暂时无法核对验证码，请稍后再试 (intake did not answer; try again later)",
                code="tracking_unavailable",
                status=503,
            ) from exc
        if not may_read:
            raise NotFound(f"没有受理编号为 {case_no} 且验证码相符的办件 (no case {case_no} with this code)")

    @api("GET", "/applicant/notices")
    def applicant_notices(self, request):
        """No login: ``GET /applicant/notices?case_no=HALL-...&code=7KQ2M9XA`` -> 200 the
        applicant's notices of that case as issued, the receipt's code included (their in-app
        inbox, now marked read). Errors: 400
        ``missing_case_no``; 404 ``not_found`` for an unknown case and a wrong code alike."""
        case_no, code = request.args.get("case_no"), request.args.get("code")
        if not case_no or not code:
            raise MissingCaseNo("请提供受理编号和验证码 (case_no and code are required)")
        self._check_code(request, case_no, code)
        with unit_of_work(self.db) as uow:
            found = handlers.applicant_notices(handlers.ApplicantNotices(case_no, self.now()), uow)
        return json_response(NoticeListSchema(exclude=("notices.deliveries",)).dump({"notices": found}))

    @api("GET", "/inbox")
    def staff_inbox(self, request):
        """``GET /inbox`` (windows, reviewers, supervision) -> 200 ``{"messages": [...]}``: tasks
        for a reviewer (联办审查任务), reminders for the lead window (催办), overdue reports for
        supervision (督办); newest first, marked read. Errors: 401/403 (any other role)."""
        principal = self.access.require(request, *INBOX_READERS)
        with unit_of_work(self.db) as uow:
            found = handlers.staff_inbox(handlers.StaffInbox(principal, self.now()), uow)
        return json_response(schema_of(InboxSchema).dump({"messages": found}))


NOTICE_NO = path_parameter("notice_no", "the notice number")
ROUTES = [
    Route(
        "GET",
        "/notices",
        "A case's or a complaint's archived notices (the receipt's code masked but for the case's windows)",
        None,
        NoticeListSchema,
        200,
        {400: "None of case_no, complaint_no, item_no (missing_case_no)"},
        (
            query_parameter("case_no", "the case number", False),
            query_parameter("complaint_no", "the complaint number", False),
            query_parameter("item_no", "a desk item's number (R-UNRES-2)", False),
        ),
        roles=CASE_READERS,
    ),
    Route(
        "GET",
        "/notices/{notice_no}",
        "One archived notice with its deliveries (the receipt's code masked but for the case's windows)",
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
        text=("text/html",),
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
]
