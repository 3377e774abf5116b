"""People by name and title, a lead clinician on each case, the patient banner."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import translation

from tests.base import PASSWORD, BaseTestCase, make_case, make_patient
from tests.board.helpers import FAST_HASHER
from tumorboard.accounts.models import Title
from tumorboard.accounts.people import display_name_with_title
from tumorboard.accounts.services import do_create_user
from tumorboard.patients.models import Case
from tumorboard.patients.templatetags.patient_tags import age_on
from tumorboard.patients.validation import InvalidInput

lead_migration = importlib.import_module(
    "tumorboard.patients.migrations.0005_lead_clinician_for_existing_cases")


def _named(user: User, first: str, last: str, title: str = "") -> User:
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    user.profile.title = title
    user.profile.save(update_fields=["title"])
    return User.objects.select_related("profile").get(pk=user.pk)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class PeopleOnCasesTest(BaseTestCase):
    def test_it_names_a_clinician_with_the_title_in_the_users_language(self) -> None:
        user = _named(self.clinician, "秀英", "王", Title.CHIEF_PHYSICIAN)
        with translation.override("en"):
            self.assertEqual(display_name_with_title(user), "王秀英, Chief physician")
        plain = _named(self.coordinator, "Sarah", "Clarke")
        self.assertEqual(display_name_with_title(plain), "Sarah Clarke")
        self.assertEqual(display_name_with_title(None), "—")

    def test_it_has_one_title_vocabulary_through_gettext(self) -> None:
        # Each label is a lazy translation (its msgid in English), so the catalogue
        # carries 主任医师 and the rest; no parallel dictionary.
        labels = dict(Title.choices)
        self.assertEqual(str(labels["chief_physician"]), "Chief physician")
        for value, label in Title.choices:
            self.assertEqual(type(label).__name__, "__proxy__", value)

    def test_it_makes_the_creating_clinician_lead_a_new_case(self) -> None:
        case = make_case(self.clinician, self.patient)
        self.assertEqual(case.lead_clinician_id, self.clinician.pk)

    def test_it_leaves_the_lead_to_choose_when_a_coordinator_creates(self) -> None:
        case = make_case(self.coordinator, self.patient)
        self.assertIsNone(case.lead_clinician_id)
        chosen = make_case(self.coordinator, self.patient, lead_clinician=self.clinician)
        self.assertEqual(chosen.lead_clinician_id, self.clinician.pk)

    def test_it_refuses_a_lead_who_is_not_a_clinician_of_the_site(self) -> None:
        for wrong in (self.coordinator, self.outsider):
            with self.subTest(wrong=wrong.username), self.assertRaises(InvalidInput) as caught:
                make_case(self.coordinator, self.patient, lead_clinician=wrong)
            self.assertEqual(caught.exception.field, "lead_clinician")

    def test_it_offers_the_sites_clinicians_by_name_on_the_case_form(self) -> None:
        _named(self.clinician, "Wei", "Zhang", Title.ATTENDING_PHYSICIAN)
        client = self.client_for(self.coordinator)
        page = client.get(f"/patients/{self.patient.external_id}/cases/new/").content.decode()
        self.assertIn("Wei Zhang, Attending physician", page)
        self.assertNotIn("outsider", page)

    def test_it_shows_the_lead_and_history_by_name_not_username(self) -> None:
        _named(self.clinician, "Wei", "Zhang", Title.ATTENDING_PHYSICIAN)
        _named(self.coordinator, "Lan", "Li")
        case = make_case(self.clinician, self.patient)
        page = self.client_for(self.coordinator).get(f"/cases/{case.external_id}/")
        text = page.content.decode()
        summary = text[text.index("<h2>Summary"):text.index("</section>",
                                                                 text.index("<h2>Summary"))]
        self.assertIn("Wei Zhang, Attending physician", summary)
        history = self.client_for(self.coordinator).get(
            f"/cases/{case.external_id}/panels/history/").content.decode()
        self.assertIn('class="timeline"', history)
        self.assertIn("· Wei Zhang", history)
        self.assertNotIn("· clinician", history)

    def test_it_migrates_existing_cases_to_the_clinician_who_created_them(self) -> None:
        by_clinician = make_case(self.clinician, self.patient)
        by_coordinator = make_case(self.coordinator, self.patient)
        Case.objects.update(lead_clinician=None)
        lead_migration.assign_leads(apps, None)
        by_clinician.refresh_from_db()
        by_coordinator.refresh_from_db()
        self.assertEqual(by_clinician.lead_clinician_id, self.clinician.pk)
        self.assertIsNone(by_coordinator.lead_clinician_id)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class PatientBannerTest(BaseTestCase):
    def test_it_computes_completed_years(self) -> None:
        cases = [((1970, 3, 14), (2026, 3, 13), 55), ((1970, 3, 14), (2026, 3, 14), 56),
                 ((2000, 2, 29), (2025, 2, 28), 24), ((2000, 2, 29), (2025, 3, 1), 25)]
        for born, on, years in cases:
            self.assertEqual(age_on(dt.date(*born), dt.date(*on)), years)

    def test_it_shows_the_banner_on_patient_and_case_pages(self) -> None:
        client = self.client_for(self.clinician)
        for url in (f"/patients/{self.patient.external_id}/",
                    f"/cases/{self.case.external_id}/",
                    f"/cases/{self.case.external_id}/edit/"):
            with self.subTest(url=url), translation.override("en"):
                text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
                self.assertIn('id="patient-banner"', text)
                banner = text[text.index('id="patient-banner"'):text.index("</aside>")]
                for part in ("王秀英", "Female", "years", "A0001", "East River Cancer Centre",
                             "English"):
                    self.assertIn(part, banner)

    def test_it_shows_no_banner_on_pages_without_a_patient(self) -> None:
        text = self.client_for(self.clinician).get("/").content.decode()
        self.assertNotIn('id="patient-banner"', text)

    def test_it_shows_a_deceased_patients_age_at_death(self) -> None:
        patient = make_patient(self.coordinator, self.site, mrn="D1",
                               birth_date=dt.date(1950, 1, 1),
                               date_of_death=dt.date(2020, 6, 1))
        text = self.client_for(self.clinician).get(
            f"/patients/{patient.external_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("70 years", text)
        self.assertIn("deceased", text)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class CreateUserWithTitleTest(BaseTestCase):
    def test_it_stores_names_and_title(self) -> None:
        user = do_create_user("zhang.wei", role="clinician", site_codes=["EAST"],
                              password=PASSWORD, title="chief_physician",
                              first_name="伟", last_name="张")
        self.assertEqual(user.profile.title, "chief_physician")  # type: ignore[attr-defined]
        self.assertEqual(display_name_with_title(user).split(",")[0], "张伟")


class BannerContextTest(BaseTestCase):
    def test_it_finds_the_patient_of_the_object_a_page_is_about(self) -> None:
        from types import SimpleNamespace

        from tumorboard.patients.templatetags.patient_tags import patient_in

        booking = SimpleNamespace(case=self.case)
        self.assertEqual(patient_in({"booking": booking}), self.patient)
        self.assertEqual(patient_in({"application": SimpleNamespace(patient=self.patient)}),
                         self.patient)
        self.assertIsNone(patient_in({"booking": SimpleNamespace(case=None)}))
        self.assertIsNone(patient_in({"case": "not a case"}))
