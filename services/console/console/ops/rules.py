"""Pure helpers of the operator's pages: which service a URL names, what a delivery filter may be."""

from __future__ import annotations

from typing import Any

from console.backends.client import SERVICES

SERVICE_LABELS = {
    "intake": "受理服务",
    "joint_review": "联合审查服务",
    "complaints": "投诉服务",
    "notify": "通知服务",
}
DELIVERY_STATUSES = {"in_doubt": "存疑", "failed": "失败"}
DELIVERY_CHANNELS = {"sms": "短信", "email": "电子邮件", "inbox": "站内信", "letter": "纸质信函"}


def known_service(name: str) -> bool:
    return name in SERVICES


def delivery_statuses(asked: str | None) -> list[str]:
    """The delivery statuses a listing shows: the one asked for if it is one, else both."""
    return [asked] if asked in DELIVERY_STATUSES else list(DELIVERY_STATUSES)


def health_row(service: str, health: dict[str, Any] | None, backlog: dict[str, Any] | None) -> dict[str, Any]:
    """One line of the status page; ``None`` where the service did not answer."""
    ok = health is not None and health.get("status") == "ok"
    return {
        "service": service,
        "label": SERVICE_LABELS[service],
        "ok": ok,
        "database": (health or {}).get("database", "无应答"),
        "broker": (health or {}).get("broker", "无应答"),
        # up, but its queue consumers not yet consuming (a service that is starting)
        "starting": health is not None and health.get("consumers", "ok") != "ok",
        "backlog": backlog,
    }
