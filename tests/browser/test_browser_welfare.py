"""A welfare officer takes an application from intake to a settled operation in Chromium,
once in English and once in Chinese: a fund, the patient found by hospital number, the
application with its household, documents requested and received, the means test, a
second officer approves, the operation recorded (the outcomes service, through the API),
settlement against that operation, and the fund's ledger shows the settlement. Every page
visited speaks the reader's language and shows no UUID or account name."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
from django.utils import translation

from tests.browser.conftest import login
from tests.i18n.page_text import UUID, foreign_words, readable_text
from tumorboard.core.demo_data import SITES
from tumorboard.core.demo_loader import DEMO_NAMES, DEMO_USERS
from tumorboard.outcomes import vocabulary as outcome_vocabulary

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SITE_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # the demo sites' clock
USERNAMES = {username for username, *_ in DEMO_USERS}
PROCEDURES = {"breast": "MAST", "rectum": "LAR"}
APPLICATION = re.compile(r"/welfare/applications/[0-9a-f-]{36}/$")
DATA = {"en": {"fund": "Browser test fund", "donor": "Riverside Trust",
               "treatment": "mastectomy with immediate reconstruction"},
        "zh-hans": {"fund": "浏览器测试基金", "donor": "滨江慈善基金会",
                    "treatment": "乳房切除并即刻重建"}}


def _t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def _post_json(p: Any, url: str, body: dict[str, Any]) -> Any:
    token = next(c["value"] for c in p.context.cookies() if c["name"] == "csrftoken")
    return p.request.post(url, data=body, headers={"X-CSRFToken": token, "Referer": p.url})


def _submit(p: Any, button: Any) -> None:
    """Click a form's button and wait for the page it leads to (POST, redirect, GET)."""
    with p.expect_navigation():
        button.click()


def _sign_in(p: Any, username: str, language: str) -> None:
    login(p, username, f"demo-{username}-2026")
    if p.locator("html").get_attribute("lang") != language:
        with p.expect_navigation():
            p.select_option("#language-form select", language)


def _sign_out(p: Any) -> None:
    _submit(p, p.locator("form[action='/accounts/logout/'] button"))


def _case_to_fund(p: Any) -> tuple[str, str, str]:
    """(case id, hospital number, procedure) of a demo breast or rectal case of the first
    site with no operation and no application yet, read as the admin."""
    for pathway in ("breast", "rectum"):
        found = p.request.get(f"/api/v1/cases?pathway={pathway}&site=EAST&page_size=200").json()
        for item in found["items"]:
            if item["status"] == "closed":
                continue
            if p.request.get(f"/api/v1/cases/{item['id']}/operations").json():
                continue
            funding = p.request.get(f"/api/v1/welfare/cases/{item['id']}/funding").json()
            if funding["status"] is None:
                patient = p.request.get(f"/api/v1/patients/{item['patient']}").json()
                return str(item["id"]), patient["mrn"], PROCEDURES[pathway]
    pytest.skip("the demo has no unoperated breast or rectal case without an application")


def _data_words(p: Any) -> set[str]:
    """Words people typed (fund names, donors, purposes, planned treatments) and the
    names of patients, staff and sites: data, not interface text."""
    texts = [f"{given} {family}" for given, family in DEMO_NAMES.values()]
    texts += [f"{name} {city}" for _code, name, city, _member in SITES]
    texts += [f"{fund['name']} {fund['donor']} {fund['purpose']}"
              for fund in p.request.get("/api/v1/welfare/funds").json()]
    texts += [app["planned_treatment"]
              for app in p.request.get("/api/v1/welfare/applications").json()]
    patients = p.request.get("/api/v1/patients?site=EAST&page_size=200").json()["items"]
    texts += [f"{patient['family_name']} {patient['given_name']}" for patient in patients]
    return {word for text in texts for word in re.findall(r"\w+", text)}


def _check_page(p: Any, language: str, names: set[str]) -> None:
    """The page's readable text: no UUID or account name; in Chinese no English word."""
    assert p.locator("html").get_attribute("lang") == language
    bad: list[str] = []
    for text in readable_text(p.content()):
        bad += UUID.findall(text) + [w for w in text.split() if w in USERNAMES]
        if language != "en":
            bad += foreign_words(text, names)
    assert not bad, f"{p.url}: {sorted(set(bad))}"


def _create_fund(p: Any, language: str, names: set[str]) -> None:
    today = dt.datetime.now(SITE_ZONE).date()
    p.goto("/welfare/funds/")
    _check_page(p, language, names)
    form = p.locator("#fund-form")
    form.locator("#id_name").fill(DATA[language]["fund"])
    form.locator("#id_donor").fill(DATA[language]["donor"])
    form.locator("#id_donor_kind").select_option("donor")
    form.locator("#id_budget").fill("500000")
    form.locator("#id_starts").fill((today - dt.timedelta(days=30)).isoformat())
    form.locator("#id_ends").fill((today + dt.timedelta(days=300)).isoformat())
    form.locator("#id_policy").select_option("standard@2")
    _submit(p, form.locator("button[type=submit]"))
    assert re.search(r"/welfare/funds/[0-9a-f-]{36}/$", p.url), p.url
    _check_page(p, language, names)


def _intake(p: Any, language: str, case_id: str, mrn: str, names: set[str]) -> str:
    p.goto("/welfare/")
    p.fill("#mrn", mrn)
    _submit(p, p.locator("#find-patient button"))
    _check_page(p, language, names)
    _submit(p, p.locator(f"#cases-to-apply a[href*='{case_id}']"))
    _check_page(p, language, names)
    p.fill("#id_planned_treatment", DATA[language]["treatment"])
    p.select_option("#id_insurance", "urban_rural_resident")
    p.fill("#id_food", "15000")
    p.fill("#id_assets", "10000")
    p.fill("#id_estimated_cost", "80000")
    p.fill("#id_oop_percent", "40")
    for row, (relation, age, income) in enumerate((("self", "58", "36000"),
                                                   ("spouse", "55", "24000"))):
        p.select_option(f"#id_members-{row}-relation", relation)
        p.fill(f"#id_members-{row}-age", age)
        p.fill(f"#id_members-{row}-income", income)
    _submit(p, p.locator("#apply button[type=submit]"))
    assert APPLICATION.search(p.url), p.url
    _check_page(p, language, names)
    return str(p.url)


def _documents_and_assessment(p: Any, language: str, names: set[str]) -> None:
    due = (dt.datetime.now(SITE_ZONE).date() + dt.timedelta(days=10)).isoformat()
    documents = p.locator("form[action$='/documents/']")
    documents.locator("input[value=income_proof]").check()
    documents.locator("input[name=due]").fill(due)
    _submit(p, documents.locator("button[type=submit]"))
    assert p.locator("#status").inner_text() == _t(language, "waiting for documents")
    _submit(p, p.locator("#documents form button"))
    assert p.locator("#documents form").count() == 0  # received
    assess = p.locator("form[action$='/assess/']")
    assess.locator("select[name=fund]").select_option(label=DATA[language]["fund"])
    _submit(p, assess.locator("button[type=submit]"))
    assert p.locator("#status").inner_text() == _t(language, "assessed")
    assert p.locator("#assessment").count() == 1
    _check_page(p, language, names)


def _approve(p: Any, language: str, url: str, names: set[str]) -> None:
    p.goto(url)
    decide = p.locator("form[action$='/decide/']")
    decide.locator("select[name=approve]").select_option("yes")
    _submit(p, decide.locator("button[type=submit]"))
    assert p.locator("#status").inner_text() == _t(language, "approved")
    _check_page(p, language, names)


def _settle(p: Any, language: str, url: str, code: str, names: set[str]) -> None:
    p.goto(url)
    settle = p.locator("#settle-form")
    options = settle.locator("select[name=operation] option")
    assert options.count() == 2  # "—" and the case's one operation
    procedure = _t(language, outcome_vocabulary.all_procedures()[code])
    assert procedure in options.nth(1).inner_text()
    settle.locator("select[name=operation]").select_option(index=1)
    settle.locator("input[name=actual_cost]").fill("70000")
    _submit(p, settle.locator("button[type=submit]"))
    assert p.locator("#status").inner_text() == _t(language, "settled")
    assert procedure in p.locator("#operation").inner_text()
    assert code not in p.locator("#operation").inner_text()
    _check_page(p, language, names)
    # The fund's ledger: 70000 x 40 % out of pocket x 70 % = 19600 spent, the rest released.
    p.goto("/welfare/funds/")
    _submit(p, p.locator("#funds a", has_text=DATA[language]["fund"]))
    ledger = p.locator("#ledger").inner_text()
    assert _t(language, "settlement") in ledger and "¥19,600.00" in ledger
    assert _t(language, "release") in ledger
    _check_page(p, language, names)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_takes_an_application_from_intake_to_a_settled_operation(
        page: Any, language: str) -> None:
    p = page
    _sign_in(p, "admin", language)
    case_id, mrn, code = _case_to_fund(p)
    names = _data_words(p)
    _sign_out(p)

    _sign_in(p, "welfare", language)
    _create_fund(p, language, names)
    url = _intake(p, language, case_id, mrn, names)
    _documents_and_assessment(p, language, names)
    _sign_out(p)

    _sign_in(p, "admin", language)  # the second officer: the assessor may not decide
    _approve(p, language, url, names)
    today = dt.datetime.now(SITE_ZONE).date().isoformat()
    recorded = _post_json(p, f"/api/v1/cases/{case_id}/operations", {
        "date": today, "procedure": code, "intent": "curative"})
    assert recorded.status == 201, recorded.text()
    _sign_out(p)

    _sign_in(p, "welfare", language)
    _settle(p, language, url, code, names)
