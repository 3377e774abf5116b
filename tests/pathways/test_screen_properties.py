"""Properties of the screen over generated cases (hypothesis): the safety rules of
contracts/screen.md hold for every input, and every emitted code has a label."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tumorboard.pathways import CaseFacts, compute, screen_case
from tumorboard.pathways.case import ScreenResult
from tumorboard.pathways.labels import (
    CLASSIFICATION_LABELS,
    OPTION_TITLES,
    STATUS_LABELS,
    fact_label,
)
from tumorboard.pathways.scores import sins

maybe = lambda strategy: st.none() | strategy  # noqa: E731
SINS_CHOICES = {f.name: f.choices for f in sins.SPEC.fields if f.name not in ("location", "level")}

sins_inputs = st.fixed_dictionaries({}, optional={k: st.sampled_from(v)
                                                  for k, v in SINS_CHOICES.items()})
spinal_lesion = st.fixed_dictionaries(
    {"level": st.sampled_from(sorted(sins.LEVEL_LOCATION))},
    optional={"bilsky": st.sampled_from(["0", "1a", "1b", "1c", "2", "3"]), "sins": sins_inputs})
spinal_lesions = st.lists(spinal_lesion, max_size=4, unique_by=lambda lesion: str(lesion["level"]))
tokuhashi = st.fixed_dictionaries({
    "kps": st.integers(1, 10).map(lambda k: k * 10), "extraspinal_bone_mets": st.integers(0, 5),
    "vertebral_mets": st.integers(1, 5),
    "visceral_mets": st.sampled_from(["unremovable", "removable", "none"]),
    "primary": st.sampled_from(["lung", "liver", "other", "kidney", "rectum", "breast"])})
katagiri = st.fixed_dictionaries({
    "growth": st.sampled_from(["slow", "moderate", "rapid"]),
    "visceral": st.sampled_from(["none", "nodular", "disseminated"]),
    "labs": st.sampled_from(["normal", "abnormal", "critical"]),
    "previous_chemotherapy": st.booleans(), "multiple_skeletal_mets": st.booleans()})
tomita = st.fixed_dictionaries({
    "growth": st.sampled_from(["slow", "moderate", "rapid"]),
    "visceral_mets": st.sampled_from(["none", "treatable", "untreatable"]),
    "bone_mets": st.sampled_from(["solitary", "multiple"])})
mirels = st.fixed_dictionaries({}, optional={
    "site": st.sampled_from(["upper_limb", "lower_limb", "peritrochanteric"]),
    "pain": st.sampled_from(["mild", "moderate", "functional"]),
    "lesion": st.sampled_from(["blastic", "mixed", "lytic"]),
    "size": st.sampled_from(["under_one_third", "one_third_to_two_thirds", "over_two_thirds"])})
bone_cases = st.fixed_dictionaries({"pathway": st.just("bone_metastasis")}, optional={
    "frankel": st.sampled_from("ABCDE"), "ecog": st.integers(0, 4), "asa": st.integers(1, 5),
    "frailty": st.integers(1, 9), "spinal_lesions": spinal_lesions,
    "limb_lesions": st.lists(st.fixed_dictionaries({"bone": st.just("femur")},
                                                   optional={"mirels": mirels}), max_size=2),
    "tokuhashi": tokuhashi, "katagiri": katagiri, "tomita": tomita})
rectum_cases = st.fixed_dictionaries({"pathway": st.just("rectum")}, optional={
    "distance_from_anal_verge_cm": st.floats(0, 15), "clinical_t": st.sampled_from(
        ["cT1", "cT2", "cT3", "cT4a", "cT4b"]), "clinical_n": st.sampled_from(["cN0", "cN1"]),
    "distance_from_anorectal_ring_cm": st.floats(-3, 8),
    "internal_sphincter_invaded": st.booleans(),
    "external_sphincter_or_levator_invaded": st.booleans(), "emvi": st.booleans(),
    "neoadjuvant_therapy": st.sampled_from(["short_course_rt", "long_course_crt", "tnt"]),
    "neoadjuvant_response": st.sampled_from(["complete", "near_complete", "incomplete"]),
    "baseline_continence": st.sampled_from(["good", "impaired", "poor"]),
    "patient_preference_against_preservation": st.booleans(),
    "site_offers_sphincter_preservation": st.booleans()})
breast_cases = st.fixed_dictionaries({"pathway": st.just("breast")}, optional={
    "planned_surgery": st.sampled_from(["mastectomy", "breast_conserving"]),
    "clinical_t": st.sampled_from(["cT1", "cT2", "cT3", "cT4b", "cT4d"]),
    "tumour_size_mm": st.floats(1, 120), "multifocal": st.booleans(), "bmi": st.floats(15, 50),
    "smoking": st.booleans(), "diabetes": st.booleans(), "ecog": st.integers(0, 4),
    "prior_chest_wall_radiotherapy": st.booleans(),
    "radiotherapy_expected_after_mastectomy": st.booleans(),
    "patient_preference_against_preservation": st.booleans()})
sarcoma_cases = st.fixed_dictionaries({"pathway": st.just("sarcoma")}, optional={
    "limb": st.booleans(), "size_cm": st.floats(0.5, 30), "fnclcc_grade": st.integers(1, 3),
    "depth": st.sampled_from(["superficial", "deep"]), "bone_sarcoma": st.booleans(),
    "major_neurovascular_involvement": st.sampled_from(
        ["none", "abutment", "encasement_reconstructable", "encasement_unreconstructable"]),
    "expected_defect_large": st.booleans()})
melanoma_cases = st.fixed_dictionaries({"pathway": st.just("melanoma")}, optional={
    "breslow_mm": st.floats(0, 10), "ulceration": st.booleans(), "age": st.integers(0, 120),
    "mitotic_rate_per_mm2": st.floats(0, 20), "lymphovascular_invasion": st.booleans(),
    "deep_margin_positive": st.booleans(), "clinically_node_positive": st.booleans(),
    "limb": st.booleans(), "in_transit_metastases": st.booleans()})
any_case = bone_cases | rectum_cases | breast_cases | sarcoma_cases | melanoma_cases
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def run(facts: dict[str, object]) -> ScreenResult:
    return screen_case(CaseFacts.from_dict(facts))


@SETTINGS
@given(bone_cases)
def test_it_never_proposes_en_bloc_with_tokuhashi_8_or_less(facts: dict[str, object]) -> None:
    result = run(facts)
    en_bloc = result.option("spine_en_bloc_excision")
    toku = dict(facts.get("tokuhashi") or {})  # type: ignore[call-overload]
    if en_bloc is None or "frankel" not in facts or not toku:
        return
    # Tokuhashi computed independently of the screen from the case's inputs
    total = compute("tokuhashi", {**toku, "frankel": facts["frankel"]})["total"]
    if total is not None and total <= 8:
        assert en_bloc.status == "not_indicated"
    assert not (en_bloc.status in ("offer", "consider") and int(facts.get("ecog", 0)) > 2)  # type: ignore[call-overload]


@SETTINGS
@given(bone_cases)
def test_it_puts_cord_compression_first(facts: dict[str, object]) -> None:
    lesions = facts.get("spinal_lesions") or []
    compressed = any(lesion.get("bilsky") in ("2", "3") for lesion in lesions)  # type: ignore[attr-defined]
    deficit = facts.get("frankel") in ("A", "B", "C", "D")
    result = run(facts)
    urgent = result.option("spine_urgent_assessment")
    if compressed or deficit:
        assert urgent is not None and result.options[0] is urgent
        assert (urgent.status, urgent.urgent, urgent.must_discuss) == ("offer", True, True)
        opinion = result.option("spine_surgical_opinion")
        assert opinion is not None and opinion.status == "offer"
    elif urgent is not None:
        assert urgent.status in ("not_indicated", "undetermined")


@SETTINGS
@given(sarcoma_cases)
def test_it_never_lists_amputation_alone(facts: dict[str, object]) -> None:
    codes = {option.code for option in run(facts).options}
    if "sarcoma_amputation" in codes:
        assert "limb_salvage" in codes
        assert facts.get("bone_sarcoma") or "isolated_limb_infusion" in codes


@SETTINGS
@given(rectum_cases)
def test_it_keeps_watch_and_wait_after_complete_response(facts: dict[str, object]) -> None:
    watch = run(facts).option("rectal_watch_and_wait")
    if facts.get("neoadjuvant_response") == "complete":
        assert watch is not None and watch.status in ("offer", "consider", "discuss")


@SETTINGS
@given(any_case)
def test_it_labels_every_code_it_emits(facts: dict[str, object]) -> None:
    result = run(facts)
    for option in result.options:
        assert option.code in OPTION_TITLES and option.status in STATUS_LABELS
        assert option.classification is None or option.classification in CLASSIFICATION_LABELS
        assert option.reason and option.source
    for key in result.missing:
        assert fact_label(key, facts=facts)


CONTRACT_CODES = {  # contracts/screen.md, "Option codes"
    "breast_immediate_reconstruction", "breast_delayed_reconstruction",
    "breast_conserving_surgery", "rectal_sphincter_preservation", "rectal_watch_and_wait",
    "rectal_local_excision", "limb_salvage", "sarcoma_amputation",
    "sarcoma_flap_reconstruction", "sarcoma_radiotherapy", "sarcoma_centre_referral",
    "isolated_limb_infusion", "spine_urgent_assessment", "spine_surgical_opinion",
    "spine_en_bloc_excision", "spine_vertebral_augmentation", "spine_radiotherapy",
    "limb_prophylactic_fixation", "bone_mets_mdt_review", "melanoma_slnb",
}


def test_it_has_a_title_for_every_contract_code_and_a_label_for_every_fact() -> None:
    from dataclasses import fields

    assert set(OPTION_TITLES) == CONTRACT_CODES
    assert set(STATUS_LABELS) == {"offer", "discuss", "consider", "not_indicated",
                                  "undetermined"}
    for f in fields(CaseFacts):
        assert fact_label(f.name)
    assert fact_label("katagiri.ecog") == "Katagiri: ECOG performance status"
    assert fact_label("spinal_lesions[0].bilsky", facts={"spinal_lesions": [{"level": "T10"}]}) \
        == "Spinal lesion T10: Bilsky grade"
