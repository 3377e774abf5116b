"""Coded values of the registry: procedures per pathway, complications, grades, instruments.

Plain dicts (code -> English label) so that validation, forms, the API and the CSV importer
share one list. Labels are translated in templates through the model choices.
"""

from __future__ import annotations

PROCEDURES: dict[str, dict[str, str]] = {
    "breast": {
        "BCS": "Breast-conserving surgery (wide local excision)",
        "MAST": "Simple (total) mastectomy",
        "SSM": "Skin-sparing mastectomy",
        "NSM": "Nipple-sparing mastectomy",
        "MRM": "Modified radical mastectomy",
        "DELAYED_RECON": "Delayed breast reconstruction",
        "SLNB": "Sentinel lymph node biopsy",
        "ALND": "Axillary lymph node dissection",
    },
    "rectum": {
        "LAR": "Low anterior resection",
        "ISR": "Intersphincteric resection",
        "APR": "Abdominoperineal resection",
        "HARTMANN": "Hartmann's procedure",
        "LOCAL_EXCISION": "Transanal local excision",
        "STOMA_CLOSURE": "Closure of diverting stoma",
    },
    "sarcoma": {
        "LIMB_SPARING": "Wide resection, limb-sparing",
        "AMPUTATION": "Amputation",
        "TRUNK_RESECTION": "Wide resection, trunk or retroperitoneum",
        "RE_EXCISION": "Re-excision of the tumour bed",
    },
    "bone_metastasis": {
        "DECOMPRESSION": "Spinal decompression and stabilisation",
        "SEPARATION": "Separation surgery",
        "ENDOPROSTHESIS": "Resection and endoprosthetic replacement",
        "IM_NAIL": "Intramedullary nailing",
        "AMPUTATION": "Amputation",
    },
    "melanoma": {
        "WLE": "Wide local excision",
        "SLNB": "Sentinel lymph node biopsy",
        "LND": "Completion lymph node dissection",
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

INTENTS = {"curative": "Curative", "palliative": "Palliative"}
MARGINS = {"R0": "R0 (clear)", "R1": "R1 (microscopic)", "R2": "R2 (macroscopic)"}
RECONSTRUCTION_TIMING = {"none": "None", "immediate": "Immediate", "delayed": "Delayed"}
RECONSTRUCTION_TYPES = {"implant": "Implant", "autologous": "Autologous flap",
                        "combined": "Implant and flap"}
FLAPS = {
    "DIEP": "Deep inferior epigastric perforator (DIEP)",
    "LD": "Latissimus dorsi (LD)",
    "TRAM": "Transverse rectus abdominis myocutaneous (TRAM)",
    "SIEA": "Superficial inferior epigastric artery (SIEA)",
    "TUG": "Transverse upper gracilis (TUG)",
    "PAP": "Profunda artery perforator (PAP)",
    "other": "Other flap",
}
LIMB_OUTCOMES = {"salvage": "Limb salvage", "amputation": "Amputation"}
LIMB_RECONSTRUCTIONS = {
    "none": "None",
    "endoprosthesis": "Endoprosthesis",
    "flap": "Flap",
    "3d_printed_implant": "3D-printed implant",
    "allograft": "Allograft",
    "other": "Other",
}

COMPLICATIONS = {
    "anastomotic_leak": "Anastomotic leak",
    "wound_infection": "Wound infection",
    "wound_dehiscence": "Wound dehiscence",
    "flap_loss_total": "Flap loss, total",
    "flap_loss_partial": "Flap loss, partial",
    "haematoma": "Haematoma",
    "seroma": "Seroma",
    "implant_loss": "Implant loss or explantation",
    "prosthesis_infection": "Prosthesis infection",
    "ileus": "Ileus",
    "pelvic_abscess": "Pelvic abscess",
    "urinary_retention": "Urinary retention",
    "pneumonia": "Pneumonia",
    "venous_thromboembolism": "Venous thromboembolism",
    "cardiac": "Cardiac event",
    "nerve_injury": "Nerve injury",
    "other": "Other",
}
# Dindo D, Demartines N, Clavien PA. Ann Surg 2004;240(2):205-13.
CLAVIEN_DINDO = {
    "I": "I — any deviation from the normal course without specific treatment",
    "II": "II — requiring drugs (incl. transfusion, parenteral nutrition)",
    "IIIa": "IIIa — intervention not under general anaesthesia",
    "IIIb": "IIIb — intervention under general anaesthesia",
    "IVa": "IVa — life-threatening, single organ dysfunction",
    "IVb": "IVb — life-threatening, multi-organ dysfunction",
    "V": "V — death of the patient",
}

FOLLOW_UP_TYPES = {
    "local_recurrence": "Local recurrence",
    "distant_metastasis": "Distant metastasis",
    "death": "Death",
    "last_contact": "Last contact (alive)",
}
CAUSES_OF_DEATH = {"cancer": "Cancer", "other": "Other cause", "unknown": "Unknown"}

INSTRUMENTS = {"lars": "LARS score", "wexner": "Wexner (Cleveland Clinic) score",
               "msts": "MSTS score"}
# Which questionnaires are expected after an operation on each pathway.
PATHWAY_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "breast": (),
    "rectum": ("lars", "wexner"),
    "sarcoma": ("msts",),
    "bone_metastasis": ("msts",),
    "melanoma": (),
}
STANDARD_TIME_POINTS = (3, 6, 12, 24)


def choices(codes: dict[str, str]) -> list[tuple[str, str]]:
    return list(codes.items())


def all_procedures() -> dict[str, str]:
    merged: dict[str, str] = {}
    for codes in PROCEDURES.values():
        merged.update(codes)
    return merged
