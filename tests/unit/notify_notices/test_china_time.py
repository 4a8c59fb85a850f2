"""Every time a person reads in a notice is China time, whatever zone the event carried (issue 14).

A case accepted at 06:29 on 2 December in the hall is ``2026-12-01T22:29:00Z`` in UTC: every
template, rendered from its event with that moment written four ways, says 2 December 06:29 and
never 1 December 22:29. Dates (a deadline) stay the dates they are.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from hall_contracts.samples import SAMPLES
from notify.notices.rendering import NOTICE_SOURCES, TEMPLATES_DIR, render
from notify.notices.rules import NoticeDataError
from notify.times import china_time

SCHEMAS = Path(__file__).resolve().parents[3] / "contracts" / "hall_contracts" / "schemas"

# 06:29 on 2 December in the hall, as an event may carry it
WRITTEN = {
    "utc_z": "2026-12-01T22:29:00Z",
    "utc_offset": "2026-12-01T22:29:00+00:00",
    "china_offset": "2026-12-02T06:29:00+08:00",
    "naive_utc": "2026-12-01T22:29:00",
}
CHINA_TEXT, CHINA_DATE = "2026年12月2日 06:29", "2026年12月2日"
UTC_TEXTS = ("12月1日", "22:29")

RENDERED = sorted(
    {(notice, source) for notice, sources in NOTICE_SOURCES.items() for source in sources}
    - {("receipt", "intake.case_registered")}  # a receipt is rendered from case_accepted
    | {
        ("task_assigned", "joint_review.review_task_assigned"),
        ("complaint_answer", "complaints.complaint_answered"),
    }
)
# the notices that print a moment (the others print dates only, or no time at all)
SHOWS_A_MOMENT = {"receipt", "acceptance", "joint_case", "task_assigned", "staff_reminder"}
SHOWS_A_MOMENT |= {"overdue_report", "completion"}


def moment_fields(source: str) -> list[str]:
    """The fields the event's contract declares ``date-time``."""
    service, event_type = source.split(".")
    schema = json.loads((SCHEMAS / service / f"{event_type}.v1.json").read_text(encoding="utf-8"))
    return [name for name, spec in schema["properties"].items() if spec.get("format") == "date-time"]


def event_data_at(source: str, written: str) -> dict:
    service, event_type = source.split(".")
    data = copy.deepcopy(SAMPLES[f"{service}/{event_type}.v1.json"]()["data"])
    for name in moment_fields(source):
        data[name] = written
    return data


def notice_data_at(notice_type: str, source: str, written: str) -> dict:
    """As notify renders it: the receipt with the code notify reads from intake."""
    data = event_data_at(source, written)
    return {**data, "verification_code": "W4RB9TZ3"} if notice_type == "receipt" else data


@pytest.mark.parametrize("zone", sorted(WRITTEN))
@pytest.mark.parametrize(("notice_type", "source"), RENDERED)
def test_every_template_shows_china_time_whatever_zone_the_event_carried(notice_type, source, zone):
    text = render(notice_type, notice_data_at(notice_type, source, WRITTEN[zone])).text
    for utc_text in UTC_TEXTS:
        assert utc_text not in text, text
    if notice_type in SHOWS_A_MOMENT:
        assert CHINA_TEXT in text, text


@pytest.mark.parametrize("zone", sorted(WRITTEN))
def test_the_complaint_answer_dates_its_receipt_by_the_china_date(zone):
    text = render("complaint_answer", event_data_at("complaints.complaint_answered", WRITTEN[zone])).text
    assert f"收到投诉：{CHINA_DATE}" in text


def test_the_acceptance_notice_says_when_the_case_was_accepted_in_the_hall():
    text = render("acceptance", event_data_at("intake.case_accepted", "2026-12-01T22:29:00Z")).text
    assert "受理时间：2026年12月2日 06:29" in text


def test_a_date_stays_that_date_and_is_never_shifted_by_a_zone():
    assert china_time("2026-12-02") == "2026年12月2日"
    data = event_data_at("intake.case_extended", WRITTEN["utc_z"])
    data["previous_deadline"], data["deadline"] = "2026-12-01", "2026-12-08"
    assert "由原定2026年12月1日延至2026年12月8日" in render("extension", data).text


def test_a_moment_shown_as_a_date_is_its_china_date():
    assert china_time("2026-12-01T16:00:00Z", date_only=True) == "2026年12月2日"
    assert china_time("2026-12-01T15:59:00Z", date_only=True) == "2026年12月1日"


def test_a_value_that_is_neither_a_date_nor_a_time_cannot_fill_a_notice():
    data = event_data_at("intake.case_accepted", "yesterday morning")
    with pytest.raises(NoticeDataError, match="yesterday morning"):
        render("acceptance", data)


TIME_NAME = re.compile(r"(_at|_by|_date|deadline|_since)$")
EXPRESSION = re.compile(r"{{\s*([a-z_.]+)\s*([^}]*)}}")


@pytest.mark.parametrize("template", sorted(path.name for path in TEMPLATES_DIR.glob("*.j2")))
def test_every_template_prints_each_date_and_time_through_the_one_china_time_filter(template):
    source = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    assert "[:" not in source and "[1" not in source  # no template slices an ISO string
    for name, rest in EXPRESSION.findall(source):
        if TIME_NAME.search(name):
            assert rest.strip().startswith("| china_time"), f"{template}: {name} {rest}"
