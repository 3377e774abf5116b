"""Band edges of every score. Totals are summed by hand from the papers' tables."""

from __future__ import annotations

import pytest

from tumorboard.pathways import compute

from .samples import with_

J, M = "junctional", "mechanical"

CASES = [
    # SINS (Fisher 2010): stable 0-6, indeterminate 7-12, unstable 13-18
    ("sins", with_("sins"), 0, "stable"),
    ("sins", with_("sins", location=J, pain=M), 6, "stable"),  # 3+3
    ("sins", with_("sins", location=J, pain=M, lesion="mixed"), 7, "indeterminate"),
    ("sins", with_("sins", location=J, pain=M, lesion="lytic", alignment="deformity",
                   collapse="under_50"), 12, "indeterminate"),  # 3+3+2+2+2
    ("sins", with_("sins", location=J, pain=M, lesion="lytic", alignment="deformity",
                   collapse="under_50", posterolateral="unilateral"), 13, "unstable"),
    ("sins", with_("sins", location=J, pain=M, lesion="lytic", alignment="subluxation",
                   collapse="over_50", posterolateral="bilateral"), 18, "unstable"),
    # revised Tokuhashi (2005): 0-8 <6 months, 9-11 >=6 months, 12-15 >=1 year
    ("tokuhashi", with_("tokuhashi", kps=40, extraspinal_bone_mets=3, primary="rectum",
                        frankel="A"), 8, "under_6_months"),  # 0+0+2+2+4+0
    ("tokuhashi", with_("tokuhashi", kps=40, extraspinal_bone_mets=3, primary="rectum",
                        frankel="C"), 9, "6_months_or_more"),
    ("tokuhashi", with_("tokuhashi", kps=80, vertebral_mets=2, visceral_mets="removable",
                        primary="kidney"), 11, "6_months_or_more"),  # 2+2+1+1+3+2
    ("tokuhashi", with_("tokuhashi", kps=80, visceral_mets="removable", primary="kidney"),
     12, "1_year_or_more"),
    ("tokuhashi", with_("tokuhashi"), 15, "1_year_or_more"),
    ("tokuhashi", with_("tokuhashi", kps=10, extraspinal_bone_mets=5, vertebral_mets=3,
                        visceral_mets="unremovable", primary="lung", frankel="B"),
     0, "under_6_months"),
    # Tomita (2001): 2-3, 4-5, 6-7, 8-10
    ("tomita", with_("tomita"), 2, "wide_or_marginal_excision"),
    ("tomita", with_("tomita", bone_mets="multiple"), 3, "wide_or_marginal_excision"),
    ("tomita", with_("tomita", growth="moderate", bone_mets="multiple"), 4,
     "marginal_or_intralesional_excision"),
    ("tomita", with_("tomita", growth="rapid"), 5, "marginal_or_intralesional_excision"),
    ("tomita", with_("tomita", growth="rapid", bone_mets="multiple"), 6, "palliative_surgery"),
    ("tomita", with_("tomita", visceral_mets="untreatable", bone_mets="multiple"), 7,
     "palliative_surgery"),
    ("tomita", with_("tomita", growth="moderate", visceral_mets="untreatable",
                     bone_mets="multiple"), 8, "supportive_care"),
    ("tomita", with_("tomita", growth="rapid", visceral_mets="untreatable",
                     bone_mets="multiple"), 10, "supportive_care"),
    # Mirels (1989): <=7 observe, 8 borderline, >=9 fixation
    ("mirels", with_("mirels"), 4, "observe"),
    ("mirels", with_("mirels", site="lower_limb", pain="moderate",
                     size="one_third_to_two_thirds"), 7, "observe"),  # 2+2+1+2
    ("mirels", with_("mirels", site="peritrochanteric", pain="moderate",
                     size="one_third_to_two_thirds"), 8, "borderline"),
    ("mirels", with_("mirels", site="peritrochanteric", lesion="lytic",
                     size="one_third_to_two_thirds"), 9, "fixation"),  # 3+1+3+2
    ("mirels", with_("mirels", site="peritrochanteric", pain="functional", lesion="lytic",
                     size="over_two_thirds"), 12, "fixation"),
    # new Katagiri (2014): 0-3 low, 4-6 intermediate, 7-10 high
    ("katagiri", with_("katagiri", growth="rapid"), 3, "low"),
    ("katagiri", with_("katagiri", growth="rapid", visceral="nodular"), 4, "intermediate"),
    ("katagiri", with_("katagiri", growth="rapid", visceral="disseminated", labs="abnormal"),
     6, "intermediate"),
    ("katagiri", with_("katagiri", growth="rapid", visceral="disseminated", labs="abnormal",
                       ecog=3), 7, "high"),
    ("katagiri", with_("katagiri", growth="rapid", visceral="disseminated", labs="critical",
                       ecog=4, previous_chemotherapy=True, multiple_skeletal_mets=True),
     10, "high"),
    ("katagiri", with_("katagiri", ecog=2), 0, "low"),
    # LARS (Emmertsen & Laurberg 2012): 0-20 none, 21-29 minor, 30-42 major
    ("lars", with_("lars", urgency="less_than_weekly", clustering="less_than_weekly"), 20,
     "no_lars"),
    ("lars", with_("lars", urgency="weekly_or_more", frequency="less_than_daily"), 21,
     "minor_lars"),
    ("lars", with_("lars", urgency="weekly_or_more", clustering="less_than_weekly",
                   flatus="less_than_weekly"), 29, "minor_lars"),
    ("lars", with_("lars", urgency="weekly_or_more", clustering="less_than_weekly",
                   frequency="less_than_daily"), 30, "major_lars"),
    ("lars", with_("lars", flatus="weekly_or_more", liquid="weekly_or_more",
                   frequency="less_than_daily", clustering="weekly_or_more",
                   urgency="weekly_or_more"), 42, "major_lars"),
    # Wexner (1993): 0 continent, otherwise incontinent, max 20
    ("wexner", with_("wexner"), 0, "continent"),
    ("wexner", with_("wexner", solid="rarely"), 1, "incontinent"),
    ("wexner", {k: "always" for k in ("solid", "liquid", "gas", "pad", "lifestyle")}, 20,
     "incontinent"),
    ("wexner", with_("wexner", gas=4, pad=2), 6, "incontinent"),  # integers 0-4 accepted
    # MSTS (1993) percent bands: >=75 excellent, 50-74.9 good, 25-49.9 fair, <25 poor
    ("msts", with_("msts"), 30, "excellent"),
    ("msts", with_("msts", pain=0, function=3), 23, "excellent"),  # 76.7%
    ("msts", with_("msts", pain=0, function=2), 22, "good"),  # 73.3%
    ("msts", with_("msts", pain=0, function=0, supports=0), 15, "good"),  # 50.0%
    ("msts", with_("msts", pain=0, function=0, supports=0, walking=4), 14, "fair"),  # 46.7%
    ("msts", with_("msts", pain=0, function=0, supports=0, walking=0, gait=3), 8, "fair"),
    ("msts", with_("msts", pain=0, function=0, supports=0, walking=0, gait=2), 7, "poor"),
]


@pytest.mark.parametrize(("name", "data", "total", "category"), CASES)
def test_it_places_totals_in_the_published_band(
    name: str, data: dict[str, object], total: int, category: str
) -> None:
    result = compute(name, data)
    assert (result["total"], result["category"]) == (total, category)
    assert result["score"] == name
    assert set(result) >= {"score", "total", "category", "recommendation", "items", "source"}


@pytest.mark.parametrize(("total", "percent"), [(30, 100.0), (23, 76.7), (22, 73.3), (15, 50.0),
                                                (7, 23.3), (0, 0.0)])
def test_it_reports_msts_percent_to_one_decimal(total: int, percent: float) -> None:
    items = {"pain": 5, "function": 5, "emotional_acceptance": 5, "hand_positioning": 5,
             "dexterity": 5, "lifting": 5}
    remaining = 30 - total
    for key in items:  # lower items until the total is reached
        cut = min(5, remaining)
        items[key] -= cut
        remaining -= cut
    result = compute("msts", {"limb": "upper", **items})
    assert (result["total"], result["percent"]) == (total, percent)


LEVELS = [("C1", 3), ("C2", 3), ("C3", 2), ("C6", 2), ("C7", 3), ("T2", 3), ("T3", 1),
          ("T10", 1), ("T11", 3), ("L1", 3), ("L2", 2), ("L4", 2), ("L5", 3), ("S1", 3),
          ("S2", 0), ("S5", 0)]


@pytest.mark.parametrize(("level", "points"), LEVELS)
def test_it_maps_sins_levels_to_fisher_locations(level: str, points: int) -> None:
    data = with_("sins", level=level)
    del data["location"]
    assert compute("sins", data)["items"]["location"] == points


@pytest.mark.parametrize(("field", "value", "points"), [
    ("kps", 40, 0), ("kps", 50, 1), ("kps", 70, 1), ("kps", 80, 2),
    ("extraspinal_bone_mets", 0, 2), ("extraspinal_bone_mets", 2, 1),
    ("extraspinal_bone_mets", 3, 0), ("vertebral_mets", 1, 2), ("vertebral_mets", 2, 1),
    ("vertebral_mets", 3, 0), ("primary", "unknown", 1), ("primary", "carcinoid", 5),
    ("primary", "uterus", 3), ("primary", "esophagus", 0), ("frankel", "D", 1),
])
def test_it_scores_tokuhashi_items(field: str, value: object, points: int) -> None:
    assert compute("tokuhashi", with_("tokuhashi", **{field: value}))["items"][field] == points


def test_it_gives_liquid_leakage_three_points_at_either_frequency() -> None:
    # Emmertsen & Laurberg 2012: both "less than once per week" and "at least once" score 3.
    for value in ("less_than_weekly", "weekly_or_more"):
        assert compute("lars", with_("lars", liquid=value))["total"] == 3
