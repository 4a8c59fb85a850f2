"""The complainant's sealed identity (R-COMP-4): encrypted at rest, named elsewhere by a pseudonym.

``COMPLAINANT_KEY`` holds one or more Fernet keys, comma-separated: the first seals, every one
opens (so a key can be rotated without re-sealing old complaints at once). The pseudonym
``P-XXXXXXXX`` is an HMAC of the complaint number under the first key: stable for a complaint,
meaningless without the key, and the only name a complainant has in events, logs, metrics and
anything the department or the accused sees. The service refuses to start without a usable key,
and outside development mode (``HALL_MODE``, ``web_api.hall_mode``) with the development key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from refusals import Conflict, Forbidden, Invalid

COMPLAINANT_KEY_KEY = "COMPLAINANT_KEY"
# The development key of config.yml: published in the repository, so worthless for real data.
DEV_KEY = "pvnY1yuMv4KtMcagrOQeAJ5InDZffLohCOF3E-8EnM0="
FIELDS = ("name", "phone", "email", "address")


class SealKeyError(ValueError):
    """``COMPLAINANT_KEY`` is missing or not a Fernet key; the service must not start."""


class InvalidPurpose(Invalid):
    code = "validation_failed"


class ContactNotAvailable(Conflict):
    """notify reads a contact only while a written answer is being delivered."""

    code = "contact_not_available"


class NotReferred(Conflict):
    code = "not_referred"


class AlreadyDecided(Conflict):
    code = "already_decided"


class NotTheRequestingAgency(Forbidden):
    code = "forbidden"


class NotTheOwningUnit(Forbidden):
    """R-UNRES-2: a desk reporter's contact is read by the office and the owning unit only."""

    code = "forbidden"


class NotGranted(Conflict):
    code = "not_granted"


class AlreadyRead(Conflict):
    code = "already_read"


class Seal:
    """Seals and opens identities, and names complainants by pseudonym.

    >>> seal = Seal(DEV_KEY)
    >>> seal.open(seal.seal({"name": "王五", "phone": "13800000000"}))["name"]
    '王五'
    >>> seal.pseudonym("CMP-20261201-ABCDEFGH") == seal.pseudonym("CMP-20261201-ABCDEFGH")
    True
    """

    def __init__(self, setting: str | None):
        keys = [key.strip() for key in str(setting or "").split(",") if key.strip()]
        if not keys:
            raise SealKeyError(
                f"{COMPLAINANT_KEY_KEY} is not set: complaints will not start without the key that "
                "seals complainants' identities (R-COMP-4); generate one with "
                "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            )
        try:
            self._fernet = MultiFernet([Fernet(key) for key in keys])
        except ValueError as exc:
            raise SealKeyError(
                f"{COMPLAINANT_KEY_KEY} holds a key that is not a Fernet key ({exc})"
            ) from None
        self._mac_key = hashlib.sha256(b"complainant-pseudonym:" + base64.urlsafe_b64decode(keys[0])).digest()
        self.is_dev_key = keys[0] == DEV_KEY

    def seal(self, identity: dict[str, Any]) -> str:
        clean = {field: identity.get(field) for field in FIELDS}
        return self._fernet.encrypt(json.dumps(clean, ensure_ascii=False).encode("utf-8")).decode("ascii")

    def open(self, token: str) -> dict[str, Any]:
        try:
            opened: dict[str, Any] = json.loads(self._fernet.decrypt(token.encode("ascii")))
        except InvalidToken:
            raise SealKeyError("a sealed identity cannot be opened with the configured keys") from None
        return opened

    def pseudonym(self, complaint_no: str) -> str:
        digest = hmac.new(self._mac_key, complaint_no.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"P-{digest[:8].upper()}"
