"""Migration 0010 (R-AB-1): a leave recorded on or after its first day was handed over when it was
recorded; one recorded in advance was not, and the leave sweep still owes it."""

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select

from intake.orm import leave_handovers, leaves, staff
from reliable_events import make_engine

ALEMBIC_INI = Path(__file__).resolve().parents[3] / "services" / "intake" / "alembic.ini"


def test_r_ab_1_migration_0010_marks_only_the_leaves_already_handed_over(database_url, monkeypatch):
    url = database_url("intake_before_0010")
    monkeypatch.setenv("INTAKE_DATABASE_URL", url)
    config = Config(str(ALEMBIC_INI))
    before = ScriptDirectory.from_config(config).get_revision("0010").down_revision
    command.upgrade(config, str(before))
    engine = make_engine(url)
    person = {"name": "李四", "phone": "0571-1234", "window": "W03", "department": "market_regulation"}
    # 23:30 in the hall on the 23rd is 15:30 UTC: recorded on its first day, in the hall's day
    recorded_on_its_day = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
    in_advance = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    after_midnight = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(insert(staff).values(staff_id="S01", **person))
        for leave_id, starts_on, recorded_at in (
            (1, date(2026, 11, 23), recorded_on_its_day),
            (2, date(2026, 11, 24), in_advance),
            (3, date(2026, 11, 20), in_advance),  # recorded late
            (4, date(2026, 11, 24), after_midnight),  # 01:00 on the 24th in the hall
        ):
            connection.execute(
                insert(leaves).values(
                    id=leave_id,
                    staff_id="S01",
                    starts_on=starts_on,
                    ends_on=date(2026, 11, 27),
                    kind="leave",
                    reason="年休假",
                    recorded_at=recorded_at,
                    cancelled=False,
                )
            )
    engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            marked = connection.execute(select(leave_handovers).order_by(leave_handovers.c.leave_id)).all()
        assert [(row.leave_id, row.handed_over_at) for row in marked] == [
            (1, recorded_on_its_day),
            (3, in_advance),
            (4, after_midnight),
        ]
    finally:
        engine.dispose()
