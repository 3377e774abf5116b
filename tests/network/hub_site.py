"""Fill one site instance's database (DATABASE_URL) with rectal cases from a real survival
data set — the NCCTG lung cancer trial as lifelines ships it (Loprinzi et al., J Clin Oncol
1994) — every ``parts``-th row from ``part``: ``python -m tests.network.hub_site CODE PART
PARTS``. Each row becomes a patient, a case diagnosed on 2022-01-03, an operation and a
death or last contact ``time`` days after diagnosis."""

from __future__ import annotations

import datetime as dt
import os
import sys

DIAGNOSIS = dt.date(2022, 1, 3)
NAMES = ("Zhang", "Wang", "Li", "Zhao", "Chen", "Liu", "Yang", "Huang")


def lung_rows(part: int, parts: int) -> list[tuple[int, int]]:
    from lifelines.datasets import load_lung

    data = load_lung()
    return [(int(t), int(s)) for i, (t, s) in enumerate(zip(data["time"], data["status"],
                                                            strict=True)) if i % parts == part]


def fill(code: str, part: int, parts: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import transaction

    from tests.base import make_case, make_patient
    from tumorboard.network.services import do_save_site
    from tumorboard.outcomes import services

    command_line = AnonymousUser()  # no signed-in user: the trusted command line
    with transaction.atomic():
        site = do_save_site(None, {"code": code, "name": f"Hospital {code}"})
        for index, (days, died) in enumerate(lung_rows(part, parts)):
            patient = make_patient(None, site, mrn=f"MRN{code}{index:04d}",
                                   family_name=NAMES[index % len(NAMES)],
                                   given_name=f"Secret{code}{index}")
            case = make_case(None, patient, pathway="rectum", primary_site_code="C20.9",
                             histology_code="8140/3", laterality="", details={},
                             diagnosis_date=DIAGNOSIS)
            if days > 10:
                services.do_record_operation(command_line, case, {
                    "date": DIAGNOSIS + dt.timedelta(days=5), "intent": "curative",
                    "procedure": "APR" if index % 4 == 0 else "LAR",
                    "margin": "R1" if index % 9 == 0 else "R0"})
            services.do_record_follow_up(command_line, case, {
                "type": "death" if died else "last_contact",
                "date": DIAGNOSIS + dt.timedelta(days=days),
                **({"cause_of_death": "cancer"} if died else {})})


if __name__ == "__main__":
    fill(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
