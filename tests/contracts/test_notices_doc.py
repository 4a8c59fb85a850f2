"""docs/notices.md lists every notice type notify issues (``CODES``), with its code and the
version of the template a new notice is rendered with, so the page cannot fall behind the code."""

import re
from pathlib import Path

from notify.notices import rendering
from notify.notices.rules import CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "notices.md"
ROW = re.compile(r"^\| `(?P<type>[a-z_]+)` \| (?P<code>[A-Z]{4}) \|.*\| v(?P<version>\d+) \|$", re.M)


def rows() -> dict[str, tuple[str, int]]:
    found = {m["type"]: (m["code"], int(m["version"])) for m in ROW.finditer(DOC.read_text("utf-8"))}
    assert found, "docs/notices.md has its table of notices"
    return found


def test_every_notice_type_notify_issues_has_its_row_with_its_code():
    documented = rows()
    assert sorted(set(CODES) - set(documented)) == []
    assert sorted(set(documented) - set(CODES)) == []
    assert {notice_type: code for notice_type, (code, _) in documented.items()} == CODES


def test_each_row_names_the_newest_template_version():
    stale = {
        notice_type: (version, rendering.versions(notice_type)[-1])
        for notice_type, (_, version) in rows().items()
        if rendering.versions(notice_type)[-1] != version
    }
    assert stale == {}
