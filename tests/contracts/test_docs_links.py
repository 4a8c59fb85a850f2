"""Every relative link of README.md and docs/**.md points to a file of the repository, so a moved
module or a renamed guide is noticed here rather than by a reader."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCED = re.compile(r"^\s*```.*?^\s*```", re.S | re.M)  # a link inside a code block is no link
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto:


def relative_links(document: Path) -> list[str]:
    text = FENCED.sub("", document.read_text("utf-8"))
    targets = (match.group(1) for match in LINK.finditer(text))
    return [target for target in targets if not EXTERNAL.match(target) and not target.startswith("#")]


def test_the_readme_and_the_guides_are_among_the_documents_checked():
    names = {path.relative_to(ROOT).as_posix() for path in DOCUMENTS}
    assert {"README.md", "docs/architecture.md", "docs/guides/operator.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_relative_link_points_to_a_file_inside_the_repository(document):
    broken = []
    for target in relative_links(document):
        path = (document.parent / target.split("#", 1)[0]).resolve()
        if not path.is_relative_to(ROOT) or not path.exists():
            broken.append(target)
    assert broken == [], f"{document.relative_to(ROOT)} links to what is not in the repository"
