"""Which AJCC 8th edition stage grouping applies to a tumour, from its ICD-O-3 topography
(site) and morphology (histology). Sources: the "ICD-O-3 Topography Codes" and "Cancers
Staged Using This Staging System" sections of chapters 20 (colon and rectum), 38 (bone),
41 (soft tissue sarcoma of the trunk and extremities), 44 (soft tissue sarcoma of the
retroperitoneum), 47 (melanoma of the skin) and 48 (breast) of the AJCC Cancer Staging
Manual, 8th edition, 2017.

A bone sarcoma is staged with the bone chapter whatever its histology (an osteosarcoma or
a leiomyosarcoma of the femur alike): the soft-tissue tables are never used for bone."""

from __future__ import annotations

import re
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    return message


REASONS = {
    "breast": gettext_noop("Breast carcinoma (AJCC 8th edition, chapter 48)."),
    "breast_not_carcinoma": gettext_noop(
        "AJCC breast staging applies to carcinomas only, not to sarcomas or lymphomas."),
    "colorectal": gettext_noop("Carcinoma of the colon or rectum (AJCC 8th edition, "
                               "chapter 20)."),
    "colorectal_not_carcinoma": gettext_noop(
        "AJCC colorectal staging applies to carcinomas only."),
    "bone": gettext_noop("Bone sarcoma of the appendicular skeleton, trunk, skull or facial "
                         "bones (AJCC 8th edition, chapter 38)."),
    "bone_spine": gettext_noop("Bone sarcoma of the spine: AJCC 8th edition defines T "
                               "categories but no stage group."),
    "bone_pelvis": gettext_noop("Bone sarcoma of the pelvis or sacrum: AJCC 8th edition "
                                "defines T categories but no stage group."),
    "retroperitoneum": gettext_noop("Soft tissue sarcoma of the retroperitoneum (AJCC 8th "
                                    "edition, chapter 44)."),
    "trunk_extremity": gettext_noop("Soft tissue sarcoma of the trunk or extremities (AJCC "
                                    "8th edition, chapter 41)."),
    "head_neck": gettext_noop("Soft tissue sarcoma of the head and neck is staged by "
                              "another AJCC chapter (40), not implemented here."),
    "melanoma": gettext_noop("Cutaneous melanoma (AJCC 8th edition, chapter 47)."),
    "metastasis": gettext_noop("A metastasis is staged with its primary tumour."),
    "not_sarcoma": gettext_noop("The soft tissue and bone stage groups apply to sarcomas "
                                "only."),
    "no_scheme": gettext_noop("No AJCC 8th edition stage grouping is implemented for this "
                              "site and histology."),
}


@dataclass(frozen=True, slots=True)
class SchemeChoice:
    scheme: str | None
    reason: str


_MORPHOLOGY = re.compile(r"^(\d{4})/(\d)$")
_TOPOGRAPHY = re.compile(r"^C(\d{2})\.?(\d)$")

# Mesenchymal (sarcoma) histology ranges of ICD-O-3, inclusive; excludes GIST (8936) and
# Kaposi sarcoma (9140), which have their own chapters.
SARCOMA_RANGES = ((8800, 8935), (8940, 8991), (9040, 9044), (9120, 9139), (9150, 9150),
                  (9170, 9175), (9180, 9262), (9364, 9373), (9540, 9581))


def _morphology(code: str) -> tuple[int, int] | None:
    match = _MORPHOLOGY.match((code or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def _topography(code: str) -> tuple[int, int] | None:
    match = _TOPOGRAPHY.match((code or "").strip().upper())
    return (int(match.group(1)), int(match.group(2))) if match else None


def is_sarcoma(histology: int) -> bool:
    return any(low <= histology <= high for low, high in SARCOMA_RANGES)


def is_carcinoma(histology: int) -> bool:
    return 8010 <= histology <= 8589


def is_melanoma(histology: int) -> bool:
    return 8720 <= histology <= 8799


def _choice(scheme: str | None, reason_key: str) -> SchemeChoice:
    return SchemeChoice(scheme, REASONS[reason_key])


def _breast(histology: int, prognostic: bool, setting: str) -> SchemeChoice:
    if not is_carcinoma(histology):
        return _choice(None, "breast_not_carcinoma")
    if not prognostic:
        return _choice("breast_anatomic", "breast")
    return _choice(f"breast_{setting}_prognostic", "breast")


def _bone(subsite: int, histology: int) -> SchemeChoice:
    if not is_sarcoma(histology):
        return _choice(None, "not_sarcoma")
    if subsite == 2:
        return _choice(None, "bone_spine")
    if subsite == 4:
        return _choice(None, "bone_pelvis")
    return _choice("bone_appendicular", "bone")


def _soft_tissue(site: int, subsite: int, histology: int) -> SchemeChoice:
    if not is_sarcoma(histology):
        return _choice(None, "not_sarcoma")
    if (site, subsite) == (48, 0):
        return _choice("soft_tissue_retroperitoneum", "retroperitoneum")
    if site == 49 and subsite == 0:
        return _choice(None, "head_neck")
    if site == 49 and 1 <= subsite <= 6:
        return _choice("soft_tissue_trunk_extremity", "trunk_extremity")
    return _choice(None, "no_scheme")


def choose_scheme(topography: str, morphology: str, *, has_prognostic_factors: bool = False,
                  setting: str = "clinical") -> SchemeChoice:
    """The scheme and the reason for it (scheme None: no stage group, and why).

    setting is "clinical" or "pathological"; it picks the breast prognostic table."""
    if setting not in ("clinical", "pathological"):
        raise ValueError(f"setting must be 'clinical' or 'pathological', not {setting!r}")
    site, histology = _topography(topography), _morphology(morphology)
    if site is None or histology is None:
        return _choice(None, "no_scheme")
    (major, subsite), (code, behaviour) = site, histology
    if behaviour == 6:
        return _choice(None, "metastasis")
    if major == 50:
        return _breast(code, has_prognostic_factors, setting)
    if major in (18, 19, 20):
        return _choice("colorectal", "colorectal") if is_carcinoma(code) else _choice(
            None, "colorectal_not_carcinoma")
    if major in (40, 41):
        return _bone(subsite if major == 41 else -1, code)
    if major in (48, 49):
        return _soft_tissue(major, subsite, code)
    if major == 44 and is_melanoma(code):
        return _choice("melanoma", "melanoma")
    return _choice(None, "no_scheme")


def scheme_for(topography: str, morphology: str, *, has_prognostic_factors: bool = False,
               setting: str = "clinical") -> str | None:
    """The AJCC 8th scheme name for `stage_group`, or None where no stage group applies
    (choose_scheme gives the reason)."""
    return choose_scheme(topography, morphology, has_prognostic_factors=has_prognostic_factors,
                         setting=setting).scheme
