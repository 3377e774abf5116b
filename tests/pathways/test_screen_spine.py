"""Contract rules 1-4 (contracts/screen.md): cord compression first (NICE NG234, 2023;
Bilsky 2010; Frankel 1969), SINS per lesion (Fisher 2010), en bloc gated on prognosis and
fitness (Tomita 2001, revised Tokuhashi 2005, Katagiri 2014), vertebral augmentation (NICE
CG75 2008, carried into NG234 2023: no MSCC, no instability, mechanical pain or collapse)."""

from __future__ import annotations

from tests.pathways.screen_cases import (
    SINS_4,
    SINS_L1_11,
    SINS_L1_18,
    SINS_L3_9,
    SINS_QUIET,
    bone,
    option,
)


def test_it_sends_frankel_c_with_sins_4_for_urgent_assessment_not_stable_spine() -> None:
    # The reviewed harm: Frankel C and SINS 4 were told "not indicated - stable spine".
    result = bone(frankel="C", spinal_lesions=[{"level": "T5", "sins": SINS_4, "bilsky": "1a"}])
    urgent = option(result, "spine_urgent_assessment")
    assert (urgent.status, urgent.urgent, urgent.must_discuss) == ("offer", True, True)
    assert result.options[0].code == "spine_urgent_assessment"  # cord compression first
    assert result.scores["spinal_lesions[0].sins"]["total"] == 4
    opinion = option(result, "spine_surgical_opinion")
    assert opinion.status == "offer" and "stable spine" not in opinion.reason


def test_it_finds_bilsky_2_on_the_second_of_three_lesions() -> None:
    lesions = [{"level": "T5", "sins": SINS_QUIET, "bilsky": "0"},
               {"level": "T8", "sins": SINS_QUIET, "bilsky": "2"},
               {"level": "L3", "sins": SINS_QUIET, "bilsky": "1a"}]
    urgent = option(bone(frankel="E", spinal_lesions=lesions), "spine_urgent_assessment")
    assert (urgent.status, urgent.urgent, urgent.must_discuss) == ("offer", True, True)
    assert "T8" in urgent.reason and "T5" not in urgent.reason


def test_it_rules_out_compression_only_when_every_lesion_and_frankel_are_known() -> None:
    lesions = [{"level": "T5", "sins": SINS_QUIET, "bilsky": "1b"}, {"level": "T8"}]
    undetermined = option(bone(frankel="E", spinal_lesions=lesions), "spine_urgent_assessment")
    assert undetermined.status == "undetermined"
    assert undetermined.missing == ["spinal_lesions[1].bilsky"]
    lesions[1] = {"level": "T8", "bilsky": "0"}
    assert option(bone(frankel="E", spinal_lesions=lesions),
                  "spine_urgent_assessment").status == "not_indicated"


def test_it_scores_every_lesion_and_names_the_worst() -> None:
    lesions = [{"level": "T5", "sins": SINS_4, "bilsky": "0"},
               {"level": "L1", "sins": SINS_L1_11, "bilsky": "0"}]
    result = bone(frankel="E", spinal_lesions=lesions)
    opinion = option(result, "spine_surgical_opinion")
    assert opinion.status == "offer" and opinion.must_discuss
    assert "L1" in opinion.reason and "11" in opinion.reason
    assert opinion.classification == "indeterminate"  # Fisher 2010: 7-12
    assert [result.scores[f"spinal_lesions[{i}].sins"]["total"] for i in (0, 1)] == [4, 11]


def test_it_does_not_call_a_spine_stable_while_a_lesion_is_unscored() -> None:
    lesions = [{"level": "T5", "sins": SINS_4, "bilsky": "0"},
               {"level": "L1", "sins": {"pain": "mechanical"}, "bilsky": "0"}]
    opinion = option(bone(frankel="E", spinal_lesions=lesions), "spine_surgical_opinion")
    assert opinion.status == "undetermined"
    assert "spinal_lesions[1].sins.lesion" in opinion.missing


def test_it_calls_sins_6_or_less_stable_without_compression() -> None:
    result = bone(frankel="E", spinal_lesions=[{"level": "T5", "sins": SINS_4, "bilsky": "0"}])
    opinion = option(result, "spine_surgical_opinion")
    assert (opinion.status, opinion.classification) == ("not_indicated", "stable")


# Revised Tokuhashi 2005: KPS 30 -> 0, extraspinal 0 -> 2, one vertebral metastasis -> 2,
# no visceral metastases -> 2, primary "other" -> 2, Frankel A -> 0: total 8.
TOKUHASHI_8 = {"kps": 30, "extraspinal_bone_mets": 0, "vertebral_mets": 1, "primary": "other"}
# Katagiri 2014: rapid growth 3 + critical labs 2 + ECOG 3-4 1 + previous chemotherapy 1 = 7.
KATAGIRI_7 = {"growth": "rapid", "labs": "critical", "previous_chemotherapy": True,
              "multiple_skeletal_mets": False}
# Tomita 2001: slow growth 1 + no visceral 0 + solitary 1 = 2 (favours en bloc).
TOMITA_2 = {"growth": "slow", "bone_mets": "solitary"}


def test_it_refuses_en_bloc_on_tomita_alone_with_poor_prognosis() -> None:
    result = bone(frankel="A", ecog=3, visceral_metastases=False,
                  spinal_lesions=[{"level": "T8", "sins": SINS_QUIET, "bilsky": "3"}],
                  tokuhashi=TOKUHASHI_8, katagiri=KATAGIRI_7, tomita=TOMITA_2)
    assert [result.scores[n]["total"] for n in ("tokuhashi", "katagiri", "tomita")] == [8, 7, 2]
    en_bloc = option(result, "spine_en_bloc_excision")
    assert en_bloc.status == "not_indicated"
    assert "Tokuhashi 8" in en_bloc.reason and "Katagiri 7" in en_bloc.reason


# Revised Tokuhashi: KPS 90 -> 2, extraspinal 0 -> 2, one vertebral -> 2, none visceral -> 2,
# breast -> 5, Frankel E -> 2: total 15. Katagiri: slow 0, normal labs 0 = 0.
GOOD = dict(frankel="E", ecog=1, visceral_metastases=False, primary="breast",
            spinal_lesions=[{"level": "T8", "sins": SINS_QUIET, "bilsky": "0"}],
            tokuhashi={"kps": 90, "extraspinal_bone_mets": 0, "vertebral_mets": 1},
            katagiri={"growth": "slow", "labs": "normal", "previous_chemotherapy": False,
                      "multiple_skeletal_mets": False},
            tomita=TOMITA_2)


def test_it_considers_en_bloc_when_all_scores_and_fitness_agree() -> None:
    en_bloc = option(bone(**GOOD), "spine_en_bloc_excision")
    assert (en_bloc.status, en_bloc.must_discuss) == ("consider", True)


def test_it_surfaces_a_score_disagreement_as_discuss() -> None:
    # Tomita rapid 4 + none 0 + solitary 1 = 5 (intralesional) against Tokuhashi 15.
    en_bloc = option(bone(**{**GOOD, "tomita": {"growth": "rapid", "bone_mets": "solitary"}}),
                     "spine_en_bloc_excision")
    assert en_bloc.status == "discuss"
    assert "disagree" in en_bloc.reason and "Tomita 5" in en_bloc.reason


def test_it_needs_ecog_2_or_less_for_en_bloc() -> None:
    en_bloc = option(bone(**{**GOOD, "ecog": 3}), "spine_en_bloc_excision")
    assert en_bloc.status == "not_indicated" and "ECOG 3" in en_bloc.reason


def test_it_leaves_en_bloc_undetermined_with_tomita_alone() -> None:
    facts = {k: v for k, v in GOOD.items() if k not in ("tokuhashi", "katagiri")}
    en_bloc = option(bone(**facts), "spine_en_bloc_excision")
    assert en_bloc.status == "undetermined"
    assert "tokuhashi.kps" in en_bloc.missing and "katagiri.growth" in en_bloc.missing


def test_it_considers_vertebral_augmentation_for_painful_collapse_without_mscc() -> None:
    result = bone(frankel="E", spinal_lesions=[{"level": "L3", "sins": SINS_L3_9, "bilsky": "1a"}])
    augmentation = option(result, "spine_vertebral_augmentation")
    assert augmentation.status == "consider" and "L3" in augmentation.reason


def test_it_withholds_augmentation_with_compression_or_instability() -> None:
    compressed = bone(frankel="E", spinal_lesions=[{"level": "L3", "sins": SINS_L3_9,
                                                    "bilsky": "2"}])
    unstable = bone(frankel="E", spinal_lesions=[{"level": "L1", "sins": SINS_L1_18,
                                                  "bilsky": "1a"}])
    for result in (compressed, unstable):
        assert option(result, "spine_vertebral_augmentation").status == "not_indicated"
    assert option(unstable, "spine_surgical_opinion").classification == "unstable"


def test_it_lists_spinal_radiotherapy_and_separation_surgery_for_compression() -> None:
    result = bone(frankel="E", spinal_lesions=[{"level": "T8", "sins": SINS_QUIET,
                                                "bilsky": "2"}])
    radiotherapy = option(result, "spine_radiotherapy")
    assert (radiotherapy.status, radiotherapy.urgent) == ("offer", True)
    assert any("separation surgery" in advice.text for advice in radiotherapy.advice)


def test_it_names_the_worst_limb_lesion_by_mirels() -> None:
    # Mirels 1989: lower limb 2 + functional pain 3 + lytic 3 + over 2/3 3 = 11; upper limb
    # 1 + mild 1 + blastic 1 + under 1/3 1 = 4.
    limb = [{"bone": "humerus", "mirels": {"site": "upper_limb", "pain": "mild",
                                           "lesion": "blastic", "size": "under_one_third"}},
            {"bone": "femur", "mirels": {"site": "lower_limb", "pain": "functional",
                                         "lesion": "lytic", "size": "over_two_thirds"}}]
    fixation = option(bone(limb_lesions=limb), "limb_prophylactic_fixation")
    assert fixation.status == "offer" and "femur" in fixation.reason and "11" in fixation.reason
