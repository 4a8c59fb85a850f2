"""Tables of the "could not get it done" desk (办不成事反映窗口, R-UNRES-1..2).

The reporter's contact lives only in ``desk_items.identity``, sealed as a complainant's identity
is (``identity.Seal``, Fernet under ``COMPLAINANT_KEY``); every other column, the trail and the
events carry the pseudonymous ``reporter_ref`` (``P-XXXXXXXX``).
``desk_steps`` is the trail the ledger exports: every step with its time and actor.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from complaints.meta import metadata

desk_items = Table(
    "desk_items",
    metadata,
    Column("item_no", String(40), primary_key=True),
    Column("item", String(200), nullable=False),  # what the reporter could not get done
    Column("item_code", String(40)),  # its catalogue code, when known
    Column("units", JSON, nullable=False),  # the departments involved
    Column("reason", Text, nullable=False),  # why it failed
    Column("channel", String(20), nullable=False),  # desk | phone | open311
    Column("reporter_ref", String(20), nullable=False),
    Column("identity", Text, nullable=False),  # Fernet token of {name, phone, email}
    Column("tier", String(20), nullable=False),
    Column("limit_days", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # registered forwarded answered closed
    Column("department", String(80)),  # the owning unit it is forwarded to
    Column("deadline", Date),
    Column("extension_days", Integer, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("registered_by", String(80), nullable=False),
    Column("forwarded_at", DateTime(timezone=True)),
    Column("answered_at", DateTime(timezone=True)),
    Column("result", Text),
    Column("solved", Boolean),
    Column("answered_on_time", Boolean),
    Column("follow_up_due", Date),
    Column("followed_up_at", DateTime(timezone=True)),
    Column("satisfaction", String(24)),
    Column("version", Integer, nullable=False),
    Index("ix_desk_items_status_deadline", "status", "deadline"),
)

desk_steps = Table(
    "desk_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_no", String(40), ForeignKey("desk_items.item_no"), nullable=False, index=True),
    Column("step", String(20), nullable=False),  # registered forwarded extended answered followed_up
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("actor_role", String(40), nullable=False),
    Column("details", JSON, nullable=False),
)
