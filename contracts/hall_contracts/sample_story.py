"""What every sample event shares: fixed ids and times, the cases of the story, the facts.

The story: case HALL-20260105-7KQ2M9XA (个体工商户设立登记) is registered on Monday 5 January
2026, waits for one material, is accepted, transferred, extended and approved; other cases are
returned, escalated, or reviewed jointly. Ids and times are fixed so the sample files only
change when the contract does.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from hall_contracts.envelope import build_envelope

CHINA = timezone(timedelta(hours=8))
CORRELATION_ID = "5b0f3f0e-2f1a-4d43-9d7e-0c6d2b7b8a11"
_IDS = uuid.UUID("6f1c9a52-3d7e-4b0a-8e2f-5a4b3c2d1e0f")  # namespace of the fixed sample ids
CASE_NO = "HALL-20260105-7KQ2M9XA"
FIRST_RESPONDER = {"staff_id": "S-0107", "name": "李敏", "phone": "0571-8765-4321", "window": "A3"}


def fixed_id(source: str, event_type: str) -> str:
    """The same event id every time a sample is rendered, unique per event type."""
    return str(uuid.uuid5(_IDS, f"{source}.{event_type}"))


def at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """A time in January 2026, China time."""
    return datetime(2026, 1, day, hour, minute, second, tzinfo=CHINA)


def sample(
    source: str, event_type: str, subject: str, data: dict[str, Any], time: datetime
) -> dict[str, Any]:
    """An envelope with a fixed id derived from its source and type."""
    return build_envelope(
        source,
        event_type,
        subject,
        data,
        correlation_id=CORRELATION_ID,
        time=time,
        event_id=fixed_id(source, event_type),
    )


def case_facts(case_no: str = CASE_NO, **changes: Any) -> dict[str, Any]:
    """The part every intake case event starts with (``intake.events.case_facts``)."""
    return {
        "case_no": case_no,
        "item_code": "SC-010",
        "item_name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "supplement",
        "status": "in_progress",
        "urgent": False,
        "deadline": "2026-01-13",
        "deadline_provisional": False,
        **changes,
    }
