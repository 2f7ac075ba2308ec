"""Helpers the browser tests share: finding a 0-10 scale and rating on it."""

import re

from playwright.sync_api import Locator, Page


def scale(page: Page, name: str) -> Locator:
    """The scale called `name`, opening "Rate another symptom" if it waits behind it."""
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(name)}( \(|$)"))
    if not group.is_visible():
        more = page.locator("details.more-ratings")
        if more.count() and more.get_attribute("open") is None:
            more.locator("summary").click()
    return group


def rate(page: Page, name: str, value: int) -> None:
    """Choose `value` on the radio line (wide screens)."""
    scale(page, name).get_by_label(str(value), exact=True).check()


def open_foot_and_note(page: Page) -> None:
    details = page.locator("details.more-details").first
    if details.get_attribute("open") is None:
        details.locator("summary").click()
