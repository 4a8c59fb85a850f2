"""Sample commands, one per command type, in ``contracts/samples/commands/<target>/``.

The same story as the events' samples: natural_resources answers its round-1 task on the joint
case HALL-20260105-3JD8W2QR by asking for a material (the opinion_recorded sample records it).
Regenerate with ``python -m hall_contracts.sample_commands``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hall_contracts import samples
from hall_contracts.sample_peers import ASKED, REVIEW_ID
from hall_contracts.sample_story import at

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples" / "commands"


def submit_opinion_v1() -> dict[str, Any]:
    return {
        "opinion_id": "3f0c1d52-6a8e-5b7f-9c1d-2e4f6a8b0c13",
        "task_id": f"{REVIEW_ID}-natural_resources-1",
        "review_id": REVIEW_ID,
        "department": "natural_resources",
        "round": 1,
        "verdict": "supplement",
        "conditions": [],
        "reason": None,
        "materials": [ASKED["name"]],
        "reviewer": {"id": "R-ZR-021", "name": "自然资源局审查员"},
        "submitted_at": at(6, 15, 20).isoformat(),
    }


COMMAND_SAMPLES = {"joint_review/submit_opinion.v1.json": submit_opinion_v1}


def write_samples(directory: Path = SAMPLES_DIR) -> list[Path]:
    return samples.write_samples(directory, COMMAND_SAMPLES)


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES_DIR):
        print(written_path)
