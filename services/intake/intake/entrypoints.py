"""What every entrypoint class of intake works with: its dependencies, and the case's HTTP edge.

The dependencies are declared as annotations only: ``IntakeService`` (``intake.service``) provides
them, so each concept's entrypoint class says what it uses and mypy knows ``self.db``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from intake.cases.repository import CaseRepository
from intake.cases.rules import Case
from intake.cases.schemas import CaseSchema
from intake.catalogue.repository import Catalogue
from intake.staff.holders import RosterAnswers
from intake.staff.repository import RosterRepository
from intake.unit_of_work import Context
from intake.worklist.rules import working_days_left
from reliable_events.storage import Store
from web_api import Forbidden, NotFound, json_response, schema_of
from web_api.access import Gate
from workday_calendar import WorkingCalendar

WINDOW_ROLES = ("window_staff", "window_head", "lead_window")
READ_ROLES = (*WINDOW_ROLES, "supervision", "operator")
OVERSEERS = ("supervision", "operator")


class IntakeEntrypoints:
    """Base of each concept's entrypoint class: the dependencies, the unit of work, the case's edge."""

    db: Store
    clock: Callable[[], datetime]
    calendar: WorkingCalendar
    access: Gate
    catalogue: Catalogue
    roster_answers: RosterAnswers

    @contextmanager
    def case_work(self, principal) -> Iterator[Context]:
        """A use case's unit of work: a refusal propagates to the edge, which answers it, and
        nothing is written."""
        with self.db.transaction() as tx:
            yield Context(tx, self.catalogue, self.calendar, self.clock(), principal.subject)

    def window_principal(self, request, roles=WINDOW_ROLES):
        return self.access.require(request, *roles)

    @staticmethod
    def check_department(principal, department: str) -> None:
        """Window staff act only for their own window's department (operators for none)."""
        if principal.department != department:
            raise Forbidden(
                f"只能办理本部门 ({principal.department}) 的事项 "
                f"(window staff act only for their own department, not {department})"
            )

    def case_department(self, case_no: str) -> str:
        with self.db.transaction() as tx:
            case = CaseRepository(tx.connection).find(case_no)
        if case is None:
            raise NotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        return case["department"]

    def case_answer(self, case: Case, status: int = 200, **extra):
        body = schema_of(CaseSchema).dump(case)
        closes = self.calendar.closes_at(case["deadline"]) if case["deadline"] else None
        body["closes_at"] = closes.isoformat() if closes else None
        body["working_days_left"] = working_days_left(self.calendar, case["deadline"], self.clock())
        return json_response({**body, **extra}, status)

    def check_for_person(self, principal, staff_id: str, heads_only: bool = True) -> None:
        """The person themselves, or (a head of) their department."""
        if principal.subject == staff_id:
            return
        with self.db.transaction() as tx:
            person = RosterRepository(tx.connection).find_staff(staff_id)
        if person is None:
            raise NotFound(f"名册中没有工作人员 {staff_id} (no staff {staff_id} on the roster)")
        if heads_only and principal.role != "window_head":
            raise Forbidden(
                f"只有本人或本部门窗口负责人可以办理 (only {staff_id} or a window head of "
                f"their department may do this)"
            )
        self.check_department(principal, person["department"])
