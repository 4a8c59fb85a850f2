"""Issue 16: a running service serves its API reference page at ``GET /docs`` with every file
it needs (no internet), pointing at its own ``/openapi.json``; the edge's rules still hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web_api import api_docs

HERE = Path(api_docs.__file__).parent


@pytest.fixture
def intake(intake_http):
    return intake_http.container


def test_the_page_loads_with_its_files_and_names_the_document(intake, web_session):
    page = web_session.get("/docs")
    assert page.status_code == 200, page.text
    assert page.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert 'data-openapi="openapi.json"' in page.text
    linked = re.findall(r'(?:src|href)="(docs/assets/[^"]+)"', page.text)
    assert {"docs/assets/swagger-ui-bundle.js", "docs/assets/swagger-ui.css", "docs/assets/LICENSE"} <= set(
        linked
    )
    for link in linked:
        served = web_session.get("/" + link)
        assert served.status_code == 200, link
        assert served.content == (HERE / link.removeprefix("docs/assets/")).read_bytes(), link
    document = web_session.get("/openapi.json").json()
    assert document["paths"]["/docs"]["get"]["operationId"] == "api_docs_page"


def test_the_js_and_css_have_their_media_types(intake, web_session):
    assert (
        web_session.get("/docs/assets/swagger-ui-bundle.js")
        .headers["Content-Type"]
        .startswith("text/javascript")
    )
    assert web_session.get("/docs/assets/swagger-ui.css").headers["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/docs/assets/VENDORED.json", "/docs/assets/nope.js", "/docs/nope/x"])
def test_anything_else_under_docs_is_the_edges_json_404(intake, web_session, path):
    answer = web_session.get(path)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_the_page_is_read_only(intake, web_session):
    answer = web_session.post("/docs", json={})
    assert answer.status_code == 405
    assert answer.json()["error"]["code"] == "method_not_allowed"
