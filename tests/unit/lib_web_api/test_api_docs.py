"""The API reference page's files: vendored from npm exactly as VENDORED.json records, the
version package-lock.json pins, with their licence; the page loads only its own files."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from web_api import api_docs
from web_api.errors import ApiError

HERE = Path(api_docs.__file__).parent
VENDOR = Path(__file__).parents[3] / "libs" / "web_api" / "api_docs_vendor"
MANIFEST = json.loads((HERE / "VENDORED.json").read_text())


def test_the_vendored_files_are_the_ones_the_manifest_records():
    for name, digest in MANIFEST["files"].items():
        assert hashlib.sha256((HERE / name).read_bytes()).hexdigest() == digest, name


def test_the_manifest_matches_the_npm_lock():
    locked = json.loads((VENDOR / "package-lock.json").read_text())["packages"]
    package = locked[f"node_modules/{MANIFEST['package']}"]
    wanted = json.loads((VENDOR / "package.json").read_text())["dependencies"][MANIFEST["package"]]
    assert MANIFEST["version"] == package["version"] == wanted
    assert MANIFEST["integrity"] == package["integrity"]


def test_every_served_file_is_vendored_or_ours_and_the_licence_is_among_them():
    assert {"LICENSE", "NOTICE"} <= set(api_docs.ASSETS)
    assert set(MANIFEST["files"]) <= set(api_docs.ASSETS)
    for name in api_docs.ASSETS:
        assert files("web_api.api_docs").joinpath(name).is_file(), name
    assert "Apache License" in (HERE / "LICENSE").read_text()


def test_the_page_points_at_the_document_and_loads_only_its_own_files():
    page = api_docs.page("intake")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'data-openapi="openapi.json"' in body and "intake" in body
    linked = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert linked and all(link == "openapi.json" or link.startswith("docs/assets/") for link in linked)
    assert {link.removeprefix("docs/assets/") for link in linked if link != "openapi.json"} <= set(
        api_docs.ASSETS
    )
    assert "<script>" not in body  # no inline script: the CSP allows only 'self'
    assert "script-src 'self';" in page.headers["Content-Security-Policy"]


def test_the_starter_script_reads_the_documents_address_and_calls_nothing_outside():
    script = (HERE / "hall-api-docs.js").read_text()
    assert 'getAttribute("data-openapi")' in script and "validatorUrl: null" in script
    assert "http" not in script.replace("//", "")


def test_an_asset_is_served_with_its_type_and_an_unknown_name_is_a_404():
    served = api_docs.asset("swagger-ui.css")
    assert served.mimetype == "text/css"
    assert served.get_data() == (HERE / "swagger-ui.css").read_bytes()
    for name in ("VENDORED.json", "__init__.py", "..", "swagger-ui-bundle.js.map"):
        with pytest.raises(ApiError) as refused:
            api_docs.asset(name)
        assert (refused.value.status, refused.value.code) == (404, "not_found")


def test_an_installed_web_api_carries_every_file_the_page_serves(tmp_path):
    """``pip install libs/web_api`` (not editable) ships every file the page serves: the wheel the
    locked hatchling builds holds each of them (a file git ignores would be left out)."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(VENDOR.parent),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("hall_web_api-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in api_docs.ASSETS if f"web_api/api_docs/{name}" not in names] == []
