"""Screen rules for sarcoma, bone metastasis and melanoma."""

from __future__ import annotations

import pytest

from tumorboard.pathways import CaseFacts, CaseInputError, screen_case
from tumorboard.pathways.case import Option


def only(case: CaseFacts, code: str) -> Option:
    option = screen_case(case).option(code)
    assert option is not None, code
    return option


LIMB = dict(limb=True, size_cm=8.0, depth="deep", fnclcc_grade=3,
            major_neurovascular_involvement="none", expected_defect_large=False)


def test_it_defaults_to_limb_salvage_and_discusses_radiotherapy() -> None:
    result = screen_case(CaseFacts("sarcoma", **LIMB))  # type: ignore[arg-type]
    salvage, rt = result.option("limb_salvage"), result.option("sarcoma_radiotherapy")
    assert salvage is not None and rt is not None
    assert (salvage.status, salvage.must_discuss) == ("offer", True)
    assert result.option("sarcoma_amputation") is None
    assert (rt.status, rt.reason) == (
        "discuss", "Radiotherapy to be discussed: deep, larger than 5 cm, high grade (FNCLCC 2-3).")
    assert any("brachytherapy" in a for a in rt.advice)


def test_it_needs_a_recorded_reason_before_amputation() -> None:
    case = CaseFacts("sarcoma", **{**LIMB, "major_neurovascular_involvement":  # type: ignore[arg-type]
                                   "encased_unreconstructable"})
    amputation = only(case, "sarcoma_amputation")
    assert (amputation.status, amputation.missing) == ("consider", ["amputation_reason"])
    assert only(case, "limb_salvage").status == "discuss"
    case.amputation_reason = "encases sciatic nerve and femoral vessels"
    assert only(case, "sarcoma_amputation").reason.endswith("femoral vessels")
    assert only(case, "sarcoma_amputation").missing == []


def test_it_plans_flap_reconstruction_for_large_defects() -> None:
    option = only(CaseFacts("sarcoma", **{**LIMB, "expected_defect_large": True}),  # type: ignore[arg-type]
                  "sarcoma_flap_reconstruction")
    assert (option.status, option.must_discuss) == ("offer", True)
    missing = only(CaseFacts("sarcoma", limb=True), "sarcoma_flap_reconstruction")
    assert missing.missing == ["expected_defect_large"]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"depth": "superficial", "size_cm": 5.0, "fnclcc_grade": 1}, None),
    ({"depth": "superficial", "size_cm": 5.1, "fnclcc_grade": 1}, "discuss"),
    ({"depth": "superficial", "size_cm": 3.0, "fnclcc_grade": 2}, "discuss"),
    ({"depth": "superficial", "size_cm": None, "fnclcc_grade": 1}, "undetermined"),
])
def test_it_lists_radiotherapy_for_deep_large_or_high_grade(changes: dict[str, object],
                                                            expected: str | None) -> None:
    option = screen_case(CaseFacts("sarcoma", **{**LIMB, **changes})).option(  # type: ignore[arg-type]
        "sarcoma_radiotherapy")
    assert (option.status if option else None) == expected


def test_it_skips_limb_salvage_for_trunk_and_asks_when_unknown() -> None:
    assert screen_case(CaseFacts("sarcoma", **{**LIMB, "limb": False})).option(  # type: ignore[arg-type]
        "limb_salvage") is None
    assert only(CaseFacts("sarcoma"), "limb_salvage").missing == ["limb"]


SINS_9 = {"pain": "mechanical", "lesion": "lytic", "alignment": "normal",  # T8: 1+3+2+0+2+1
          "collapse": "under_50", "posterolateral": "unilateral"}
SINS_6 = {"pain": "mechanical", "lesion": "lytic", "alignment": "normal",  # T8: 1+3+2
          "collapse": "none", "posterolateral": "none"}
SPINE = dict(spinal_levels=["T8"], primary="breast", frankel="E", visceral_metastases=False,
             sins_inputs=SINS_9,
             tokuhashi_inputs={"kps": 80, "extraspinal_bone_mets": 0, "vertebral_mets": 1},
             tomita_inputs={"growth": "slow", "bone_mets": "solitary"})


def test_it_asks_for_a_spinal_opinion_at_sins_7_or_more() -> None:
    result = screen_case(CaseFacts("bone_metastasis", **SPINE))  # type: ignore[arg-type]
    opinion = result.option("spine_surgical_opinion")
    assert opinion is not None and (opinion.status, opinion.must_discuss) == ("offer", True)
    assert result.scores["sins"]["total"] == 9
    # Tokuhashi from case facts: 2+2+2+2(no visceral)+5(breast)+2(Frankel E) = 15
    assert result.scores["tokuhashi"]["total"] == 15
    assert any(a.startswith("Revised Tokuhashi 15") for a in opinion.advice)
    stable = screen_case(CaseFacts("bone_metastasis", **{**SPINE, "sins_inputs": SINS_6}))  # type: ignore[arg-type]
    assert stable.option("spine_surgical_opinion").status == "not_indicated"  # type: ignore[union-attr]


@pytest.mark.parametrize(("tomita", "status"), [
    ({"growth": "slow", "bone_mets": "solitary"}, "consider"),  # 1+0+1 = 2
    ({"growth": "slow", "bone_mets": "multiple"}, "consider"),  # 3
    ({"growth": "moderate", "bone_mets": "multiple"}, "not_indicated"),  # 4
    ({"growth": "rapid", "bone_mets": "multiple"}, "not_indicated"),  # 6
])
def test_it_considers_en_bloc_excision_only_for_tomita_2_to_3(tomita: dict[str, str],
                                                              status: str) -> None:
    option = only(CaseFacts("bone_metastasis", **{**SPINE, "tomita_inputs": tomita}),  # type: ignore[arg-type]
                  "spine_en_bloc_excision")
    assert option.status == status


def test_it_lists_incomplete_score_inputs_as_missing() -> None:
    result = screen_case(CaseFacts("bone_metastasis", spinal_levels=["L3"],
                                   sins_inputs={"pain": "none"}))
    opinion = result.option("spine_surgical_opinion")
    assert opinion is not None and opinion.status == "undetermined"
    assert "sins_inputs.lesion" in opinion.missing
    assert "sins_inputs.location" not in result.missing  # level L3 comes from spinal_levels
    assert "tomita_inputs.growth" in result.missing and "sins" not in result.scores
    mdt = result.option("bone_mets_mdt_review")
    assert mdt is not None and mdt.must_discuss and "katagiri_inputs.growth" in mdt.missing


def test_it_reports_bad_score_inputs_with_a_prefixed_field() -> None:
    with pytest.raises(CaseInputError) as caught:
        screen_case(CaseFacts("bone_metastasis", spinal_levels=["T8"],
                              sins_inputs={**SINS_9, "pain": "severe"}))
    assert caught.value.field == "sins_inputs.pain"
    with pytest.raises(CaseInputError) as caught:
        screen_case(CaseFacts("bone_metastasis", limb_bones=["femur"], mirels_inputs={"x": 1}))
    assert caught.value.field == "mirels_inputs.x"


@pytest.mark.parametrize(("mirels", "status"), [
    ({"site": "peritrochanteric", "pain": "mild", "lesion": "lytic",
      "size": "one_third_to_two_thirds"}, "offer"),  # 9
    ({"site": "peritrochanteric", "pain": "moderate", "lesion": "blastic",
      "size": "one_third_to_two_thirds"}, "consider"),  # 8
    ({"site": "lower_limb", "pain": "moderate", "lesion": "blastic",
      "size": "one_third_to_two_thirds"}, "not_indicated"),  # 7
])
def test_it_recommends_prophylactic_fixation_by_mirels(mirels: dict[str, str],
                                                       status: str) -> None:
    case = CaseFacts("bone_metastasis", limb_bones=["femur"], mirels_inputs=mirels)
    assert only(case, "limb_prophylactic_fixation").status == status


def test_it_always_requires_mdt_review_and_adds_katagiri_prognosis() -> None:
    katagiri = {"growth": "rapid", "visceral": "nodular", "labs": "normal", "ecog": 1,
                "previous_chemotherapy": False, "multiple_skeletal_mets": False}  # 3+1 = 4
    result = screen_case(CaseFacts("bone_metastasis", limb_bones=["humerus"],
                                   katagiri_inputs=katagiri))
    mdt = result.option("bone_mets_mdt_review")
    assert mdt is not None and (mdt.status, mdt.must_discuss) == ("offer", True)
    assert result.scores["katagiri"]["category"] == "intermediate"
    assert any(a.startswith("Katagiri 4") for a in mdt.advice)
    bare = only(CaseFacts("bone_metastasis"), "bone_mets_mdt_review")
    assert {"spinal_levels", "limb_bones"} <= set(bare.missing)


@pytest.mark.parametrize(("facts", "status", "t_category"), [
    ({"breslow_mm": 1.5, "ulceration": False}, "offer", "T2a"),
    ({"breslow_mm": 0.9, "ulceration": False}, "consider", "T1b"),
    ({"breslow_mm": 0.5, "ulceration": False, "age": 30}, "consider", "T1a"),
    ({"breslow_mm": 0.5, "ulceration": False, "age": 60, "mitotic_rate_per_mm2": 0.0,
      "lymphovascular_invasion": False}, "not_indicated", "T1a"),
])
def test_it_screens_melanoma_for_slnb(facts: dict[str, object], status: str,
                                      t_category: str) -> None:
    option = only(CaseFacts("melanoma", **facts), "melanoma_slnb")  # type: ignore[arg-type]
    assert (option.status, option.classification) == (status, t_category)


def test_it_lists_missing_melanoma_facts() -> None:
    assert only(CaseFacts("melanoma"), "melanoma_slnb").missing == ["breslow_mm", "ulceration"]
    t1a = only(CaseFacts("melanoma", breslow_mm=0.3, ulceration=False), "melanoma_slnb")
    assert t1a.missing == ["mitotic_rate_per_mm2", "lymphovascular_invasion", "age"]
