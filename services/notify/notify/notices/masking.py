"""The secrets a notice prints for its recipient alone, and their mask (R-RATE-1): the receipt's
code (查询码) opens the case's tracking, notices and rating to whoever holds it. One masking for
the hash ``notice_issued`` publishes and for every reader of the archive who may not see it.
No HTTP and no database here."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

# each secret a template may print (the event data's field) and the label the text prints before it
SECRET_FIELDS = {"verification_code": "查询码："}
MASK = "********"
_PRINTED = re.compile("|".join(f"{re.escape(label)}(\\S+)" for label in SECRET_FIELDS.values()))


def masked(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each of ``secrets`` replaced by ``MASK``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


def data_secrets(data: dict) -> list[str]:
    """The secrets the event data gives a template to print (before it is rendered)."""
    return [str(data[field]) for field in SECRET_FIELDS if data.get(field)]


def printed_secrets(text: str) -> list[str]:
    """The secrets an archived text prints, each found after its label (the data is gone then)."""
    return [secret for match in _PRINTED.finditer(text) for secret in match.groups() if secret]


def without_secrets(text: str) -> str:
    """An archived text as a reader who may not see its secrets reads it: each one masked."""
    return masked(text, printed_secrets(text))


def sha256(text: str) -> str:
    """The hex SHA-256 of a notice's text (UTF-8), archived and published beside it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
