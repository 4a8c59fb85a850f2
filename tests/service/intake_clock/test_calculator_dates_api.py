"""Issue 12 points 10 and 13: the public deadline calculator refuses a start outside 2000..2099 (the
year 9999 overflowed into a 500) and its anonymous input adds no new series to
``hall_intake_provisional_deadlines_total``: only years of that range are label values, else ``other``."""

import json

import pytest
from intake_clock_calls import OPERATOR
from prometheus_client import REGISTRY

METRIC = "hall_intake_provisional_deadlines_total"


def series() -> set[str]:
    return {
        sample.labels["year"]
        for metric in REGISTRY.collect()
        if metric.name + "_total" == METRIC
        for sample in metric.samples
        if sample.name == METRIC
    }


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_r_clock_1_the_calculator_refuses_a_start_outside_the_range_with_a_422(intake, web_session, start):
    refused = web_session.get(f"/calendar/deadline?start={start}&days=1")
    assert refused.status_code == 422, refused.text
    assert list(refused.json()["error"]["details"]) == ["start"]
    assert "2000-01-01" in refused.json()["error"]["details"]["start"][0]


def test_r_clock_1_a_deadline_counted_past_2099_is_counted_under_other_not_a_new_year(intake, web_session):
    answer = web_session.get("/calendar/deadline?start=2099-12-31&days=365")
    assert answer.status_code == 200, answer.text
    assert answer.json()["years_estimated"] == [2100, 2101] and answer.json()["deadline"].startswith("2101-")
    assert "other" in series() and not {"2100", "2101"} & series()
    for start in ("2041-03-02", "2042-03-02", "2043-03-02"):  # years inside the range keep their label
        assert web_session.get(f"/calendar/deadline?start={start}&days=3").status_code == 200
    assert {"2041", "2042", "2043"} <= series()
    assert all(label == "other" or 2000 <= int(label) <= 2099 for label in series())


def test_r_clock_1_an_operator_cannot_load_a_schedule_for_a_year_outside_the_range(intake, web_session):
    for year in (1999, 2100, 9999):
        body = json.dumps({"holidays": []})
        refused = web_session.put(f"/calendar/years/{year}", data=body, headers=OPERATOR)
        assert (refused.status_code, list(refused.json()["error"]["details"])) == (422, ["year"])
