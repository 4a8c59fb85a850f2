"""What the hostile-input suite shares: tokens per role, each service's routes, a raw HTTP exchange,
and a rough body for a request schema."""

from __future__ import annotations

import importlib
import socket
from urllib.parse import urlsplit

from marshmallow import Schema, fields, validate

from web_api.openapi import OPERATIONS, Route

SERVICE_CLASSES = {
    "intake": "IntakeService",
    "joint_review": "JointReviewService",
    "complaints": "ComplaintsService",
    "notify": "NotifyService",
}
# a development token (deploy/access/README.md) for each role
ROLE_TOKENS = {
    "window_staff": "dev-window-market",
    "window_head": "dev-head-market",
    "lead_window": "dev-lead-market",
    "reviewer": "dev-reviewer-market",
    "complaints_office": "dev-complaints",
    "supervision": "dev-supervision",
    "operator": "dev-operator",
    "agency": "dev-agency",
    "service": "dev-service-notify",
}
BODY_LIMIT = 64 * 1024  # the services of this suite; the default (1 MiB) is checked on its own
# plausible values for path parameters, so a route gets past "no such thing" where it can
PATH_VALUES = {
    "staff_id": "S01",
    "reviewer_id": "R01",
    "year": "2027",
    "fmt": "json",
    "department": "market_regulation",
    "code": "unresolved-desk",
}


def auth_for(route: Route) -> dict:
    """The Authorization header of a development token of the route's first role ({} if public)."""
    return {"Authorization": f"Bearer {ROLE_TOKENS[route.roles[0]]}"} if route.roles else {}


def service_routes(service: str) -> list[Route]:
    cls = getattr(importlib.import_module(f"{service}.service"), SERVICE_CLASSES[service])
    return [*cls.api_routes, *OPERATIONS]


def concrete_path(route: Route) -> str:
    """``/reviews/{review_id}/meetings`` -> ``/reviews/X1/meetings`` (known names get real values)."""
    path = route.path
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + PATH_VALUES.get(path[start + 1 : end], "1") + path[end + 1 :]
    return path


def raw_exchange(url: str, head: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    """Send ``head`` (a request line and headers) and ``body`` on one connection and read the answer
    to the end (the server closes the connection). Raises ``socket.timeout`` if the server waits for
    more of the body instead of answering."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as connection:
        connection.sendall(head.encode("latin1") + b"\r\n" + body)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:  # the server closed with our unread body in its buffer
            pass
    header_block, _, payload = received.partition(b"\r\n\r\n")
    lines = header_block.decode("latin1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, payload


def rough_body(schema: Schema, day: str) -> dict:
    """A body with every field of ``schema`` filled in plausibly, every date set to ``day``."""
    return {
        field.data_key or name: rough_value(field, day)
        for name, field in schema.fields.items()
        if not field.dump_only
    }


def rough_value(field, day: str):
    choices = [v for v in _validators(field) if isinstance(v, validate.OneOf)]
    if choices:
        return list(choices[0].choices)[0]
    if isinstance(field, fields.DateTime):
        return f"{day}T09:00:00+08:00"
    if isinstance(field, fields.Date):
        return day
    if isinstance(field, fields.Nested):
        return rough_body(field.schema, day) if not field.many else [rough_body(field.schema, day)]
    if isinstance(field, fields.List):
        return [rough_value(field.inner, day)]
    if isinstance(field, fields.Boolean):
        return True
    if isinstance(field, (fields.Integer, fields.Float, fields.Decimal)):
        return 1
    if isinstance(field, fields.Email):
        return "a@example.cn"
    if isinstance(field, fields.Dict):
        return {}
    lengths = [v for v in _validators(field) if isinstance(v, validate.Length) and v.min]
    return "甲" * (lengths[0].min if lengths else 2)


def _validators(field) -> list:
    return list(getattr(field, "validators", ()) or ())
