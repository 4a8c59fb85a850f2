"""One person at one browser: Debian's chromium driven by Selenium through chromium-driver.

Every page a person visits is saved as a screenshot under ``tests/browser/screenshots/<test>/``
(ignored by git) so a reviewer can look at what the test saw.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM_NAMES = ("chromium", "chromium-browser")
DRIVER_NAMES = ("chromedriver", "chromium-driver")
DESK = (1366, 768)  # the common hall PC
PHONE = (390, 844)


class BrowserMissing(RuntimeError):
    """Debian's chromium or chromium-driver is not installed (scripts/test installs both)."""


def find_browser() -> tuple[str, str]:
    browser = next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)
    driver = next((found for name in DRIVER_NAMES if (found := shutil.which(name))), None)
    if not browser or not driver:
        raise BrowserMissing(
            "chromium and chromium-driver are needed: apt-get install chromium chromium-driver"
        )
    return browser, driver


def new_driver(size: tuple[int, int] = DESK) -> webdriver.Chrome:
    browser, driver = find_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={size[0]},{size[1]}",
        "--lang=zh-CN",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})  # driver.get_log("browser")
    chrome = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    chrome.set_page_load_timeout(30)
    return chrome


class Person:
    """A member of staff (or an applicant) at their own browser, with their own cookies."""

    def __init__(self, driver: webdriver.Chrome, base_url: str, shots: Path, label: str):
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.shots = shots
        self.label = label
        self.count = 0

    # -- moving around -------------------------------------------------------------------
    def open(self, path: str) -> Person:
        self.driver.get(self.base_url + path)
        return self.shot()

    def sign_in(self, token: str) -> Person:
        self.open("/login")
        self.fill("token", token)
        return self.press("登录")

    def sign_out(self) -> Person:
        return self.press("退出登录")

    def follow(self, link_text: str) -> Person:
        self.driver.find_element(By.PARTIAL_LINK_TEXT, link_text).click()
        return self.shot()

    # -- forms -------------------------------------------------------------------------------
    def field(self, name: str, within: WebElement | None = None) -> WebElement:
        scope = within or self.driver
        return scope.find_element(By.CSS_SELECTOR, f'[name="{name}"]')

    def fill(self, name: str, value: str, within: WebElement | None = None) -> Person:
        element = self.field(name, within)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") in ("checkbox", "radio"):
            target = (within or self.driver).find_element(
                By.CSS_SELECTOR, f'[name="{name}"][value="{value}"]'
            )
            if not target.is_selected():
                target.click()
        else:
            element.clear()
            element.send_keys(value)
        return self

    def press(self, text: str, within: WebElement | None = None) -> Person:
        """Click the button (or submit input) whose visible text is ``text``; wait for the page."""
        scope = within or self.driver
        button = scope.find_element(
            By.XPATH, f'.//button[normalize-space()="{text}"] | .//input[@type="submit" and @value="{text}"]'
        )
        old = self.driver.find_element(By.TAG_NAME, "html")
        button.click()
        WebDriverWait(self.driver, 15).until(lambda d: _stale(old))
        return self.shot()

    def form_of(self, heading_or_text: str) -> WebElement:
        """The form that holds ``heading_or_text`` (a legend, summary or heading inside it)."""
        return self.driver.find_element(
            By.XPATH, f'//form[.//*[contains(normalize-space(), "{heading_or_text}")]]'
        )

    # -- reading ------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    @property
    def title(self) -> str:
        return self.driver.title

    @property
    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base_url)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def finds(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def has(self, css: str) -> bool:
        try:
            self.driver.find_element(By.CSS_SELECTOR, css)
            return True
        except NoSuchElementException:
            return False

    def status(self) -> int | None:
        """The status the page states (error pages carry ``data-status``), else None."""
        found = self.finds("[data-status]")
        return int(found[0].get_attribute("data-status")) if found else None

    def shot(self, name: str = "") -> Person:
        self.count += 1
        slug = re.sub(r"[^A-Za-z0-9]+", "-", name or self.path.split("?")[0]).strip("-") or "home"
        self.shots.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(self.shots / f"{self.label}-{self.count:02d}-{slug[:60]}.png"))
        return self

    def close(self) -> None:
        self.driver.quit()


def _stale(element: WebElement) -> bool:
    try:
        element.is_enabled()
        return False
    except Exception:
        return True
