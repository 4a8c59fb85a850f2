"""Open311 GeoReport v2 on the wire: JSON or XML bodies, form fields, and the spec's errors.

http://wiki.open311.org/GeoReport_v2 - every resource ends in ``.json`` or ``.xml`` (the spec's
default); an error is ``[{"code": 400, "description": "..."}]`` (XML: ``<errors><error>``), one
entry per problem. A service request's fields are flat, ``attribute[code]`` carries the answers
to a service's attributes.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from xml.etree import ElementTree

from werkzeug.wrappers import Response

from refusals import Refusal
from web_api import ApiError, ApiHandler, status_of
from web_api.bodies import FORM_TYPES
from web_api.field_messages import bilingual

FORMATS = ("json", "xml")
# how the spec names the children of a list in XML
XML_CHILDREN = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
STATUS_FOR_OPEN311 = {401: 403, 422: 400}  # the spec answers a bad key 403 and bad input 400


class Open311Error(ApiError):
    """A refusal in the spec's error format, rendered in the request's format."""

    def __init__(self, status: int, problems: list[str], fmt: str = "json"):
        super().__init__("; ".join(problems), status=status, code="open311_error")
        self.problems, self.fmt = problems, fmt if fmt in FORMATS else "json"


def problems_of(details, message: str) -> list[str]:
    """Every problem of a refusal's details as ``field: message`` lines (the message if none);
    a field's English default in Chinese with the English beside it (``web_api.field_messages``)."""
    if isinstance(details, dict) and details:
        found = []
        for field, messages in details.items():
            if isinstance(messages, dict):
                found += [f"{field}.{line}" for line in problems_of(messages, message)]
            else:
                listed = messages if isinstance(messages, list) else [messages]
                found += [f"{field}: {bilingual(str(text))}" for text in listed]
        return found
    return [message]


@contextmanager
def open311_errors(fmt: str):
    """Any refusal inside becomes an Open311 error in ``fmt``; nothing else changes."""
    try:
        yield
    except Open311Error as exc:
        exc.fmt = fmt
        raise
    except Refusal as exc:
        status = STATUS_FOR_OPEN311.get(status_of(exc), status_of(exc))
        raise Open311Error(status, problems_of(exc.details, exc.message), fmt) from exc


def render(payload, fmt: str, root: str, status: int = 200) -> Response:
    """``payload`` as JSON, or as the spec's XML under ``root`` (a list: one child per entry)."""
    if fmt == "json":
        return Response(
            json.dumps(payload, ensure_ascii=False, default=str), status=status, mimetype="application/json"
        )
    element = ElementTree.Element(root)
    _fill(element, root, payload)
    body = ElementTree.tostring(element, encoding="unicode")
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, status=status, mimetype="text/xml")


def _fill(element, name: str, value) -> None:
    if isinstance(value, list):
        child_name = XML_CHILDREN.get(name, "item")
        for entry in value:
            _fill(ElementTree.SubElement(element, child_name), child_name, entry)
    elif isinstance(value, dict):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), key, child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def error_body(problems: list[str], status: int) -> list[dict]:
    return [{"code": status, "description": problem} for problem in problems]


class Open311Handler(ApiHandler):
    """nameko's ``@http`` whose refusals follow the Open311 error format."""

    body_types = FORM_TYPES  # the spec posts form-encoded fields

    def response_from_exception(self, exc):
        if isinstance(exc, Open311Error):
            return render(error_body(exc.problems, status_of(exc)), exc.fmt, "errors", status_of(exc))
        if isinstance(exc, Refusal):  # the edge's own (ApiError) and the domain's alike
            status = STATUS_FOR_OPEN311.get(status_of(exc), status_of(exc))
            return render(error_body(problems_of(exc.details, exc.message), status), "json", "errors", status)
        return super().response_from_exception(exc)


open311 = Open311Handler.decorator


def form_fields(request) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The posted fields (form-encoded; query parameters too, as some clients send api_key there)
    and the ``attribute[code]`` answers, each a single value or a list when repeated."""
    merged = {**request.args.to_dict(flat=False), **request.form.to_dict(flat=False)}
    fields: dict[str, str] = {}
    attributes: dict[str, list[str]] = {}
    for key, values in merged.items():
        values = [value.strip() for value in values if value.strip()]
        if key.startswith("attribute[") and key.endswith("]"):
            name = key[len("attribute[") : -1].rstrip("[]")  # attribute[code] or attribute[code][]
            attributes.setdefault(name, []).extend(values)
        elif values:
            fields[key] = values[0]
    return fields, attributes
