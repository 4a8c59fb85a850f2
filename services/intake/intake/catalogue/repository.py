"""The public catalogue, loaded from the data file shipped with the service.

``Catalogue.load`` checks the whole file before the service starts: an item that hides one of
its public facts (R-CAT-1) or breaks a rule (R-CAT-3, R-KIND-*) is refused, with every problem
listed at once, so the hall never promises what its own catalogue cannot keep.
"""

from __future__ import annotations

import json
from pathlib import Path

from intake.catalogue.rules import CatalogueError, Fee, Material, ServiceItem, UnknownItem

# the data file stays at the package root: deploy, notify and the tests read it by that path
DEFAULT_PATH = Path(__file__).parent.parent / "catalogue.json"

# R-CAT-1: the department, the name, the procedure, the materials, the limits, fees and basis;
# R-ONCE-1: the basic conditions, and the prerequisites (a list that may be empty: none needed).
PUBLIC_FACTS = (
    "code",
    "name",
    "department",
    "kind",
    "conditions",
    "procedure",
    "materials",
    "legal_days",
    "promised_days",
    "fees",
    "basis",
)
LISTED_FACTS = ("prerequisites",)  # always stated, an empty list when there are none
# review_days (joint items): {"natural_resources": 5, ...}, each involved department's own review
# limit in working days (R-JOINT-2); a department left out gets DEFAULT_REVIEW_DAYS
OPTIONAL_FACTS = ("departments", "forwarding_days", "review_days")


class Catalogue:
    def __init__(self, items: dict[str, ServiceItem]):
        self._items = items

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Catalogue:
        """Read and check the file; raise ``CatalogueError`` listing every problem."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            entries = raw["items"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CatalogueError([f"{path}: 不是有效的目录文件 (not a catalogue file: {exc})"]) from None
        problems: list[str] = []
        items: dict[str, ServiceItem] = {}
        seen: set[str] = set()
        for position, entry in enumerate(entries, start=1):
            code = entry.get("code") if isinstance(entry, dict) else None
            code = code if isinstance(code, str) else None
            label = code or f"#{position}"
            if code is not None and code in seen:
                problems.append(f"{code}: 事项编码重复 (duplicate code)")
                continue
            seen.add(code or label)
            item, found = parse_item(entry, label)
            problems += found
            if item is not None:
                problems += item.rule_breaches()
                items[item.code] = item
        if problems:
            raise CatalogueError(problems)
        return cls(items)

    def get(self, code: str) -> ServiceItem:
        try:
            return self._items[code]
        except KeyError:
            raise UnknownItem(f"目录中没有事项 {code} (no catalogue item {code})") from None

    def items(self) -> list[ServiceItem]:
        return list(self._items.values())


def parse_item(entry, label: str) -> tuple[ServiceItem | None, list[str]]:
    """One entry of the file as a ``ServiceItem``, or ``None`` and why not."""
    if not isinstance(entry, dict):
        return None, [f"{label}: 事项必须是 JSON 对象 (an item must be an object)"]
    problems = [
        f"{label}: 缺少公开要素 {fact} (missing public fact {fact})"
        for fact in PUBLIC_FACTS
        if entry.get(fact) in (None, "", [])
    ]
    problems += [
        f"{label}: 缺少公开要素 {fact}（没有时写空列表） (missing public fact {fact}: [] for none)"
        for fact in LISTED_FACTS
        if fact not in entry
    ]
    problems += [
        f"{label}: 未知字段 {key} (unknown field)"
        for key in entry
        if key not in PUBLIC_FACTS + LISTED_FACTS + OPTIONAL_FACTS
    ]
    problems += _shape_problems(entry, label)
    if problems:
        return None, problems
    item = ServiceItem(
        code=entry["code"],
        name=entry["name"],
        department=entry["department"],
        kind=entry["kind"],
        legal_days=entry["legal_days"],
        promised_days=entry["promised_days"],
        procedure=tuple(entry["procedure"]),
        materials=tuple(Material(m["name"], m["kind"]) for m in entry["materials"]),
        conditions=tuple(entry["conditions"]),
        prerequisites=tuple(entry["prerequisites"]),
        fees=tuple(Fee(f["item"], f["amount_yuan"], f["basis"]) for f in entry["fees"]),
        basis=entry["basis"],
        departments=tuple(entry.get("departments") or (entry["department"],)),
        forwarding_days=entry.get("forwarding_days"),
        review_days=tuple((entry.get("review_days") or {}).items()),
    )
    return item, []


def _shape_problems(entry: dict, label: str) -> list[str]:
    problems = []
    for fact in ("legal_days", "promised_days", "forwarding_days"):
        value = entry.get(fact)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append(f"{label}: {fact} 必须是非负整数 (must be a whole number of working days)")
    for fact, keys in (("materials", ("name", "kind")), ("fees", ("item", "amount_yuan", "basis"))):
        for part in entry.get(fact) or ():
            if not isinstance(part, dict) or any(part.get(key) in (None, "") for key in keys):
                problems.append(f"{label}: {fact} 的每一项须有 {'/'.join(keys)} (each needs {keys})")
    for fact in ("procedure", "conditions", "prerequisites"):
        value = entry.get(fact)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(line, str) and line.strip() for line in value)
        ):
            problems.append(f"{label}: {fact} 须为文字条目的列表 (must be a list of text lines)")
    review_days = entry.get("review_days")
    if review_days is not None and not (
        isinstance(review_days, dict)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in review_days.values())
    ):
        problems.append(f"{label}: review_days 须为 部门: 工作日数 (must map departments to working days)")
    return problems
