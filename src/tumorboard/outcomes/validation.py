"""Rules for registry records. Each function returns {field: message}; empty means valid."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext

from tumorboard.outcomes import vocabulary as v


def _choice(errors: dict[str, str], values: dict[str, Any], name: str,
            allowed: dict[str, str], *, required: bool = True) -> None:
    value = values.get(name) or ""
    if not value:
        if required:
            errors[name] = gettext("This field is required.")
        return
    if value not in allowed:
        errors[name] = gettext("Choose one of the listed values.")


def _before(what: str, date: dt.date) -> str:
    """A date before the diagnosis or the operation (`what`)."""
    message = (gettext("The date is before the operation (%(date)s).") if what == "operation"
               else gettext("The date is before the diagnosis (%(date)s)."))
    return message % {"date": date_format(date, "DATE_FORMAT")}


def date_errors(name: str, date: object, *, not_before: dt.date | None,
                not_before_what: str, death: dt.date | None, today: dt.date) -> dict[str, str]:
    """A record's date: given, not in the future, not before X, not after the death."""
    if not isinstance(date, dt.date):
        return {name: gettext("A date (YYYY-MM-DD) is required.")}
    if date > today:
        return {name: gettext("The date is in the future.")}
    if not_before is not None and date < not_before:
        return {name: _before(not_before_what, not_before)}
    if death is not None and date > death:
        return {name: gettext("The date is after the patient's death (%(date)s).") % {
            "date": date_format(death, "DATE_FORMAT")}}
    return {}


def operation_errors(pathway: str, values: dict[str, Any]) -> dict[str, str]:
    """Codes and pathway-specific outcomes of an operation (dates are checked separately)."""
    errors: dict[str, str] = {}
    procedures = v.PROCEDURES.get(pathway, {})
    _choice(errors, values, "procedure", procedures)
    _choice(errors, values, "intent", v.INTENTS)
    _choice(errors, values, "margin", v.MARGINS, required=False)
    if pathway == "breast":
        errors.update(_breast_errors(values))
    else:
        for name in ("reconstruction", "reconstruction_type", "flap"):
            if values.get(name):
                errors[name] = gettext("Breast reconstruction is recorded on breast cases only.")
    if pathway == "rectum":
        errors.update(_rectal_errors(values))
    else:
        for name in ("sphincter_preserved", "anastomosis_height_cm", "diverting_stoma",
                     "stoma_closure_date", "permanent_stoma_18m"):
            if values.get(name) is not None:
                errors[name] = gettext("This is recorded on rectal cases only.")
    errors.update(_limb_errors(pathway, values))
    errors.update(technique_errors(values))
    return errors


def _breast_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    _choice(errors, values, "reconstruction", v.RECONSTRUCTION_TIMING, required=False)
    _choice(errors, values, "reconstruction_type", v.RECONSTRUCTION_TYPES, required=False)
    _choice(errors, values, "flap", v.FLAPS, required=False)
    timing = values.get("reconstruction") or ""
    kind = values.get("reconstruction_type") or ""
    if timing in ("immediate", "delayed") and not kind:
        errors["reconstruction_type"] = gettext("Give the type of reconstruction.")
    if timing in ("", "none") and (kind or values.get("flap")):
        errors["reconstruction"] = gettext("A reconstruction type is given but no reconstruction.")
    if kind in ("autologous", "combined") and not values.get("flap"):
        errors["flap"] = gettext("Name the flap (DIEP, LD, TRAM, ...).")
    if kind == "implant" and values.get("flap"):
        errors["flap"] = gettext("An implant-only reconstruction has no flap.")
    if values.get("procedure") == "DELAYED_RECON" and timing != "delayed":
        errors["reconstruction"] = gettext("A delayed reconstruction operation must say 'delayed'.")
    return errors


def _rectal_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    procedure = values.get("procedure")
    if procedure in v.SPHINCTER_REMOVING and values.get("sphincter_preserved"):
        errors["sphincter_preserved"] = gettext(
            "An abdominoperineal resection removes the sphincter.")
    if procedure in v.SPHINCTER_REMOVING and values.get("permanent_stoma_18m") is False:
        errors["permanent_stoma_18m"] = gettext(
            "An abdominoperineal resection leaves a permanent stoma.")
    height = values.get("anastomosis_height_cm")
    if height is not None:
        if procedure not in v.WITH_ANASTOMOSIS:
            errors["anastomosis_height_cm"] = gettext("Only LAR and ISR have an anastomosis.")
        elif not Decimal(0) <= Decimal(str(height)) <= Decimal(20):
            errors["anastomosis_height_cm"] = gettext("Give a height between 0 and 20 cm.")
    if values.get("stoma_closure_date") and not values.get("diverting_stoma"):
        errors["stoma_closure_date"] = gettext("A closure date needs a diverting stoma.")
    return errors


def _limb_errors(pathway: str, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    limb_pathway = pathway in ("sarcoma", "bone_metastasis")
    for name, allowed in (("limb_outcome", v.LIMB_OUTCOMES),
                          ("limb_reconstruction", v.LIMB_RECONSTRUCTIONS)):
        if values.get(name) and not limb_pathway:
            errors[name] = gettext("This is recorded on sarcoma and bone metastasis cases only.")
        elif limb_pathway:
            _choice(errors, values, name, allowed, required=False)
    procedure = values.get("procedure")
    outcome = values.get("limb_outcome") or ""
    if procedure in v.AMPUTATIONS and outcome == "salvage":
        errors["limb_outcome"] = gettext("An amputation is not a limb salvage.")
    if procedure in v.LIMB_SALVAGE and outcome == "amputation":
        errors["limb_outcome"] = gettext("This procedure keeps the limb.")
    return errors


def derived_operation_values(pathway: str, values: dict[str, Any]) -> dict[str, Any]:
    """Fill what follows from the procedure when the user left it empty."""
    derived = dict(values)
    procedure = values.get("procedure")
    if pathway == "rectum" and procedure in v.RECTAL_RESECTIONS | {"LOCAL_EXCISION"}:
        if derived.get("sphincter_preserved") is None:
            derived["sphincter_preserved"] = procedure in v.SPHINCTER_PRESERVING
        if procedure in v.SPHINCTER_REMOVING and derived.get("permanent_stoma_18m") is None:
            derived["permanent_stoma_18m"] = True
    if pathway in ("sarcoma", "bone_metastasis") and not derived.get("limb_outcome"):
        if procedure in v.AMPUTATIONS:
            derived["limb_outcome"] = "amputation"
        elif procedure in v.LIMB_SALVAGE:
            derived["limb_outcome"] = "salvage"
    if pathway == "breast" and procedure in v.MASTECTOMIES and not derived.get("reconstruction"):
        derived["reconstruction"] = "none"
    return derived


def follow_up_errors(kind: object, cause: object) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in v.FOLLOW_UP_TYPES:
        errors["type"] = gettext("Choose one of the listed values.")
    elif kind == "death" and cause not in v.CAUSES_OF_DEATH:
        errors["cause_of_death"] = gettext("Give the cause of death.")
    elif kind != "death" and cause:
        errors["cause_of_death"] = gettext("A cause of death is recorded with a death only.")
    return errors


def complication_errors(procedure: str, kind: object, grade: object) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in v.COMPLICATIONS:
        errors["type"] = gettext("Choose a complication from the list.")
    elif kind == "anastomotic_leak" and procedure not in v.WITH_ANASTOMOSIS:
        errors["type"] = gettext("This operation has no anastomosis.")
    if grade not in v.CLAVIEN_DINDO:
        errors["grade"] = gettext("Choose a Clavien-Dindo grade: %(grades)s.") % {
            "grades": ", ".join(v.CLAVIEN_DINDO)}
    return errors


TECHNIQUE_LENGTHS = {"technique": 100, "technique_version": 20, "instrument_kit": 100,
                     "kit_lot": 50}
VERSION = re.compile(r"^\d{1,3}(\.\d{1,3}){1,2}$")


def technique_errors(values: dict[str, Any]) -> dict[str, str]:
    """The technique as the network teaches it, its version ("3.0") and the instrument kit
    with its lot (free text): lengths, the version's form, and nothing without its parent."""
    errors: dict[str, str] = {}
    for name, limit in TECHNIQUE_LENGTHS.items():
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            errors[name] = gettext("Give text.")
        elif value and len(value) > limit:
            errors[name] = gettext("At most %(limit)d characters.") % {"limit": limit}
    version = values.get("technique_version")
    if "technique_version" not in errors and version:
        if not VERSION.match(version):
            errors["technique_version"] = gettext(
                "Give the version as numbers separated by dots, such as 3.0.")
        elif not values.get("technique"):
            errors["technique_version"] = gettext("Give the technique this version is of.")
    if "kit_lot" not in errors and values.get("kit_lot") and not values.get("instrument_kit"):
        errors["kit_lot"] = gettext("Give the instrument kit this lot is of.")
    return errors
