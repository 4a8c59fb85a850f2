"""Issue 16: each service's API reference page (``GET /docs``) renders in a real browser from
the service's own files alone, under its Content-Security-Policy: every operation of its
``/openapi.json`` is shown, with its operationId, and the browser reports no error (a blocked
script, style or request would be one)."""

from __future__ import annotations

import time

import pytest
import requests
from browser.person import new_driver

SERVICES = ("intake", "joint_review", "complaints", "notify")


@pytest.fixture
def driver():
    chrome = new_driver()
    yield chrome
    chrome.quit()


def shown(chrome, selector: str, wanted: int = 1, seconds: float = 30) -> int:
    """How many elements match ``selector`` once ``wanted`` do, or when ``seconds`` ran out."""
    found = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = len(chrome.find_elements("css selector", selector))
        if found >= wanted:
            break
        time.sleep(0.3)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_the_api_page_shows_every_operation_without_a_browser_error(hall, driver, service):
    base = getattr(hall, service).url.rstrip("/")
    document = requests.get(f"{base}/openapi.json", timeout=10).json()
    operations = [op for methods in document["paths"].values() for op in methods.values()]
    driver.get(f"{base}/docs")
    assert shown(driver, ".opblock", len(operations)) == len(operations)
    assert operations[0]["operationId"] in driver.page_source
    driver.find_elements("css selector", ".opblock-summary")[0].click()  # its schemas and examples
    assert shown(driver, ".opblock.is-open .highlight-code", seconds=10)
    assert driver.find_elements("css selector", "#operations-tag-operations")  # the tags are shown
    assert driver.get_log("browser") == []
