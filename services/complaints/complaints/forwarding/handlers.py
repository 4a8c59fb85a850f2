"""Forwarding a complaint to departments, and their reports back (R-COMP-8, R-COMP-4)."""

from __future__ import annotations

from complaints.complaint import events, repository, rules
from complaints.complaint.handlers import Context, tracked
from complaints.complaint.repository import add, get_complaint, save_complaint
from complaints.forwarding.rules import AccusedDepartmentMayNotReport, AlreadyForwarded, AlreadyReported
from complaints.orm import complaint_forwards


def forward(complaint_no: str, departments: list[str], ctx: Context) -> list[dict]:
    """R-COMP-8: each department answers within the complaint's limit and reports back."""
    complaint = tracked(complaint_no, ctx, "转办 (forward)")
    already = {row["department"] for row in repository.forwards(ctx.connection, complaint_no)}
    again = [department for department in departments if department in already]
    if again:
        raise AlreadyForwarded(
            "已转办过这些部门 (already forwarded to these departments)",
            {"departments": again},
        )
    involved = list(dict.fromkeys([*complaint["departments"], *departments]))
    limit = max(complaint["limit_days"], rules.limit_days(involved, ctx.settings.multi_department_limit))
    due = max(
        complaint["due_date"],
        ctx.calendar.add_working_days(ctx.calendar.today(complaint["received_at"]), limit).date,
    )
    save_complaint(
        ctx.connection,
        complaint_no,
        complaint["version"],
        status="forwarded",
        departments=involved,
        limit_days=limit,
        due_date=due,
    )
    complaint = get_complaint(ctx.connection, complaint_no)
    return [forward_to(department, complaint, ctx) for department in departments]


def forward_to(department: str, complaint: dict, ctx: Context) -> dict:
    """One department's forward, due with the complaint (R-COMP-8)."""
    complaint_no, due = complaint["complaint_no"], complaint["due_date"]
    row = {
        "complaint_no": complaint_no,
        "department": department,
        "forwarded_at": ctx.now,
        "forwarded_by": ctx.actor,
        "due_date": due,
        "status": "open",
    }
    add(ctx.connection, complaint_forwards, **row)
    ctx.note(complaint_no, "forwarded", department=department, due_date=due.isoformat())
    ctx.tx.publish("complaint_forwarded", complaint_no, events.complaint_forwarded(complaint, row))
    return row


def report_back(
    complaint_no: str, department: str, report: str, ctx: Context, caller_department: str | None = None
) -> dict:
    """R-COMP-8 and R-COMP-4: the competent department reports back, or the office for it; never
    the accused's own department (``caller_department``: None for the complaints office)."""
    complaint = tracked(complaint_no, ctx, "回复转办 (report back)")
    if caller_department is not None and caller_department == complaint["department"]:
        raise AccusedDepartmentMayNotReport(
            "被投诉部门不能报送本投诉的处理结果，请由投诉办或其他主管部门报送 "
            "(the accused's own department may not file this report: the complaints office or "
            "another competent department does)",
            {"department": [caller_department]},
        )
    row = repository.get_forward(ctx.connection, complaint_no, department)
    if row["status"] != "open":
        raise AlreadyReported("该部门已回复 (this department already reported back)")
    ctx.connection.execute(
        complaint_forwards.update()
        .where(
            complaint_forwards.c.complaint_no == complaint_no, complaint_forwards.c.department == department
        )
        .values(status="reported", report=report, reported_at=ctx.now, reported_by=ctx.actor)
    )
    ctx.note(complaint_no, "reported_back", department=department, on_time=ctx.today <= row["due_date"])
    return {**row, "status": "reported", "report": report, "reported_at": ctx.now, "reported_by": ctx.actor}
