"""The idempotency-key table as of v1, for each service's migration (frozen, like the core's)."""

from __future__ import annotations


def create_idempotency_table_v1() -> None:
    """Filled in with the idempotency-key table."""


def drop_idempotency_table_v1() -> None:
    """Undo ``create_idempotency_table_v1``."""
