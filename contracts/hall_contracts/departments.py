"""The hall's one directory of departments (部门目录) and the hall's own contact.

Every service reads the departments stationed in the hall from here: a code (``natural_resources``)
is what events, tokens, queues and the catalogue carry; the directory gives what a person reads
(``自然资源局``), the department's phone and address and where its windows are in the hall. The
hall's block gives its name, address, phone, opening hours, the public tracking page (where an
applicant follows and rates a case), and the bodies the remedies name (行政复议机关, 人民法院).

The data is ``departments.json`` beside this module; a deployment points ``HALL_DIRECTORY_FILE``
at its own copy. No service keeps a list of its own.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).with_name("departments.json")
PATH_VARIABLE = "HALL_DIRECTORY_FILE"
HALL_FIELDS = ("name", "address", "phone", "hours", "tracking_url", "review_body", "court")
DEPARTMENT_FIELDS = ("code", "name", "phone", "address", "hall")


class DirectoryError(ValueError):
    """The directory file is unusable: every problem is listed."""


@dataclass(frozen=True)
class Department:
    code: str
    name: str  # 自然资源局
    phone: str
    address: str  # the department's own offices
    hall: str  # where its windows are in the service hall
    review_body: str  # where its decisions are reviewed (行政复议), the hall's unless it says


@dataclass(frozen=True)
class Hall:
    name: str
    address: str
    phone: str
    hours: str
    tracking_url: str  # the applicant's tracking page: <tracking_url>/<case_no>
    review_body: str  # 行政复议机关 of the county's departments
    court: str  # 有管辖权的人民法院

    def as_dict(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in HALL_FIELDS}


@dataclass(frozen=True)
class Directory:
    hall: Hall
    departments: dict[str, Department]

    def name(self, code: str) -> str:
        """The department's Chinese name; an unknown code is printed as it is, never hidden."""
        found = self.departments.get(code)
        return found.name if found else code

    def codes(self) -> frozenset[str]:
        return frozenset(self.departments)


def _problems(raw: object) -> list[str]:
    if not isinstance(raw, dict) or not isinstance(raw.get("hall"), dict):
        return ["the file needs a 'hall' object and a 'departments' list"]
    found = [f"hall.{key} is missing" for key in HALL_FIELDS if not raw["hall"].get(key)]
    entries = raw.get("departments")
    if not isinstance(entries, list) or not entries:
        return [*found, "'departments' must be a non-empty list"]
    seen: set[object] = set()
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            found.append(f"departments[{position}] is not an object")
            continue
        found += [
            f"departments[{position}].{key} is missing" for key in DEPARTMENT_FIELDS if not entry.get(key)
        ]
        if entry.get("code") in seen:
            found.append(f"departments[{position}]: code {entry.get('code')!r} is repeated")
        seen.add(entry.get("code"))
    return found


def parse(raw: object) -> Directory:
    """The directory in ``raw`` (the file's JSON); raises ``DirectoryError`` naming every problem."""
    problems = _problems(raw)
    if problems:
        raise DirectoryError("; ".join(problems))
    assert isinstance(raw, dict)
    hall = Hall(**{key: str(raw["hall"][key]) for key in HALL_FIELDS})
    departments = {
        entry["code"]: Department(
            **{key: str(entry[key]) for key in DEPARTMENT_FIELDS},
            review_body=str(entry.get("review_body") or hall.review_body),
        )
        for entry in raw["departments"]
    }
    return Directory(hall, departments)


def load(path: Path | str | None = None) -> Directory:
    """Read the directory from ``path``, else ``HALL_DIRECTORY_FILE``, else the shipped file."""
    chosen = Path(path or os.environ.get(PATH_VARIABLE) or DEFAULT_PATH)
    return parse(json.loads(chosen.read_text(encoding="utf-8")))


@cache
def directory() -> Directory:
    """The directory the process runs with (read once)."""
    return load()


def department_name(code: str) -> str:
    """``natural_resources`` -> ``自然资源局`` (an unknown code as it is)."""
    return directory().name(code)


def department_codes() -> frozenset[str]:
    return directory().codes()


def department_names() -> dict[str, str]:
    """``{code: name}`` of every department, in the file's order."""
    return {code: found.name for code, found in directory().departments.items()}
