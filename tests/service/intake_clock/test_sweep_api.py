"""The timer's sweep (R-CLOCK-5): each alert once per case, threshold and deadline, whichever
replica sweeps first. ``POST /clock/sweep`` runs what the timer runs; "now" is injected."""

from datetime import date

from intake_clock_calls import WINDOW, accept, count, events, extend, hall_time, suspend, sweep
from intake_requests import STAFF, case_body
from nameko.containers import SpawningSet
from nameko.extensions import iter_extensions
from nameko.testing.services import entrypoint_waiter, replace_dependencies, restrict_entrypoints
from sqlalchemy import create_engine

from intake.cases import handlers
from intake.cases.schemas import AcceptCaseSchema
from intake.catalogue.repository import Catalogue
from intake.clock import alerts
from intake.clock.repository import AlertRepository
from intake.orm import case_alerts
from reliable_events import Store, add_core_tables
from workday_calendar import WorkingCalendar


def accepted_on_monday(intake, web):
    """SC-010 accepted Mon 2026-11-23: due Mon 2026-11-30 at 17:00 China time."""
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    return accept(web)["case_no"]


def sweep_at(intake, web, when) -> dict:
    intake.clock.return_value = when
    response = sweep(web)
    assert response.status_code == 200, response.text
    return response.json()


def test_r_clock_5_nothing_is_raised_while_the_deadline_is_more_than_a_working_day_away(intake, web_session):
    accepted_on_monday(intake, web_session)
    assert sweep_at(intake, web_session, hall_time(date(2026, 11, 26))) == {
        "due_soon": 0,
        "overdue": 0,
        "skipped": 0,
    }  # Thu: Fri and Mon are still ahead
    assert count(intake, case_alerts) == 0


def test_r_clock_5_a_case_due_within_one_working_day_raises_due_soon_once_however_often_swept(
    intake, web_session
):
    case_no = accepted_on_monday(intake, web_session)
    friday = hall_time(date(2026, 11, 27))
    assert sweep_at(intake, web_session, friday)["due_soon"] == 1
    assert sweep_at(intake, web_session, friday)["due_soon"] == 0
    assert sweep_at(intake, web_session, hall_time(date(2026, 11, 30), 9))["due_soon"] == 0
    [event] = events(intake, "case_due_soon")
    assert (event["subject"], event["data"]["deadline"], event["data"]["working_days_left"]) == (
        case_no,
        "2026-11-30",
        1,
    )
    assert event["data"]["closes_at"] == "2026-11-30T17:00:00+08:00"


def test_r_clock_5_a_case_unanswered_after_17_00_of_its_deadline_raises_overdue_once(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    assert sweep_at(intake, web_session, hall_time(date(2026, 11, 30), 16, 59))["overdue"] == 0
    assert sweep_at(intake, web_session, hall_time(date(2026, 11, 30), 17, 1))["overdue"] == 1
    assert sweep_at(intake, web_session, hall_time(date(2026, 12, 1)))["overdue"] == 0
    [event] = events(intake, "case_overdue")
    assert (event["subject"], event["data"]["first_responder_id"]) == (case_no, "S01")
    assert len(events(intake, "case_due_soon")) == 1  # raised at 16:59, before it passed


def test_r_clock_5_an_extension_gives_a_new_deadline_and_a_fresh_due_soon(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    assert sweep_at(intake, web_session, hall_time(date(2026, 11, 27)))["due_soon"] == 1
    assert extend(web_session, case_no, days=3).json()["deadline"] == "2026-12-03"
    assert sweep_at(intake, web_session, hall_time(date(2026, 11, 30), 18))["overdue"] == 0
    assert sweep_at(intake, web_session, hall_time(date(2026, 12, 2)))["due_soon"] == 1
    assert [e["data"]["deadline"] for e in events(intake, "case_due_soon")] == ["2026-11-30", "2026-12-03"]


def test_r_clock_5_a_suspended_or_completed_case_raises_nothing(intake, web_session):
    suspended = accepted_on_monday(intake, web_session)
    assert suspend(web_session, suspended).status_code == 200
    done = accept(web_session)["case_no"]
    body = '{"outcome": "approved"}'
    assert web_session.post(f"/cases/{done}/completion", data=body, headers=WINDOW).status_code == 200
    assert sweep_at(intake, web_session, hall_time(date(2026, 12, 10))) == {
        "due_soon": 0,
        "overdue": 0,
        "skipped": 0,
    }


def test_r_clock_5_only_an_operator_may_run_the_sweep(intake, web_session):
    accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 12, 1))
    assert sweep(web_session, headers=WINDOW).status_code == 403
    assert sweep(web_session, headers={}).status_code == 401
    assert count(intake, case_alerts) == 0 and events(intake, "case_overdue") == []


def test_r_clock_5_when_two_replicas_race_the_unique_alert_decides_and_the_loser_publishes_nothing(
    intake, web_session, monkeypatch
):
    """Replica B read "no alert yet" before replica A committed: B's insert hits the unique
    constraint, B's transaction (alert and event) rolls back, and B counts it as skipped."""
    accepted_on_monday(intake, web_session)
    friday = hall_time(date(2026, 11, 27))
    assert sweep_at(intake, web_session, friday)["due_soon"] == 1  # replica A
    store = Store(intake, add_core_tables(case_alerts.metadata), "intake", "intake.tests")
    monkeypatch.setattr(AlertRepository, "alerted", lambda *args: False)  # B did not see A's row
    candidates = AlertRepository.due_before  # nor when it read its candidates (the told left out)
    monkeypatch.setattr(
        AlertRepository, "due_before", lambda self, *args, today=None: candidates(self, *args)
    )
    assert alerts.sweep(store, WorkingCalendar(), friday) == {"due_soon": 0, "overdue": 0, "skipped": 1}
    assert count(intake, case_alerts) == 1 and len(events(intake, "case_due_soon")) == 1


def test_r_clock_5_the_timer_sweeps_every_sweep_seconds(container_factory, migrated):
    """The timer entrypoint alone (``SWEEP_SECONDS`` from the config) raises the alerts."""
    from intake.service import IntakeService

    url = migrated("intake")
    config = {
        "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",
        "DATABASE_URL": url,
        "OUTBOX_RELAY_ENABLED": "false",
        "SWEEP_SECONDS": "0.05",
        "HALL_MODE": "development",  # the development tokens file of config.yml's default
    }
    container = container_factory(IntakeService, config)
    restrict_entrypoints(container, "sweep_timer")
    timer = next(iter(container.entrypoints))
    container.subextensions = SpawningSet(  # no broker consumers: only the timer runs
        extension for bound in [timer, *container.dependencies] for extension in iter_extensions(bound)
    )
    clock = replace_dependencies(container, "clock")
    clock.return_value = hall_time(date(2026, 11, 30), 18)
    engine = create_engine(url)
    seed_case(engine, hall_time(date(2026, 11, 23)))  # due Mon 2026-11-30
    with entrypoint_waiter(container, "sweep_timer"):
        container.start()
    assert timer.interval == 0.05
    assert count(engine, case_alerts) == 1 and len(events(engine, "case_overdue")) == 1
    engine.dispose()


def seed_case(engine, now):
    """Accept SC-010 at ``now`` as POST /cases would, straight through the use case."""
    store = Store(engine, add_core_tables(case_alerts.metadata), "intake", "intake.tests")
    with store.transaction() as tx:
        ctx = handlers.Context(tx, Catalogue.load(), WorkingCalendar(), now, "S01")
        return handlers.accept_case(AcceptCaseSchema().load(case_body(first_responder=dict(STAFF))), ctx)[0]
