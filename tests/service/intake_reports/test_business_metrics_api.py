"""Intake's business metrics at ``GET /metrics`` (issue point 11): bounded labels, read at scrape."""

import json
import math

from intake_ledger_calls import S01, accept, at, complete, rate
from intake_requests import case_body
from prometheus_client.parser import text_string_to_metric_families


def scrape(web) -> dict:
    response = web.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_accepted_cases_are_counted_by_kind_and_a_refused_request_counts_nothing(intake, web_session):
    before = scrape(web_session)
    accept(web_session)
    accept(web_session, "SC-010", presented=[])  # nothing brought: a supplement or returned case
    refused = web_session.post("/cases", data=json.dumps(case_body(applicant_phone="x")), headers=S01)

    after = scrape(web_session)

    assert refused.status_code == 422
    accepted = {
        kind: value(after, "hall_intake_cases_accepted_total", kind=kind)
        - value(before, "hall_intake_cases_accepted_total", kind=kind)
        for kind in ("promised", "supplement", "returned", "immediate")
    }
    assert accepted["promised"] == 1 and sum(accepted.values()) == 2
    assert all(
        set(dict(labels)) <= {"kind"} for (name, labels) in after if name.startswith("hall_intake_cases")
    )


def test_open_and_overdue_gauges_and_the_rates_are_read_from_the_database(intake, web_session):
    empty = scrape(web_session)
    assert math.isnan(value(empty, "hall_intake_on_time_ratio")) and math.isnan(
        value(empty, "hall_intake_rating_ratio")
    )
    at(intake, 11, 2)
    overdue = accept(web_session)  # due 2026-11-09
    done = accept(web_session)
    complete(web_session, done["case_no"])
    rate(web_session, done, "basically_satisfied")
    at(intake, 11, 23)
    accept(web_session)  # due 2026-11-30

    samples = scrape(web_session)

    assert value(samples, "hall_intake_cases_open", kind="promised") == 2
    assert value(samples, "hall_intake_cases_overdue", kind="promised") == 1
    assert value(samples, "hall_intake_cases_overdue", kind="joint") == 0
    assert value(samples, "hall_intake_on_time_ratio") == 0.5  # 1 on time / (1 completed + 1 open overdue)
    assert (
        value(samples, "hall_intake_rating_ratio") == 1.0
        and value(samples, "hall_intake_satisfaction_ratio") == 1.0
    )
    assert overdue["case_no"] not in json.dumps([list(labels) for (_, labels) in samples])
