"""Clinical plausibility: the one vocabulary of ranges a recorded value must fall in.

Pure Python (no Django). Each check returns the problems it finds as ``Problem(field,
code, params)``; the Django side (patients/plausible.py) turns a code into a translated
message that names the field by its label. Every range is named once here, with the
source it rests on; a value outside it is refused, not stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str
    source: str


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


# Named ranges. The bounds are wide (what a record can plausibly say, not what is usual):
# they catch typing slips (99,999 mm, minutes for hours), not rare patients.
RANGES: dict[str, Range] = {
    "breast_tumour_size_mm": Range(1, 300, "mm", "AJCC 8th ed. ch. 48: T by greatest "
                                   "dimension (T3 > 50 mm); the largest breast tumours "
                                   "recorded measure about 30 cm"),
    "sarcoma_size_cm": Range(0.1, 100, "cm", "AJCC 8th ed. ch. 41-44 (T by size, T4 > 15 cm); "
                             "retroperitoneal sarcomas rarely exceed 60 cm"),
    "breslow_mm": Range(0, 50, "mm", "AJCC 8th ed. ch. 47: T4 > 4.0 mm; thickest reported "
                        "nodular melanomas about 40 mm"),
    "distance_from_anal_verge_cm": Range(0, 20, "cm", "AJCC 8th ed. ch. 20 / NCCN Rectal "
                                         "Cancer: the rectum lies within 15 cm of the anal "
                                         "verge (rigid proctoscopy)"),
    # Below the ring is negative: Rullier's intra-anal (III) and trans-anal (IV) tumours.
    "distance_from_anorectal_ring_cm": Range(-5, 20, "cm", "Rullier E et al., Ann Surg 2013; "
                                             "258:1010-16: the lower edge may lie in the anal "
                                             "canal (3-5 cm long) below the ring"),
    "ki67_percent": Range(0, 100, "%", "a proportion of tumour cells"),
    "mitotic_rate_per_mm2": Range(0, 200, "/mm²", "AJCC 8th ed. ch. 47 (mitoses per mm²)"),
    "bmi": Range(10, 80, "kg/m²", "WHO BMI classification; values outside 10-80 are "
                 "measurement or unit errors"),
    "age_years": Range(0, 120, "years", "oldest verified human lifespan 122 years "
                       "(Gerontology Research Group)"),
    "consult_minutes": Range(5, 240, "min", "one-stop clinic consultations: 5 minutes to a "
                             "half day"),
    "operation_minutes": Range(5, 1440, "min", "a single operation lasts under 24 hours"),
}

# ICD-O-3 topography (WHO 2019) each pathway's cases may have: code prefixes.
PATHWAY_TOPOGRAPHY: dict[str, tuple[str, ...]] = {
    "breast": ("C50.",),  # ICD-O-3 C50 breast
    # The rectum pathway takes the rectosigmoid and the sigmoid-rectum boundary as the
    # FHIR import does (fhir/condition.py); the anal canal for ultra-low tumours.
    "rectum": ("C18.7", "C19.", "C20.", "C21."),
    "sarcoma": ("C40.", "C41.", "C47.", "C48.", "C49."),  # bone and soft tissues
    "bone_metastasis": ("C40.", "C41."),  # the bone involved (the primary is a detail)
    "melanoma": ("C44.",),  # cutaneous melanoma (AJCC 8th ed. ch. 47)
}

# Histologic grade of a case (AJCC 8th ed.; sarcoma uses the FNCLCC grade detail).
GRADES = ("", "GX", "G1", "G2", "G3", "G4")

EARLIEST_DATE = dt.date(1900, 1, 1)

# GB 11643-1999 citizen identification number: 6-digit address code (GB/T 2260), 8-digit
# birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character.
ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
ID_CHECK = "10X98765432"
# First two digits of GB/T 2260 administrative division codes (provinces), plus 83 for
# residence permits of Taiwan residents (State Council 2018).
PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
                       42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81,
                       82, 83})


def in_range(name: str, value: Any, field_name: str) -> list[Problem]:
    """The value against the named range (None and '' are 'not recorded': no problem)."""
    if value is None or value == "":
        return []
    rule = RANGES[name]
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return [Problem(field_name, "not_a_number", {"value": str(value)})]
    if not Decimal(str(rule.low)) <= number <= Decimal(str(rule.high)):
        return [Problem(field_name, "out_of_range",
                        {"value": str(value), "low": _plain(rule.low),
                         "high": _plain(rule.high), "unit": rule.unit})]
    return []


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def topography_problems(pathway: str, topography: str,
                        field_name: str = "primary_site_code") -> list[Problem]:
    allowed = PATHWAY_TOPOGRAPHY.get(pathway)
    if allowed is None or not topography:
        return []
    if topography.startswith(allowed):
        return []
    return [Problem(field_name, "topography_not_in_pathway",
                    {"value": topography, "pathway": pathway})]


def grade_problems(grade: str, field_name: str = "grade") -> list[Problem]:
    if (grade or "") in GRADES:
        return []
    return [Problem(field_name, "unknown_grade", {"value": grade,
                                                  "allowed": ", ".join(GRADES[1:])})]


def date_problems(value: dt.date | None, today: dt.date, field_name: str,
                  *, future_ok: bool = False) -> list[Problem]:
    if value is None:
        return []
    if value < EARLIEST_DATE:
        return [Problem(field_name, "date_too_early", {"earliest": EARLIEST_DATE.isoformat()})]
    if value > today and not future_ok:
        return [Problem(field_name, "date_in_future", {})]
    return []


def age_problems(birth_date: dt.date | None, on: dt.date,
                 field_name: str = "birth_date") -> list[Problem]:
    """Age at ``on`` (death or today) within the age range."""
    if birth_date is None or birth_date > on:
        return []
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month,
                                                               birth_date.day))
    return in_range("age_years", years, field_name)


def _id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def resident_id_problems(raw: str, birth_date: dt.date | None, today: dt.date,
                         field_name: str = "national_id") -> list[Problem]:
    """A China resident identity number (GB 11643-1999, 18 characters): shape, province,
    embedded birth date (a real date, not in the future, the patient's own when known)
    and the ISO 7064 MOD 11-2 check character."""
    number = raw.replace(" ", "").replace("-", "").upper()
    if not number:
        return []
    if len(number) != 18 or not number[:17].isdigit() or not (
            number[17].isdigit() or number[17] == "X"):
        return [Problem(field_name, "id_shape", {})]
    if int(number[:2]) not in PROVINCES:
        return [Problem(field_name, "id_region", {"value": number[:2]})]
    try:
        embedded = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return [Problem(field_name, "id_birth_date", {"value": number[6:14]})]
    if embedded > today or embedded < EARLIEST_DATE:
        return [Problem(field_name, "id_birth_date", {"value": number[6:14]})]
    if _id_check_character(number[:17]) != number[17]:
        return [Problem(field_name, "id_checksum", {})]
    if birth_date is not None and embedded != birth_date:
        return [Problem(field_name, "id_birth_date_mismatch",
                        {"embedded": embedded.isoformat()})]
    return []


# Which named range each pathway detail's field must fall in.
DETAIL_RANGES: dict[str, dict[str, str]] = {
    "breast": {"tumour_size_mm": "breast_tumour_size_mm", "bmi": "bmi",
               "ki67_percent": "ki67_percent"},
    "rectum": {"distance_from_anal_verge_cm": "distance_from_anal_verge_cm",
               "distance_from_anorectal_ring_cm": "distance_from_anorectal_ring_cm"},
    "sarcoma": {"size_cm": "sarcoma_size_cm"},
    "melanoma": {"breslow_mm": "breslow_mm", "mitotic_rate_per_mm2": "mitotic_rate_per_mm2"},
    "bone_metastasis": {},
}


def detail_problems(pathway: str, values: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = []
    for name, range_name in DETAIL_RANGES.get(pathway, {}).items():
        found += in_range(range_name, values.get(name), name)
    return found
