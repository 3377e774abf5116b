"""Hypothesis properties: totals stay in the published range, and making one item worse
never lowers the risk category. Value orders and category orders come from samples.py,
written from the papers independently of the implementation."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tumorboard.pathways import compute

from .samples import ORDERS, RISK, TOTAL_RANGE

ORDERED_SCORES = ["sins", "tokuhashi", "tomita", "mirels", "katagiri", "lars", "wexner",
                  "msts_lower", "msts_upper"]


def score_of(key: str) -> str:
    return "msts" if key.startswith("msts") else key


def inputs_for(key: str, indices: dict[str, int]) -> dict[str, object]:
    data: dict[str, object] = {f: ORDERS[key][f][i] for f, i in indices.items()}
    if key.startswith("msts"):
        data["limb"] = key.removeprefix("msts_")
    return data


@st.composite
def worsening(draw: Any) -> tuple[str, dict[str, int], str, int]:
    """A score, value positions for every field, one field and a worse position for it."""
    key = draw(st.sampled_from(ORDERED_SCORES))
    orders = ORDERS[key]
    indices = {f: draw(st.integers(0, len(values) - 1)) for f, values in orders.items()}
    field = draw(st.sampled_from(sorted(f for f in orders if indices[f] < len(orders[f]) - 1)
                                 or sorted(orders)))
    worse = draw(st.integers(indices[field], len(orders[field]) - 1))
    return key, indices, field, worse


@settings(max_examples=400, deadline=None)
@given(worsening())
def test_it_never_lowers_the_risk_category_when_an_item_worsens(
    case: tuple[str, dict[str, int], str, int],
) -> None:
    key, indices, field, worse = case
    name = score_of(key)
    before = compute(name, inputs_for(key, indices))
    after = compute(name, inputs_for(key, {**indices, field: worse}))
    risk = RISK[name]
    assert risk.index(str(after["category"])) >= risk.index(str(before["category"]))


@settings(max_examples=300, deadline=None)
@given(worsening())
def test_it_keeps_totals_in_the_published_range(
    case: tuple[str, dict[str, int], str, int],
) -> None:
    key, indices, _, _ = case
    result = compute(score_of(key), inputs_for(key, indices))
    low, high = TOTAL_RANGE[score_of(key)]
    assert isinstance(result["total"], int) and not isinstance(result["total"], bool)
    assert low <= result["total"] <= high
    assert sum(result["items"].values()) == result["total"]  # type: ignore[arg-type]


GRADES = RISK["cci"][1:]
grade_lists = st.lists(st.sampled_from(GRADES), max_size=12)


@settings(max_examples=300, deadline=None)
@given(grade_lists, st.data())
def test_it_never_lowers_cci_when_a_complication_is_added_or_upgraded(
    grades: list[str], data: st.DataObject,
) -> None:
    before = compute("cci", {"complications": grades})
    if grades and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(grades) - 1))
        worse = data.draw(st.sampled_from(GRADES[GRADES.index(grades[i]):]))
        changed = [*grades[:i], worse, *grades[i + 1:]]
    else:
        changed = [*grades, data.draw(st.sampled_from(GRADES))]
    after = compute("cci", {"complications": changed})
    assert 0 <= before["total"] <= after["total"] <= 100  # type: ignore[operator]
    assert isinstance(after["total"], float)
    assert RISK["cci"].index(str(after["category"])) >= RISK["cci"].index(
        str(before["category"]))


melanoma_inputs = st.fixed_dictionaries(
    {"breslow_mm": st.floats(0, 20, allow_nan=False), "ulceration": st.booleans()},
    optional={
        "mitotic_rate_per_mm2": st.floats(0, 30, allow_nan=False),
        "lymphovascular_invasion": st.booleans(),
        "age": st.integers(0, 120),
    },
)


@settings(max_examples=300, deadline=None)
@given(melanoma_inputs, st.floats(0, 5, allow_nan=False), st.booleans())
def test_it_never_lowers_slnb_category_for_a_thicker_or_ulcerated_melanoma(
    data: dict[str, object], thicker_by: float, ulcerate: bool,
) -> None:
    worse = {**data, "breslow_mm": float(data["breslow_mm"]) + thicker_by}  # type: ignore[arg-type]
    if ulcerate:
        worse["ulceration"] = True
    risk = RISK["melanoma_slnb"]
    before, after = compute("melanoma_slnb", data), compute("melanoma_slnb", worse)
    assert risk.index(str(after["category"])) >= risk.index(str(before["category"]))
    assert str(after["t_category"])[:2] >= str(before["t_category"])[:2]


RAW_LABS = st.fixed_dictionaries({
    "crp_mg_dl": st.floats(0, 20), "ldh_iu_l": st.floats(0, 2000),
    "albumin_g_dl": st.floats(1, 6), "platelets_per_ul": st.floats(10_000, 600_000),
    "calcium_mg_dl": st.floats(6, 15), "bilirubin_mg_dl": st.floats(0, 10),
})
# +1: higher is worse; -1: lower is worse (Katagiri 2014 thresholds)
LAB_DIRECTION = {"crp_mg_dl": 1, "ldh_iu_l": 1, "albumin_g_dl": -1, "platelets_per_ul": -1,
                 "calcium_mg_dl": 1, "bilirubin_mg_dl": 1}


@settings(max_examples=300, deadline=None)
@given(RAW_LABS, st.sampled_from(sorted(LAB_DIRECTION)), st.floats(0, 1))
def test_it_never_lowers_katagiri_labs_when_a_value_worsens(
    labs: dict[str, float], name: str, fraction: float,
) -> None:
    base = {"growth": "slow", "visceral": "none", "ecog": 0, "previous_chemotherapy": False,
            "multiple_skeletal_mets": False}
    worse = dict(labs)
    worse[name] = labs[name] * (1 + fraction) if LAB_DIRECTION[name] > 0 else \
        labs[name] * (1 - fraction / 2)
    before = compute("katagiri", {**base, **labs})["items"]["labs"]  # type: ignore[index]
    after = compute("katagiri", {**base, **worse})["items"]["labs"]  # type: ignore[index]
    assert after >= before
