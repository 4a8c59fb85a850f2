"""The payload notify publishes when it issues a notice (``notice_issued``): no personal data."""

from __future__ import annotations

from notify.notices.rules import Notice


def issued_data(row: Notice, channels: list[str], public_sha256: str | None = None) -> dict:
    """``public_sha256``: the content's hash with the secrets it prints masked (the receipt's code)."""
    return {
        "notice_no": row["notice_no"],
        "notice_type": row["notice_type"],
        "case_no": row["case_no"],
        **({"complaint_no": row["complaint_no"]} if row["complaint_no"] else {}),
        **({"item_no": row["item_no"]} if row["item_no"] else {}),
        "audience": row["audience"],
        "template": row["template"],
        "template_version": row["template_version"],
        "content_sha256": public_sha256 or row["content_sha256"],
        "channel": row["channel"],
        "channels": channels,
    }
