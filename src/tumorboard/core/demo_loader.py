"""Writing the synthetic data set to the database in bulk, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.db import transaction

from tumorboard.accounts.models import Profile
from tumorboard.accounts.services import do_create_user
from tumorboard.core.demo_data import SITES, DemoPatient
from tumorboard.network.models import Department, Site
from tumorboard.patients import vocabulary
from tumorboard.patients.models import Case, CaseStatusChange, Patient
from tumorboard.patients.pathway_models import DETAIL_MODELS

# People are shown by name (never by account name): the demo users have names too.
DEMO_NAMES = {"coordinator": ("琳", "周"), "clinician": ("敏", "林"),
              "surgeon.west": ("Tom", "Harris"), "welfare": ("芳", "何"),
              "auditor": ("Helen", "Price"), "admin": ("强", "郑")}

# Professional titles (accounts.models.Title) of the demo's clinical staff.
DEMO_TITLES = {"coordinator": "nurse_in_charge", "clinician": "chief_physician",
               "surgeon.west": "associate_chief_physician"}

# username, role, specialty, site codes
DEMO_USERS = [
    ("coordinator", "coordinator", "nursing", ["EAST"]),
    ("clinician", "clinician", "breast_surgery", ["EAST"]),
    ("surgeon.west", "clinician", "colorectal_surgery", ["WEST"]),
    ("welfare", "welfare_officer", "", ["EAST"]),
    ("auditor", "auditor", "", ["EAST", "WEST", "NORTH"]),
    ("admin", "admin", "", ["EAST", "WEST", "NORTH"]),
]
BATCH = 2000


def demo_password(username: str) -> str:
    return f"demo-{username.split('.')[0]}-2026"


@transaction.atomic
def do_create_demo_sites() -> dict[str, Site]:
    sites = {}
    for code, name, city, preserves in SITES:
        site, _created = Site.objects.get_or_create(
            code=code, defaults={"name": name, "city": city,
                                 "offers_sphincter_preservation": preserves})
        sites[code] = site
        for department, beds in [("Breast surgery", 40), ("Colorectal surgery", 36),
                                 ("Orthopaedic oncology", 24), ("Plastic surgery", 16)]:
            Department.objects.get_or_create(site=site, name=department,
                                             defaults={"beds": beds})
    return sites


@transaction.atomic
def do_create_demo_users() -> list[tuple[str, str, str]]:
    created = []
    for username, role, specialty, codes in DEMO_USERS:
        if not Profile.objects.filter(user__username=username).exists():
            user = do_create_user(username, role=role, site_codes=codes, specialty=specialty,
                                  password=demo_password(username), validate=False,
                                  title=DEMO_TITLES.get(username, ""))
            user.first_name, user.last_name = DEMO_NAMES.get(username, ("", ""))
            user.save(update_fields=["first_name", "last_name"])
        created.append((username, demo_password(username), role))
    return created


@transaction.atomic
def do_load_patients(patients: list[DemoPatient], sites: dict[str, Site],
                     lead: User | None = None,
                     progress: Callable[[int], object] | None = None) -> int:
    for start in range(0, len(patients), BATCH):
        _load_batch(patients[start:start + BATCH], sites, lead)
        if progress:
            progress(len(patients[start:start + BATCH]))
    do_load_demo_outcomes()
    from tumorboard.capacity.demo import do_load_demo_capacity

    do_load_demo_capacity()
    from tumorboard.welfare.demo import do_load_demo_welfare

    do_load_demo_welfare()
    from tumorboard.network.demo import do_load_demo_network

    do_load_demo_network()
    return len(patients)


def do_load_demo_outcomes() -> int:
    """Operations, complications, follow-up events and LARS scores (the outcomes app)."""
    from tumorboard.outcomes.demo import do_load_demo_outcomes as load_outcomes

    return load_outcomes()


def _load_batch(batch: list[DemoPatient], sites: dict[str, Site],
                lead: User | None) -> None:
    rows = Patient.objects.bulk_create(
        Patient(site=sites[p.site_code], mrn=p.mrn, family_name=p.family_name,
                given_name=p.given_name, sex=p.sex, birth_date=p.birth_date, phone=p.phone,
                preferred_language=p.preferred_language, research_consent=p.research_consent,
                date_of_death=p.date_of_death) for p in batch)
    pairs = [(row, case) for row, p in zip(rows, batch, strict=True) for case in p.cases]
    cases = Case.objects.bulk_create(_case_row(row, case, lead, i) for i, (row, case)
                                     in enumerate(pairs))
    for pathway, model in DETAIL_MODELS.items():
        model.objects.bulk_create(  # type: ignore[attr-defined]
            model(case=saved, **demo.details) for saved, (_row, demo) in
            zip(cases, pairs, strict=True) if demo.pathway == pathway)
    CaseStatusChange.objects.bulk_create(_history(cases, [c for _r, c in pairs]))


def _case_row(patient: Patient, demo: object, lead: User | None, index: int) -> Case:
    values = dict(demo.values)  # type: ignore[attr-defined]
    values["primary_site_label"] = vocabulary.TOPOGRAPHY[values["primary_site_code"]]
    values["histology_label"] = vocabulary.MORPHOLOGY[values["histology_code"]]
    mine = lead is not None and patient.site.code == "EAST" and values["pathway"] == "breast"
    return Case(patient=patient, site=patient.site, status=demo.statuses[-1],  # type: ignore[attr-defined]
                lead_clinician=lead if mine and index % 3 == 0 else None, **values)


def _history(cases: Iterable[Case], demos: list[object]) -> Iterable[CaseStatusChange]:
    for case, demo in zip(cases, demos, strict=True):
        previous = ""
        for status in demo.statuses:  # type: ignore[attr-defined]
            yield CaseStatusChange(case=case, from_status=previous, to_status=status,
                                   note="demo data")
            previous = status
