"""The JSON HTTP conventions every service API follows.

``@api("POST", "/cases")`` is nameko's ``@http`` that turns errors into JSON: a client
mistake is a 4xx with a stable ``code`` and a message a window clerk understands, with
every problem listed; a database that is locked (SQLite: another process holds the file's
write lock) or unreachable is a 503 the client may retry; anything else is a 500 with no
internals.
"""

from __future__ import annotations

from refusals import Conflict, NotFound, Refusal
from web_api.access import (
    ROLES,
    Access,
    Forbidden,
    Gate,
    Principal,
    TokenFileError,
    TokenRegistry,
    Unauthenticated,
)
from web_api.errors import STATUS_OF_REFUSAL, ApiError, error_response, json_response, status_of
from web_api.handler import ApiHandler, api
from web_api.json_bodies import json_object, load_json, schema_of

__all__ = [
    "ROLES",
    "STATUS_OF_REFUSAL",
    "Access",
    "ApiError",
    "ApiHandler",
    "Conflict",
    "Forbidden",
    "Gate",
    "NotFound",
    "Principal",
    "Refusal",
    "TokenFileError",
    "TokenRegistry",
    "Unauthenticated",
    "api",
    "error_response",
    "json_response",
    "json_object",
    "load_json",
    "schema_of",
    "status_of",
]
