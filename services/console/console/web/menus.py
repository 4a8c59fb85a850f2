"""What each role finds in the console's menu: the same roles the APIs admit, never more.

A menu only shows the way; every page also checks the role (``web.pages.page``) and every call
carries the person's own token, so the service's rules decide what comes back.
"""

from __future__ import annotations

ROLE_NAMES = {
    "window_staff": "窗口工作人员",
    "window_head": "窗口负责人",
    "lead_window": "牵头窗口",
    "reviewer": "部门审查人员",
    "complaints_office": "投诉受理办公室",
    "supervision": "督查室",
    "operator": "运维人员",
}

WINDOW_ROLES = ("window_staff", "window_head", "lead_window")

MENUS: dict[str, tuple[tuple[str, str], ...]] = {
    "window_staff": (("窗口办件", "/cases"), ("受理办件", "/cases/new")),
    "window_head": (("窗口办件", "/cases"), ("受理办件", "/cases/new")),
    "lead_window": (("联合审查", "/joint"), ("窗口办件", "/cases"), ("受理办件", "/cases/new")),
    "reviewer": (("审查任务", "/tasks"), ("审查人员与请假", "/reviewers")),
    "supervision": (
        ("超期督办", "/supervision"),
        ("评价与得分", "/supervision/scores"),
        ("收到的通知", "/supervision/inbox"),
    ),
    "complaints_office": (
        ("投诉", "/complaints"),
        ("登记投诉", "/complaints/new"),
        ("办不成事窗口", "/desk"),
    ),
    "operator": (("运行状况", "/ops"), ("死信", "/ops/dead-letters"), ("投递失败", "/ops/deliveries")),
}
PUBLIC_MENU = (
    ("办事指南", "/public/catalogue"),
    ("工作日计算", "/public/calculator"),
    ("办件查询", "/public/tracking"),
    ("投诉建议", "/public/complaint"),
)


def menu_for(role: str | None) -> tuple[tuple[str, str], ...]:
    """The entries of a role's menu; the public's when nobody is signed in."""
    return MENUS.get(role or "", ()) if role else PUBLIC_MENU


def home_of(role: str) -> str:
    """Where a person lands after signing in: the first entry of their menu."""
    entries = MENUS.get(role, ())
    return entries[0][1] if entries else "/"
