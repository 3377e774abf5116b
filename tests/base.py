"""A cast of users for access tests: one on the case's site per role, one on another site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.test import Client, TestCase

from tumorboard.accounts.services import do_create_user
from tumorboard.accounts.tokens import do_issue_token
from tumorboard.network.models import Site
from tumorboard.patients import services
from tumorboard.patients.models import Case, Patient

PASSWORD = "correct horse battery staple"


def make_patient(user: Any, site: Site, mrn: str = "A0001", **values: Any) -> Patient:
    data = {"mrn": mrn, "family_name": "王", "given_name": "秀英", "sex": "female",
            "birth_date": dt.date(1970, 3, 14)}
    data.update(values)
    return services.do_create_patient(user, site, data)


def make_case(user: Any, patient: Patient, **values: Any) -> Case:
    details = values.pop("details", {"planned_surgery": "mastectomy", "bmi": "31.0"})
    data = {"pathway": "breast", "primary_site_code": "C50.4", "histology_code": "8500/3",
            "laterality": "left", "diagnosis_date": dt.date(2025, 6, 1), "ecog": 0,
            "clinical_t": "T2", "clinical_n": "N1", "clinical_m": "M0"}
    data.update(values)
    return services.do_create_case(user, patient, data, details=details)


class BaseTestCase(TestCase):
    site: Site
    other_site: Site
    coordinator: User
    clinician: User
    welfare: User
    auditor: User
    admin: User
    outsider: User
    patient: Patient
    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        cls.site = Site.objects.create(code="EAST", name="East River Cancer Centre")
        cls.other_site = Site.objects.create(code="WEST", name="West Lake Hospital")
        for role in ("coordinator", "clinician", "welfare_officer", "auditor", "admin"):
            attribute = {"welfare_officer": "welfare"}.get(role, role)
            user = do_create_user(attribute, role=role, site_codes=["EAST"], password=PASSWORD,
                                  specialty="breast_surgery" if role == "clinician" else "")
            setattr(cls, attribute, user)
        cls.outsider = do_create_user("outsider", role="clinician", site_codes=["WEST"],
                                      password=PASSWORD, specialty="breast_surgery")
        cls.patient = make_patient(cls.coordinator, cls.site)
        cls.case = make_case(cls.coordinator, cls.patient)

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def bearer(self, user: User) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {do_issue_token(user)}"}
