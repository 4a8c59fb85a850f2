"""Issue the notices an event calls for: render, archive, queue the deliveries, announce.

All in the consuming transaction, after the inbox check: a redelivered event finds its notices
(and their deliveries) already written and adds nothing. A notice the data cannot fill raises
``NoticeDataError`` before anything is written (the event is dead-lettered with the reason).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from notify.notices import rendering
from notify.notices.events import issued_data
from notify.notices.rules import Plan, idempotency_key, notice_no, plans_for
from notify.orm import deliveries, notices

PENDING = "pending"


def rendered_plans(event: dict, catalogue_item=None) -> list[tuple[Plan, rendering.Rendered]]:
    """Every plan of the event with its rendered text; raises before any is archived."""
    _, source, event_type = event["type"].split(".", 2)  # hall.<source>.<event type>
    found = []
    for plan in plans_for(source, event_type, event["data"]):
        data = plan.data
        if plan.needs_catalogue:
            data = {**catalogue_item(data["code"]), "case_no": data["case_no"]}
        found.append((plan, rendering.render(plan.notice_type, data)))
    return found


def case_department(connection, plan: Plan) -> str | None:
    """The department whose windows print a case's letters: the event's (the lead's for a joint
    review), else the one the case's earlier notices recorded. None for a complaint's notices
    (the complaints office alone prints those) and for a case never seen with a department."""
    if plan.complaint_no or not plan.case_no:
        return None
    named = plan.data.get("department") or plan.data.get("lead_department")
    if named:  # earlier notices archived without one (before notify recorded it) take it too
        connection.execute(
            update(notices)
            .where(
                notices.c.case_no == plan.case_no,
                notices.c.complaint_no.is_(None),
                notices.c.department.is_(None),
            )
            .values(department=named)
        )
        return named
    return connection.execute(
        select(notices.c.department)
        .where(
            notices.c.case_no == plan.case_no,
            notices.c.complaint_no.is_(None),
            notices.c.department.is_not(None),
        )
        .order_by(notices.c.id.desc())
        .limit(1)
    ).scalar()


def issue(tx, event: dict, rendered: list, now: datetime) -> list[dict]:
    """Archive the event's rendered notices (``rendered_plans``) and queue their first deliveries."""
    issued = []
    for plan, text in rendered:
        number = notice_no(plan, event["id"])
        first = plan.chain[0] if plan.chain else "inbox"
        row = {
            "notice_no": number,
            "notice_type": plan.notice_type,
            "case_no": plan.case_no,
            "complaint_no": plan.complaint_no,
            "audience": plan.audience,
            "recipient_ref": plan.recipient_ref,
            "channel": first,
            "title": text.text.split("\n", 1)[0].strip(),  # every template starts with its heading
            "template": text.template,
            "template_version": text.version,
            "content": text.text,
            "content_sha256": text.sha256,
            "source_event_id": event["id"],
            "source_type": event["type"],
            "created_at": now,
            "correlation_id": event["correlationid"],
            "department": case_department(tx.connection, plan),
        }
        tx.connection.execute(insert(notices).values(**row))
        channels = [*(["inbox"] if plan.inbox else []), *plan.chain[:1]]
        for channel in channels:
            tx.connection.execute(
                insert(deliveries).values(
                    notice_no=number,
                    channel=channel,
                    status=PENDING,
                    attempts=0,
                    idempotency_key=idempotency_key(event["id"], plan, channel),
                    next_attempt_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
        tx.publish("notice_issued", plan.complaint_no or plan.case_no or number, issued_data(row, channels))
        issued.append(row)
    return issued
