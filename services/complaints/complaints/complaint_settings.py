"""Complaints' settings, read and validated once at start: a bad value stops the service.

``MULTI_DEPARTMENT_LIMIT_DAYS`` (1..5, default 2, R-COMP-5), ``ANSWER_DELIVERY_DAYS`` (how long
notify may read a contact after a written answer, default 7), ``COMPLAINTS_OFFICE_NAME`` and
``COMPLAINTS_OFFICE_PHONE`` (printed on the written answer).
"""

from __future__ import annotations

from nameko.extensions import DependencyProvider

from complaints import rules
from complaints.complaint_handlers import Settings
from complaints.identity_handlers import ANSWER_DELIVERY_DAYS_KEY, DEFAULT_ANSWER_DELIVERY_DAYS

OFFICE_NAME_KEY = "COMPLAINTS_OFFICE_NAME"
OFFICE_PHONE_KEY = "COMPLAINTS_OFFICE_PHONE"
DEFAULT_OFFICE = {"name": "便民服务中心投诉办", "phone": "0571-12345"}


def from_config(config: dict) -> tuple[Settings, int]:
    limit = rules.multi_department_limit(config.get(rules.MULTI_DEPARTMENT_LIMIT_KEY))
    raw = config.get(ANSWER_DELIVERY_DAYS_KEY) or DEFAULT_ANSWER_DELIVERY_DAYS
    try:
        delivery_days = int(raw)
    except (TypeError, ValueError):
        delivery_days = 0
    if not 1 <= delivery_days <= 60:
        raise ValueError(
            f"{ANSWER_DELIVERY_DAYS_KEY} must be a whole number of days from 1 to 60, not {raw!r}"
        )
    office = {
        "name": str(config.get(OFFICE_NAME_KEY) or DEFAULT_OFFICE["name"]),
        "phone": str(config.get(OFFICE_PHONE_KEY) or DEFAULT_OFFICE["phone"]),
    }
    return Settings(multi_department_limit=limit, office=office), delivery_days


class ComplaintSettings(DependencyProvider):
    """``self.settings`` in a worker: ``.settings`` (limits, office) and ``.delivery_days``."""

    def setup(self):
        self.settings, self.delivery_days = from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self
