"""The HTTP side of ``hall``: intake's API with a bearer token (``--intake-url``/``$HALL_INTAKE_URL``,
``--token``/``$HALL_TOKEN``). A refusal of the API is shown with its stable code and its Chinese
message; an unreachable service is named, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
import requests

from hall_cli.output import Refused

DEFAULT_INTAKE_URL = "http://127.0.0.1:8001"
TIMEOUT = 60
F = TypeVar("F", bound=Callable[..., Any])


def intake_options(function: F) -> F:
    """``--intake-url`` and ``--token`` on a command."""
    function = click.option(
        "--token",
        envvar="HALL_TOKEN",
        required=True,
        help="bearer token (default: $HALL_TOKEN) / 访问令牌",
    )(function)
    function = click.option(
        "--intake-url",
        envvar="HALL_INTAKE_URL",
        default=DEFAULT_INTAKE_URL,
        show_default=True,
        help="intake's HTTP API (or $HALL_INTAKE_URL) / 受理服务地址",
    )(function)
    return function


def call(method: str, url: str, token: str, **kwargs: Any) -> requests.Response:
    """One request; a 4xx/5xx answer or an unreachable service becomes a ``Refused``."""
    headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
    try:
        answer = requests.request(method, url, headers=headers, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as error:
        raise Refused("unreachable", f"无法连接服务 (cannot reach {url}): {error}") from None
    if answer.status_code >= 400:
        raise refusal_of(answer)
    return answer


def refusal_of(answer: requests.Response) -> Refused:
    """The API's ``{"error": {"code", "message", "details"}}`` as a ``Refused``."""
    try:
        error = answer.json()["error"]
        return Refused(
            str(error["code"]),
            f"{error['message']} (HTTP {answer.status_code})",
            details=error.get("details"),
        )
    except (ValueError, KeyError, TypeError):
        return Refused(
            f"http_{answer.status_code}", f"服务拒绝了请求 (HTTP {answer.status_code}): {answer.text[:200]}"
        )
