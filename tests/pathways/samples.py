"""Hand-written score inputs shared by the pathways tests.

VALID gives the lowest-risk input of each score (totals summed by hand from the papers).
ORDERS lists each field's values from better to worse, written from the papers' tables
independently of the implementation; RISK lists categories from lower to higher risk.
"""

from __future__ import annotations

VALID: dict[str, dict[str, object]] = {
    "sins": {"location": "rigid", "pain": "none", "lesion": "blastic", "alignment": "normal",
             "collapse": "none", "posterolateral": "none"},
    "tokuhashi": {"kps": 100, "extraspinal_bone_mets": 0, "vertebral_mets": 1,
                  "visceral_mets": "none", "primary": "breast", "frankel": "E"},
    "tomita": {"growth": "slow", "visceral_mets": "none", "bone_mets": "solitary"},
    "mirels": {"site": "upper_limb", "pain": "mild", "lesion": "blastic",
               "size": "under_one_third"},
    "katagiri": {"growth": "slow", "visceral": "none", "labs": "normal", "ecog": 0,
                 "previous_chemotherapy": False, "multiple_skeletal_mets": False},
    "cci": {"complications": []},
    "lars": {"flatus": "never", "liquid": "never", "frequency": "1_to_3_per_day",
             "clustering": "never", "urgency": "never"},
    "wexner": {"solid": "never", "liquid": "never", "gas": "never", "pad": "never",
               "lifestyle": "never"},
    "msts": {"limb": "lower", "pain": 5, "function": 5, "emotional_acceptance": 5,
             "supports": 5, "walking": 5, "gait": 5},
    "melanoma_slnb": {"breslow_mm": 0.5, "ulceration": False},
}

NEVER_WEEKLY = ["never", "less_than_weekly", "weekly_or_more"]
FREQ = ["never", "rarely", "sometimes", "usually", "always"]
MSTS_ITEM = [5, 4, 3, 2, 1, 0]

ORDERS: dict[str, dict[str, list[object]]] = {
    "sins": {
        "location": ["rigid", "semirigid", "mobile", "junctional"],
        "pain": ["none", "occasional", "mechanical"],
        "lesion": ["blastic", "mixed", "lytic"],
        "alignment": ["normal", "deformity", "subluxation"],
        "collapse": ["none", "none_over_50_involved", "under_50", "over_50"],
        "posterolateral": ["none", "unilateral", "bilateral"],
    },
    "tokuhashi": {
        "kps": [100, 90, 80, 70, 60, 50, 40, 30, 20, 10],
        "extraspinal_bone_mets": [0, 1, 2, 3, 4, 12],
        "vertebral_mets": [1, 2, 3, 4, 9],
        "visceral_mets": ["none", "removable", "unremovable"],
        "primary": ["thyroid", "rectum", "kidney", "other", "liver", "lung"],
        "frankel": ["E", "D", "C", "B", "A"],
    },
    "tomita": {
        "growth": ["slow", "moderate", "rapid"],
        "visceral_mets": ["none", "treatable", "untreatable"],
        "bone_mets": ["solitary", "multiple"],
    },
    "mirels": {
        "site": ["upper_limb", "lower_limb", "peritrochanteric"],
        "pain": ["mild", "moderate", "functional"],
        "lesion": ["blastic", "mixed", "lytic"],
        "size": ["under_one_third", "one_third_to_two_thirds", "over_two_thirds"],
    },
    "katagiri": {
        "growth": ["slow", "moderate", "rapid"],
        "visceral": ["none", "nodular", "disseminated"],
        "labs": ["normal", "abnormal", "critical"],
        "ecog": [0, 1, 2, 3, 4],
        "previous_chemotherapy": [False, True],
        "multiple_skeletal_mets": [False, True],
    },
    "lars": {
        "flatus": NEVER_WEEKLY,
        "liquid": NEVER_WEEKLY,
        "frequency": ["1_to_3_per_day", "4_to_7_per_day", "more_than_7_per_day",
                      "less_than_daily"],
        "clustering": NEVER_WEEKLY,
        "urgency": NEVER_WEEKLY,
    },
    "wexner": {name: FREQ for name in ("solid", "liquid", "gas", "pad", "lifestyle")},
    "msts_lower": {name: MSTS_ITEM for name in
                   ("pain", "function", "emotional_acceptance", "supports", "walking", "gait")},
    "msts_upper": {name: MSTS_ITEM for name in ("pain", "function", "emotional_acceptance",
                                                "hand_positioning", "dexterity", "lifting")},
}

RISK: dict[str, list[str]] = {
    "sins": ["stable", "indeterminate", "unstable"],
    "tokuhashi": ["1_year_or_more", "6_months_or_more", "under_6_months"],
    "tomita": ["wide_or_marginal_excision", "marginal_or_intralesional_excision",
               "palliative_surgery", "supportive_care"],
    "mirels": ["observe", "borderline", "fixation"],
    "katagiri": ["low", "intermediate", "high"],
    "cci": ["none", "I", "II", "IIIa", "IIIb", "IVa", "IVb", "V"],
    "lars": ["no_lars", "minor_lars", "major_lars"],
    "wexner": ["continent", "incontinent"],
    "msts": ["excellent", "good", "fair", "poor"],
    "melanoma_slnb": ["not_recommended", "consider", "offer"],
}

# Published ranges of each total (papers' stated minimum and maximum).
TOTAL_RANGE: dict[str, tuple[float, float]] = {
    "sins": (0, 18), "tokuhashi": (0, 15), "tomita": (2, 10), "mirels": (4, 12),
    "katagiri": (0, 10), "cci": (0, 100), "lars": (0, 42), "wexner": (0, 20), "msts": (0, 30),
}


def with_(name: str, **changes: object) -> dict[str, object]:
    """VALID[name] with some fields changed."""
    return {**VALID[name], **changes}
