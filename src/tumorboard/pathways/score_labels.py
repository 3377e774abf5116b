"""Readable labels for the choice values of score inputs and of the Bilsky grade.

Marked with the local identity `gettext_noop` (pure code: no Django) so that makemessages
extracts them; the Django side translates them where they are shown. Wording follows the
papers: SINS (Fisher et al., Spine 2010, table 1), Mirels (Clin Orthop 1989, table 1),
epidural spinal cord compression scale (Bilsky et al., J Neurosurg Spine 2010;13:324-8).
"""

from __future__ import annotations

from tumorboard.pathways.messages import gettext_noop

BILSKY = {
    "0": gettext_noop("0 — bone only"),
    "1a": gettext_noop("1a — epidural impingement, thecal sac not deformed"),
    "1b": gettext_noop("1b — thecal sac deformed, not abutting the cord"),
    "1c": gettext_noop("1c — thecal sac deformed, abutting the cord, no compression"),
    "2": gettext_noop("2 — cord compression, CSF visible around the cord"),
    "3": gettext_noop("3 — cord compression, no CSF visible around the cord"),
}

CHOICES: dict[str, dict[str, dict[str, str]]] = {
    "sins": {
        "location": {"junctional": gettext_noop("Junctional (occiput–C2, C7–T2, T11–L1, L5–S1)"),
                     "mobile": gettext_noop("Mobile spine (C3–C6, L2–L4)"),
                     "semirigid": gettext_noop("Semi-rigid (T3–T10)"),
                     "rigid": gettext_noop("Rigid (S2–S5)")},
        "pain": {"mechanical": gettext_noop("Mechanical pain (worse with movement or loading)"),
                 "occasional": gettext_noop("Occasional pain, not mechanical"),
                 "none": gettext_noop("Pain-free lesion")},
        "lesion": {"lytic": gettext_noop("Lytic"), "mixed": gettext_noop("Mixed lytic/blastic"),
                   "blastic": gettext_noop("Blastic")},
        "alignment": {"subluxation": gettext_noop("Subluxation or translation"),
                      "deformity": gettext_noop("New deformity (kyphosis or scoliosis)"),
                      "normal": gettext_noop("Normal alignment")},
        "collapse": {"over_50": gettext_noop("Collapse over 50%"),
                     "under_50": gettext_noop("Collapse under 50%"),
                     "none_over_50_involved": gettext_noop(
                         "No collapse, over 50% of the body involved"),
                     "none": gettext_noop("None of the above")},
        "posterolateral": {"bilateral": gettext_noop("Bilateral"),
                           "unilateral": gettext_noop("Unilateral"),
                           "none": gettext_noop("None")},
    },
    "mirels": {
        "site": {"upper_limb": gettext_noop("Upper limb"),
                 "lower_limb": gettext_noop("Lower limb"),
                 "peritrochanteric": gettext_noop("Peritrochanteric")},
        "pain": {"mild": gettext_noop("Mild"), "moderate": gettext_noop("Moderate"),
                 "functional": gettext_noop("Functional (pain on use)")},
        "lesion": {"blastic": gettext_noop("Blastic"), "mixed": gettext_noop("Mixed"),
                   "lytic": gettext_noop("Lytic")},
        "size": {"under_one_third": gettext_noop("Under one third of the diameter"),
                 "one_third_to_two_thirds": gettext_noop(
                     "One third to two thirds of the diameter"),
                 "over_two_thirds": gettext_noop("Over two thirds of the diameter")},
    },
}

# Choice values shared by several scores, as words (a score-specific label above wins).
WORDS: dict[str, str] = {
    "never": gettext_noop("Never"), "rarely": gettext_noop("Rarely"),
    "sometimes": gettext_noop("Sometimes"), "usually": gettext_noop("Usually"),
    "always": gettext_noop("Always"), "less_than_weekly": gettext_noop("Less than weekly"),
    "weekly_or_more": gettext_noop("Weekly or more"),
    "more_than_7_per_day": gettext_noop("More than 7 times a day"),
    "4_to_7_per_day": gettext_noop("4 to 7 times a day"),
    "1_to_3_per_day": gettext_noop("1 to 3 times a day"),
    "less_than_daily": gettext_noop("Less than once a day"),
    "slow": gettext_noop("Slow"), "moderate": gettext_noop("Moderate"),
    "rapid": gettext_noop("Rapid"), "none": gettext_noop("None"),
    "treatable": gettext_noop("Treatable"), "untreatable": gettext_noop("Untreatable"),
    "removable": gettext_noop("Removable"), "unremovable": gettext_noop("Unremovable"),
    "solitary": gettext_noop("Solitary"), "multiple": gettext_noop("Multiple"),
    "nodular": gettext_noop("Nodular"),
    "disseminated": gettext_noop("Disseminated (pleural, peritoneal or leptomeningeal)"),
    "normal": gettext_noop("Normal"), "abnormal": gettext_noop("Abnormal"),
    "critical": gettext_noop("Critical"), "lower": gettext_noop("Lower limb"),
    "upper": gettext_noop("Upper limb"),
    "lung": gettext_noop("Lung"), "osteosarcoma": gettext_noop("Osteosarcoma"),
    "stomach": gettext_noop("Stomach"), "bladder": gettext_noop("Bladder"),
    "esophagus": gettext_noop("Oesophagus"), "pancreas": gettext_noop("Pancreas"),
    "liver": gettext_noop("Liver"), "gallbladder": gettext_noop("Gallbladder"),
    "unknown": gettext_noop("Unknown primary"), "other": gettext_noop("Other"),
    "kidney": gettext_noop("Kidney"), "uterus": gettext_noop("Uterus"),
    "rectum": gettext_noop("Rectum"), "thyroid": gettext_noop("Thyroid"),
    "breast": gettext_noop("Breast"), "prostate": gettext_noop("Prostate"),
    "carcinoid": gettext_noop("Carcinoid"),
}


# Limb bones as the clinic names them (the case form's examples and the demo's); a bone
# typed otherwise is shown as typed.
BONES: dict[str, str] = {
    "femur": gettext_noop("Femur"), "humerus": gettext_noop("Humerus"),
    "tibia": gettext_noop("Tibia"), "fibula": gettext_noop("Fibula"),
    "radius": gettext_noop("Radius"), "ulna": gettext_noop("Ulna"),
    "pelvis": gettext_noop("Pelvis"), "acetabulum": gettext_noop("Acetabulum"),
    "clavicle": gettext_noop("Clavicle"), "scapula": gettext_noop("Scapula"),
}


def word_msgid(value: str) -> str | None:
    """The msgid for a primary tumour or a limb bone entered as a vocabulary word, else None
    (free text, shown as the clinician typed it)."""
    key = value.strip().lower()
    return BONES.get(key) or WORDS.get(key)


def choice_label(score: str, field: str, value: str) -> str | None:
    """The msgid for a score input's choice, or None when it is a plain code (A-E, T10)."""
    return CHOICES.get(score, {}).get(field, {}).get(value) or WORDS.get(value)


# Score categories as a clinician reads them (the codes are the contract's).
CATEGORIES: dict[str, dict[str, str]] = {
    "sins": {"stable": gettext_noop("Stable"),
             "indeterminate": gettext_noop("Potentially unstable"),
             "unstable": gettext_noop("Unstable")},
    "tokuhashi": {"under_6_months": gettext_noop("Expected survival under 6 months"),
                  "6_months_or_more": gettext_noop("Expected survival 6 months or more"),
                  "1_year_or_more": gettext_noop("Expected survival 1 year or more")},
    "tomita": {"wide_or_marginal_excision": gettext_noop("Wide or marginal excision"),
               "marginal_or_intralesional_excision": gettext_noop(
                   "Marginal or intralesional excision"),
               "palliative_surgery": gettext_noop("Palliative surgery"),
               "supportive_care": gettext_noop("Supportive care")},
    "mirels": {"observe": gettext_noop("Observe"), "borderline": gettext_noop("Borderline"),
               "fixation": gettext_noop("Prophylactic fixation")},
    "katagiri": {"low": gettext_noop("Low risk"), "intermediate": gettext_noop("Intermediate risk"),
                 "high": gettext_noop("High risk")},
    "lars": {"no_lars": gettext_noop("No LARS"), "minor_lars": gettext_noop("Minor LARS"),
             "major_lars": gettext_noop("Major LARS")},
    "wexner": {"continent": gettext_noop("Continent"),
               "incontinent": gettext_noop("Incontinent")},
    "msts": {"excellent": gettext_noop("Excellent"), "good": gettext_noop("Good"),
             "fair": gettext_noop("Fair"), "poor": gettext_noop("Poor")},
    "melanoma_slnb": {"not_recommended": gettext_noop("SLNB not recommended"),
                      "consider": gettext_noop("Consider SLNB"),
                      "offer": gettext_noop("Offer SLNB")},
    "cci": {"none": gettext_noop("No complication")},
}
