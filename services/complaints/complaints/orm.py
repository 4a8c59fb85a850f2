"""complaints's tables: complaints proper, the desk, and the reliability core's outbox/inbox."""

from complaints import complaint_tables, desk_tables  # noqa: F401  (their tables join metadata)
from complaints.meta import metadata
from reliable_events import add_core_tables
from web_api.idempotency_table import add_idempotency_table

add_core_tables(metadata)
add_idempotency_table(metadata)

__all__ = ["metadata"]
