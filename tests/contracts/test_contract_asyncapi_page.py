"""docs/asyncapi.html is the AsyncAPI document as it is now (regenerate it with
``python -m hall_contracts.asyncapi_page``), shows every channel and message, and the README
links it."""

import re
from pathlib import Path

import yaml

from hall_contracts.asyncapi_html import markdown
from hall_contracts.asyncapi_page import ASYNCAPI, PAGE, render

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_page_is_up_to_date():
    assert PAGE == REPO_ROOT / "docs" / "asyncapi.html"
    assert PAGE.read_text(encoding="utf-8") == render(), "run python -m hall_contracts.asyncapi_page"


def test_the_page_shows_every_channel_message_and_sample():
    document = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))
    page = render()
    for name in document["channels"]:
        assert f'<section class="channel" id="{name}">' in page, name
    for message in document["components"]["messages"].values():
        assert f"<code>{message['messageId']}</code>" in page, message["messageId"]
    assert page.count("<details><summary>Example</summary>") == len(document["channels"]) - 1
    assert "HALL-20260105-7KQ2M9XA" in page  # a sample's case number, shown as it is


def test_the_page_follows_a_change_of_the_document(tmp_path):
    changed = tmp_path / "asyncapi.yaml"
    text = ASYNCAPI.read_text(encoding="utf-8").replace("version: 0.1.0", "version: 0.1.1", 1)
    changed.write_text(text, encoding="utf-8")
    assert render(changed) != render()


def test_the_page_fetches_nothing_and_runs_no_script():
    page = PAGE.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_markdown_renders_lists_code_and_escapes_markup():
    assert markdown("* `a<b>` and **b**\n* two\n\nend") == (
        "<ul><li><code>a&lt;b&gt;</code> and <strong>b</strong></li><li>two</li></ul>\n<p>end</p>"
    )


def test_the_readme_links_the_page():
    assert "(docs/asyncapi.html)" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")
