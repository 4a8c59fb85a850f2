"""The desk's events, as its real use cases publish them, honour the published schemas and carry
no reporter contact (R-UNRES-1..2, R-COMP-4): each tier's item runs from registration to the
follow-up call on an in-memory database."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from complaints.desk import handlers
from complaints.identity.rules import DEV_KEY, Seal
from hall_contracts.registry import validate_event

REPORTER = {"name": "王小明", "phone": "13912345678", "email": "wxm@example.cn"}
MONDAY_10AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def desk():
    from complaints.complaint.rules import Settings
    from complaints.orm import metadata
    from complaints.unit_of_work import sql_unit_of_work
    from reliable_events import Store, add_core_tables, make_engine
    from workday_calendar import WorkingCalendar

    engine = make_engine("sqlite:///:memory:")
    metadata.create_all(engine)
    store = Store(engine, add_core_tables(metadata), "complaints", "complaints.tests")
    published = []

    def run(use_case, *args, at=MONDAY_10AM, actor="CO1", role="complaints_office"):
        with store.transaction() as tx:
            seal = Seal(DEV_KEY)
            uow = sql_unit_of_work(tx, WorkingCalendar(), at, actor, role, seal, Settings())
            # a use case takes (command, uow); an item's step names its item in the command
            command = args[0] if len(args) == 1 else {**args[1], "item_no": args[0]}
            result = use_case(command, uow)
            published.extend(tx.published)
            return result

    run.published = published
    yield run
    engine.dispose()


@pytest.mark.parametrize(
    ("tier", "units"),
    [
        ("immediate", ["market_regulation"]),
        ("ordinary", ["civil_affairs"]),
        ("multi_department", ["market_regulation", "taxation"]),
    ],
)
def test_r_unres_2_every_desk_event_of_a_whole_trail_honours_its_schema_and_hides_the_reporter(
    desk, tier, units
):
    item = desk(
        handlers.register_item,
        {
            "item": "个体工商户设立登记",
            "units": units,
            "reason": "三次往返未办成",
            "tier": tier,
            "reporter": REPORTER,
        },
    )
    no = item["item_no"]
    desk(handlers.forward_item, no, {"department": units[0]})
    later = MONDAY_10AM + timedelta(minutes=30)
    desk(
        handlers.extend_item,
        no,
        {"days": 1, "reason": "需调取档案", "consent": {"given_at": later, "method": "phone"}},
        at=later,
    )
    desk(
        handlers.answer_item,
        no,
        {"result": "已办结", "solved": True},
        actor="S01",
        role="window_staff",
        at=later,
    )
    desk(handlers.follow_up_item, no, {"satisfaction": "satisfied", "note": None}, at=later)
    types = [event["type"].rsplit(".", 1)[1] for event in desk.published]
    assert types == [
        "desk_item_registered",
        "desk_item_forwarded",
        "desk_item_extended",
        "desk_item_answered",
        "desk_item_followed_up",
    ]
    text = json.dumps(desk.published, ensure_ascii=False)
    assert [value for value in REPORTER.values() if value in text] == []
    for event in desk.published:
        validate_event(event)
        assert event["data"]["tier"] == tier
