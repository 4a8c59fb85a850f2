"""Requests a window sends to intake, shared by the service, integration and reliability tiers.

The tokens are the development tokens of ``deploy/access/dev-tokens.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_TOKENS = REPO_ROOT / "deploy" / "access" / "dev-tokens.json"
CATALOGUE = json.loads((REPO_ROOT / "services" / "intake" / "intake" / "catalogue.json").read_text("utf-8"))
ITEMS = {item["code"]: item for item in CATALOGUE["items"]}
# the development token of a window of each department
WINDOW_TOKENS = {
    "market_regulation": "dev-window-market",
    "civil_affairs": "dev-window-civil",
    "natural_resources": "dev-window-natres",
    "housing_construction": "dev-window-housing",
    "agriculture_rural": "dev-window-agriculture",
    "public_security": "dev-window-security",
    "transport": "dev-window-transport",
    "human_resources_social_security": "dev-window-hr-social",
}
STAFF = {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"}
# R-FIRST-1: the first responder is the caller; the body adds only the work phone for the receipt
WORK_PHONE = {"phone": STAFF["phone"]}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def window_of(item_code: str) -> dict:
    """The Authorization header of a window of the item's department."""
    return bearer(WINDOW_TOKENS[ITEMS[item_code]["department"]])


def materials(item_code: str, kind: str | None = None) -> list[str]:
    return [m["name"] for m in ITEMS[item_code]["materials"] if kind in (None, m["kind"])]


def case_body(item_code: str = "SC-010", **changes) -> dict:
    """A complete application: every material the catalogue asks for is presented."""
    return {
        "item_code": item_code,
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "presented": materials(item_code),
        "first_responder": dict(WORK_PHONE),
        **changes,
    }
