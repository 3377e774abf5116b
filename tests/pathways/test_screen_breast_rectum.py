"""Screen rules for breast and rectum, plus behaviour shared by every pathway."""

from __future__ import annotations

import json

import pytest

from tumorboard.pathways import RULESET_VERSION, CaseFacts, CaseInputError, screen_case
from tumorboard.pathways.case import Option


def only(case: CaseFacts, code: str) -> Option:
    option = screen_case(case).option(code)
    assert option is not None, code
    return option


RECON = "breast_immediate_reconstruction"
FULL_BREAST = dict(planned_surgery="mastectomy", radiotherapy_expected_after_mastectomy=False,
                   bmi=24.0, smoking=False, diabetes=False, significant_comorbidity=False)


def test_it_offers_immediate_reconstruction_for_mastectomy() -> None:
    option = only(CaseFacts("breast", **FULL_BREAST), RECON)  # type: ignore[arg-type]
    assert (option.status, option.must_discuss, option.missing) == ("offer", True, [])
    assert "NG101" in option.source and option.rule == "breast.reconstruction"
    assert any("implant" in a and "autologous" in a for a in option.advice)


def test_it_keeps_the_offer_and_changes_advice_when_pmrt_is_expected() -> None:
    case = CaseFacts("breast", **{**FULL_BREAST, "radiotherapy_expected_after_mastectomy": True})
    option = only(case, RECON)
    assert option.status == "offer"
    assert any("radiotherapy" in a for a in option.advice)


@pytest.mark.parametrize(("changes", "risks"), [
    ({"smoking": True}, ["current smoking"]),
    ({"bmi": 30.0}, ["BMI 30 or more"]),
    ({"bmi": 29.9}, []),
    ({"diabetes": True, "smoking": True}, ["current smoking", "diabetes"]),
])
def test_it_lists_reconstruction_risk_factors(changes: dict[str, object],
                                              risks: list[str]) -> None:
    option = only(CaseFacts("breast", **{**FULL_BREAST, **changes}), RECON)  # type: ignore[arg-type]
    assert (option.status, option.risk_factors) == ("offer", risks)


def test_it_discusses_rather_than_offers_with_significant_comorbidity() -> None:
    option = only(CaseFacts("breast", **{**FULL_BREAST, "significant_comorbidity": True}), RECON)  # type: ignore[arg-type]
    assert (option.status, option.must_discuss) == ("discuss", True)
    assert option.reasons_against == ["significant comorbidity"]


def test_it_lists_unrecorded_breast_facts_as_missing() -> None:
    option = only(CaseFacts("breast", planned_surgery="mastectomy"), RECON)
    assert option.status == "offer"
    assert sorted(option.missing) == ["bmi", "diabetes", "radiotherapy_expected_after_mastectomy",
                                      "significant_comorbidity", "smoking"]
    assert only(CaseFacts("breast"), RECON).status == "undetermined"


def test_it_has_no_reconstruction_option_for_breast_conserving_surgery() -> None:
    result = screen_case(CaseFacts("breast", planned_surgery="conserving"))
    assert result.options == [] and result.notes


PRESERVE = "rectal_sphincter_preservation"
LOW = dict(distance_from_anal_verge_cm=4.0, external_sphincter_or_levator_invaded=False,
           internal_sphincter_invaded=False, distance_from_anorectal_ring_cm=2.0,
           baseline_continence="good", patient_preference_against_preservation=False,
           site_offers_sphincter_preservation=True)


@pytest.mark.parametrize(("changes", "rullier"), [
    ({}, "I"),  # 2 cm above the ring: supra-anal
    ({"distance_from_anorectal_ring_cm": 1.0}, "II"),  # within 1 cm: juxta-anal
    ({"distance_from_anorectal_ring_cm": 0.5}, "II"),
    ({"internal_sphincter_invaded": True, "distance_from_anorectal_ring_cm": -1.0}, "III"),
])
def test_it_discusses_preservation_with_the_rullier_type(changes: dict[str, object],
                                                        rullier: str) -> None:
    option = only(CaseFacts("rectum", **{**LOW, **changes}), PRESERVE)  # type: ignore[arg-type]
    assert (option.status, option.must_discuss, option.classification) == ("discuss", True, rullier)
    assert option.missing == [] and option.reasons_against == []


def test_it_rules_out_preservation_when_the_external_sphincter_is_invaded() -> None:
    option = only(CaseFacts("rectum", **{**LOW, "external_sphincter_or_levator_invaded": True}),  # type: ignore[arg-type]
                  PRESERVE)
    assert (option.status, option.classification) == ("not_indicated", "IV")
    assert "abdominoperineal" in option.reason


def test_it_refers_when_the_site_cannot_preserve_the_sphincter() -> None:
    option = only(CaseFacts("rectum", **{**LOW, "site_offers_sphincter_preservation": False}),  # type: ignore[arg-type]
                  PRESERVE)
    assert option.status == "discuss"
    assert any("specialist centre" in a for a in option.advice)


def test_it_records_reasons_against_but_never_assumes_them() -> None:
    case = CaseFacts("rectum", **{**LOW, "baseline_continence": "poor",  # type: ignore[arg-type]
                                  "patient_preference_against_preservation": True})
    option = only(case, PRESERVE)
    assert option.status == "discuss"
    assert option.reasons_against == ["poor baseline continence",
                                      "patient preference against sphincter preservation recorded"]
    unknown = only(CaseFacts("rectum", distance_from_anal_verge_cm=3.0), PRESERVE)
    assert (unknown.status, unknown.classification, unknown.reasons_against) == (
        "discuss", None, [])
    assert set(unknown.missing) == {
        "external_sphincter_or_levator_invaded", "internal_sphincter_invaded",
        "distance_from_anorectal_ring_cm", "baseline_continence",
        "patient_preference_against_preservation", "site_offers_sphincter_preservation"}


@pytest.mark.parametrize(("distance", "status", "must"), [
    (5.0, "discuss", True), (5.1, "offer", False), (9.0, "offer", False),
])
def test_it_flags_tumours_within_5_cm_of_the_verge(distance: float, status: str,
                                                   must: bool) -> None:
    option = only(CaseFacts("rectum", **{**LOW, "distance_from_anal_verge_cm": distance}),  # type: ignore[arg-type]
                  PRESERVE)
    assert (option.status, option.must_discuss) == (status, must)


def test_it_needs_the_distance_from_the_verge() -> None:
    option = only(CaseFacts("rectum"), PRESERVE)
    assert option.status == "undetermined"
    assert "distance_from_anal_verge_cm" in option.missing


def test_it_suggests_watch_and_wait_after_complete_response() -> None:
    result = screen_case(CaseFacts("rectum", **{**LOW, "neoadjuvant_response": "complete"}))  # type: ignore[arg-type]
    assert result.option("rectal_watch_and_wait") is not None
    assert screen_case(CaseFacts("rectum", **LOW)).option("rectal_watch_and_wait") is None  # type: ignore[arg-type]


def test_it_returns_json_serialisable_versioned_results() -> None:
    result = screen_case(CaseFacts("rectum", distance_from_anal_verge_cm=3.0))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["ruleset_version"] == RULESET_VERSION
    assert data["rule_versions"] == {"rectum.sphincter_preservation": "1.0",
                                     "rectum.watch_and_wait": "1.0"}
    assert data["options"][0]["rule_version"] == "1.0"
    assert data["missing"] == sorted(data["options"][0]["missing"])


@pytest.mark.parametrize(("case", "field"), [
    (CaseFacts("lung"), "pathway"),
    (CaseFacts("breast", planned_surgery="lumpectomy"), "planned_surgery"),
    (CaseFacts("breast", bmi="30"), "bmi"),  # type: ignore[arg-type]
    (CaseFacts("breast", smoking=1), "smoking"),  # type: ignore[arg-type]
    (CaseFacts("sarcoma", fnclcc_grade=4), "fnclcc_grade"),
    (CaseFacts("sarcoma", fnclcc_grade=True), "fnclcc_grade"),  # type: ignore[arg-type]
    (CaseFacts("rectum", distance_from_anal_verge_cm=-1.0), "distance_from_anal_verge_cm"),
    (CaseFacts("bone_metastasis", spinal_levels=["T13"]), "spinal_levels"),
    (CaseFacts("bone_metastasis", sins_inputs=["x"]), "sins_inputs"),  # type: ignore[arg-type]
    (CaseFacts("melanoma", breslow_mm=float("nan")), "breslow_mm"),
])
def test_it_rejects_facts_it_cannot_interpret(case: CaseFacts, field: str) -> None:
    with pytest.raises(CaseInputError) as caught:
        screen_case(case)
    assert caught.value.field == field


def test_it_builds_case_facts_from_plain_data() -> None:
    assert CaseFacts.from_dict({"pathway": "melanoma", "age": 50}).age == 50
    with pytest.raises(CaseInputError) as caught:
        CaseFacts.from_dict({"pathway": "melanoma", "colour": "red"})
    assert caught.value.field == "colour"
