"""Sample events, one per published event type, built with ``build_envelope``.

Agencies read ``contracts/samples/<source>/<event_type>.v<version>.json`` to see a whole
message. Ids and times are fixed so the files only change when the contract does;
regenerate them with ``python -m hall_contracts.samples``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hall_contracts.envelope import build_envelope

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples"
CHINA = timezone(timedelta(hours=8))
CASE_NO = "HALL-20260105-7KQ2M9XA"
CORRELATION_ID = "5b0f3f0e-2f1a-4d43-9d7e-0c6d2b7b8a11"


def case_accepted_v1() -> dict:
    accepted_at = datetime(2026, 1, 5, 9, 30, 12, tzinfo=CHINA)
    return build_envelope(
        "intake", "case_accepted", CASE_NO,
        {
            "case_no": CASE_NO,
            "item_code": "SC-010",
            "item_name": "个体工商户设立登记",
            "department": "market_regulation",
            "kind": "promised",
            "status": "accepted",
            "accepted_at": accepted_at.isoformat(),
            "deadline": "2026-01-12",
            "promised_days": 5,
            "first_responder": {
                "staff_id": "S-0107", "name": "李敏", "phone": "0571-8765-4321", "window": "A3",
            },
            "channel": "window",
            "urgent": False,
            "notices_due": ["receipt"],
            "applicant_ref": f"APP-{CASE_NO}",
        },
        correlation_id=CORRELATION_ID,
        event_id="0d6c1d8e-4b8f-4f3e-9d51-3a3c2f0a7e01",
        time=accepted_at,
    )


def notice_issued_v1() -> dict:
    return build_envelope(
        "notify", "notice_issued", CASE_NO,
        {
            "notice_no": f"N-{CASE_NO}-RCPT",
            "notice_type": "receipt",
            "case_no": CASE_NO,
            "template": "receipt",
            "template_version": 1,
            "content_sha256": "9f2c4e0b8f5d6a7c1e3b2d4f6a8c0e1d3b5f7a9c2e4d6f8a0b1c3d5e7f9a1b2c",
            "channel": "print",
        },
        correlation_id=CORRELATION_ID,
        event_id="7a1e2b3c-5d6f-4a8b-9c0d-1e2f3a4b5c02",
        time=datetime(2026, 1, 5, 9, 30, 13, 250000, tzinfo=CHINA),
    )


SAMPLES = {
    "intake/case_accepted.v1.json": case_accepted_v1,
    "notify/notice_issued.v1.json": notice_issued_v1,
}


def render(envelope: dict) -> str:
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


def write_samples(directory: Path = SAMPLES_DIR) -> list[Path]:
    written = []
    for relative, make in SAMPLES.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(make()), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES_DIR):
        print(written_path)
