"""What a review takes from intake's ``case_accepted``: the materials and whether it is urgent.

``case_accepted`` v1 does not list the application's materials; a producer that adds them may
give each as a name or as ``{"name": "宅基地申请表", "kind": "main", "presented": true}``. The
task message (``review_task_assigned`` v1) carries material names only, so the names are kept, in
order, once each (R-JOINT-2). ``urgent`` is v1's required flag (R-KIND-7); absent means not urgent.
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


def case_urgent(case: Mapping[str, Any]) -> bool:
    """Intake's ``urgent`` flag; an older message without it is not urgent."""
    return case.get("urgent") is True
