"""docs/rules.md is where a newcomer finds a rule: every test named after a rule id is listed under
that rule, and every file the page names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "docs" / "rules.md"
SOURCE_ROOTS = [
    ROOT,
    *sorted((ROOT / "services").glob("*")),
    *sorted((ROOT / "libs").glob("*")),
    ROOT / "contracts",
]


def rule_sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### (R-[A-Z]+-\d+)[ \t]*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def rule_named_tests() -> set[tuple[str, str]]:
    found = set()
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for match in re.finditer(
            r"^\s*def test_(r_[a-z]+_\d+)_", path.read_text(encoding="utf-8"), flags=re.M
        ):
            found.add((match.group(1).upper().replace("_", "-"), str(path.relative_to(ROOT))))
    return found


def test_every_test_named_after_a_rule_is_listed_under_that_rule():
    sections = rule_sections(RULES.read_text(encoding="utf-8"))
    assert len(sections) >= 40
    named = rule_named_tests()
    assert len(named) > 100
    assert sorted((rule, path) for rule, path in named if rule not in sections) == []
    assert sorted((rule, path) for rule, path in named if path not in sections[rule]) == []


def test_every_file_the_rules_page_names_exists():
    text = RULES.read_text(encoding="utf-8")
    named = set(re.findall(r"`([A-Za-z0-9_./-]+/[A-Za-z0-9_.-]+\.(?:py|json|yml|j2))`", text))
    assert len(named) > 100
    missing = sorted(path for path in named if not any((root / path).is_file() for root in SOURCE_ROOTS))
    assert missing == []
