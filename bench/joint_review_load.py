"""The load of ``joint_review_cost.py``: intake's joint cases, departments answering at once with
their own broker accounts, and a spy on ``review_converged``; each keeps when it saw what."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from pathlib import Path

import pika

from hall_contracts import build_envelope
from hall_contracts.topology import COMMANDS_EXCHANGE, SUBMIT_OPINION, department_user, task_queue

DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def case_accepted(number: int, run: str) -> dict:
    case_no = f"HALL-20261123-{run}{number:06d}"
    return build_envelope(
        "intake",
        "case_accepted",
        case_no,
        {
            "case_no": case_no,
            "item_code": "NY-001",
            "item_name": "农村宅基地和建房（规划许可）审批",
            "item_kind": "joint",
            "lead_department": DEPARTMENTS[0],
            "departments": DEPARTMENTS,
            "materials": ["宅基地申请表", "四至图"],
            "urgent": False,
        },
    )


class Department(threading.Thread):
    """Takes its tasks and answers each at once, logged in as the department's own account."""

    def __init__(self, uri: str, department: str, seen: dict, answered: dict):
        super().__init__(daemon=True)
        self.uri, self.department, self.seen, self.answered = uri, department, seen, answered
        self.stopping = False

    def run(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self.uri))
        channel = connection.channel()
        channel.basic_qos(prefetch_count=100)
        for method, _, body in channel.consume(task_queue(self.department), inactivity_timeout=0.2):
            if self.stopping:
                break
            if method is None:
                continue
            task = json.loads(body)["data"]
            self.seen[(task["case_no"], self.department)] = time.monotonic()
            opinion = {
                "opinion_id": str(uuid.uuid5(uuid.NAMESPACE_URL, task["task_id"])),
                "task_id": task["task_id"],
                "review_id": task["review_id"],
                "department": self.department,
                "round": task["round"],
                "verdict": "approve",
                "reviewer": {"id": f"R-{self.department}", "name": "审查员"},
                "submitted_at": "2026-11-23T10:00:00+08:00",
            }
            self.answered[(task["case_no"], self.department)] = time.monotonic()
            channel.basic_publish(
                COMMANDS_EXCHANGE,
                SUBMIT_OPINION,
                json.dumps(opinion, ensure_ascii=False),
                pika.BasicProperties(
                    content_type="application/json",
                    delivery_mode=2,
                    user_id=department_user(self.department),
                ),
            )
            channel.basic_ack(method.delivery_tag)
        connection.close()


class Spy(threading.Thread):
    """When each ``review_converged`` reached the events exchange's subscribers."""

    def __init__(self, uri: str, converged: dict):
        super().__init__(daemon=True)
        self.converged, self.stopping = converged, False
        self.connection = pika.BlockingConnection(pika.URLParameters(uri))
        self.channel = self.connection.channel()
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        self.channel.queue_bind(self.queue, "joint_review.events", routing_key="review_converged")

    def run(self) -> None:
        for method, _, body in self.channel.consume(self.queue, auto_ack=True, inactivity_timeout=0.2):
            if self.stopping:
                break
            if method is not None:
                self.converged[json.loads(body)["data"]["case_no"]] = time.monotonic()
        self.connection.close()
