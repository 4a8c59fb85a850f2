"""What every entrypoint class of complaints works with.

``Entrypoints`` declares, as annotations only, the dependencies a worker sees (``self.db`` is a
``Store``, not the ``Database`` provider the service class declares), so mypy checks the
entrypoints; it defines no attribute, so composing the concepts' classes cannot clash here.
``complaint_work`` and ``desk_work`` open the unit of work of complaints proper and of the desk;
``view`` is the complaint as answered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from complaints.complaint import repository
from complaints.complaint.handlers import Context
from complaints.complaint.schemas import ComplaintSchema
from complaints.desk.handlers import DeskContext
from complaints.identity.rules import Seal
from reliable_events import Store, as_utc
from web_api import json_response, load_json
from web_api.access import Gate
from workday_calendar import WorkingCalendar

if TYPE_CHECKING:
    from complaints.dependencies import ComplaintSettings


class Entrypoints:
    """The dependencies of a complaints worker, as its entrypoints see them."""

    db: Store
    clock: Callable[[], datetime]
    calendar: WorkingCalendar
    access: Gate
    seal: Seal
    settings: ComplaintSettings
    config: dict[str, Any]


@contextmanager
def complaint_work(worker: Entrypoints, actor: str) -> Iterator[Context]:
    """One transaction of complaints proper; a refusal inside rolls it back and reaches the edge."""
    with worker.db.transaction() as tx:
        yield Context(
            tx, worker.calendar, as_utc(worker.clock()), actor, worker.seal, worker.settings.settings
        )


@contextmanager
def desk_work(worker: Entrypoints, principal) -> Iterator[DeskContext]:
    """A desk use case's context; a rule's refusal rolls it back (nothing is written) and reaches
    the edge, which answers it with its kind's status."""
    with worker.db.transaction() as tx:
        yield DeskContext(
            tx,
            worker.calendar,
            as_utc(worker.clock()),
            principal.subject,
            principal.role,
            worker.seal,
        )


def view(ctx: Context, complaint_no: str) -> dict:
    complaint = repository.get_complaint(ctx.connection, complaint_no)
    complaint.pop("identity")
    return ComplaintSchema().dump(
        {
            **complaint,
            "forwards": repository.forwards(ctx.connection, complaint_no),
            "follow_up": _follow_up(repository.follow_up(ctx.connection, complaint_no)),
            "timeline": repository.timeline(ctx.connection, complaint_no),
        }
    )


def office_step(worker: Entrypoints, request, complaint_no: str, schema, step) -> Any:
    principal = worker.access.require(request, "complaints_office")
    command = load_json(request, schema) if schema is not None else {}
    with complaint_work(worker, principal.subject) as ctx:
        step(command, ctx)
        return json_response(view(ctx, complaint_no))


def as_text(row: dict) -> dict:
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}


def _follow_up(row: dict | None) -> dict | None:
    return as_text(row) if row else None
