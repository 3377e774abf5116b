"""Contract rules 5-10: breast reconstruction (NICE NG101 2018/2023; inflammatory cancer:
NCCN breast), breast conservation, Rullier from the anorectal ring (Rullier 2013), organ
preservation (IWWD, Lancet 2018; OPRA, JCO 2022), melanoma SLNB (AJCC 8th, Gershenwald 2017;
NCCN), isolated limb infusion/perfusion (NCCN melanoma; Eggermont 1996, ESMO 2021 sarcoma)."""

from __future__ import annotations

from tests.pathways.screen_cases import option, screen

MASTECTOMY = dict(pathway="breast", planned_surgery="mastectomy", tumour_size_mm=30,
                  multifocal=False, smoking=False, bmi=24, diabetes=False,
                  radiotherapy_expected_after_mastectomy=False,
                  prior_chest_wall_radiotherapy=False)


def test_it_refuses_immediate_reconstruction_for_inflammatory_cancer() -> None:
    result = screen(**{**MASTECTOMY, "clinical_t": "cT4d"})
    assert option(result, "breast_immediate_reconstruction").status == "not_indicated"
    assert option(result, "breast_delayed_reconstruction").status in ("offer", "consider")
    assert option(result, "breast_conserving_surgery").status == "not_indicated"


def test_it_lists_immediate_and_delayed_reconstruction_with_a_mastectomy() -> None:
    result = screen(**{**MASTECTOMY, "clinical_t": "cT2"})
    immediate = option(result, "breast_immediate_reconstruction")
    assert (immediate.status, immediate.missing) == ("offer", [])
    assert option(result, "breast_delayed_reconstruction").status in ("offer", "consider")


def test_it_does_not_offer_immediate_reconstruction_without_the_t_category() -> None:
    immediate = option(screen(**MASTECTOMY), "breast_immediate_reconstruction")
    assert immediate.status == "undetermined" and "clinical_t" in immediate.missing


def test_it_keeps_risk_factors_as_advice_and_comorbidity_as_discuss() -> None:
    risky = option(screen(**{**MASTECTOMY, "clinical_t": "cT2", "smoking": True, "bmi": 32}),
                   "breast_immediate_reconstruction")
    assert risky.status == "offer" and len(risky.advice) >= 3
    comorbid = option(screen(**{**MASTECTOMY, "clinical_t": "cT2",
                                "significant_comorbidity": True}),
                      "breast_immediate_reconstruction")
    assert comorbid.status == "discuss"


def test_it_advises_autologous_tissue_after_chest_wall_radiotherapy() -> None:
    immediate = option(screen(**{**MASTECTOMY, "clinical_t": "cT2",
                                 "prior_chest_wall_radiotherapy": True}),
                       "breast_immediate_reconstruction")
    assert any("autologous" in advice.text for advice in immediate.advice)


def test_it_raises_conservation_before_mastectomy_for_a_small_unifocal_tumour() -> None:
    conserve = option(screen(**{**MASTECTOMY, "clinical_t": "cT2"}), "breast_conserving_surgery")
    assert conserve.status in ("consider", "discuss")
    multifocal = option(screen(**{**MASTECTOMY, "clinical_t": "cT2", "multifocal": True}),
                        "breast_conserving_surgery")
    assert multifocal.status == "discuss"


RECTUM = dict(pathway="rectum", internal_sphincter_invaded=False,
              external_sphincter_or_levator_invaded=False, baseline_continence="good")


def test_it_types_rullier_from_the_ring_not_the_verge() -> None:
    # 5.5 cm from the verge but 0.5 cm from the ring: Rullier II (juxta-anal, < 1 cm).
    preservation = option(screen(**RECTUM, distance_from_anal_verge_cm=5.5,
                                 distance_from_anorectal_ring_cm=0.5),
                          "rectal_sphincter_preservation")
    assert preservation.classification == "II"
    assert preservation.status == "offer" and "usual approach" not in preservation.reason


def test_it_follows_the_rullier_types() -> None:
    def kind(**facts: object) -> str | None:
        return option(screen(**{**RECTUM, **facts}), "rectal_sphincter_preservation").classification

    assert kind(distance_from_anorectal_ring_cm=2.0) == "I"  # > 1 cm above the ring
    assert kind(distance_from_anorectal_ring_cm=0.0) == "II"
    assert kind(internal_sphincter_invaded=True, distance_from_anorectal_ring_cm=-1.0) == "III"
    assert kind(external_sphincter_or_levator_invaded=True) == "IV"


def test_it_discusses_preservation_with_poor_continence() -> None:
    preservation = option(screen(**{**RECTUM, "baseline_continence": "poor"},
                                 distance_from_anorectal_ring_cm=2.0),
                          "rectal_sphincter_preservation")
    assert preservation.status == "discuss"


def test_it_keeps_watch_and_wait_open_for_type_iv_after_complete_response() -> None:
    result = screen(**{**RECTUM, "external_sphincter_or_levator_invaded": True},
                    neoadjuvant_therapy="tnt", neoadjuvant_response="complete")
    preservation = option(result, "rectal_sphincter_preservation")
    assert (preservation.status, preservation.classification) == ("not_indicated", "IV")
    assert "not an option" not in preservation.reason
    assert option(result, "rectal_watch_and_wait").status in ("offer", "consider")


def test_it_reassesses_a_near_complete_response() -> None:
    result = screen(**RECTUM, distance_from_anorectal_ring_cm=2.0,
                    neoadjuvant_therapy="long_course_crt", neoadjuvant_response="near_complete")
    watch = option(result, "rectal_watch_and_wait")
    assert watch.status == "consider" and "re-assess" in watch.reason


def test_it_asks_for_the_response_when_neoadjuvant_therapy_is_recorded() -> None:
    result = screen(**RECTUM, neoadjuvant_therapy="short_course_rt")
    assert "neoadjuvant_response" in result.missing


def test_it_advises_neoadjuvant_therapy_for_high_risk_features() -> None:
    preservation = option(screen(**RECTUM, distance_from_anorectal_ring_cm=3.0, emvi=True,
                                 mesorectal_fascia_involved=True, lateral_lymph_nodes=True),
                          "rectal_sphincter_preservation")
    texts = " ".join(advice.text for advice in preservation.advice)
    assert "Extramural venous invasion" in texts and "Mesorectal fascia" in texts
    assert "Lateral lymph nodes" in texts


def test_it_considers_local_excision_for_ct1n0_only() -> None:
    assert option(screen(**RECTUM, clinical_t="cT1", clinical_n="cN0"),
                  "rectal_local_excision").status == "consider"
    assert option(screen(**RECTUM, clinical_t="cT3", clinical_n="cN1"),
                  "rectal_local_excision").status == "not_indicated"


def test_it_does_not_raise_slnb_for_t1a_on_young_age_alone() -> None:
    # AJCC 8th: 0.5 mm without ulceration is T1a; NCCN: age alone does not move it.
    slnb = option(screen(pathway="melanoma", breslow_mm=0.5, ulceration=False, age=25,
                         mitotic_rate_per_mm2=0, lymphovascular_invasion=False,
                         deep_margin_positive=False, clinically_node_positive=False),
                  "melanoma_slnb")
    assert (slnb.status, slnb.classification) == ("not_indicated", "T1a")


def test_it_considers_slnb_for_t1a_with_a_positive_deep_margin() -> None:
    slnb = option(screen(pathway="melanoma", breslow_mm=0.5, ulceration=False,
                         deep_margin_positive=True, clinically_node_positive=False),
                  "melanoma_slnb")
    assert slnb.status == "consider"


def test_it_sends_clinically_node_positive_melanoma_to_therapeutic_management() -> None:
    slnb = option(screen(pathway="melanoma", breslow_mm=2.5, ulceration=True,
                         clinically_node_positive=True), "melanoma_slnb")
    assert slnb.status == "not_indicated" and "therapeutic" in slnb.reason
    t2a = option(screen(pathway="melanoma", breslow_mm=1.5, ulceration=False,
                        clinically_node_positive=False), "melanoma_slnb")
    assert (t2a.status, t2a.classification) == ("offer", "T2a")


def test_it_raises_isolated_limb_infusion_for_in_transit_limb_melanoma() -> None:
    result = screen(pathway="melanoma", limb=True, in_transit_metastases=True)
    assert option(result, "isolated_limb_infusion").status in ("consider", "discuss")


def test_it_lists_limb_perfusion_beside_amputation_for_unreconstructable_encasement() -> None:
    result = screen(pathway="sarcoma", limb=True,
                    major_neurovascular_involvement="encasement_unreconstructable")
    codes = {o.code: o.status for o in result.options}
    assert codes["sarcoma_amputation"] in ("consider", "discuss")
    assert codes["isolated_limb_infusion"] in ("consider", "discuss")
    assert codes["limb_salvage"] in ("discuss", "offer")


def test_it_refers_sarcoma_to_a_reference_centre_with_biopsy_first() -> None:
    referral = option(screen(pathway="sarcoma", limb=False), "sarcoma_centre_referral")
    assert referral.status == "offer" and "biopsy" in referral.reason


def test_it_shows_the_huvos_grade_of_a_bone_sarcoma() -> None:
    result = screen(pathway="sarcoma", limb=True, bone_sarcoma=True, huvos_grade="III",
                    major_neurovascular_involvement="none")
    assert any("90-99%" in note.text for note in result.notes)
    assert result.option("sarcoma_radiotherapy") is None
