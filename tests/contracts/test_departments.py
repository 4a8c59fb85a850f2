"""The hall's one department directory (hall_contracts.departments): every department code any
service, token, queue, catalogue item or sample uses is in it, and the services read their names
from it instead of keeping lists of their own that disagree."""

import json
import re
from pathlib import Path

import pytest

from hall_contracts import departments
from hall_contracts.samples import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
CODES = departments.department_codes()
NAMES = departments.department_names()


def catalogue_codes() -> set[str]:
    items = json.loads((ROOT / "services/intake/intake/catalogue.json").read_text("utf-8"))["items"]
    return {item["department"] for item in items} | {
        code for item in items for code in item.get("departments", [])
    }


def token_codes() -> set[str]:
    tokens = json.loads((ROOT / "deploy/access/dev-tokens.json").read_text("utf-8"))
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("department"), str):
                found.add(node["department"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tokens)
    return found


def joint_review_queue_codes() -> set[str]:
    config = (ROOT / "services/joint_review/config.yml").read_text("utf-8")
    default = re.search(r"^DEPARTMENTS: \$\{DEPARTMENTS:([a-z_,]+)\}", config, flags=re.M)
    assert default, "joint_review's config.yml declares its departments' task queues"
    return set(default[1].split(","))


def sample_codes() -> set[str]:
    found: set[str] = set()

    def walk(node, key=""):
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif key in ("department", "lead_department", "departments") and isinstance(node, str):
            found.add(node)

    for build in SAMPLES.values():
        walk(build()["data"])
    return found


@pytest.mark.parametrize(
    "where", [catalogue_codes, token_codes, joint_review_queue_codes, sample_codes], ids=lambda f: f.__name__
)
def test_every_department_code_in_use_is_in_the_directory(where):
    used = where()
    assert used and used <= CODES, sorted(used - CODES)


def test_each_department_has_a_chinese_name_a_phone_an_address_and_its_place_in_the_hall():
    for code, entry in departments.directory().departments.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code)
        assert re.search(r"[\u4e00-\u9fff]", entry.name) and entry.phone and entry.address and entry.hall
        assert entry.review_body
    hall = departments.directory().hall
    assert hall.address and hall.phone and hall.tracking_url.startswith("https://") and hall.court


def test_the_services_read_the_directory_and_keep_no_list_of_their_own():
    from complaints.desk.rules import DEPARTMENTS
    from notify.notices import rendering

    assert DEPARTMENTS == NAMES
    assert not hasattr(rendering, "DEPARTMENTS")
    codes = "|".join(sorted(CODES))
    pairs = re.compile(r"""["'](""" + codes + r""")["']\s*:\s*["'][^"']*[\u4e00-\u9fff]""")
    copies = [
        f"{path.relative_to(ROOT)}: {found.group(0)}"
        for base in ("services", "libs", "agents")
        for path in (ROOT / base).rglob("*.py")
        if "migrations" not in path.parts
        for found in [pairs.search(path.read_text("utf-8"))]
        if found
    ]
    assert copies == []


def test_a_deployment_points_hall_directory_file_at_its_own_copy(tmp_path, monkeypatch):
    own = json.loads(departments.DEFAULT_PATH.read_text("utf-8"))
    own["hall"]["phone"] = "0571-0000-0000"
    path = tmp_path / "directory.json"
    path.write_text(json.dumps(own, ensure_ascii=False), "utf-8")
    monkeypatch.setenv(departments.PATH_VARIABLE, str(path))
    assert departments.load().hall.phone == "0571-0000-0000"


def test_a_directory_file_with_problems_is_refused_naming_every_one():
    raw = json.loads(departments.DEFAULT_PATH.read_text("utf-8"))
    del raw["hall"]["court"]
    raw["departments"].append(dict(raw["departments"][0], phone=""))
    with pytest.raises(departments.DirectoryError) as refused:
        departments.parse(raw)
    assert "hall.court" in str(refused.value) and ".phone is missing" in str(refused.value)
    assert "is repeated" in str(refused.value)
