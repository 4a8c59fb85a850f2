"""Prometheus metrics of the reliability core. Labels are bounded: service and queue names."""

from prometheus_client import Counter, Gauge

OUTBOX_PENDING = Gauge(
    "hall_outbox_pending",
    "Events committed to the outbox and not yet confirmed by the broker",
    ["service"],
)
OUTBOX_OLDEST_AGE = Gauge(
    "hall_outbox_oldest_pending_seconds",
    "Age of the oldest unpublished outbox event",
    ["service"],
)
OUTBOX_PUBLISHED = Counter(
    "hall_outbox_published_total", "Outbox events confirmed by the broker", ["service"]
)
OUTBOX_PUBLISH_FAILURES = Counter(
    "hall_outbox_publish_failures_total",
    "Relay batches that failed and will be retried",
    ["service"],
)
INBOX_DUPLICATES = Counter(
    "hall_inbox_duplicates_total",
    "Deliveries recognised as already applied and skipped",
    ["service", "consumer"],
)
DEAD_LETTERED = Counter(
    "hall_dead_lettered_total",
    "Messages a consumer gave up on and sent to its dead-letter queue",
    ["service", "queue"],
)
DEAD_LETTER_DEPTH = Gauge(
    "hall_dead_letter_queue_depth",
    "Messages waiting in the service's dead-letter queue",
    ["service"],
)
RETRIED = Counter(
    "hall_retried_total",
    "Failed messages sent to wait in a delay queue; cause: failed (counts toward poison) or "
    "unavailable (a dependency was down; not counted)",
    ["service", "queue", "cause"],
)
UNROUTED_DEPTH = Gauge(
    "hall_unrouted_queue_depth",
    "Events published while no queue was bound for them, kept in <service>.unrouted",
    ["service"],
)
OUTBOX_PARKED = Gauge(
    "hall_outbox_parked",
    "Outbox events the broker refused OUTBOX_MAX_ATTEMPTS times, set aside",
    ["service"],
)
OUTBOX_REFUSED = Counter(
    "hall_outbox_refused_total",
    "Outbox publishes the broker refused (nack); each is retried alone",
    ["service"],
)
OUTBOX_REPUBLISHED = Counter(
    "hall_outbox_republished_total",
    "Outbox events published again after an attempt whose confirm never came (possible copies)",
    ["service"],
)
