"""Counts what happened to every message a scenario sent.

Each expected message ends in exactly one bucket:
- delivered_once: delivered once, applied once;
- duplicated_applied_once: delivered more than once (redelivery, duplicate), applied once;
- lost: never applied.
``unexpected`` lists anything else: a message applied twice, or one nobody sent.
A scenario passes when lost and unexpected are both empty.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class DeliveryReport:
    delivered_once: list[str] = field(default_factory=list)
    duplicated_applied_once: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in vars(self).items()}

    @property
    def clean(self) -> bool:
        return not self.lost and not self.unexpected


def check(expected: list[str], deliveries: Counter, applications: Counter) -> DeliveryReport:
    report = DeliveryReport()
    expected_set = set(expected)
    for message_id in expected:
        applied = applications.get(message_id, 0)
        if applied == 0:
            report.lost.append(message_id)
        elif applied > 1:
            report.unexpected.append(f"{message_id}: applied {applied} times")
        elif deliveries.get(message_id, 1) > 1:
            report.duplicated_applied_once.append(message_id)
        else:
            report.delivered_once.append(message_id)
    for message_id in set(applications) | set(deliveries):
        if message_id not in expected_set:
            report.unexpected.append(f"{message_id}: never sent")
    return report
