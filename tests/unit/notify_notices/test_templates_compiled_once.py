"""Templates ship with the code: each is listed and compiled once, never looked up on disk again
for the next notice of the same type (a render per notice is on notify's hot path)."""

from __future__ import annotations

from jinja2 import FileSystemLoader

from hall_contracts.samples import case_accepted_v1
from notify.notices import rendering


class CountingLoader(FileSystemLoader):
    def __init__(self):
        super().__init__(rendering.TEMPLATES_DIR)
        self.listed = self.loaded = self.checked = 0

    def list_templates(self):
        self.listed += 1
        return super().list_templates()

    def get_source(self, environment, template):
        self.loaded += 1
        source, filename, uptodate = super().get_source(environment, template)

        def checked():
            self.checked += 1
            return uptodate()

        return source, filename, checked


def test_a_template_is_listed_and_compiled_once_for_every_notice_rendered_with_it(monkeypatch):
    loader = CountingLoader()
    monkeypatch.setattr(rendering._ENVIRONMENT, "loader", loader)
    data = case_accepted_v1()["data"]
    first = [rendering.render("acceptance", data) for _ in range(5)]
    assert len({notice.sha256 for notice in first}) == 1
    assert (loader.listed, loader.loaded, loader.checked) == (1, 1, 0)
