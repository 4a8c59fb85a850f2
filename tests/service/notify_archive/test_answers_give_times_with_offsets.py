"""Every time in notify's answers is RFC 3339 with an offset, in UTC, never naive (issue 14):
notify's HTTP API in a real nameko container on a migrated database, its clock reading naive (as
``FIXED_NOW=2026-12-01T22:29:00`` gives it) or in China time, the notices issued as the consumers
would, the letter queued by the letter channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from intake_requests import bearer

from hall_contracts.samples import case_accepted_at_registration

CHINA = timezone(timedelta(hours=8))
ISSUED_AT = datetime(2026, 12, 2, 6, 29, tzinfo=CHINA)
WINDOW, OPERATOR = bearer("dev-window-market"), bearer("dev-operator")
READINGS = {
    "naive_utc": datetime(2026, 12, 1, 22, 40),
    "china_offset": datetime(2026, 12, 2, 6, 40, tzinfo=CHINA),
    "utc": datetime(2026, 12, 1, 22, 40, tzinfo=UTC),
}


@pytest.fixture
def notify_api(container_factory, web_config, migrated, web_session):
    """notify with one case's notices archived and its receipt waiting as a letter at the window."""
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
    _, clock = start_http_only(container_factory, config, NotifyService, url)
    engine = make_engine(url)
    store = Store(engine, add_core_tables(metadata), "notify", "notify.tests")
    event = case_accepted_at_registration()
    with store.transaction() as tx:
        receipt = issue_notices(IssueNotices(event, rendered_plans(event), ISSUED_AT), UnitOfWork(tx))[0]
    letter = LetterChannel(store.transaction, ISSUED_AT).send(
        Outgoing("k", receipt["notice_no"], receipt["recipient_ref"], receipt["title"], receipt["content"])
    )
    yield SimpleNamespace(
        http=web_session,
        clock=clock,
        case_no=event["data"]["case_no"],
        notice_no=receipt["notice_no"],
        job=int(letter.provider_ref.removeprefix("print-")),
    )
    engine.dispose()


def times_in(answer, path: str = "") -> dict[str, str]:
    """Every ``..._at`` field of a JSON answer that holds a value, by its path."""
    if isinstance(answer, list):
        return {k: v for i, item in enumerate(answer) for k, v in times_in(item, f"{path}[{i}]").items()}
    if not isinstance(answer, dict):
        return {}
    found = {f"{path}.{key}": value for key, value in answer.items() if key.endswith("_at") and value}
    for key, value in answer.items():
        found.update(times_in(value, f"{path}.{key}"))
    return found


def ok(answer) -> dict:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


@pytest.mark.parametrize("reading", sorted(READINGS))
def test_every_time_in_a_sample_of_answers_is_rfc_3339_in_utc_with_its_offset(notify_api, reading):
    notify_api.clock.return_value = READINGS[reading]
    http, job = notify_api.http, notify_api.job
    queue = ok(http.get("/print-jobs", headers=WINDOW))  # the queue lists what waits
    handed = http.post(f"/print-jobs/{job}/handed-over", json={"how": "in_person"}, headers=WINDOW)
    answers = [
        ok(handed),
        ok(http.get("/notices", params={"case_no": notify_api.case_no}, headers=WINDOW)),
        ok(http.get(f"/notices/{notify_api.notice_no}", headers=WINDOW)),
        queue,
        ok(http.get("/deliveries", params={"status": "pending"}, headers=OPERATOR)),
    ]
    found = times_in(answers)
    for name in ("handed_over_at", "created_at", "queued_at", "updated_at"):
        assert any(path.endswith(f".{name}") for path in found), (name, sorted(found))
    for path, text in found.items():
        moment = datetime.fromisoformat(text)
        assert moment.utcoffset() == timedelta(0), (path, text)  # an offset, and always UTC's
    assert datetime.fromisoformat(answers[0]["handed_over_at"]) == datetime(2026, 12, 1, 22, 40, tzinfo=UTC)
    notice = answers[2]
    assert datetime.fromisoformat(notice["created_at"]) == ISSUED_AT
    assert "受理时间：2026年1月6日 10:05" in notice["content"]  # the sample's China time, as issued
