"""The providers complaints alone needs (the time and the calendar are the library's,
``workday_calendar.providers``): the identity seal, and its settings, read and validated once at start.

``COMPLAINANT_KEY`` (the seal, R-COMP-4): no usable key, no start. ``MULTI_DEPARTMENT_LIMIT_DAYS``
(1..5, default 2, R-COMP-5), ``ANSWER_DELIVERY_DAYS`` (how long notify may read a contact after a
written answer, default 7), ``COMPLAINTS_OFFICE_NAME`` and ``COMPLAINTS_OFFICE_PHONE`` (printed on
the written answer): a bad value stops the service.
"""

from __future__ import annotations

from nameko.extensions import DependencyProvider

from complaints.complaint import rules
from complaints.complaint.rules import Settings
from complaints.identity.handlers import ANSWER_DELIVERY_DAYS_KEY, DEFAULT_ANSWER_DELIVERY_DAYS
from complaints.identity.rules import COMPLAINANT_KEY_KEY, Seal
from web_api import hall_mode

__all__ = ["ComplaintSettings", "IdentitySeal", "from_config"]

OFFICE_NAME_KEY = "COMPLAINTS_OFFICE_NAME"
OFFICE_PHONE_KEY = "COMPLAINTS_OFFICE_PHONE"


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
        "name": str(config.get(OFFICE_NAME_KEY) or rules.DEFAULT_OFFICE["name"]),
        "phone": str(config.get(OFFICE_PHONE_KEY) or rules.DEFAULT_OFFICE["phone"]),
    }
    return Settings(multi_department_limit=limit, office=office), delivery_days


class ComplaintSettings(DependencyProvider):
    """``self.settings`` in a worker: ``.settings`` (limits, office) and ``.delivery_days``."""

    def setup(self):
        self.settings, self.delivery_days = from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self


class IdentitySeal(DependencyProvider):
    """``self.seal`` in a worker; built in ``setup`` so a missing key stops the container."""

    def setup(self):
        config = self.container.config
        if not str(config.get(COMPLAINANT_KEY_KEY) or "").strip():
            hall_mode.refuse_outside_development(config, COMPLAINANT_KEY_KEY, "is not set")
        self.seal = Seal(config.get(COMPLAINANT_KEY_KEY))
        if self.seal.is_dev_key:  # outside development mode: no start (web_api.hall_mode)
            hall_mode.refuse_outside_development(
                config, COMPLAINANT_KEY_KEY, "is the development key published in this repository"
            )

    def get_dependency(self, worker_ctx) -> Seal:
        return self.seal
