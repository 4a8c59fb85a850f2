"""Steps the operator's and supervision's browser tests share: confirming a form, polling."""

from __future__ import annotations

from browser.person import Person, _stale
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def press_and_confirm(person: Person, text: str) -> Person:
    """Press a button of a ``form[data-confirm]`` and answer the browser's question with OK."""
    button = person.driver.find_element(By.XPATH, f'//button[normalize-space()="{text}"]')
    old = person.driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(person.driver, 5).until(expected_conditions.alert_is_present()).accept()
    WebDriverWait(person.driver, 15).until(lambda d: _stale(old))
    return person.shot()
