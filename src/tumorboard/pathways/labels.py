"""Readable labels for every code the screen emits, marked for translation.

Pure: the tables hold English msgids marked with `gettext_noop`; the functions take a
translation function so the Django side passes `gettext` and a CLI passes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from tumorboard.pathways.messages import gettext_noop

Translate = Callable[[str], str]

OPTION_TITLES = {
    "breast_immediate_reconstruction": gettext_noop("Immediate breast reconstruction"),
    "breast_delayed_reconstruction": gettext_noop("Delayed breast reconstruction"),
    "breast_conserving_surgery": gettext_noop("Breast conservation (oncoplastic or after "
                                              "neoadjuvant downsizing)"),
    "rectal_sphincter_preservation": gettext_noop("Sphincter preservation"),
    "rectal_watch_and_wait": gettext_noop("Watch and wait (organ preservation)"),
    "rectal_local_excision": gettext_noop("Local excision"),
    "limb_salvage": gettext_noop("Limb salvage"),
    "sarcoma_amputation": gettext_noop("Amputation"),
    "sarcoma_flap_reconstruction": gettext_noop("Flap reconstruction"),
    "sarcoma_radiotherapy": gettext_noop("Radiotherapy (external beam or brachytherapy)"),
    "sarcoma_centre_referral": gettext_noop("Sarcoma reference centre referral, biopsy first"),
    "isolated_limb_infusion": gettext_noop("Isolated limb infusion or perfusion"),
    "spine_urgent_assessment": gettext_noop("Urgent assessment for spinal cord compression"),
    "spine_surgical_opinion": gettext_noop("Spinal surgical opinion"),
    "spine_en_bloc_excision": gettext_noop("En bloc excision (spondylectomy)"),
    "spine_vertebral_augmentation": gettext_noop("Vertebral augmentation (vertebroplasty or "
                                                 "kyphoplasty)"),
    "spine_radiotherapy": gettext_noop("Spinal radiotherapy or separation surgery"),
    "limb_prophylactic_fixation": gettext_noop("Prophylactic fixation"),
    "bone_mets_mdt_review": gettext_noop("MDT review before surgery"),
    "melanoma_slnb": gettext_noop("Sentinel lymph node biopsy"),
}
STATUS_LABELS = {
    "offer": gettext_noop("Offer"),
    "discuss": gettext_noop("MDT to decide"),
    "consider": gettext_noop("Consider"),
    "not_indicated": gettext_noop("Not indicated"),
    "undetermined": gettext_noop("Undetermined (data missing)"),
}
CLASSIFICATION_LABELS = {
    "I": gettext_noop("Rullier type I"),
    "II": gettext_noop("Rullier type II"),
    "III": gettext_noop("Rullier type III"),
    "IV": gettext_noop("Rullier type IV"),
    "stable": gettext_noop("SINS: stable (0-6)"),
    "indeterminate": gettext_noop("SINS: potentially unstable (7-12)"),
    "unstable": gettext_noop("SINS: unstable (13-18)"),
    "observe": gettext_noop("Mirels: observe (7 or less)"),
    "borderline": gettext_noop("Mirels: borderline (8)"),
    "fixation": gettext_noop("Mirels: fixation (9 or more)"),
    **{t: t for t in ("T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b")},
}
FACT_LABELS = {
    "pathway": gettext_noop("Pathway"),
    "age": gettext_noop("Age"),
    "ecog": gettext_noop("ECOG performance status"),
    "asa": gettext_noop("ASA physical status"),
    "clinical_t": gettext_noop("Clinical T category"),
    "clinical_n": gettext_noop("Clinical N category"),
    "clinical_m": gettext_noop("Clinical M category"),
    "frailty": gettext_noop("Clinical Frailty Scale"),
    "significant_comorbidity": gettext_noop("Significant comorbidity"),
    "patient_preference_against_preservation": gettext_noop(
        "Patient preference against preservation"),
    "planned_surgery": gettext_noop("Planned breast surgery"),
    "tumour_size_mm": gettext_noop("Tumour size (mm)"),
    "multifocal": gettext_noop("Multifocal"),
    "radiotherapy_expected_after_mastectomy": gettext_noop(
        "Radiotherapy expected after mastectomy"),
    "prior_chest_wall_radiotherapy": gettext_noop("Prior chest-wall radiotherapy"),
    "bmi": gettext_noop("Body mass index"),
    "smoking": gettext_noop("Current smoking"),
    "diabetes": gettext_noop("Diabetes"),
    "distance_from_anal_verge_cm": gettext_noop("Distance from the anal verge (cm)"),
    "distance_from_anorectal_ring_cm": gettext_noop("Distance from the anorectal ring (cm)"),
    "internal_sphincter_invaded": gettext_noop("Internal sphincter invaded"),
    "external_sphincter_or_levator_invaded": gettext_noop(
        "External sphincter or levator invaded"),
    "mesorectal_fascia_involved": gettext_noop("Mesorectal fascia involved"),
    "emvi": gettext_noop("Extramural venous invasion (EMVI)"),
    "lateral_lymph_nodes": gettext_noop("Lateral lymph nodes involved"),
    "neoadjuvant_therapy": gettext_noop("Neoadjuvant therapy"),
    "neoadjuvant_response": gettext_noop("Response to neoadjuvant therapy"),
    "baseline_continence": gettext_noop("Baseline continence"),
    "site_offers_sphincter_preservation": gettext_noop(
        "Site offers ultra-low sphincter preservation"),
    "size_cm": gettext_noop("Tumour size (cm)"),
    "depth": gettext_noop("Depth"),
    "fnclcc_grade": gettext_noop("FNCLCC grade"),
    "limb": gettext_noop("Primary on a limb"),
    "major_neurovascular_involvement": gettext_noop("Major neurovascular involvement"),
    "expected_defect_large": gettext_noop("Large defect expected"),
    "bone_sarcoma": gettext_noop("Bone sarcoma"),
    "huvos_grade": gettext_noop("Huvos grade"),
    "primary": gettext_noop("Primary tumour"),
    "visceral_metastases": gettext_noop("Visceral metastases"),
    "frankel": gettext_noop("Frankel grade"),
    "spinal_lesions": gettext_noop("Spinal lesions"),
    "limb_lesions": gettext_noop("Limb lesions"),
    "tokuhashi": gettext_noop("Revised Tokuhashi score"),
    "tomita": gettext_noop("Tomita score"),
    "katagiri": gettext_noop("Katagiri score"),
    "breslow_mm": gettext_noop("Breslow thickness (mm)"),
    "ulceration": gettext_noop("Ulceration"),
    "mitotic_rate_per_mm2": gettext_noop("Mitotic rate (per mm2)"),
    "lymphovascular_invasion": gettext_noop("Lymphovascular invasion"),
    "deep_margin_positive": gettext_noop("Deep margin positive"),
    "clinically_node_positive": gettext_noop("Clinically node-positive"),
    "in_transit_metastases": gettext_noop("In-transit metastases"),
}
SCORE_NAMES = {
    "tokuhashi": gettext_noop("Revised Tokuhashi"), "tomita": gettext_noop("Tomita"),
    "katagiri": gettext_noop("Katagiri"), "sins": gettext_noop("SINS"),
    "mirels": gettext_noop("Mirels"),
}
SCORE_FIELD_LABELS = {
    "tokuhashi": {
        "kps": gettext_noop("Karnofsky performance status"),
        "extraspinal_bone_mets": gettext_noop("extraspinal bone metastases"),
        "vertebral_mets": gettext_noop("vertebral body metastases"),
        "visceral_mets": gettext_noop("metastases to major internal organs"),
        "primary": gettext_noop("primary site"),
        "frankel": gettext_noop("palsy (Frankel grade)"),
    },
    "tomita": {
        "growth": gettext_noop("primary tumour growth"),
        "visceral_mets": gettext_noop("visceral metastases"),
        "bone_mets": gettext_noop("bone metastases"),
    },
    "katagiri": {
        "growth": gettext_noop("primary lesion growth"),
        "visceral": gettext_noop("visceral or cerebral metastases"),
        "labs": gettext_noop("laboratory data"),
        "crp_mg_dl": gettext_noop("CRP"), "ldh_iu_l": gettext_noop("LDH"),
        "albumin_g_dl": gettext_noop("serum albumin"),
        "platelets_per_ul": gettext_noop("platelets"),
        "calcium_mg_dl": gettext_noop("serum calcium"),
        "bilirubin_mg_dl": gettext_noop("total bilirubin"),
        "ecog": gettext_noop("ECOG performance status"),
        "previous_chemotherapy": gettext_noop("previous chemotherapy"),
        "multiple_skeletal_mets": gettext_noop("multiple skeletal metastases"),
    },
    "sins": {
        "pain": gettext_noop("pain"), "lesion": gettext_noop("bone lesion"),
        "alignment": gettext_noop("spinal alignment"),
        "collapse": gettext_noop("vertebral body collapse"),
        "posterolateral": gettext_noop("posterolateral involvement"),
        "level": gettext_noop("spinal level"), "location": gettext_noop("spine location"),
    },
    "mirels": {
        "site": gettext_noop("site"), "pain": gettext_noop("pain"),
        "lesion": gettext_noop("nature of lesion"), "size": gettext_noop("size"),
    },
}
LESION_FIELD_LABELS = {
    "level": gettext_noop("spinal level"), "bilsky": gettext_noop("Bilsky grade"),
    "bone": gettext_noop("bone"), "sins": gettext_noop("SINS"),
    "mirels": gettext_noop("Mirels score"),
}
LESION_TEMPLATES = {
    "spinal_lesions": gettext_noop("Spinal lesion {name}: {field}"),
    "limb_lesions": gettext_noop("Limb lesion {name}: {field}"),
}
SCORE_FIELD_TEMPLATE = gettext_noop("{score}: {field}")
_LESION = re.compile(r"^(spinal_lesions|limb_lesions)\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?$")


def _identity(text: str) -> str:
    return text


def _score_field(score: str, key: str, translate: Translate) -> str:
    return translate(SCORE_FIELD_TEMPLATE).format(
        score=translate(SCORE_NAMES[score]), field=translate(SCORE_FIELD_LABELS[score][key]))


def _lesion_name(facts: object, kind: str, index: int) -> str:
    lesions = facts.get(kind) if isinstance(facts, Mapping) else getattr(facts, kind, None)
    if isinstance(lesions, list) and index < len(lesions) and isinstance(lesions[index], Mapping):
        name = lesions[index].get("level" if kind == "spinal_lesions" else "bone")
        if isinstance(name, str):
            return name
    return str(index + 1)


def fact_label(key: str, translate: Translate = _identity, facts: object = None) -> str:
    """Readable label of an input or missing key: `katagiri.ecog` -> "Katagiri: ECOG
    performance status"; `spinal_lesions[0].bilsky` -> "Spinal lesion T10: Bilsky grade"
    (the level is read from `facts`, a CaseFacts or the input dict, when given).
    Raises KeyError for a key no table knows, so a missing label cannot go unnoticed."""
    found = _LESION.match(key)
    if found:
        kind, index, field, item = found.groups()
        name = _lesion_name(facts, kind, int(index))
        if field is None:
            label = translate(FACT_LABELS[kind])
        elif item is None:
            label = translate(LESION_FIELD_LABELS[field])
        else:
            label = _score_field(field, item, translate)
        return translate(LESION_TEMPLATES[kind]).format(name=name, field=label)
    if "." in key:
        score, item = key.split(".", 1)
        return _score_field(score, item, translate)
    return translate(FACT_LABELS[key])


def option_title(code: str, translate: Translate = _identity) -> str:
    return translate(OPTION_TITLES[code])


def status_label(status: str, translate: Translate = _identity) -> str:
    return translate(STATUS_LABELS[status])


def classification_label(code: str, translate: Translate = _identity) -> str:
    return translate(CLASSIFICATION_LABELS[code])
