"""Coded values of the registry: procedures per pathway, complications, grades, instruments.

Plain dicts (code -> English label) so that validation, forms, the API, FHIR and the CSV
importer share one list. The labels are marked for the catalogue here and translated where a
person reads them: through the model choices, or `label()`.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, gettext_noop

PROCEDURES: dict[str, dict[str, str]] = {
    "breast": {
        "BCS": gettext_noop("Breast-conserving surgery (wide local excision)"),
        "MAST": gettext_noop("Simple (total) mastectomy"),
        "SSM": gettext_noop("Skin-sparing mastectomy"),
        "NSM": gettext_noop("Nipple-sparing mastectomy"),
        "MRM": gettext_noop("Modified radical mastectomy"),
        "DELAYED_RECON": gettext_noop("Delayed breast reconstruction"),
        "SLNB": gettext_noop("Sentinel lymph node biopsy"),
        "ALND": gettext_noop("Axillary lymph node dissection"),
    },
    "rectum": {
        "LAR": gettext_noop("Low anterior resection"),
        "ISR": gettext_noop("Intersphincteric resection"),
        "APR": gettext_noop("Abdominoperineal resection"),
        "HARTMANN": gettext_noop("Hartmann's procedure"),
        "LOCAL_EXCISION": gettext_noop("Transanal local excision"),
        "STOMA_CLOSURE": gettext_noop("Closure of diverting stoma"),
    },
    "sarcoma": {
        "LIMB_SPARING": gettext_noop("Wide resection, limb-sparing"),
        "AMPUTATION": gettext_noop("Amputation"),
        "TRUNK_RESECTION": gettext_noop("Wide resection, trunk or retroperitoneum"),
        "RE_EXCISION": gettext_noop("Re-excision of the tumour bed"),
        # Total en bloc spondylectomy of a primary spinal tumour (Tomita 1997).
        "EN_BLOC_SPONDYLECTOMY": gettext_noop("En bloc spondylectomy"),
    },
    "bone_metastasis": {
        "DECOMPRESSION": gettext_noop("Spinal decompression and stabilisation"),
        "SEPARATION": gettext_noop("Separation surgery"),
        "ENDOPROSTHESIS": gettext_noop("Resection and endoprosthetic replacement"),
        "IM_NAIL": gettext_noop("Intramedullary nailing"),
        # Cement augmentation of a vertebra with a metastasis (FHIR import, issue 13).
        "VERTEBROPLASTY": gettext_noop("Percutaneous vertebroplasty"),
        "KYPHOPLASTY": gettext_noop("Percutaneous kyphoplasty"),
        # A solitary spinal metastasis with a long expected survival (Tomita score 2-3).
        "EN_BLOC_SPONDYLECTOMY": gettext_noop("En bloc spondylectomy"),
        "AMPUTATION": gettext_noop("Amputation"),
    },
    "melanoma": {
        "WLE": gettext_noop("Wide local excision"),
        "SLNB": gettext_noop("Sentinel lymph node biopsy"),
        "LND": gettext_noop("Completion lymph node dissection"),
    },
}

MASTECTOMIES = frozenset({"MAST", "SSM", "NSM", "MRM"})
# Resections of the rectum: the denominator of the sphincter-preservation rate.
RECTAL_RESECTIONS = frozenset({"LAR", "ISR", "APR", "HARTMANN"})
SPHINCTER_PRESERVING = frozenset({"LAR", "ISR", "LOCAL_EXCISION"})
WITH_ANASTOMOSIS = frozenset({"LAR", "ISR"})
SPHINCTER_REMOVING = frozenset({"APR"})
LIMB_SALVAGE = frozenset({"LIMB_SPARING", "ENDOPROSTHESIS"})
AMPUTATIONS = frozenset({"AMPUTATION"})

INTENTS = {"curative": gettext_noop("Curative"), "palliative": gettext_noop("Palliative")}
MARGINS = {
    "R0": gettext_noop("R0 (clear)"),
    "R1": gettext_noop("R1 (microscopic)"),
    "R2": gettext_noop("R2 (macroscopic)"),
}
RECONSTRUCTION_TIMING = {
    "none": gettext_noop("None"),
    "immediate": gettext_noop("Immediate"),
    "delayed": gettext_noop("Delayed"),
}
RECONSTRUCTION_TYPES = {
    "implant": gettext_noop("Implant"),
    "autologous": gettext_noop("Autologous flap"),
    "combined": gettext_noop("Implant and flap"),
}
FLAPS = {
    "DIEP": gettext_noop("Deep inferior epigastric perforator (DIEP)"),
    "LD": gettext_noop("Latissimus dorsi (LD)"),
    "TRAM": gettext_noop("Transverse rectus abdominis myocutaneous (TRAM)"),
    "SIEA": gettext_noop("Superficial inferior epigastric artery (SIEA)"),
    "TUG": gettext_noop("Transverse upper gracilis (TUG)"),
    "PAP": gettext_noop("Profunda artery perforator (PAP)"),
    "other": gettext_noop("Other flap"),
}
LIMB_OUTCOMES = {"salvage": gettext_noop("Limb salvage"), "amputation": gettext_noop("Amputation")}
LIMB_RECONSTRUCTIONS = {
    "none": gettext_noop("None"),
    "endoprosthesis": gettext_noop("Endoprosthesis"),
    "flap": gettext_noop("Flap"),
    "3d_printed_implant": gettext_noop("3D-printed implant"),
    "allograft": gettext_noop("Allograft"),
    "other": gettext_noop("Other"),
}

COMPLICATIONS = {
    "anastomotic_leak": gettext_noop("Anastomotic leak"),
    "wound_infection": gettext_noop("Wound infection"),
    "wound_dehiscence": gettext_noop("Wound dehiscence"),
    "flap_loss_total": gettext_noop("Flap loss, total"),
    "flap_loss_partial": gettext_noop("Flap loss, partial"),
    "haematoma": gettext_noop("Haematoma"),
    "seroma": gettext_noop("Seroma"),
    "implant_loss": gettext_noop("Implant loss or explantation"),
    "prosthesis_infection": gettext_noop("Prosthesis infection"),
    "ileus": gettext_noop("Ileus"),
    "pelvic_abscess": gettext_noop("Pelvic abscess"),
    "urinary_retention": gettext_noop("Urinary retention"),
    "pneumonia": gettext_noop("Pneumonia"),
    "venous_thromboembolism": gettext_noop("Venous thromboembolism"),
    "cardiac": gettext_noop("Cardiac event"),
    "nerve_injury": gettext_noop("Nerve injury"),
    "other": gettext_noop("Other"),
}
# Dindo D, Demartines N, Clavien PA. Ann Surg 2004;240(2):205-13.
CLAVIEN_DINDO = {
    "I": gettext_noop("I — any deviation from the normal course without specific treatment"),
    "II": gettext_noop("II — requiring drugs (incl. transfusion, parenteral nutrition)"),
    "IIIa": gettext_noop("IIIa — intervention not under general anaesthesia"),
    "IIIb": gettext_noop("IIIb — intervention under general anaesthesia"),
    "IVa": gettext_noop("IVa — life-threatening, single organ dysfunction"),
    "IVb": gettext_noop("IVb — life-threatening, multi-organ dysfunction"),
    "V": gettext_noop("V — death of the patient"),
}

FOLLOW_UP_TYPES = {
    "local_recurrence": gettext_noop("Local recurrence"),
    "distant_metastasis": gettext_noop("Distant metastasis"),
    "death": gettext_noop("Death"),
    "last_contact": gettext_noop("Last contact (alive)"),
}
CAUSES_OF_DEATH = {
    "cancer": gettext_noop("Cancer"),
    "other": gettext_noop("Other cause"),
    "unknown": gettext_noop("Unknown"),
}

INSTRUMENTS = {
    "lars": gettext_noop("LARS score"),
    "wexner": gettext_noop("Wexner (Cleveland Clinic) score"),
    "msts": gettext_noop("MSTS score"),
}
# Which questionnaires are expected after an operation on each pathway.
PATHWAY_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "breast": (),
    "rectum": ("lars", "wexner"),
    "sarcoma": ("msts",),
    "bone_metastasis": ("msts",),
    "melanoma": (),
}
STANDARD_TIME_POINTS = (3, 6, 12, 24)


def choices(codes: dict[str, str]) -> list[tuple[str, str | Promise]]:
    return [(code, gettext_lazy(text)) for code, text in codes.items()]


def label(codes: dict[str, str], code: str) -> str:
    """The code's label in the reader's language; the code itself if the list lacks it."""
    return gettext(codes[code]) if code in codes else code


def all_procedures() -> dict[str, str]:
    merged: dict[str, str] = {}
    for codes in PROCEDURES.values():
        merged.update(codes)
    return merged
