"""The catalogue's records and rules: items, materials, fees (R-CAT-1, R-CAT-3, R-KIND-*).

Rules only, no framework; the kinds of case are decided in ``intake.cases.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.refusals import IntakeError, InvalidRequest
from refusals import Misconfigured, NotFound


class UnknownItem(IntakeError, NotFound):
    code = "unknown_item"


class CatalogueError(IntakeError, Misconfigured):
    """The catalogue file breaks the rules; ``problems`` lists every one, each naming its item."""

    code = "catalogue_invalid"

    def __init__(self, problems: list[str]):
        super().__init__("服务事项目录有误 (the catalogue is invalid): " + "; ".join(problems))
        self.problems = list(problems)


ITEM_KINDS = ("immediate", "promised", "joint", "escalated")
MATERIAL_KINDS = ("main", "attachment")
JOINT_MIN_DEPARTMENTS = 3  # R-KIND-5: 3 or more windows/departments
PROMISED_MAX_DAYS = 10  # R-KIND-2: a promised item is done within 10 working days at most
# R-JOINT-2: a joint item's department without its own stated review limit gets this many working
# days from receipt of its task (never more than the item's promised limit)
DEFAULT_REVIEW_DAYS = 3


@dataclass(frozen=True)
class Material:
    name: str
    kind: str  # main | attachment (R-KIND-3, R-KIND-4 turn on this)


@dataclass(frozen=True)
class Fee:
    item: str
    amount_yuan: float  # 0 for a free item, which still names its basis
    basis: str


@dataclass(frozen=True)
class ServiceItem:
    """One catalogue item and its public facts (R-CAT-1)."""

    code: str
    name: str
    department: str
    kind: str
    legal_days: int
    promised_days: int
    procedure: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    conditions: tuple[str, ...] = ()  # R-ONCE-1: the basic conditions (基本条件)
    prerequisites: tuple[str, ...] = ()  # R-ONCE-1: what must be done first (前置手续), maybe none
    fees: tuple[Fee, ...] = ()
    basis: str = ""
    departments: tuple[str, ...] = ()  # joint items: the lead first, then the involved ones
    forwarding_days: int | None = None  # escalated items: promised days to forward upwards
    review_days: tuple[tuple[str, int], ...] = ()  # joint items: (department, its own review limit)

    @property
    def lead(self) -> str:
        return self.departments[0] if self.departments else self.department

    @property
    def review_limits(self) -> dict[str, int]:
        """R-JOINT-2: each involved department's own review limit in working days, as stated, else
        ``DEFAULT_REVIEW_DAYS`` capped at the promised limit; empty for an item that is not joint."""
        if self.kind != "joint":
            return {}
        stated = dict(self.review_days)
        default = max(1, min(DEFAULT_REVIEW_DAYS, self.promised_days))
        return {department: stated.get(department, default) for department in self.departments}

    def rule_breaches(self) -> list[str]:
        """What this item breaks of R-CAT-3 and R-KIND-*, each problem naming the item."""
        found = [*self._limit_breaches(), *self._kind_breaches()]
        found += [
            f"{self.code}: 材料 {m.name} 的类型 {m.kind!r} 不是 main/attachment (unknown material kind)"
            for m in self.materials
            if m.kind not in MATERIAL_KINDS
        ]
        return found

    def _limit_breaches(self) -> list[str]:
        if self.kind == "immediate":
            if self.promised_days != 0:
                return [
                    f"{self.code}: 即办件承诺时限应为 0 (an immediate item promises 0 days, "
                    f"not {self.promised_days})"
                ]
            return []
        if self.promised_days < 1:
            return [f"{self.code}: 承诺时限至少 1 个工作日 (promised_days must be at least 1)"]
        if self.kind == "promised" and self.promised_days > PROMISED_MAX_DAYS:
            return [
                f"{self.code}: 承诺件时限 {self.promised_days} 超过 {PROMISED_MAX_DAYS} 个工作日 "
                f"(R-KIND-2: a promised item's limit is at most {PROMISED_MAX_DAYS} working days)"
            ]
        if self.promised_days * 2 > self.legal_days:
            return [
                f"{self.code}: 承诺时限 {self.promised_days} 超过法定时限 {self.legal_days} 的一半 "
                f"(R-CAT-3: the promised limit is at most half the legal limit)"
            ]
        return []

    def _kind_breaches(self) -> list[str]:
        if self.kind not in ITEM_KINDS:
            return [f"{self.code}: 未知的事项类型 {self.kind!r} (unknown kind)"]
        found = []
        if self.kind == "joint" and len(set(self.departments)) < JOINT_MIN_DEPARTMENTS:
            found.append(
                f"{self.code}: 联办件须涉及 3 个及以上部门 (R-KIND-5: a joint item needs "
                f"3 or more departments, has {len(set(self.departments))})"
            )
        if self.departments and self.departments[0] != self.department:
            found.append(
                f"{self.code}: 牵头部门应列在 departments 首位 (the lead department "
                f"{self.department} must come first)"
            )
        found += self._review_day_breaches()
        if self.kind == "escalated" and not self.forwarding_days:
            found.append(
                f"{self.code}: 上报件须承诺上报时限 (R-KIND-6: an escalated item needs forwarding_days)"
            )
        return found

    def _review_day_breaches(self) -> list[str]:
        """R-JOINT-2: review limits only on a joint item, for its own departments, 1..promised days."""
        if self.review_days and self.kind != "joint":
            return [f"{self.code}: 只有联办件可规定部门审查时限 (review_days is for joint items only)"]
        return [
            f"{self.code}: 部门 {department} 的审查时限 {days} 须为 1 至 {self.promised_days} 个工作日，"
            f"且该部门须参与联办 (a department's review limit is 1..promised_days working days, "
            f"for an involved department)"
            for department, days in self.review_days
            if department not in self.departments or not 1 <= days <= self.promised_days
        ]


def promised_cap(item: ServiceItem, limit_days: int) -> int:
    """R-KIND-2 at acceptance: a promised case's limit, refused when over 10 working days.

    The catalogue refuses such an item when it loads; this keeps any other way to a limit (an item
    built in code, a future override) from giving a promised case a longer one.
    """
    if item.kind == "promised" and limit_days > PROMISED_MAX_DAYS:
        problem = (
            f"承诺件 {item.code} 的办理时限 {limit_days} 超过 {PROMISED_MAX_DAYS} 个工作日 "
            f"(R-KIND-2: a promised case's limit is at most {PROMISED_MAX_DAYS} working days)"
        )
        raise InvalidRequest(problem, {"item_code": [problem]})
    return limit_days
