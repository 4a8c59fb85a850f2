"""Each operation's ``operationId`` and tag, read from the service class: the id is the name of
the entrypoint's method (``accept_case``), unique within a service because Python attributes
are, and stable as long as the method keeps its name; the tag is the concept (the package the
entrypoint's class lives in: ``intake.cases.api`` -> ``cases``; the routes every service has,
``service_metrics.endpoints``, are ``operations``), described by that class's docstring."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Any

OPERATIONS_TAG = "operations"
OPERATIONS_MODULES = ("service_metrics.", "web_api.")
OPERATIONS_DESCRIPTION = (
    "Health, metrics, this document, its page, and the operator's routes (dead letters, outbox)"
)
FLASK_STYLE = re.compile(r"<(?:\w+:)?(\w+)>")


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
    """The tag of the entrypoints ``owner`` defines, and its description."""
    if owner.__module__.startswith(OPERATIONS_MODULES):
        return OPERATIONS_TAG, OPERATIONS_DESCRIPTION
    parts = owner.__module__.split(".")
    tag = parts[1] if len(parts) > 2 else parts[-1]
    return tag, (inspect.getdoc(owner) or tag).splitlines()[0]


def fallback_name(method: str, path: str) -> str:
    """An id for a route no class names (a document built from bare routes, in tests):
    ``GET /cases/{case_no}/history`` -> ``get_cases_case_no_history``."""
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method.lower(), *words]).lower()
