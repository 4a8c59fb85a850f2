"""Where notify learns what the public events leave out, over the owners' internal paths.

Contacts are never in an event and never stored by notify: each delivery asks the service that
owns them (intake for an applicant, complaints for a complainant and a desk reporter) with
notify's ``service`` token, uses the answer for that one send, and forgets it. The receipt's
verification code is read the same way (intake's internal path) when the receipt is rendered: it
is printed on the receipt and never logged. The public catalogue (for the one-time notice) and
the applicant's receipt code check use intake's public paths.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import requests
from nameko.extensions import DependencyProvider

from notify.delivery.green_pool import delivery_concurrency, pooled_session
from notify.notices.rules import NoticeDataError
from refusals import Forbidden, NotFound, TooMany
from web_api import hall_mode
from web_api.access import repo_root, token_hash

log = logging.getLogger(__name__)

INTAKE_URL_KEY = "INTAKE_URL"
COMPLAINTS_URL_KEY = "COMPLAINTS_URL"
SERVICE_TOKEN_KEY = "NOTIFY_SERVICE_TOKEN"
TIMEOUT_SECONDS = 5.0


class Unavailable(Exception):
    """The owner could not answer now (down, slow, 5xx): try again later. Not a refusal (the
    hall refuses nothing here, a peer is away), so it extends none of the refusal kinds."""


class Unknown(NotFound):
    """The owner says there is no such person or item (404/409): retrying will not help."""

    code = "unknown_to_owner"


class TooManyAttempts(Unavailable, TooMany):
    """The owner limits attempts (429): the caller may try again after ``retry_after`` seconds."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int):
        TooMany.__init__(self, message, retry_after)


class Refused(Unavailable, Forbidden):
    """The owner refused the caller (401/403): a delivery waits as for an outage (a token to
    fix), a person printing a letter is told they may not read it."""

    code = "refused_by_owner"


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    name: str | None = None  # only for a letter's envelope, never stored
    postal_address: str | None = None

    def address(self, channel: str, recipient_ref: str) -> str | None:
        """The address on ``channel``; inbox and letters go by the reference (the window prints)."""
        return {"sms": self.phone, "email": self.email}.get(channel, recipient_ref)


class Directory:
    def __init__(self, intake_url: str, complaints_url: str, token: str, session=None):
        self.intake_url = intake_url.rstrip("/")
        self.complaints_url = complaints_url.rstrip("/")
        self.session = session or requests.Session()
        self.headers = {"Authorization": f"Bearer {token}"}

    def _get(self, url: str, headers=None, params=None) -> dict:
        try:
            response = self.session.get(url, headers=headers, params=params, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as exc:
            raise Unavailable(f"{url}: {exc.__class__.__name__}") from exc
        if response.status_code in (401, 403):
            raise Refused(f"{url}: {response.status_code}")
        if response.status_code in (404, 409):
            raise Unknown(f"{url}: {response.status_code}")
        if response.status_code == 429:
            wait = response.headers.get("Retry-After", "")
            raise TooManyAttempts(f"{url}: HTTP 429", int(wait) if wait.isdigit() else 60)
        if response.status_code != 200:
            raise Unavailable(f"{url}: HTTP {response.status_code}")
        return response.json()

    def contact(
        self, audience: str, recipient_ref: str, case_no: str | None, complaint_no: str | None
    ) -> Contact:
        if audience == "complainant":
            url = f"{self.complaints_url}/internal/complaints/{quote(complaint_no or '')}/contact"
        elif audience == "reporter":  # a desk reporter (R-UNRES-2), named "desk:<item_no>"
            item_no = recipient_ref.removeprefix("desk:")
            url = f"{self.complaints_url}/internal/desk/items/{quote(item_no)}/contact"
        elif recipient_ref.startswith("case:"):
            url = f"{self.intake_url}/internal/cases/{quote(case_no or '')}/contact"
        elif audience == "applicant":
            url = f"{self.intake_url}/internal/applicants/{quote(recipient_ref)}/contact"
        else:
            return Contact()  # staff are reached in the app
        found = self._get(url, headers=self.headers)
        return Contact(
            phone=found.get("phone") or None,
            email=found.get("email") or None,
            name=found.get("name") or None,
            postal_address=found.get("address") or None,
        )

    def complainant_for_letter(self, complaint_no: str, caller_token: str | None) -> Contact:
        """A complainant's name and postal address for the answer letter being printed, read with
        the printing person's own bearer token: complaints checks that person's right (the office)
        and puts their read on the complaint's timeline. notify's own token is never used here,
        so notify cannot open an identity on anyone's behalf."""
        url = f"{self.complaints_url}/complaints/{quote(complaint_no)}/identity"
        found = self._get(
            url,
            headers={"Authorization": f"Bearer {caller_token or ''}"},
            params={"purpose": "answer_letter"},
        )
        return Contact(name=found.get("name") or None, postal_address=found.get("address") or None)

    def catalogue_item(self, code: str) -> dict:
        """The public catalogue's item (R-CAT-1), for the one-time notice."""
        try:
            return self._get(f"{self.intake_url}/catalogue/{quote(code)}")
        except Unknown as exc:
            raise NoticeDataError(f"the catalogue has no item {code!r}") from exc

    def receipt_code(self, case_no: str) -> str | None:
        """The verification code the receipt of ``case_no`` prints, read from intake with notify's
        ``service`` token; None for a case intake keeps no code of (registered before it did)."""
        url = f"{self.intake_url}/internal/cases/{quote(case_no)}/receipt-code"
        try:
            return self._get(url, headers=self.headers).get("verification_code") or None
        except Unknown:
            return None

    def applicant_may_read(self, case_no: str, code: str, client: str | None = None) -> bool:
        """True when ``code`` is the receipt's code of ``case_no`` (asked of intake's tracking page,
        naming the applicant's address so that intake limits wrong codes per applicant, not per
        notify)."""
        headers = {**self.headers, "X-Hall-Client-Address": client} if client else None
        try:
            self._get(f"{self.intake_url}/track/{quote(case_no)}", headers=headers, params={"code": code})
        except Unknown:
            return False
        return True


def published_token(token: str) -> bool:
    published = hall_mode.development_token_hashes(repo_root(Path(__file__)))
    return token == hall_mode.DEV_SERVICE_TOKEN or token_hash(token) in published


class DirectoryProvider(DependencyProvider):
    """``self.directory``: intake and complaints as configured (``INTAKE_URL``, ``COMPLAINTS_URL``);
    outside development mode a missing or published ``NOTIFY_SERVICE_TOKEN`` stops the service."""

    def setup(self):
        config = self.container.config
        token = str(config.get(SERVICE_TOKEN_KEY) or "").strip()
        if not token:
            hall_mode.refuse_outside_development(config, SERVICE_TOKEN_KEY, "is not set")
        elif published_token(token):
            hall_mode.refuse_outside_development(config, SERVICE_TOKEN_KEY, "is a published dev token")
        self.directory = Directory(
            str(config.get(INTAKE_URL_KEY) or "http://127.0.0.1:8001"),
            str(config.get(COMPLAINTS_URL_KEY) or "http://127.0.0.1:8003"),
            token,
            pooled_session(delivery_concurrency(config)),
        )

    def get_dependency(self, worker_ctx) -> Directory:
        return self.directory
