"""complaints's tables: complaints proper, the desk, and the reliability core's outbox/inbox."""

from complaints import complaint_tables, desk_tables  # noqa: F401  (their tables join metadata)
from complaints.meta import metadata
from reliable_events import add_core_tables

add_core_tables(metadata)

__all__ = ["metadata"]
