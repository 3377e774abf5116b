"""Domain rules shared by forms, the API and importers. Errors name the field."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext, ngettext

from tumorboard.core import plausibility
from tumorboard.pathways.errors import InputError
from tumorboard.pathways.labels import fact_label
from tumorboard.patients import plausible, vocabulary
from tumorboard.patients.staging import StagingError, scheme_for, stage_group


class InvalidInput(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors

    @property
    def field(self) -> str:
        return next(iter(self.errors))


def choice_label(model: Any, field: str, code: str) -> str:
    """The reader's label of a stored choice (a pathway, a status), never the raw code."""
    return str(dict(model._meta.get_field(field).flatchoices).get(code, code))


def at_most(limit: int) -> str:
    """The message for a text longer than `limit` characters."""
    return ngettext("At most %(limit)d character.", "At most %(limit)d characters.",
                    limit) % {"limit": limit}


def core_message(error: InputError) -> str:
    """A pure core's input error in the reader's language (its English text when the core
    gave no translatable message)."""
    return error.i18n.translated(gettext) if error.i18n else error.message


def input_label(key: str) -> str:
    """The label of a pure core's input key (`tomita.visceral_mets`), translated."""
    try:
        return fact_label(key, gettext)
    except KeyError:
        return key.replace("_", " ")


class StaleVersion(InvalidInput):
    """The record changed after the editor read it: nothing was saved (HTTP 409)."""

    status = 409

    def __init__(self, expected: int, current: int) -> None:
        super().__init__({"version": gettext(
            "Someone else saved this record while you were editing it (you edited version "
            "%(expected)s; it is now version %(current)s). Your changes were NOT saved; they "
            "are still in the form. Compare them with the current record and save again.")
            % {"expected": expected, "current": current}})
        self.expected, self.current = expected, current


def hash_national_id(raw: str) -> str:
    normalised = re.sub(r"[\s-]", "", raw).upper()
    key = settings.NATIONAL_ID_SALT.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def patient_date_errors(
    birth_date: dt.date | None, date_of_death: dt.date | None, today: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if birth_date and birth_date > today:
        errors["birth_date"] = gettext("The date of birth is in the future.")
    if birth_date and birth_date.year < 1900:
        errors["birth_date"] = gettext("The date of birth is before 1900.")
    if date_of_death and date_of_death > today:
        errors["date_of_death"] = gettext("The date of death is in the future.")
    if birth_date and date_of_death and date_of_death < birth_date:
        errors["date_of_death"] = gettext("The date of death is before the date of birth.")
    if birth_date and "birth_date" not in errors:
        errors.update(plausible.errors(
            plausibility.age_problems(birth_date, date_of_death or today), _patient_model()))
    return errors


def _patient_model() -> Any:
    from tumorboard.patients.models import Patient

    return Patient


def national_id_errors(raw: str | None, birth_date: dt.date | None,
                       today: dt.date) -> dict[str, str]:
    """A China resident identity number (GB 11643-1999) checked before it is hashed."""
    if not raw or not raw.strip():
        return {}
    return plausible.errors(plausibility.resident_id_problems(raw, birth_date, today), None)


# Before the scheme came from the case's site and histology (staging.scheme_for), it came
# from the pathway; kept for callers that name a pathway without codes.
STAGING_SCHEMES = {"breast": "breast_anatomic", "rectum": "colorectal",
                   "sarcoma": "soft_tissue_trunk_extremity"}
BIOMARKERS = ("er", "pr", "her2")


def derive_stage(
    pathway: str, prefix: str, t: str, n: str, m: str, grade: str, *,
    scheme: str | None = None, biomarkers: dict[str, str] | None = None,
) -> tuple[str, dict[str, str]]:
    """The stage group for one of the clinical/pathological T/N/M triples.

    `scheme` (from staging.scheme_for) wins over the pathway's default scheme; an empty
    string means that no AJCC stage group applies to this site and histology."""
    given = {"t": t.strip(), "n": n.strip(), "m": m.strip()}
    if not any(given.values()):
        return "", {}
    missing = [k for k, v in given.items() if not v]
    scheme = STAGING_SCHEMES.get(pathway) if scheme is None else scheme
    if not scheme:
        return "", {}
    if missing and not (scheme == "colorectal" and given["m"].upper().endswith(("1A", "1B", "1C"))):
        return "", {f"{prefix}_{missing[0]}": gettext(
            "T, N and M must all be given to derive a stage.")}
    markers = (biomarkers or {}) if "prognostic" in scheme else {}
    try:
        return stage_group(scheme, given["t"], given["n"], given["m"], grade,
                           er=markers.get("er"), pr=markers.get("pr"),
                           her2=markers.get("her2")), {}
    except StagingError as error:
        key = f"{prefix}_{error.field}" if error.field in given else error.field
        return "", {key: error.message}


def case_scheme(case: Any, prefix: str, grade: str,
                biomarkers: dict[str, str] | None) -> str:
    """The AJCC scheme for one triple of a case ("" where none applies).

    Breast: the prognostic table when grade G1-G3, ER, PR and HER2 are all recorded and the
    triple is not after neoadjuvant therapy (yp: AJCC 8th ch. 48 allows only the anatomic
    stage then). Melanoma: the pathological table only (the clinical one differs)."""
    markers = biomarkers or {}
    known = grade in ("G1", "G2", "G3") and all(
        markers.get(k) in ("positive", "negative") for k in BIOMARKERS)
    after_therapy = any(str(getattr(case, f"{prefix}_{k}") or "").strip().lower()
                        .startswith("y") for k in ("t", "n"))
    scheme = scheme_for(case.primary_site_code, case.histology_code,
                        has_prognostic_factors=known and not after_therapy, setting=prefix)
    if scheme == "melanoma" and prefix != "pathological":
        return ""
    return scheme or ""


def case_errors(values: dict[str, object], birth_date: dt.date,
                date_of_death: dt.date | None, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    topography = str(values.get("primary_site_code") or "")
    morphology = str(values.get("histology_code") or "")
    if topography not in vocabulary.TOPOGRAPHY:
        errors["primary_site_code"] = gettext(
            "%(code)s is not a known ICD-O-3 topography code.") % {
                "code": topography or gettext("(empty)")}
    if morphology not in vocabulary.MORPHOLOGY:
        errors["histology_code"] = gettext(
            "%(code)s is not a known ICD-O-3 morphology code.") % {
                "code": morphology or gettext("(empty)")}
    diagnosed = values.get("diagnosis_date")
    if isinstance(diagnosed, dt.date):
        if diagnosed > today:
            errors["diagnosis_date"] = gettext("The date of diagnosis is in the future.")
        elif diagnosed < birth_date:
            errors["diagnosis_date"] = gettext(
                "The date of diagnosis is before the date of birth.")
        elif date_of_death and diagnosed > date_of_death:
            errors["diagnosis_date"] = gettext(
                "The date of diagnosis is after the date of death.")
    problems = plausibility.grade_problems(str(values.get("grade") or ""))
    if "primary_site_code" not in errors:
        problems += plausibility.topography_problems(str(values.get("pathway") or ""),
                                                     topography)
    for name, text in plausible.errors(problems, _case_model()).items():
        errors.setdefault(name, text)
    return errors


def _case_model() -> Any:
    from tumorboard.patients.models import Case

    return Case


def grade_for_staging(pathway: str, grade: str, fnclcc_grade: int | None) -> str:
    if pathway == "sarcoma" and fnclcc_grade:
        return f"G{fnclcc_grade}"
    return grade or ""


def derive_case_fields(case: Any, birth_date: dt.date, date_of_death: dt.date | None,
                       fnclcc_grade: int | None, today: dt.date,
                       biomarkers: dict[str, str] | None = None) -> None:
    """Check a case's codes and dates and fill in its stage groups and code labels.

    The AJCC scheme follows the case's ICD-O-3 site and histology. `biomarkers` holds the
    breast receptors {"er", "pr", "her2"}: "positive", "negative" or "" (not recorded).
    Shared by the services and the bulk importers so that both apply the same rules."""
    errors = case_errors(
        {"primary_site_code": case.primary_site_code, "histology_code": case.histology_code,
         "diagnosis_date": case.diagnosis_date, "pathway": case.pathway,
         "grade": case.grade},
        birth_date, date_of_death, today,
    )
    grade = grade_for_staging(case.pathway, case.grade, fnclcc_grade)
    for prefix in ("clinical", "pathological"):
        stage, stage_errors = derive_stage(
            case.pathway, prefix, getattr(case, f"{prefix}_t"), getattr(case, f"{prefix}_n"),
            getattr(case, f"{prefix}_m"), grade,
            scheme=case_scheme(case, prefix, grade, biomarkers), biomarkers=biomarkers,
        )
        setattr(case, f"{prefix}_stage", stage)
        errors.update(stage_errors)
    if errors:
        raise InvalidInput(errors)
    case.primary_site_label = vocabulary.TOPOGRAPHY[case.primary_site_code]
    case.histology_label = vocabulary.MORPHOLOGY[case.histology_code]
