"""Bad input to every score raises ScoreInputError naming the field."""

from __future__ import annotations

import pytest

from tumorboard.pathways import SCORES, ScoreInputError, compute

from .samples import VALID, with_


def field_of(name: str, data: object) -> str | None:
    with pytest.raises(ScoreInputError) as caught:
        compute(name, data)  # type: ignore[arg-type]
    return caught.value.field


@pytest.mark.parametrize("name", sorted(VALID))
def test_it_rejects_unknown_keys(name: str) -> None:
    assert field_of(name, with_(name, surprise=1)) == "surprise"


@pytest.mark.parametrize("name", sorted(VALID))
def test_it_rejects_missing_required_keys(name: str) -> None:
    for key in VALID[name]:
        if name == "msts" and key == "limb":
            continue  # without limb the limb-specific items become unknown; tested below
        data = dict(VALID[name])
        del data[key]
        assert field_of(name, data) == key


@pytest.mark.parametrize("name", sorted(VALID))
def test_it_rejects_a_non_object(name: str) -> None:
    assert field_of(name, ["not", "an", "object"]) is None


BAD_VALUES = [
    ("sins", "pain", "severe"), ("sins", "pain", 3), ("sins", "location", 2),
    ("tokuhashi", "kps", 45), ("tokuhashi", "kps", 0), ("tokuhashi", "kps", 110),
    ("tokuhashi", "kps", True), ("tokuhashi", "kps", 80.0), ("tokuhashi", "kps", "80"),
    ("tokuhashi", "extraspinal_bone_mets", -1), ("tokuhashi", "vertebral_mets", 0),
    ("tokuhashi", "vertebral_mets", False), ("tokuhashi", "primary", "colon"),
    ("tokuhashi", "frankel", "F"),
    ("tomita", "growth", "fast"), ("tomita", "bone_mets", True),
    ("mirels", "size", "half"), ("mirels", "site", ""),
    ("katagiri", "ecog", 5), ("katagiri", "ecog", -1), ("katagiri", "ecog", True),
    ("katagiri", "previous_chemotherapy", 1), ("katagiri", "multiple_skeletal_mets", "yes"),
    ("katagiri", "labs", "high"),
    ("cci", "complications", "II"), ("cci", "complications", ["VI"]),
    ("cci", "complications", [2]), ("cci", "complications", ["I"] * 101),
    ("lars", "urgency", "daily"), ("lars", "frequency", 2),
    ("wexner", "gas", 5), ("wexner", "gas", -1), ("wexner", "gas", True),
    ("wexner", "gas", "often"), ("wexner", "pad", 2.0),
    ("msts", "pain", 6), ("msts", "gait", -1), ("msts", "walking", True),
    ("msts", "function", 4.5), ("msts", "limb", "arm"),
    ("melanoma_slnb", "breslow_mm", -0.1), ("melanoma_slnb", "breslow_mm", "1.2"),
    ("melanoma_slnb", "breslow_mm", True), ("melanoma_slnb", "breslow_mm", float("nan")),
    ("melanoma_slnb", "breslow_mm", float("inf")), ("melanoma_slnb", "ulceration", 1),
    ("melanoma_slnb", "age", 30.5), ("melanoma_slnb", "age", True),
    ("melanoma_slnb", "mitotic_rate_per_mm2", -1),
]


@pytest.mark.parametrize(("name", "key", "value"), BAD_VALUES)
def test_it_rejects_wrong_types_and_out_of_range_values(name: str, key: str,
                                                         value: object) -> None:
    assert field_of(name, with_(name, **{key: value})) == key


def test_it_requires_exactly_one_of_sins_location_and_level() -> None:
    assert field_of("sins", with_("sins", level="T4")) == "level"
    data = with_("sins")
    del data["location"]
    assert field_of("sins", data) == "location"
    assert field_of("sins", with_("sins", location=None, level="X9")) == "level"


def test_it_requires_labs_or_every_raw_value_for_katagiri() -> None:
    data = with_("katagiri", crp_mg_dl=0.1)
    assert field_of("katagiri", data) == "crp_mg_dl"  # both given
    del data["labs"]
    assert field_of("katagiri", data) == "ldh_iu_l"  # raw values incomplete


def test_it_rejects_msts_items_of_the_other_limb() -> None:
    assert field_of("msts", with_("msts", dexterity=3)) == "dexterity"
    data = with_("msts")
    del data["limb"]
    assert field_of("msts", data) in {"limb", "supports"}


def test_it_names_an_unknown_score() -> None:
    assert field_of("apgar", {}) == "name"


def test_it_treats_null_as_missing() -> None:
    assert field_of("tomita", with_("tomita", growth=None)) == "growth"


def test_it_accepts_every_valid_sample() -> None:
    for name, data in VALID.items():
        assert compute(name, data)["score"] == name
    assert set(VALID) == set(SCORES)
