"""Forwarding over HTTP (R-COMP-8): the office forwards a complaint to departments; a department's
window staff or head sees the complaints forwarded to it and reports back (never about itself,
R-COMP-4)."""

from __future__ import annotations

from complaints.complaint.api import NO, OFFICE, step
from complaints.complaint.schemas import (
    ComplaintForwardSchema,
    ComplaintReportSchema,
    DepartmentForwardListSchema,
    ForwardRowsSchema,
)
from complaints.entrypoints import Entrypoints, as_text, complaint_work, office_step
from complaints.forwarding import handlers
from web_api import Forbidden, api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

DEPARTMENT_STAFF = ("window_staff", "window_head")


def only_for(principal, department: str) -> None:
    if not principal.acts_for(department):
        raise Forbidden(
            f"只能处理本部门 ({principal.department}) 的投诉 "
            f"(you act for {principal.department}, not {department})"
        )


class ForwardingApi(Entrypoints):
    """``.../forwards`` (the office), ``/departments/<d>/complaints`` and ``.../report`` (the department)."""

    @api("POST", "/complaints/<string:complaint_no>/forwards")
    @idempotent
    def forward(self, request, complaint_no):
        """Forward to departments (R-COMP-8): ``{"departments": ["civil_affairs"]}``; 2+ departments
        get the multi-department limit. Errors: 401, 403, 404, 409 ``already_forwarded``, 422."""
        return office_step(
            self,
            request,
            complaint_no,
            ComplaintForwardSchema(),
            handlers.forward,
        )

    @api("GET", "/departments/<string:department>/complaints")
    def department_complaints(self, request, department):
        """Complaints forwarded to a department (facts and pseudonym only): ``?status=open``.
        Errors: 401, 403 (another department)."""
        principal = self.access.require(request, *DEPARTMENT_STAFF)
        only_for(principal, department)
        with complaint_work(self, principal.subject) as uow:
            found = uow.complaints.department_forwards(department, request.args.get("status"))
        return json_response(schema_of(DepartmentForwardListSchema).dump({"forwards": found}))

    @api("POST", "/complaints/<string:complaint_no>/forwards/<string:department>/report")
    @idempotent
    def report_back(self, request, complaint_no, department):
        """The department reports back (R-COMP-8): ``{"report": "..."}``; its staff, or the office for it.
        Errors: 401, 403 (another department; the accused's own department, R-COMP-4), 404,
        409 ``already_reported``, 422."""
        principal = self.access.require(request, *DEPARTMENT_STAFF, *OFFICE)
        office = principal.role == "complaints_office"
        if not office:
            only_for(principal, department)
        command = load_json(request, ComplaintReportSchema)
        command = {
            **command,
            "complaint_no": complaint_no,
            "department": department,
            "caller_department": None if office else principal.department,
        }
        with complaint_work(self, principal.subject) as uow:
            handlers.report_back(command, uow)
            forwards = uow.complaints.forwards(complaint_no)
        return json_response({"forwards": [as_text(row) for row in forwards]})


ROUTES = [
    step(
        "forwards",
        "Forward to departments with the limit (R-COMP-5, R-COMP-8)",
        ComplaintForwardSchema,
        idempotent=True,
    ),
    Route(
        "GET",
        "/departments/{department}/complaints",
        "Complaints forwarded to a department (no identity)",
        None,
        DepartmentForwardListSchema,
        200,
        {},
        (path_parameter("department", "department code"), query_parameter("status", "open|reported", False)),
        roles=("window_staff", "window_head"),
    ),
    Route(
        "POST",
        "/complaints/{complaint_no}/forwards/{department}/report",
        "A department reports back (R-COMP-8)",
        ComplaintReportSchema,
        ForwardRowsSchema,
        200,
        {
            403: "Another department, or the accused's own department (forbidden)",
            404: "Not forwarded there (not_found)",
            409: "Already reported (already_reported)",
            422: "Invalid",
        },
        (*NO, path_parameter("department", "department code")),
        roles=("window_staff", "window_head", "complaints_office"),
        idempotent=True,
    ),
]
