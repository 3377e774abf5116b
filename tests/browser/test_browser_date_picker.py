"""Date fields in the page's language and as YYYY-MM-DD, whatever the browser's own locale
(an en-US browser shows native date fields as mm/dd/yyyy)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def open_birth_date(p: object) -> str:
    """Opens the new-patient form's birth date picker; returns the month it shows."""
    p.goto("/patients/new/")  # type: ignore[attr-defined]
    p.click("#id_birth_date")  # type: ignore[attr-defined]
    p.wait_for_selector(".flatpickr-calendar.open")  # type: ignore[attr-defined]
    return str(p.eval_on_selector(  # type: ignore[attr-defined]
        ".flatpickr-calendar.open select.flatpickr-monthDropdown-months",
        "months => months.options[months.selectedIndex].text"))


def pick_the_15th(p: object) -> str:
    p.click(".flatpickr-calendar.open .flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)"  # type: ignore[attr-defined]
            " >> text='15'")
    return str(p.input_value("#id_birth_date"))  # type: ignore[attr-defined]


def test_it_shows_dates_in_chinese_on_an_english_browser(browser: object,
                                                         app_server: str) -> None:
    context = browser.new_context(base_url=app_server, locale="en-US")  # type: ignore[attr-defined]
    p = context.new_page()
    p.set_default_timeout(15000)
    login(p, "coordinator", "demo-coordinator-2026")
    p.select_option("#language-form select", "zh-hans")
    p.wait_for_selector("html[lang=zh-hans]")
    month = open_birth_date(p)
    assert "月" in month, month
    field = p.locator("#id_birth_date")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "年-月-日"
    labels = p.eval_on_selector_all(".flatpickr-calendar [aria-label]",
                                    "found => found.map(e => e.getAttribute('aria-label'))")
    assert labels and not any(re.search("[A-Za-z]", label) for label in labels), labels
    assert re.fullmatch(r"\d{4}-\d{2}-15", pick_the_15th(p))
    context.close()


def test_it_shows_dates_in_english_as_year_month_day(browser: object, app_server: str) -> None:
    context = browser.new_context(base_url=app_server, locale="en-US")  # type: ignore[attr-defined]
    p = context.new_page()
    p.set_default_timeout(15000)
    login(p, "coordinator", "demo-coordinator-2026")
    month = open_birth_date(p)
    assert re.search(r"January|February|March|April|May|June|July|August|September|October"
                     r"|November|December", month), month
    assert p.locator("#id_birth_date").get_attribute("placeholder") == "YYYY-MM-DD"
    assert re.fullmatch(r"\d{4}-\d{2}-15", pick_the_15th(p))
    context.close()
