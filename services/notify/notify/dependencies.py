"""What notify needs besides the core: its channels and the delivery settings, and what every
entrypoint class of notify may use (``NotifyWorker``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from nameko.extensions import DependencyProvider

from notify import times
from notify.delivery.channels.email_config import email_channel
from notify.delivery.channels.local import InboxChannel, LetterChannel
from notify.delivery.channels.sms import SmsGateway
from notify.delivery.green_pool import delivery_concurrency, pooled_session
from notify.delivery.rules import Settings
from notify.directory import Directory
from reliable_events import Store, Transaction
from web_api import hall_mode
from web_api.access import Gate

__all__ = ["Channels", "DeliverySettings", "NotifyWorker"]

ChannelsAt = Callable[[Callable[[], AbstractContextManager[Transaction]], datetime], dict[str, Any]]

SETTINGS_KEYS = {  # config key -> Settings field
    "DELIVERY_ATTEMPTS": "attempts",
    "RETRY_BASE_SECONDS": "retry_base",
    "RETRY_CAP_SECONDS": "retry_cap",
    "DELIVERY_BATCH": "batch",
    "SENDING_TIMEOUT_SECONDS": "sending_timeout",
    "RECEIPT_POLL_SECONDS": "receipt_every",
    "DELIVERY_CONCURRENCY": "concurrency",
}


DEV_SMS_GATEWAY_KEY = "dev-sms-key"  # config.yml's default, for the local gateway of make up


class Channels(DependencyProvider):
    """``self.channels(transaction, now)``: every channel by name, from the config.

    SMS and email are left out (their deliveries wait, as a temporary failure) when
    ``SMS_GATEWAY_URL`` / ``SMTP_HOST`` is empty.
    """

    def setup(self):
        config = self.container.config
        if config.get("SMS_GATEWAY_URL"):
            key = str(config.get("SMS_GATEWAY_KEY") or "").strip()
            if not key:
                hall_mode.refuse_outside_development(config, "SMS_GATEWAY_KEY", "is not set")
            elif key == DEV_SMS_GATEWAY_KEY:
                hall_mode.refuse_outside_development(config, "SMS_GATEWAY_KEY", "is the published dev key")
        self.sms = (
            SmsGateway(
                str(config["SMS_GATEWAY_URL"]),
                str(config.get("SMS_GATEWAY_KEY") or ""),
                session=pooled_session(delivery_concurrency(config)),
            )
            if config.get("SMS_GATEWAY_URL")
            else None
        )
        self.email = email_channel(config)  # TLS and login: notify.delivery.channels.email_config

    def get_dependency(self, worker_ctx):
        def build(transaction, now: datetime) -> dict:
            found = {"inbox": InboxChannel(transaction, now), "letter": LetterChannel(transaction, now)}
            found.update({channel.name: channel for channel in (self.sms, self.email) if channel})
            return found

        return build


class DeliverySettings(DependencyProvider):
    def setup(self):
        config = self.container.config
        values = {
            field: type(getattr(Settings, field))(config[key])
            for key, field in SETTINGS_KEYS.items()
            if config.get(key) not in (None, "")
        }
        self.settings = Settings(**values)

    def get_dependency(self, worker_ctx) -> Settings:
        return self.settings


class NotifyWorker:
    """The dependencies the service class provides, declared (never assigned) so that each
    concept's entrypoint class states what it uses and mypy knows ``self.db``."""

    db: Store
    clock: Callable[[], datetime]
    access: Gate
    directory: Directory
    channels: ChannelsAt
    delivery_settings: Settings
    delivery_bell: Callable[[], None]  # wakes this process's delivery loop (notify.delivery.bell)

    def now(self) -> datetime:
        """The clock's reading in UTC with its zone, whatever zone (or none) the clock gave."""
        return times.now(self.clock())
