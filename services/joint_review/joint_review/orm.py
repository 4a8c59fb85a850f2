"""joint_review's tables. So far only the reliability core's outbox and inbox."""

from sqlalchemy import MetaData

from reliable_events import add_core_tables

metadata = MetaData()

add_core_tables(metadata)
