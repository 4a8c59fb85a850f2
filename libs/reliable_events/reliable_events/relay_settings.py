"""The outbox relay's configuration keys, read once from a service's nameko config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OUTBOX_BATCH_SIZE_KEY = "OUTBOX_BATCH_SIZE"
OUTBOX_POLL_SECONDS_KEY = "OUTBOX_POLL_SECONDS"
OUTBOX_MAX_ATTEMPTS_KEY = "OUTBOX_MAX_ATTEMPTS"
OUTBOX_RETRY_BASE_SECONDS_KEY = "OUTBOX_RETRY_BASE_SECONDS"
OUTBOX_RETRY_CAP_SECONDS_KEY = "OUTBOX_RETRY_CAP_SECONDS"
OUTBOX_CONFIRM_TIMEOUT_KEY = "OUTBOX_CONFIRM_TIMEOUT"
OUTBOX_RETENTION_DAYS_KEY = "OUTBOX_RETENTION_DAYS"
INBOX_RETENTION_DAYS_KEY = "INBOX_RETENTION_DAYS"
OUTBOX_PRUNE_SECONDS_KEY = "OUTBOX_PRUNE_SECONDS"
AMQP_HEARTBEAT_KEY = "AMQP_HEARTBEAT"
# a copy waiting on a dependency is retried this long (RETRY_UNAVAILABLE_FOR's default)
MIN_INBOX_MARGIN_DAYS = 1.0


@dataclass(frozen=True)
class RelaySettings:
    batch_size: int = 500
    poll_seconds: float = 0.5
    max_attempts: int = 10
    retry_base: float = 1.0
    retry_cap: float = 300.0
    confirm_timeout: float = 30.0
    heartbeat: float = 15.0
    # sent events stay this long so `hall-outbox replay` can serve an agency that binds late
    retention_days: float = 7.0
    # An inbox mark must outlive every copy of its event that can still arrive: a replay
    # republishes events up to `retention_days` old, a copy waiting on a dependency is retried
    # for up to a day (RETRY_UNAVAILABLE_FOR), a batch confirmed but not marked is republished
    # when its relay comes back. An inbox that forgot the event would apply it a second time,
    # so at least `retention_days` + 1 (checked) and longer than any outage sat out.
    inbox_retention_days: float = 30.0
    prune_seconds: float = 600.0

    def __post_init__(self) -> None:
        if self.inbox_retention_days < self.retention_days + MIN_INBOX_MARGIN_DAYS:
            raise ValueError(
                f"{INBOX_RETENTION_DAYS_KEY} ({self.inbox_retention_days:g}) must exceed "
                f"{OUTBOX_RETENTION_DAYS_KEY} ({self.retention_days:g}) by at least "
                f"{MIN_INBOX_MARGIN_DAYS:g} day: a replayed or retried event must still find its inbox mark"
            )

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> RelaySettings:
        def read(key: str, kind: Callable[[Any], Any], default: Any) -> Any:
            value = config.get(key)
            return default if value in (None, "") else kind(value)

        defaults = cls()
        return cls(
            batch_size=read(OUTBOX_BATCH_SIZE_KEY, int, defaults.batch_size),
            poll_seconds=read(OUTBOX_POLL_SECONDS_KEY, float, defaults.poll_seconds),
            max_attempts=read(OUTBOX_MAX_ATTEMPTS_KEY, int, defaults.max_attempts),
            retry_base=read(OUTBOX_RETRY_BASE_SECONDS_KEY, float, defaults.retry_base),
            retry_cap=read(OUTBOX_RETRY_CAP_SECONDS_KEY, float, defaults.retry_cap),
            confirm_timeout=read(OUTBOX_CONFIRM_TIMEOUT_KEY, float, defaults.confirm_timeout),
            heartbeat=read(AMQP_HEARTBEAT_KEY, float, defaults.heartbeat),
            retention_days=read(OUTBOX_RETENTION_DAYS_KEY, float, defaults.retention_days),
            inbox_retention_days=read(INBOX_RETENTION_DAYS_KEY, float, defaults.inbox_retention_days),
            prune_seconds=read(OUTBOX_PRUNE_SECONDS_KEY, float, defaults.prune_seconds),
        )
