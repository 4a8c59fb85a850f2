"""Who sees which notice and which letter in notify's archive (R-COMP-4): notify's HTTP API in a
real nameko container on a migrated database; the notices are issued from contract samples as
the consumers would, the letters queued by the letter channel."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from intake_requests import bearer

from hall_contracts.sample_complaints import complaint_answered_v1
from hall_contracts.samples import case_accepted_at_registration

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
OFFICE, SUPERVISION, OPERATOR = bearer("dev-complaints"), bearer("dev-supervision"), bearer("dev-operator")
WINDOW_MARKET, WINDOW_CIVIL = bearer("dev-window-market"), bearer("dev-window-civil")


@pytest.fixture
def archive(container_factory, web_config, migrated, web_session):
    """notify with one case (market_regulation) whose receipt and whose complaint's written answer
    each wait as a letter at the window; complaints is not running (nothing here may ask it)."""
    from service.conftest import start_http_only

    from notify.delivery.channels.local import LetterChannel
    from notify.delivery.rules import Outgoing
    from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
    from notify.orm import metadata
    from notify.service import NotifyService
    from notify.unit_of_work import UnitOfWork
    from reliable_events import Store, add_core_tables, make_engine

    url = migrated("notify")
    config = dict(web_config, COMPLAINTS_URL="http://127.0.0.1:1", INTAKE_URL="http://127.0.0.1:1")
    start_http_only(container_factory, config, NotifyService, url)
    engine = make_engine(url)
    store = Store(engine, add_core_tables(metadata), "notify", "notify.tests")
    case = case_accepted_at_registration()
    answer = copy.deepcopy(complaint_answered_v1())
    answer["data"]["case_no"] = case["data"]["case_no"]  # a complaint about this very case
    jobs = {}
    for event in (case, answer):
        with store.transaction() as tx:
            issued = issue_notices(IssueNotices(event, rendered_plans(event), NOW), UnitOfWork(tx))
        row = issued[-1] if event is answer else issued[0]  # the receipt comes first
        letter = LetterChannel(store.transaction, NOW).send(
            Outgoing("k", row["notice_no"], row["recipient_ref"], row["title"], row["content"])
        )
        jobs[row["notice_type"]] = int(letter.provider_ref.removeprefix("print-"))
    yield SimpleNamespace(
        http=web_session,
        case_no=case["data"]["case_no"],
        jobs=jobs,
        complaint_no=answer["data"]["complaint_no"],
    )
    engine.dispose()


def listed(api, headers, path="/print-jobs") -> list[int] | int:
    answer = api.http.get(path, headers=headers)
    return [job["id"] for job in answer.json()["jobs"]] if answer.status_code == 200 else answer.status_code


def notice_types(api, headers, **params) -> list[str]:
    answer = api.http.get("/notices", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return sorted(notice["notice_type"] for notice in answer.json()["notices"])


def test_r_comp_4_a_complaint_answer_is_listed_by_case_number_to_no_window(archive):
    assert notice_types(archive, WINDOW_MARKET, case_no=archive.case_no) == ["acceptance", "receipt"]
    assert notice_types(archive, WINDOW_CIVIL, case_no=archive.case_no) == []  # not its case
    assert notice_types(archive, OFFICE, case_no=archive.case_no) == [
        "acceptance",
        "complaint_answer",
        "receipt",
    ]
    assert notice_types(archive, SUPERVISION, complaint_no=archive.complaint_no) == ["complaint_answer"]
    # each listed notice opens alone, and what is not listed does not
    for headers in (WINDOW_MARKET, WINDOW_CIVIL, OFFICE):
        for notice in archive.http.get(
            "/notices", params={"case_no": archive.case_no}, headers=headers
        ).json()["notices"]:
            assert archive.http.get(f"/notices/{notice['notice_no']}", headers=headers).status_code == 200


def test_r_comp_4_only_the_complaints_office_sees_prints_and_hands_over_a_complaint_letter(archive):
    job = archive.jobs["complaint_answer"]
    assert job in listed(archive, OFFICE)
    assert job not in listed(archive, WINDOW_MARKET) and job not in listed(archive, WINDOW_CIVIL)
    assert listed(archive, SUPERVISION) == 403 and listed(archive, OPERATOR) == 403
    for headers in (WINDOW_MARKET, WINDOW_CIVIL):
        page = archive.http.get(f"/print-jobs/{job}/print", headers=headers)
        assert page.status_code == 404 and page.json()["error"]["code"] == "not_found"
        handed = archive.http.post(f"/print-jobs/{job}/handed-over", json={"how": "post"}, headers=headers)
        assert handed.status_code == 404
    for headers in (SUPERVISION, OPERATOR):
        assert archive.http.get(f"/print-jobs/{job}/print", headers=headers).status_code == 403
    handed = archive.http.post(f"/print-jobs/{job}/handed-over", json={"how": "post"}, headers=OFFICE)
    assert handed.status_code == 200, handed.text


def test_r_comp_4_a_case_letter_is_printed_and_handed_over_only_by_the_windows_of_its_department(archive):
    job = archive.jobs["receipt"]
    assert listed(archive, WINDOW_MARKET) == [job]
    assert listed(archive, WINDOW_CIVIL) == [] and job not in listed(archive, OFFICE)
    assert archive.http.get(f"/print-jobs/{job}/print", headers=WINDOW_CIVIL).status_code == 404
    refused = archive.http.post(
        f"/print-jobs/{job}/handed-over", json={"how": "in_person"}, headers=WINDOW_CIVIL
    )
    assert refused.status_code == 404 and "没有打印任务" in refused.json()["error"]["message"]
    handed = archive.http.post(
        f"/print-jobs/{job}/handed-over", json={"how": "in_person"}, headers=WINDOW_MARKET
    )
    assert handed.status_code == 200, handed.text


def test_a_hand_over_that_is_neither_in_person_nor_post_is_a_422_in_chinese(archive):
    job = archive.jobs["receipt"]
    refused = archive.http.post(
        f"/print-jobs/{job}/handed-over", json={"how": "pigeon"}, headers=WINDOW_MARKET
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    assert refused.json()["error"]["details"] == {
        "how": ["须为以下之一：in_person, post (Must be one of: in_person, post.)"]
    }
