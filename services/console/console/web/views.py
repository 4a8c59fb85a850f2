"""Rendering pages: one Jinja environment (autoescaped), the context every page gets."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.wrappers import Response

from console.web.menus import ROLE_NAMES, menu_for
from console.web.messages import chinese
from hall_contracts.departments import department_name

HTML = "text/html; charset=utf-8"
HALL_TIME = ZoneInfo("Asia/Shanghai")
KINDS = {
    "immediate": "即办件",
    "promised": "承诺件",
    "joint": "联办件",
    "escalated": "上报件",
    "supplement": "补齐补正件",
    "refused": "不予受理件",
    "returned": "不予受理件",
}
STATUSES = {
    "accepted": "已受理",
    "in_progress": "办理中",
    "awaiting_supplement": "待补正",
    "suspended": "已暂停",
    "forwarding": "待上报",
    "with_authority": "上级审批中",
    "in_joint_review": "联合审查中",
    "awaiting_authority": "上级审批中",
    "returned": "已退回",
    "completed": "已办结",
    "refused": "不予受理",
    "approved": "准予",
    "rejected": "不予批准",
    "open": "办理中",
    "closed": "已办结",
}


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("console", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(kind=lambda v: KINDS.get(v, v), status=lambda v: STATUSES.get(v, v))
    env.filters.update(role=lambda v: ROLE_NAMES.get(v, v), zh=chinese, day=_day, moment=_moment)
    env.filters.update(department=_department)
    return env


def render(request: Any, template: str, status: int = 200, **context: Any) -> Response:
    """The page ``template`` with what every page needs: the visitor, their menu, the CSRF
    token of forms, the form sent back (``form``) and its problems (``errors``)."""
    visitor = getattr(request, "visitor", None)
    context.setdefault("form", {})
    context.setdefault("errors", {})
    body = (
        environment()
        .get_template(template)
        .render(
            visitor=visitor,
            menu=menu_for(visitor.role if visitor else None),
            csrf=getattr(request, "csrf", ""),
            path=request.path,
            **context,
        )
    )
    return Response(body, status=status, content_type=HTML)


def redirect(location: str, status: int = 303) -> Response:
    """After a form: see the result at ``location`` (303: the browser GETs it)."""
    return Response("", status=status, headers={"Location": location})


def sign_in_redirect(request: Any) -> Response:
    target = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect("/login?next=" + quote(target, safe="/"))


def _day(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value or "")[:10]


def _moment(value: Any) -> str:
    """A service's ISO time as the hall reads it: China time, to the minute.

    >>> _moment("2026-12-05T03:26:00+00:00"), _moment("2026-12-05"), _moment(None)
    ('2026-12-05 11:26', '2026-12-05', '')
    """
    text = str(value or "")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:16].replace("T", " ")
    if moment.tzinfo is None:
        return text[:16].replace("T", " ") if "T" in text else text
    return moment.astimezone(HALL_TIME).strftime("%Y-%m-%d %H:%M")


def _department(code: Any) -> str:
    try:
        return department_name(str(code))
    except (KeyError, ValueError):
        return str(code or "")
