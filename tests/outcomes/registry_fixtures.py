"""A hand-made registry of ten breast cases whose figures are known by construction.

All diagnosed on 2018-01-01, operated on day 30. Days from diagnosis:

| patient | operation            | follow-up                                   |
| 1       | MAST + implant recon | death day 100 (70 days after surgery)       |
| 2       | MAST + implant recon | death day 200                               |
| 3       | MAST + implant recon | local recurrence 250, last contact 300      |
| 4       | MAST + implant recon | death day 400                               |
| 5       | MAST + implant recon | death day 400                               |
| 6       | MAST, none           | local recurrence 450, last contact 500      |
| 7       | MAST, none           | death day 700                               |
| 8       | MAST, none           | last contact 900                            |
| 9       | BCS                  | last contact 2000                           |
| 10      | BCS                  | last contact 2100                           |

Patient 1 has two complications, Clavien-Dindo II and IIIb.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.base import make_case, make_patient

from tumorboard.outcomes import services
from tumorboard.patients.models import Case

DIAGNOSED = dt.date(2018, 1, 1)
OPERATED = DIAGNOSED + dt.timedelta(days=30)

PLAN: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("MAST", "immediate", [("death", 100)]),
    ("MAST", "immediate", [("death", 200)]),
    ("MAST", "immediate", [("local_recurrence", 250), ("last_contact", 300)]),
    ("MAST", "immediate", [("death", 400)]),
    ("MAST", "immediate", [("death", 400)]),
    ("MAST", "none", [("local_recurrence", 450), ("last_contact", 500)]),
    ("MAST", "none", [("death", 700)]),
    ("MAST", "none", [("last_contact", 900)]),
    ("BCS", "", [("last_contact", 2000)]),
    ("BCS", "", [("last_contact", 2100)]),
]


def day(n: int) -> dt.date:
    return DIAGNOSED + dt.timedelta(days=n)


def build_registry(user: Any, site: Any, prefix: str = "R") -> list[Case]:
    cases = []
    for index, (procedure, reconstruction, events) in enumerate(PLAN, start=1):
        patient = make_patient(user, site, mrn=f"{prefix}{index:03d}")
        case = make_case(user, patient, diagnosis_date=DIAGNOSED)
        values: dict[str, Any] = {"date": OPERATED, "procedure": procedure,
                                  "intent": "curative", "margin": "R0"}
        if reconstruction == "immediate":
            values.update(reconstruction="immediate", reconstruction_type="implant")
        operation = services.do_record_operation(user, case, values)
        if index == 1:
            for grade, offset in (("II", 35), ("IIIb", 40)):
                services.do_record_complication(
                    user, operation, {"type": "wound_infection", "grade": grade,
                                      "date": day(offset)})
        for kind, offset in events:
            extra = {"cause_of_death": "cancer"} if kind == "death" else {}
            services.do_record_follow_up(user, case, {"type": kind, "date": day(offset),
                                                      **extra})
        cases.append(case)
    return cases
