"""Published values and worked examples."""

from __future__ import annotations

import pytest

from tumorboard.pathways import compute

from .samples import with_

# Slankamenac et al., Ann Surg 2013: CCI of a single complication of each grade
# (also printed on the authors' calculator): I 8.7, II 20.9, IIIa 26.2, IIIb 33.7,
# IVa 42.4, IVb 46.2, V 100.
SINGLE = [("I", 8.7), ("II", 20.9), ("IIIa", 26.2), ("IIIb", 33.7), ("IVa", 42.4),
          ("IVb", 46.2), ("V", 100.0)]


@pytest.mark.parametrize(("grade", "cci"), SINGLE)
def test_it_matches_published_cci_for_one_complication(grade: str, cci: float) -> None:
    result = compute("cci", {"complications": [grade]})
    assert (result["total"], result["category"]) == (cci, grade)


@pytest.mark.parametrize(("grades", "total", "category"), [
    ([], 0.0, "none"),
    (["II", "II"], 29.6, "II"),  # sqrt(1750 + 1750) / 2 = 29.58
    (["IVa", "II"], 47.3, "IVa"),  # sqrt(7200 + 1750) / 2 = 47.30
    (["I", "V"], 100.0, "V"),  # any death sets the index to 100
    (["IVb"] * 20, 100.0, "IVb"),  # sqrt(171000) / 2 = 206.8, capped at 100
])
def test_it_combines_complications(grades: list[str], total: float, category: str) -> None:
    result = compute("cci", {"complications": grades})
    assert (result["total"], result["category"]) == (total, category)


def test_it_reports_cci_weights_per_grade() -> None:
    items = compute("cci", {"complications": ["II", "I", "II"]})["items"]
    assert items == {"I": 300, "II": 3500}


# AJCC 8th (Gershenwald 2017): thickness recorded to 0.1 mm, so 0.75-0.84 mm is 0.8 mm (T1b).
MELANOMA = [
    (0.0, False, "T1a", "not_recommended"),
    (0.74, False, "T1a", "not_recommended"),
    (0.75, False, "T1b", "consider"),
    (0.7, True, "T1b", "consider"),
    (1.0, False, "T1b", "consider"),
    (1.04, False, "T1b", "consider"),
    (1.05, False, "T2a", "offer"),
    (1.5, True, "T2b", "offer"),
    (2.04, False, "T2a", "offer"),
    (2.05, False, "T3a", "offer"),
    (4.0, True, "T3b", "offer"),
    (4.05, False, "T4a", "offer"),
    (12.0, True, "T4b", "offer"),
]


@pytest.mark.parametrize(("breslow", "ulcer", "t_cat", "category"), MELANOMA)
def test_it_assigns_ajcc8_t_category(breslow: float, ulcer: bool, t_cat: str,
                                     category: str) -> None:
    result = compute("melanoma_slnb", {"breslow_mm": breslow, "ulceration": ulcer})
    assert (result["t_category"], result["category"], result["total"]) == (t_cat, category, None)


@pytest.mark.parametrize(("extra", "category"), [
    ({"mitotic_rate_per_mm2": 2}, "consider"),
    ({"mitotic_rate_per_mm2": 1.9}, "not_recommended"),
    ({"lymphovascular_invasion": True}, "consider"),
    ({"lymphovascular_invasion": False}, "not_recommended"),
    ({"deep_margin_positive": True}, "consider"),
    ({"deep_margin_positive": False}, "not_recommended"),
    # scores.md (corrected 2026-11-30, after NCCN): young age alone never moves a T1a tumour
    ({"age": 25}, "not_recommended"),
    ({"age": 39}, "not_recommended"),
])
def test_it_considers_slnb_for_t1a_with_adverse_features(extra: dict[str, object],
                                                          category: str) -> None:
    result = compute("melanoma_slnb", with_("melanoma_slnb", **extra))
    assert (result["t_category"], result["category"]) == ("T1a", category)


NORMAL_LABS = {"crp_mg_dl": 0.1, "ldh_iu_l": 180, "albumin_g_dl": 4.2,
               "platelets_per_ul": 250000, "calcium_mg_dl": 9.4, "bilirubin_mg_dl": 0.6}


@pytest.mark.parametrize(("changes", "points"), [
    ({}, 0),
    ({"crp_mg_dl": 0.39}, 0), ({"crp_mg_dl": 0.4}, 1),
    ({"ldh_iu_l": 249}, 0), ({"ldh_iu_l": 250}, 1),
    ({"albumin_g_dl": 3.7}, 0), ({"albumin_g_dl": 3.69}, 1),
    ({"platelets_per_ul": 100000}, 0), ({"platelets_per_ul": 99999}, 2),
    ({"calcium_mg_dl": 10.29}, 0), ({"calcium_mg_dl": 10.3}, 2),
    ({"bilirubin_mg_dl": 1.39}, 0), ({"bilirubin_mg_dl": 1.4}, 2),
    ({"crp_mg_dl": 5.0, "bilirubin_mg_dl": 2.0}, 2),  # critical outranks abnormal
])
def test_it_derives_katagiri_labs_from_raw_values(changes: dict[str, float],
                                                  points: int) -> None:
    data = with_("katagiri", **{**NORMAL_LABS, **changes})
    del data["labs"]
    assert compute("katagiri", data)["items"]["labs"] == points


def test_it_scores_a_lytic_peritrochanteric_lesion_for_fixation() -> None:
    # Mirels 1989 / Jawad & Scully, Clin Orthop 2010: peritrochanteric (3), lytic (3),
    # more than two thirds (3) already reach 9 before pain is added; mild pain (1) -> 10.
    result = compute("mirels", {"site": "peritrochanteric", "lesion": "lytic",
                                "size": "over_two_thirds", "pain": "mild"})
    assert (result["total"], result["category"]) == (10, "fixation")
