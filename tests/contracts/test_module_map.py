"""docs/architecture.md's module map names every concept folder of every service, and no folder
that is not there: a newcomer who reads it finds the code where it says."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "joint_review", "complaints", "notify")


def concept_folders(service: str) -> set[str]:
    package = ROOT / "services" / service / service
    return {
        path.name
        for path in package.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name != "migrations"
    }


def mapped_concepts(service: str) -> set[str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split(f"**{service}** (`services/{service}/{service}/`)", 1)[1].split("\n**", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)/` \|", section, flags=re.M))


def test_the_module_map_names_exactly_the_concept_folders_of_each_service():
    for service in SERVICES:
        folders = concept_folders(service)
        assert len(folders) >= 4, service
        assert mapped_concepts(service) == folders, service
