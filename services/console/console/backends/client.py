"""Calling the four services' HTTP APIs with the signed-in person's token.

The console never reads another service's database: every page is built from these calls, and
the services' own rules decide what the person may see or do (never looser than the APIs).

A refusal of the service (4xx with the hall's JSON error) becomes ``Refused``, which a page
shows next to the form's fields; a service that does not answer (connection refused, timeout,
5xx) becomes ``Unavailable``, a 503 page.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import requests

log = logging.getLogger(__name__)

SERVICES = ("intake", "joint_review", "complaints", "notify")
URL_KEYS = {service: f"{service.upper()}_URL" for service in SERVICES}


@dataclass
class Refused(Exception):
    """A service refused the call: its status, stable code, message and per-field details."""

    service: str
    status: int
    code: str
    message: str
    details: Any = field(default=None)

    def __str__(self) -> str:
        return f"{self.service} {self.status} {self.code}: {self.message}"


@dataclass
class Unavailable(Exception):
    """A service did not answer usefully (down, timed out, or a 5xx)."""

    service: str
    reason: str

    def __str__(self) -> str:
        return f"{self.service} unavailable: {self.reason}"


@dataclass
class Answer:
    status: int
    body: Any  # parsed JSON, or the text of a non-JSON answer (CSV, printable HTML)
    content_type: str
    headers: dict[str, str]


class Backend:
    """One service's API: ``get``/``post``/``put``/``delete`` with a token (None: public)."""

    def __init__(self, service: str, base_url: str, http: requests.Session, timeout: float):
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.timeout = timeout

    def get(
        self, path: str, token: str | None, params: dict[str, Any] | None = None, headers: dict | None = None
    ) -> Any:
        return self.call("GET", path, token, params=params, headers=headers).body

    def post(
        self,
        path: str,
        token: str | None,
        payload: Any = None,
        headers: dict | None = None,
        form: dict[str, str] | None = None,
    ) -> Any:
        """``form``: send form-encoded fields instead of JSON (Open311's requests)."""
        return self.call("POST", path, token, payload=payload, headers=headers, form=form).body

    def put(self, path: str, token: str | None, payload: Any = None) -> Any:
        return self.call("PUT", path, token, payload=payload).body

    def delete(self, path: str, token: str | None) -> Any:
        return self.call("DELETE", path, token).body

    def call(
        self,
        method: str,
        path: str,
        token: str | None,
        *,
        params: dict[str, Any] | None = None,
        payload: Any = None,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Answer:
        sent = {"Accept": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        query = {key: value for key, value in (params or {}).items() if value not in (None, "")}
        try:
            response = self.http.request(
                method,
                self.base_url + path,
                params=query,
                json=payload if payload is not None else None,
                data=form,
                headers=sent,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise Unavailable(self.service, type(exc).__name__) from None
        return self._answer(response)

    def _answer(self, response: requests.Response) -> Answer:
        content_type = response.headers.get("Content-Type", "")
        body: Any = response.text
        if "json" in content_type:
            try:
                body = response.json()
            except json.JSONDecodeError:
                body = None
        if response.status_code >= 500:
            log.warning("%s answered %s", self.service, response.status_code)
            raise Unavailable(self.service, f"HTTP {response.status_code}")
        if response.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            if isinstance(body, list):  # Open311 answers a list: [{"code": 400, "description": ...}]
                error = {
                    "code": "open311_error",
                    "details": [str(e.get("description", "")) for e in body if isinstance(e, dict)],
                }
            raise Refused(
                self.service,
                response.status_code,
                str(error.get("code") or "refused"),
                str(error.get("message") or ""),
                error.get("details"),
            )
        return Answer(response.status_code, body, content_type, dict(response.headers))


CLIENT_HEADER = "X-Hall-Client-Address"


class Backends:
    """The four services, by name: ``backends.intake.get("/cases", visitor.token)``.

    ``own_token`` (role ``console``) opens nothing: a public page sends it only with the
    applicant's address (``for_applicant``), so intake limits wrong tracking codes per applicant,
    not for everyone behind the console's address."""

    def __init__(
        self, urls: dict[str, str], timeout: float = 10.0, own_token: str | None = None, proxy_hops: int = 0
    ):
        self.own_token = own_token or None
        self.proxy_hops = proxy_hops
        self.http = requests.Session()
        self.urls = urls
        self.timeout = timeout
        self.intake = self.of("intake")
        self.joint_review = self.of("joint_review")
        self.complaints = self.of("complaints")
        self.notify = self.of("notify")

    def applicant_address(self, request: Any) -> str | None:
        """The applicant's address: the TCP peer's or, behind ``proxy_hops`` reverse proxies of the
        hall (``PROXY_HOPS``), the one the nearest of them recorded in ``X-Forwarded-For`` (entries
        further left are the client's to write, so never trusted)."""
        if self.proxy_hops <= 0:
            return str(request.remote_addr or "") or None
        hops = [
            hop.strip() for hop in str(request.headers.get("X-Forwarded-For") or "").split(",") if hop.strip()
        ]
        return hops[-self.proxy_hops] if len(hops) >= self.proxy_hops else None

    def for_applicant(self, address: str | None) -> tuple[str | None, dict[str, str]]:
        """The token and headers of a public call made on an applicant's behalf."""
        if not self.own_token or not address:
            return None, {}
        return self.own_token, {CLIENT_HEADER: address}

    def of(self, service: str) -> Backend:
        return Backend(service, self.urls[service], self.http, self.timeout)
