"""What every entrypoint class of complaints works with.

``Entrypoints`` declares, as annotations only, the dependencies a worker sees (``self.db`` is a
``Store``, not the ``Database`` provider the service class declares), so mypy checks the
entrypoints; it defines no attribute, so composing the concepts' classes cannot clash here.
``complaint_work`` and ``desk_work`` open a unit of work for complaints proper and for the desk;
``view`` is the complaint as answered; ``office_step`` runs one step of the office on a complaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from marshmallow import Schema

from complaints.complaint.schemas import ComplaintSchema
from complaints.identity.rules import Seal
from complaints.unit_of_work import UnitOfWork, sql_unit_of_work
from reliable_events import Store
from web_api import Principal, json_response, load_json, schema_of
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
def unit_of_work(
    worker: Entrypoints, actor: str, role: str, now: datetime | None = None
) -> Iterator[UnitOfWork]:
    """One transaction; a refusal inside rolls it back (nothing is written) and reaches the edge,
    which answers it with its kind's status."""
    moment = (now or worker.clock()).astimezone(UTC)  # the clock is aware; stored times are UTC
    with worker.db.transaction() as tx:
        yield sql_unit_of_work(
            tx, worker.calendar, moment, actor, role, worker.seal, worker.settings.settings
        )


def complaint_work(worker: Entrypoints, actor: str, now: datetime | None = None) -> Any:
    """The unit of work of complaints proper: ``actor`` acts (its role plays no part there)."""
    return unit_of_work(worker, actor, "", now)


def desk_work(worker: Entrypoints, principal: Principal) -> Any:
    """The desk's unit of work: the principal's subject and role go on the item's trail."""
    return unit_of_work(worker, principal.subject, principal.role)


def view(uow: UnitOfWork, complaint_no: str) -> dict:
    complaint = uow.complaints.get(complaint_no)
    shown = {key: value for key, value in complaint.items() if key != "identity"}  # never the identity
    return schema_of(ComplaintSchema).dump(
        {
            **shown,
            "forwards": uow.complaints.forwards(complaint_no),
            "follow_up": _follow_up(uow.complaints.follow_up(complaint_no)),
            "timeline": uow.complaints.timeline(complaint_no),
        }
    )


def office_step(
    worker: Entrypoints,
    request: Any,
    complaint_no: str,
    schema: Schema | None,
    step: Callable[[dict[str, Any], UnitOfWork], object],
) -> Any:
    """The office's step (``step(command, uow)``) on a complaint; answers the complaint as it is."""
    principal = worker.access.require(request, "complaints_office")
    loaded = load_json(request, schema) if schema is not None else {}
    with complaint_work(worker, principal.subject) as uow:
        step({**loaded, "complaint_no": complaint_no}, uow)
        return json_response(view(uow, complaint_no))


def as_text(row: dict) -> dict:
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}


def _follow_up(row: dict | None) -> dict | None:
    return as_text(row) if row else None
