"""What the complaints service tests share: tokens, fixed times, bodies and small HTTP steps."""

from __future__ import annotations

from datetime import UTC, datetime

from service.complaints_complaint.conftest import OFFICE
from sqlalchemy import text

from hall_contracts import build_envelope

AGENCY = {"Authorization": "Bearer dev-agency"}
NOTIFY = {"Authorization": "Bearer dev-service-notify"}
WINDOW_MARKET = {"Authorization": "Bearer dev-window-market"}
WINDOW_CIVIL = {"Authorization": "Bearer dev-window-civil"}
SEPT_30_10AM = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)  # Wednesday before National Day, 10:00 China
CALL = {"called_at": "2026-11-23T15:00:00+08:00", "summary": "电话告知处理结果，投诉人表示理解"}
ANSWER = {"findings": "经查，工作人员未按要求一次性说明材料要求。", "decision": "已对当事人批评教育并通报。"}


def case_event(event_type: str, case_no: str, time: str, **data) -> dict:
    facts = {
        "case_no": case_no,
        "item_code": "SC-010",
        "item_name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "status": "in_progress",
        "urgent": False,
        "deadline": "2026-11-20",
        "deadline_provisional": False,
    }
    envelope = build_envelope("intake", event_type, case_no, {**facts, **data})
    envelope["time"] = time
    return envelope


def counts(api) -> tuple:
    with api.engine.connect() as connection:
        return tuple(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("complaints", "complaint_forwards", "complaint_timeline", "outbox")
        )


def take(api, complaint_no: str, step: str, body=None, headers=OFFICE, status=200):
    response = api.http.post(f"/complaints/{complaint_no}/{step}", json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


def sweep(api) -> dict:
    response = api.http.post("/complaints/sweep", headers=OFFICE)
    assert response.status_code == 200, response.text
    return response.json()["raised"]
