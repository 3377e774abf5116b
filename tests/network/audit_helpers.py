"""Audit fixtures: a rectal case operated on by a surgeon (a severe leak or not), and a
named surgeon of the cast's site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from tests.base import PASSWORD, make_case, make_patient
from tumorboard.accounts.services import do_create_user
from tumorboard.outcomes import services
from tumorboard.outcomes.models import Operation

DAY = dt.date(2025, 7, 1)


def operate(user: Any, site: Any, surgeon: Any, index: int, severe: bool,
            **values: Any) -> Operation:
    """Operation ``index`` of the fixture, on DAY + index days; ``values`` add to it."""
    patient = make_patient(user, site, mrn=f"AU{site.code}{index}",
                           birth_date=dt.date(1940 + (index * 7) % 40, 1, 1))
    case = make_case(user, patient, pathway="rectum", primary_site_code="C20.9",
                     histology_code="8140/3", laterality="", details={},
                     diagnosis_date=dt.date(2025, 1, 2), asa=1 + index % 3)
    op = services.do_record_operation(user, case, {
        "date": DAY + dt.timedelta(days=index), "surgeon": surgeon, "procedure": "LAR",
        "intent": "curative", "margin": "R0", **values})
    if severe:
        services.do_record_complication(user, op, {
            "type": "anastomotic_leak", "grade": "IIIb",
            "date": DAY + dt.timedelta(days=index + 3)})
    return op


def surgeon(username: str, first: str, last: str, specialty: str = "",
            site: str = "EAST") -> User:
    user = do_create_user(username, role="clinician", site_codes=[site], password=PASSWORD,
                          specialty=specialty, first_name=first, last_name=last)
    assert isinstance(user, User)
    return user
