"""The reliability core: outbox, inbox, envelope-carrying consumers and dead letters.

Every service builds its messaging on these few names and nothing else.
"""

from reliable_events.batching import ReliableBatchHandler, reliable_batch_handler
from reliable_events.columns import UtcDateTime, as_utc, insert_once
from reliable_events.commands import CommandRejected, ReliableCommandHandler, reliable_command_handler
from reliable_events.consumer import HandlerTimedOut, ReliableEventHandler, reliable_event_handler
from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage, PublishNotConfirmed
from reliable_events.relay import OutboxRelay
from reliable_events.retry_policy import Unavailable, Unprocessable
from reliable_events.senders import believed_headers
from reliable_events.storage import Database, Store, Transaction, make_engine
from reliable_events.tables import add_core_tables
from reliable_events.timers import ConfiguredTimer, configured_timer

__all__ = [
    "CommandRejected",
    "ReliableCommandHandler",
    "reliable_command_handler",
    "ConfiguredTimer",
    "ConfirmingPublisher",
    "Database",
    "HandlerTimedOut",
    "OutboxRelay",
    "OutgoingMessage",
    "PublishNotConfirmed",
    "ReliableBatchHandler",
    "ReliableEventHandler",
    "Store",
    "Transaction",
    "Unavailable",
    "Unprocessable",
    "UtcDateTime",
    "add_core_tables",
    "as_utc",
    "believed_headers",
    "configured_timer",
    "insert_once",
    "make_engine",
    "reliable_batch_handler",
    "reliable_event_handler",
]
