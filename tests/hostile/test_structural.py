"""Structural hostile input on every route of every service that reads a body (issue 12): deep
nesting, 5 MB and 50 MB bodies, invalid UTF-8, control characters, wrong content types, and the
calendar's ends (0001-01-01, 9999-12-31) in every date a user gives, body or query. Each route is
called with a development token of a role it allows. Never a server error; each refusal has the
code the edge promises (JSON routes; Open311 answers its own error list)."""

from __future__ import annotations

import json

import pytest
import requests
from hostile_kit import auth_for, concrete_path, raw_exchange, rough_body, service_routes

SERVICES = ("intake", "joint_review", "complaints", "notify")
BODY_ROUTES = [
    (service, route)
    for service in SERVICES
    for route in service_routes(service)
    if route.method.upper() in ("POST", "PUT", "PATCH")
]
IDS = [f"{service}:{route.method} {route.path}" for service, route in BODY_ROUTES]
JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
EXTREME_DAYS = ("0001-01-01", "9999-12-31")
# query parameters that are dates (or a month, YYYY-MM)
DATE_QUERIES = {"date", "from", "to", "start"}
MONTH_QUERIES = {"month"}
QUERY_VALUES = {"days": "5", "department": "market_regulation"}  # the other parameters a query needs


def post(hall, service, route, body: bytes, content_type: str | None) -> requests.Response:
    headers = {**auth_for(route), **({"Content-Type": content_type} if content_type else {})}
    return requests.request(
        route.method, hall.url(service) + concrete_path(route), data=body, headers=headers, timeout=30
    )


def refusal(answer: requests.Response, route) -> tuple[int, str]:
    """The status and code of a refusal, JSON or Open311."""
    body = answer.json()
    if route.request_type == FORM_TYPE:
        return answer.status_code, str(body[0]["code"])
    return answer.status_code, body["error"]["code"]


def own_type(route) -> str:
    return route.request_type if route.request is not None else JSON_TYPE


@pytest.mark.parametrize("service, route", BODY_ROUTES, ids=IDS)
def test_every_body_route_refuses_hostile_bodies_without_a_server_error(hall, service, route):
    json_route = own_type(route) == JSON_TYPE
    if json_route:
        deep = post(hall, service, route, b"[" * 10_000 + b"]" * 10_000, JSON_TYPE)
        assert refusal(deep, route) == (400, "invalid_json"), deep.text[:300]
        broken = post(hall, service, route, b'{"name": "\xff\xfe\xfd"}', JSON_TYPE)
        assert refusal(broken, route) == (400, "invalid_json"), broken.text[:300]
        controlled = post(hall, service, route, json.dumps({"note": "a\u202eb\x00"}).encode(), JSON_TYPE)
        assert refusal(controlled, route) == (422, "validation_failed"), controlled.text[:300]
        assert "note" in controlled.json()["error"]["details"]
        for wrong in ("text/plain", FORM_TYPE, "application/xml"):
            typed = post(hall, service, route, b'{"a": 1}', wrong)
            assert refusal(typed, route) == (415, "unsupported_media_type"), (wrong, typed.text[:300])
    else:
        typed = post(hall, service, route, b'{"a": 1}', JSON_TYPE)
        assert refusal(typed, route) == (415, "415"), typed.text[:300]
        controlled = post(hall, service, route, b"description=a%E2%80%AEb", FORM_TYPE)
        assert controlled.status_code == 400 and "description" in controlled.text
    for size in (5 * 1024 * 1024, 50 * 1024 * 1024):
        head = (
            f"{route.method} {concrete_path(route)} HTTP/1.1\r\nHost: hall\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in auth_for(route).items())
            + f"Content-Type: {own_type(route)}\r\nContent-Length: {size}\r\n"
        )
        status, headers, payload = raw_exchange(hall.url(service), head, b"{" + b" " * 1023)
        assert status == 413 and headers.get("connection") == "close", payload[:300]


DATED_ROUTES = [
    (service, route)
    for service, route in BODY_ROUTES
    if route.request is not None and "0001-01-01" in json.dumps(rough_body(route.request(), "0001-01-01"))
]


@pytest.mark.parametrize("day", EXTREME_DAYS)
@pytest.mark.parametrize(
    "service, route",
    DATED_ROUTES,
    ids=[f"{service}:{route.method} {route.path}" for service, route in DATED_ROUTES],
)
def test_the_calendars_ends_in_a_body_date_are_no_server_error(hall, service, route, day):
    body = rough_body(route.request(), day)
    answer = post(hall, service, route, json.dumps(body).encode(), own_type(route))
    assert answer.status_code < 500, answer.text[:300]


QUERIED = [
    (service, route, parameter["name"])
    for service in SERVICES
    for route in service_routes(service)
    if route.method.upper() == "GET"
    for parameter in route.parameters
    if parameter.get("in") == "query" and parameter["name"] in DATE_QUERIES | MONTH_QUERIES
]


@pytest.mark.parametrize("day", EXTREME_DAYS)
@pytest.mark.parametrize(
    "service, route, name",
    QUERIED,
    ids=[f"{service}:{route.path}?{name}" for service, route, name in QUERIED],
)
def test_the_calendars_ends_in_a_query_date_are_no_server_error(hall, service, route, name, day):
    params = {
        parameter["name"]: QUERY_VALUES[parameter["name"]]
        for parameter in route.parameters
        if parameter["name"] in QUERY_VALUES
    }
    params[name] = day[:7] if name in MONTH_QUERIES else day
    answer = requests.get(
        hall.url(service) + concrete_path(route), params=params, headers=auth_for(route), timeout=30
    )
    assert answer.status_code < 500, answer.text[:300]
