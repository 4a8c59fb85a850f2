"""Each operation's ``operationId`` and tag, read from the service class: the id is the name of
the entrypoint's method (``accept_case``), unique within a service because Python attributes
are, and stable as long as the method keeps its name; the tag is the concept (the package the
entrypoint's class lives in: ``intake.cases.api`` -> ``cases``; the routes every service has,
``service_metrics.endpoints``, are ``operations``), described by that class's docstring."""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass
from typing import Any

OPERATIONS_TAG = "operations"
OPERATIONS_MODULES = ("service_metrics.", "web_api.")
OPERATIONS_DESCRIPTION = (
    "Health, metrics, this document, its page, and the operator's routes (dead letters, outbox)"
)
FLASK_STYLE = re.compile(r"<(?:\w+:)?(\w+)>")
NOISE = re.compile(r"^(?:Mixin of the \w+ service: |Entrypoints of )")


@dataclass(frozen=True)
class OperationName:
    operation_id: str
    tag: str
    tag_description: str
    description: str  # the entrypoint's docstring


def openapi_path(url: str) -> str:
    """``/cases/<string:case_no>`` -> ``/cases/{case_no}``."""
    return FLASK_STYLE.sub(r"{\1}", url)


def operation_names(service_cls: type) -> dict[tuple[str, str], OperationName]:
    """``{("POST", "/cases"): OperationName("accept_case", "cases", ...)}`` for every HTTP
    entrypoint of ``service_cls``."""
    from web_api.handler import ApiHandler  # the handler imports nameko's web server

    found: dict[tuple[str, str], OperationName] = {}
    for name in dir(service_cls):
        method = getattr(service_cls, name)
        for entrypoint in getattr(method, "nameko_entrypoints", ()):
            if isinstance(entrypoint, ApiHandler):
                key = (entrypoint.method.upper(), openapi_path(entrypoint.url))
                found[key] = _named(service_cls, name, method)
    return found


def _named(service_cls: type, name: str, method: Any) -> OperationName:
    owner = next(cls for cls in service_cls.__mro__ if name in vars(cls))
    tag, about = concept_of(owner)
    return OperationName(name, tag, about, inspect.getdoc(method) or "")


def concept_of(owner: type) -> tuple[str, str]:
    """The tag of the entrypoints ``owner`` defines, and its description: the concept package's
    docstring, else the class's."""
    if owner.__module__.startswith(OPERATIONS_MODULES):
        return OPERATIONS_TAG, OPERATIONS_DESCRIPTION
    parts = owner.__module__.split(".")
    if len(parts) < 3:  # an entrypoint class outside a concept package
        return parts[-1], first_paragraph(inspect.getdoc(owner) or parts[-1])
    package = sys.modules.get(".".join(parts[:2]))
    return parts[1], first_paragraph((package and package.__doc__) or inspect.getdoc(owner) or parts[1])


def first_paragraph(doc: str) -> str:
    """A docstring's first paragraph on one line, without the "Mixin of …:" that says nothing.

    >>> first_paragraph("Mixin of the intake service: the clock's\noperations.\n\nMore.")
    "The clock's operations."
    """
    text = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())
    text = NOISE.sub("", text)
    return text[:1].upper() + text[1:]


def fallback_name(method: str, path: str) -> str:
    """An id for a route no class names (a document built from bare routes, in tests):
    ``GET /cases/{case_no}/history`` -> ``get_cases_case_no_history``."""
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method.lower(), *words]).lower()
