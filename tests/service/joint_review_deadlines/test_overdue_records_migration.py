"""Migration 0010: the overdue alerts raised before it become the departments' overdue records
(R-JOINT-6), so the months before the upgrade are counted too."""

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import insert, select

from joint_review.orm import opinions, overdue_records, reviews, task_alerts, tasks
from reliable_events import make_engine

REPO_ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_r_joint_6_migration_0010_counts_the_overdue_alerts_raised_before_it(database_url, monkeypatch):
    url = database_url("joint_review_0008")
    monkeypatch.setenv("JOINT_REVIEW_DATABASE_URL", url)
    config = Config(str(REPO_ROOT / "services" / "joint_review" / "alembic.ini"))
    command.upgrade(config, "0008")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            insert(reviews).values(
                review_id="JR-1",
                case_no="HALL-1",
                item_code="NY-001",
                item_name="宅基地",
                lead_department="agriculture_rural",
                departments=["health", "taxation"],
                materials=[],
                status="in_review",
                round=1,
                task_limit_days=3,
                opened_at=NOW,
                version=1,
            )
        )
        for department in ("health", "taxation"):
            task_id = f"JR-1-{department}-1"
            connection.execute(
                insert(tasks).values(
                    task_id=task_id,
                    review_id="JR-1",
                    department=department,
                    round=1,
                    status="open",
                    assigned_at=NOW,
                    due_date=date(2026, 11, 26),
                    asked_materials=[],
                )
            )
            for threshold, at in (("due_soon", 25), ("overdue", 30)):  # overdue reported on Monday 30th
                connection.execute(
                    insert(task_alerts).values(
                        task_id=task_id,
                        threshold=threshold,
                        review_id="JR-1",
                        department=department,
                        due_date=date(2026, 11, 26),
                        raised_at=datetime(2026, 11, at, 2, 0, tzinfo=UTC),
                    )
                )
        connection.execute(
            insert(opinions).values(
                task_id="JR-1-taxation-1",
                opinion_id="silence-JR-1-taxation-1",
                review_id="JR-1",
                department="taxation",
                round=1,
                verdict="approve",
                conditions=[],
                materials=[],
                reviewer_id="system",
                channel="silence",
                recorded_at=NOW,
            )
        )
        connection.execute(
            tasks.update()
            .where(tasks.c.task_id == "JR-1-taxation-1")
            .values(status="answered", opinion_id="silence-JR-1-taxation-1")
        )
    engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            found = (
                connection.execute(select(overdue_records).order_by(overdue_records.c.task_id))
                .mappings()
                .all()
            )
    finally:
        engine.dispose()
    assert [
        (r["task_id"], r["department"], r["month"], r["case_no"], r["days_late"], r["outcome"]) for r in found
    ] == [
        ("JR-1-health-1", "health", "2026-11", "HALL-1", 2, "escalated"),
        ("JR-1-taxation-1", "taxation", "2026-11", "HALL-1", 2, "silence_consent"),
    ]
    assert found[0]["reported_at"] == datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
