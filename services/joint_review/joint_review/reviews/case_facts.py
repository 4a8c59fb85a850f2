"""What a review takes from intake's ``case_accepted``: the materials, whether it is urgent and
each department's own review limit.

``case_accepted`` v1 does not list the application's materials; a producer that adds them may
give each as a name or as ``{"name": "宅基地申请表", "kind": "main", "presented": true}``. The
task message (``review_task_assigned`` v1) carries the names (``materials``), in order, once each,
and each one's main/attachment and presented as far as known (``material_details``, null when not
known) (R-JOINT-2). ``urgent`` is v1's required flag (R-KIND-7); absent means not urgent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def case_materials(case: Mapping[str, Any]) -> list[str]:
    """``{"materials": ["申请表", {"name": "四至图", "kind": "attachment"}]}`` -> ``["申请表", "四至图"]``."""
    names = []
    for material in case.get("materials") or ():
        name = material.get("name") if isinstance(material, Mapping) else material
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return list(dict.fromkeys(names))


def case_material_details(case: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``["户口簿", {"name": "四至图", "kind": "attachment", "presented": true}]`` ->
    ``[{"name": "户口簿", "kind": None, "presented": None}, {"name": "四至图", "kind":
    "attachment", "presented": True}]``: one per name, the first mention's facts."""
    details: dict[str, dict[str, Any]] = {}
    for material in case.get("materials") or ():
        facts = material if isinstance(material, Mapping) else {"name": material}
        name = facts.get("name")
        if isinstance(name, str) and name.strip() and name.strip() not in details:
            kind, presented = facts.get("kind"), facts.get("presented")
            details[name.strip()] = {
                "name": name.strip(),
                "kind": kind if kind in ("main", "attachment") else None,
                "presented": presented if isinstance(presented, bool) else None,
            }
    return list(details.values())


def case_urgent(case: Mapping[str, Any]) -> bool:
    """Intake's ``urgent`` flag; an older message without it is not urgent."""
    return case.get("urgent") is True


def case_department_limits(case: Mapping[str, Any]) -> dict[str, int]:
    """``case_accepted``'s ``department_limits`` (R-JOINT-2): ``{"natural_resources": 6}``; the
    well-formed entries only, empty when an older producer sent none."""
    found = case.get("department_limits")
    if not isinstance(found, Mapping):
        return {}
    return {
        department: days
        for department, days in found.items()
        if isinstance(department, str) and isinstance(days, int) and not isinstance(days, bool) and days > 0
    }


def department_limit(review: Mapping[str, Any], department: str) -> int:
    """R-JOINT-2: the department's own review limit in working days from receipt, as the review
    kept it from ``case_accepted``; the review's ``task_limit_days`` for a department not named."""
    days = (review.get("department_limits") or {}).get(department)
    return days if isinstance(days, int) and days > 0 else review["task_limit_days"]
