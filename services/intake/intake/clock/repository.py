"""The clock's queries: the operator's year schedules, the sweep's candidates and its alerts.

Year schedules are stored so that every replica counts with the same calendar.

``PUT /calendar/years/<year>`` validates a schedule (the override file format of
``workday_calendar``), stores it here and applies it at once in its own process; the other
replicas see a newer ``loaded_at`` (the ``Calendar`` dependency looks every few seconds) and apply
it too.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, delete, exists, func, insert, or_, select
from sqlalchemy.engine import Connection

from intake.clock.rules import Alert, content_of
from intake.orm import calendar_years, case_alerts, cases
from reliable_events import insert_once
from workday_calendar import YearSchedule, parse_override


def store_year(connection, schedule: YearSchedule, now: datetime) -> None:
    """Replace the stored schedule of its year (one row per year)."""
    connection.execute(delete(calendar_years).where(calendar_years.c.year == schedule.year))
    connection.execute(
        insert(calendar_years).values(year=schedule.year, content=content_of(schedule), loaded_at=now)
    )


def latest_loaded_at(connection) -> datetime | None:
    """The cheap check each replica makes: has any schedule been loaded since it last looked?"""
    return connection.execute(select(func.max(calendar_years.c.loaded_at))).scalar()


def stored_schedules(connection) -> list[YearSchedule]:
    rows = connection.execute(
        select(calendar_years.c.year, calendar_years.c.content).order_by(calendar_years.c.year)
    )
    return [parse_override(row.content, f"calendar_years {row.year}") for row in rows]


SWEEP_BATCH = 200  # cases a sweep reads per transaction
Due = tuple[date, str]  # (deadline, case_no): a due case and the sweep's place in the list


class AlertRepository:
    """The cases the clock attends to and the alerts raised, within one transaction (``Context.alerts``)."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def due_before(
        self,
        statuses: tuple[str, ...],
        horizon: date,
        after: Due | None = None,
        limit: int = SWEEP_BATCH,
        today: date | None = None,
    ) -> list[Due]:
        """Up to ``limit`` cases in ``statuses`` due before ``horizon``, soonest first, after
        ``after`` (keyset: ``(deadline, case_no)`` of the previous batch's last). A case with
        nothing left to be told is left out: alerted overdue for its deadline, or alerted due soon
        and due after ``today`` (it cannot be overdue before 17:00 of its deadline), so a sweep
        reads the new work, not every case it has already told."""
        state = cases.c.status.in_(statuses)
        return self._due(state, cases.c.deadline, "", horizon, after, limit, today)

    def forwarding_due_before(
        self, horizon: date, after: Due | None = None, limit: int = SWEEP_BATCH, today: date | None = None
    ) -> list[Due]:
        """R-KIND-6: escalated cases still to forward whose forwarding day is before ``horizon``
        (batched, and left out when told, as ``due_before``)."""
        due = cases.c.forwarding_deadline
        return self._due(cases.c.status == "forwarding", due, "forwarding_", horizon, after, limit, today)

    def _due(self, state, due, prefix: str, horizon: date, after, limit: int, today) -> list[Due]:
        def told(threshold: str):
            return exists().where(
                case_alerts.c.case_no == cases.c.case_no,
                case_alerts.c.threshold == f"{prefix}{threshold}",
                case_alerts.c.deadline == due,
            )

        query = select(due, cases.c.case_no).where(state, due < horizon, ~told("overdue"))
        if today is not None:
            query = query.where(or_(~told("due_soon"), due <= today))
        if after is not None:
            query = query.where(or_(due > after[0], and_(due == after[0], cases.c.case_no > after[1])))
        rows = self.connection.execute(query.order_by(due, cases.c.case_no).limit(limit))
        return [(row[0], row[1]) for row in rows]

    def alerted(self, case_no: str, found: str, deadline: date) -> bool:
        return bool(
            self.connection.execute(
                select(
                    exists().where(
                        case_alerts.c.case_no == case_no,
                        case_alerts.c.threshold == found,
                        case_alerts.c.deadline == deadline,
                    )
                )
            ).scalar()
        )

    def add_alert_once(self, alert: Alert) -> bool:
        """Store the alert unless a replica did (``uq_case_alert_once``); True when this call did."""
        return insert_once(self.connection, case_alerts, dict(alert))

    def provisional_case_numbers(self, statuses: tuple[str, ...]) -> list[str]:
        """The cases in ``statuses`` whose deadline was counted through a year without its schedule."""
        return list(
            self.connection.execute(
                select(cases.c.case_no).where(
                    cases.c.status.in_(statuses), cases.c.deadline_provisional.is_(True)
                )
            ).scalars()
        )
