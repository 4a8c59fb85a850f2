"""Forwarding a complaint to departments, and their reports back (R-COMP-8, R-COMP-4)."""

from __future__ import annotations

from typing import Any

from complaints.complaint import events, rules
from complaints.complaint.handlers import tracked
from complaints.complaint.rules import Complaint
from complaints.forwarding.rules import AccusedDepartmentMayNotReport, AlreadyForwarded, AlreadyReported
from complaints.unit_of_work import UnitOfWork


def forward(command: dict[str, Any], uow: UnitOfWork) -> list[dict]:
    """R-COMP-8: ``{"complaint_no": ..., "departments": [...]}``; each department answers within
    the complaint's limit and reports back."""
    complaint_no, departments = command["complaint_no"], command["departments"]
    complaint = tracked(complaint_no, uow, "转办 (forward)")
    already = {row["department"] for row in uow.complaints.forwards(complaint_no)}
    again = [department for department in departments if department in already]
    if again:
        raise AlreadyForwarded(
            "已转办过这些部门 (already forwarded to these departments)",
            {"departments": again},
        )
    involved = list(dict.fromkeys([*complaint["departments"], *departments]))
    limit = max(complaint["limit_days"], rules.limit_days(involved, uow.settings.multi_department_limit))
    due = max(
        complaint["due_date"],
        uow.calendar.add_working_days(uow.calendar.today(complaint["received_at"]), limit).date,
    )
    uow.complaints.save(
        complaint_no,
        complaint["version"],
        status="forwarded",
        departments=involved,
        limit_days=limit,
        due_date=due,
    )
    complaint = uow.complaints.get(complaint_no)
    return [forward_to(department, complaint, uow) for department in departments]


def forward_to(department: str, complaint: Complaint, uow: UnitOfWork) -> dict:
    """One department's forward, due with the complaint (R-COMP-8)."""
    complaint_no, due = complaint["complaint_no"], complaint["due_date"]
    row = {
        "complaint_no": complaint_no,
        "department": department,
        "forwarded_at": uow.now,
        "forwarded_by": uow.actor,
        "due_date": due,
        "status": "open",
    }
    uow.complaints.add_forward(row)
    uow.note(complaint_no, "forwarded", department=department, due_date=due.isoformat())
    uow.tx.publish("complaint_forwarded", complaint_no, events.complaint_forwarded(complaint, row))
    return row


def report_back(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """R-COMP-8 and R-COMP-4: ``{"complaint_no", "department", "report", "caller_department"}``; the
    competent department reports back, or the office for it; never the accused's own department
    (``caller_department``: None for the complaints office). The report goes to the office (the
    complaint's forwards and timeline, on time or late) and, through notify, to the complainant
    (``complaint_forward_reported``: a written complaint gets it in writing)."""
    complaint_no, department, report = command["complaint_no"], command["department"], command["report"]
    caller_department = command.get("caller_department")
    complaint = tracked(complaint_no, uow, "回复转办 (report back)")
    if caller_department is not None and caller_department == complaint["department"]:
        raise AccusedDepartmentMayNotReport(
            "被投诉部门不能报送本投诉的处理结果，请由投诉办或其他主管部门报送 "
            "(the accused's own department may not file this report: the complaints office or "
            "another competent department does)",
            {"department": [caller_department]},
        )
    row = uow.complaints.get_forward(complaint_no, department)
    if row["status"] != "open":
        raise AlreadyReported("该部门已回复 (this department already reported back)")
    reported = {"status": "reported", "report": report, "reported_at": uow.now, "reported_by": uow.actor}
    uow.complaints.save_forward(complaint_no, department, **reported)
    on_time = uow.now <= uow.calendar.closes_at(row["due_date"])  # by 17:00 of its due day
    uow.note(complaint_no, "reported_back", department=department, on_time=on_time)
    row = {**row, **reported}
    data = events.complaint_forward_reported(complaint, row, on_time, uow.settings.office)
    uow.tx.publish("complaint_forward_reported", complaint_no, data)
    return row
