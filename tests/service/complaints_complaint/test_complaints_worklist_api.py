"""The office's worklist, ``GET /complaints`` (R-COMP-5: the office tracks every complaint until it
closes; R-COMP-8: who has still to report): due first, overdue ones marked, filtered and paged,
every bad filter a 422 in Chinese."""

from __future__ import annotations

from datetime import UTC, datetime

from service.complaints_complaint.complaint_calls import ANSWER, WINDOW_CIVIL, take
from service.complaints_complaint.conftest import OFFICE

MON_NOV_2 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 China time
WED_NOV_4 = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)
THU_NOV_5_1730 = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)
SUPERVISION = {"Authorization": "Bearer dev-supervision"}


def worklist(api, headers=OFFICE, expect: int = 200, **query) -> dict:
    answer = api.http.get("/complaints", params=query, headers=headers)
    assert answer.status_code == expect, answer.text
    return answer.json()


def numbers(page: dict) -> list[str]:
    return [row["complaint_no"] for row in page["complaints"]]


def seed(api) -> dict[str, str]:
    """Five complaints: one closed, one answered (to close), three tracked with different limits."""
    api.clock.return_value = MON_NOV_2
    done = api.file().json()["complaint_no"]  # due Tue Nov 3, answered and closed at once
    take(api, done, "answer", ANSWER)
    take(api, done, "close", {"substantiated": False})
    early = api.file(department="civil_affairs").json()["complaint_no"]  # due Tue Nov 3
    api.clock.return_value = WED_NOV_4
    late = api.file().json()["complaint_no"]  # due Thu Nov 5
    forwarded = api.file(department="transport").json()["complaint_no"]  # due Thu Nov 5
    take(api, forwarded, "forwards", {"departments": ["civil_affairs"]})  # two departments: Fri Nov 6
    api.clock.return_value = THU_NOV_5_1730
    answered = api.file(department="transport").json()["complaint_no"]  # due Fri Nov 6
    take(api, answered, "answer", ANSWER)
    return {"done": done, "early": early, "late": late, "forwarded": forwarded, "answered": answered}


def test_r_comp_5_the_worklist_lists_the_tracked_complaints_due_first_with_the_overdue_marked(
    complaints_api,
):
    seeded = seed(complaints_api)
    complaints_api.clock.return_value = THU_NOV_5_1730  # Nov 3 and Nov 5 have passed 17:00
    page = worklist(complaints_api)
    tracked = [seeded["early"], seeded["late"], *sorted([seeded["forwarded"], seeded["answered"]])]
    assert numbers(page) == tracked  # not the closed one; the answered one is still to close
    assert (page["total"], page["limit"], page["offset"]) == (4, 50, 0)
    rows = {row["complaint_no"]: row for row in page["complaints"]}
    assert [rows[no]["due_date"] for no in numbers(page)] == [
        "2026-11-03",
        "2026-11-05",
        "2026-11-06",
        "2026-11-06",
    ]
    assert [rows[no]["overdue"] for no in numbers(page)] == [True, True, False, False]
    assert rows[seeded["forwarded"]]["waiting_for"] == ["civil_affairs"]
    assert all("complainant" not in row and "identity" not in row for row in page["complaints"])
    assert numbers(worklist(complaints_api, SUPERVISION)) == numbers(page)  # supervision reads it too
    assert worklist(complaints_api, WINDOW_CIVIL, expect=403)["error"]["code"] == "forbidden"


def test_r_comp_5_the_worklist_filters_by_status_department_overdue_and_due_date(complaints_api):
    seeded = seed(complaints_api)
    complaints_api.clock.return_value = THU_NOV_5_1730
    assert numbers(worklist(complaints_api, status="closed")) == [seeded["done"]]
    assert numbers(worklist(complaints_api, status="answered")) == [seeded["answered"]]
    assert numbers(worklist(complaints_api, status="forwarded")) == [seeded["forwarded"]]
    # about civil_affairs, or forwarded to it (R-COMP-8)
    assert numbers(worklist(complaints_api, department="civil_affairs")) == [
        seeded["early"],
        seeded["forwarded"],
    ]
    assert numbers(worklist(complaints_api, overdue="true")) == [seeded["early"], seeded["late"]]
    assert numbers(worklist(complaints_api, overdue="false")) == sorted(
        [seeded["forwarded"], seeded["answered"]]
    )
    assert numbers(worklist(complaints_api, due_before="2026-11-05")) == [seeded["early"]]
    assert worklist(complaints_api, department="market_regulation", overdue="true")["total"] == 1


def test_r_comp_5_the_worklist_pages_with_limit_and_offset(complaints_api):
    seeded = seed(complaints_api)
    first = worklist(complaints_api, limit="2")
    second = worklist(complaints_api, limit="2", offset="2")
    third = worklist(complaints_api, limit="2", offset="4")
    assert numbers(first) == [seeded["early"], seeded["late"]] and first["total"] == 4
    assert numbers(second) == sorted([seeded["forwarded"], seeded["answered"]])
    assert (second["limit"], second["offset"], third["complaints"], third["total"]) == (2, 2, [], 4)
    assert worklist(complaints_api, limit="200")["total"] == 4


def test_r_comp_5_every_bad_filter_of_the_worklist_is_a_422_naming_it_in_chinese(complaints_api):
    refused = worklist(
        complaints_api,
        expect=422,
        **{
            "status": "lost",
            "department": "Civil Affairs",
            "overdue": "maybe",
            "due_before": "2026-13-01",
            "limit": "201",
            "offset": "-1",
            "sort": "name",
        },
    )["error"]
    assert refused["code"] == "validation_failed" and refused["message"].startswith("筛选条件有误")
    details = refused["details"]
    assert set(details) == {"status", "department", "overdue", "due_before", "limit", "offset", "sort"}
    assert "状态须为" in str(details["status"]) and "1 到 200" in str(details["limit"])
    assert "true 或 false" in str(details["overdue"]) and "未知的筛选条件" in str(details["sort"])
    for limit in ("0", "abc"):
        assert "limit" in worklist(complaints_api, expect=422, limit=limit)["error"]["details"]
    assert "due_before" in worklist(complaints_api, expect=422, due_before="1999-12-31")["error"]["details"]
