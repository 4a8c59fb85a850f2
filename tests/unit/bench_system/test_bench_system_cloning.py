"""The bulk loader's row transformation (bench/system/cloning.py): a template case's stored rows
become its copies' rows, with their own case numbers and UUIDs, the rest unchanged. Loaded from
its file, as bench/ is not an installed package."""

from __future__ import annotations

import json
import re

from bench_modules import load

cloning = load("cloning")

PROMISED_NO, JOINT_NO = "HALL-20261205-2222222A", "HALL-20261205-2222222B"
EVENT, OTHER = "0b5f6a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# stored as SQLite returns them: text (a JSON document among them), numbers, NULL
PROMISED_ROWS = [
    (PROMISED_NO, "SC-010", json.dumps({"case_no": PROMISED_NO, "event_id": EVENT}), 3, None),
    (f"receipt:{PROMISED_NO}:{EVENT}", "2026-12-05 09:00:00.000000", EVENT, 0, 1.5),
]
JOINT_ROWS = [(JOINT_NO, "NY-001", json.dumps({"case_no": JOINT_NO, "event_id": OTHER}), 7, None)]


def every_copy(count: int) -> list[tuple]:
    rows = {"promised": PROMISED_ROWS, "joint": JOINT_ROWS}
    templates = {"promised": PROMISED_NO, "joint": JOINT_NO}
    return list(cloning.copies(rows, templates, lambda i: "joint" if i % 4 == 0 else "promised", count))


def test_copies_follow_the_mix_of_the_load_one_joint_case_in_four():
    rows = every_copy(8)
    # copies 0 and 4 are joint (one row each), the six others promised (two rows each)
    assert len(rows) == 2 * 1 + 6 * 2
    assert [row[1] for row in rows[:3]] == ["NY-001", "SC-010", "2026-12-05 09:00:00.000000"]
    assert sum(row[1] == "NY-001" for row in rows) == 2


def test_every_copy_has_its_own_case_number_wherever_the_template_had_its_own():
    rows = every_copy(8)
    case_rows = [row for row in rows if row[1] in ("SC-010", "NY-001")]
    numbers = [row[0] for row in case_rows]
    assert len(set(numbers)) == 8 and PROMISED_NO not in numbers and JOINT_NO not in numbers
    assert all(number.startswith("HALL-20261205-") and len(number) == len(PROMISED_NO) for number in numbers)
    for row in case_rows:  # the JSON document names the copy's number, and is still JSON
        assert json.loads(row[2])["case_no"] == row[0]
    assert not any(PROMISED_NO in str(value) or JOINT_NO in str(value) for row in rows for value in row)


def test_every_uuid_is_replaced_consistently_within_a_copy_and_differs_between_copies():
    rows = every_copy(8)
    promised = rows[1:3]  # copy 1: its case row and its receipt row
    event_id = json.loads(promised[0][2])["event_id"]
    assert UUID.fullmatch(event_id) and event_id not in (EVENT, OTHER)
    assert promised[1][2] == event_id  # the same template UUID, the same copy: the same id
    assert promised[1][0] == f"receipt:{promised[0][0]}:{event_id}"  # a key made of both
    other_copy = rows[3:5]
    assert other_copy[1][2] != event_id
    assert len({row[2] for row in rows if UUID.fullmatch(str(row[2]))}) == 6


def test_values_naming_neither_the_case_nor_a_uuid_are_copied_as_they_are():
    rows = every_copy(2)
    assert rows[1][3:] == (3, None) and rows[2][3:] == (0, 1.5)
    # a PostgreSQL COPY line's fields: NULL is \N, untouched; an empty text stays empty
    compiled = [cloning.compile_value(value, PROMISED_NO) for value in ("\\N", "", "text", 5)]
    assert compiled == ["\\N", "", "text", 5]


def test_rows_are_template_rows_only_when_a_stored_text_names_the_case():
    assert cloning.mentions(PROMISED_ROWS[1], PROMISED_NO)
    assert not cloning.mentions(JOINT_ROWS[0], PROMISED_NO)
    assert not cloning.mentions(("SC-010", 3, None), PROMISED_NO)  # a catalogue row, say


def test_case_numbers_of_copies_are_distinct_and_spelled_in_intakes_alphabet():
    numbers = {cloning.clone_number(PROMISED_NO, index) for index in range(100_000)}
    assert len(numbers) == 100_000
    assert all(set(number[-8:]) <= set(cloning.ALPHABET) for number in list(numbers)[:1000])
