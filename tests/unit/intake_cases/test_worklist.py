"""The worklist use case on the in-memory unit of work: which open cases it keeps, in which order
(urgent first, R-KIND-7), a page of them, and each one's working days left or that it is overdue."""

from datetime import UTC, date, datetime

from unit.intake_fakes import FakeUnitOfWork

from intake.worklist.handlers import worklist

MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall
MONDAY_EVENING = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # 17:30: Monday's deadlines have passed


def open_case(case_no: str, deadline: date | None = None, urgent: bool = False, **more) -> dict:
    return {
        "case_no": case_no,
        "item_code": "SC-010",
        "item_name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "status": "in_progress",
        "urgent": urgent,
        "deadline": deadline,
        "holder_id": "S01",
        "window": "W03",
        **more,
    }


def hall(now: datetime = MONDAY, *rows: dict) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(now)
    for row in rows:
        uow.cases.add(row)
    return uow


def numbers(answer: dict) -> list[str]:
    return [row["case_no"] for row in answer["cases"]]


def test_r_kind_7_the_worklist_puts_urgent_cases_first_then_the_earliest_deadline_none_last():
    uow = hall(
        MONDAY,
        open_case("C1", date(2026, 11, 25)),
        open_case("C2", None, urgent=True),
        open_case("C3", date(2026, 11, 24)),
        open_case("C4", date(2026, 11, 30), urgent=True),
        open_case("C0", date(2026, 11, 25)),
        open_case("C5", None, status="awaiting_supplement"),
    )
    assert numbers(worklist({}, uow)) == ["C4", "C2", "C3", "C0", "C1", "C5"]


def test_the_worklist_keeps_open_cases_only_and_each_filter_narrows_it():
    uow = hall(
        MONDAY,
        open_case("C1", date(2026, 11, 25)),
        open_case("C2", date(2026, 11, 30), urgent=True, holder_id="S02", window="W04"),
        open_case("C3", None, status="awaiting_supplement", kind="supplement"),
        open_case("C4", date(2026, 11, 24), status="completed"),
        open_case("C5", date(2026, 11, 24), department="civil_affairs"),
    )
    assert worklist({}, uow)["total"] == 4
    assert numbers(worklist({"department": "market_regulation"}, uow)) == ["C2", "C1", "C3"]
    assert numbers(worklist({"status": "awaiting_supplement"}, uow)) == ["C3"]
    assert numbers(worklist({"kind": "supplement"}, uow)) == ["C3"]
    assert numbers(worklist({"holder": "S02"}, uow)) == numbers(worklist({"window": "W04"}, uow)) == ["C2"]
    assert numbers(worklist({"urgent": False, "department": "market_regulation"}, uow)) == ["C1", "C3"]
    assert numbers(worklist({"due_before": date(2026, 11, 30)}, uow)) == ["C5", "C1"]


def test_a_case_is_overdue_past_1700_of_its_deadline_and_shows_the_working_days_left_otherwise():
    rows = (open_case("C1", date(2026, 11, 23)), open_case("C2", date(2026, 11, 30)), open_case("C3"))
    morning = worklist({}, hall(MONDAY, *rows))["cases"]
    assert [(r["working_days_left"], r["overdue"]) for r in morning] == [
        (0, False),
        (5, False),
        (None, False),
    ]
    evening = hall(MONDAY_EVENING, *rows)
    assert [r["overdue"] for r in worklist({}, evening)["cases"]] == [True, False, False]
    assert numbers(worklist({"overdue": True}, evening)) == ["C1"]
    assert numbers(worklist({"overdue": False}, evening)) == ["C2", "C3"]
    assert numbers(worklist({"overdue": True}, hall(MONDAY, *rows))) == []


def test_the_worklist_pages_by_limit_and_offset_and_counts_every_case_it_keeps():
    uow = hall(MONDAY, *(open_case(f"C{n}", date(2026, 11, 24 + n)) for n in range(5)))
    page = worklist({"limit": 2, "offset": 2}, uow)
    assert (numbers(page), page["total"], page["limit"], page["offset"]) == (["C2", "C3"], 5, 2, 2)
    assert numbers(worklist({"limit": 2, "offset": 4}, uow)) == ["C4"]
