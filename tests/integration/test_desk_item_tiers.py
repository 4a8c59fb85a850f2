"""The "could not get it done" desk on a real RabbitMQ with the complaints process: an item of
each tier (at once, 1 working day, 3 working days with several departments) runs from
registration to the follow-up call, and an agency's queue sees every step's event, per contract
and without the reporter's contact (R-UNRES-1..2)."""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from bus import bind_spy_queue, drain
from intake_requests import bearer

from hall_contracts.registry import validate_event

OFFICE = bearer("dev-complaints")
MARKET_WINDOW = bearer("dev-window-market")
REPORTER = {"name": "王小明", "phone": "13912345678"}


@pytest.fixture
def complaints(stack):
    return stack.start("complaints")


def post(service, path, body, headers=OFFICE):
    response = requests.post(f"{service.url}{path}", data=json.dumps(body), headers=headers, timeout=10)
    assert response.status_code in (200, 201), response.text
    return response.json()


def run_through(complaints, tier, units, extend=False) -> str:
    item = post(
        complaints,
        "/desk/items",
        {
            "item": "个体工商户设立登记",
            "units": units,
            "tier": tier,
            "reason": "往返多次未办成",
            "reporter": REPORTER,
        },
    )
    no = item["item_no"]
    post(complaints, f"/desk/items/{no}/forwarding", {"department": units[0]})
    if extend:
        consent = {"given_at": datetime.now(UTC).isoformat(), "method": "phone"}
        body = {"days": 2, "reason": "需调取档案", "consent": consent}
        post(complaints, f"/desk/items/{no}/extension", body)
    post(complaints, f"/desk/items/{no}/answer", {"result": "已办结", "solved": True}, MARKET_WINDOW)
    post(complaints, f"/desk/items/{no}/follow-up", {"satisfaction": "satisfied"})
    return no


def test_r_unres_2_a_desk_item_of_each_tier_runs_to_its_follow_up_with_every_event_on_the_wire(
    stack, complaints
):
    spy = bind_spy_queue(stack.amqp_uri, ["complaints.events"])
    numbers = {
        "immediate": run_through(complaints, "immediate", ["market_regulation"]),
        "ordinary": run_through(complaints, "ordinary", ["market_regulation"]),
        "multi_department": run_through(
            complaints, "multi_department", ["market_regulation", "taxation"], extend=True
        ),
    }
    published = [json.loads(body) for body, _ in drain(spy, expected=13, timeout=30)]
    by_item: dict[str, list[str]] = {}
    for event in published:
        validate_event(event)
        by_item.setdefault(event["subject"], []).append(event["type"].rsplit(".", 1)[1])
    whole = ["desk_item_registered", "desk_item_forwarded", "desk_item_answered", "desk_item_followed_up"]
    assert by_item[numbers["immediate"]] == whole
    assert by_item[numbers["ordinary"]] == whole
    assert by_item[numbers["multi_department"]] == [*whole[:2], "desk_item_extended", *whole[2:]]
    limits = {
        e["data"]["tier"]: e["data"]["limit_days"]
        for e in published
        if e["type"].endswith("desk_item_forwarded")
    }
    assert limits == {"immediate": 0, "ordinary": 1, "multi_department": 3}
    wire = json.dumps(published, ensure_ascii=False)
    assert [value for value in REPORTER.values() if value in wire] == []
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    ledger = requests.get(
        f"{complaints.url}/desk/ledger", headers=OFFICE, timeout=10, params={"from": today, "to": today}
    ).json()
    assert sum(len(item["steps"]) for item in ledger["items"]) == 13
