"""Case input validation (contracts/screen.md): unknown key, wrong type or a value outside
its vocabulary is a CaseInputError naming the (nested) field; conflicts are refused."""

from __future__ import annotations

import pytest

from tumorboard.pathways import RULESET_VERSION, CaseFacts, CaseInputError, screen_case

OPTION_KEYS = {"code", "status", "urgent", "must_discuss", "reason", "source",
               "classification", "missing"}


@pytest.mark.parametrize(("facts", "field"), [
    ({"pathway": "rectum", "neoadjuvant_response": "cCR"}, "neoadjuvant_response"),
    ({"pathway": "rectum", "mri_t": "T3"}, "mri_t"),
    ({"pathway": "rectum", "emvi": 1}, "emvi"),
    ({"pathway": "breast", "planned_surgery": "conserving"}, "planned_surgery"),
    ({"pathway": "breast", "clinical_t": "T9"}, "clinical_t"),
    ({"pathway": "breast", "ecog": 5}, "ecog"),
    ({"pathway": "breast", "ecog": True}, "ecog"),
    ({"pathway": "breast", "frailty": 10}, "frailty"),
    ({"pathway": "lung"}, "pathway"),
    ({"age": 50}, "pathway"),
    ({"pathway": "sarcoma", "major_neurovascular_involvement": "encased_unreconstructable"},
     "major_neurovascular_involvement"),
    ({"pathway": "sarcoma", "huvos_grade": "V"}, "huvos_grade"),
    ({"pathway": "bone_metastasis", "spinal_lesions": [{"level": "T5"}, {"level": "T8",
                                                                        "bilsky": "4"}]},
     "spinal_lesions[1].bilsky"),
    ({"pathway": "bone_metastasis", "spinal_lesions": [{"level": "T13"}]},
     "spinal_lesions[0].level"),
    ({"pathway": "bone_metastasis", "spinal_lesions": [{"level": "T5",
                                                        "sins": {"level": "T5"}}]},
     "spinal_lesions[0].sins.level"),
    ({"pathway": "bone_metastasis", "spinal_lesions": [{"level": "T5",
                                                        "sins": {"pain": "severe"}}]},
     "spinal_lesions[0].sins.pain"),
    ({"pathway": "bone_metastasis", "limb_lesions": [{"bone": "femur",
                                                      "mirels": {"size": "big"}}]},
     "limb_lesions[0].mirels.size"),
    ({"pathway": "bone_metastasis", "tokuhashi": {"kps": 35}}, "tokuhashi.kps"),
    ({"pathway": "bone_metastasis", "katagiri": {"colour": "red"}}, "katagiri.colour"),
    ({"pathway": "rectum", "neoadjuvant_therapy": "none", "neoadjuvant_response": "complete"},
     "neoadjuvant_response"),
])
def test_it_names_the_bad_field(facts: dict[str, object], field: str) -> None:
    with pytest.raises(CaseInputError) as error:
        CaseFacts.from_dict(facts)
    assert error.value.field == field


CONFLICTS = [
    ({"frankel": "E", "tokuhashi": {"frankel": "A"}}, "tokuhashi.frankel"),
    ({"ecog": 1, "katagiri": {"ecog": 3}}, "katagiri.ecog"),
    ({"visceral_metastases": True, "tomita": {"visceral_mets": "none"}}, "tomita.visceral_mets"),
    ({"visceral_metastases": False, "tokuhashi": {"visceral_mets": "removable"}},
     "tokuhashi.visceral_mets"),
    ({"primary": "lung", "tokuhashi": {"primary": "breast"}}, "tokuhashi.primary"),
]


@pytest.mark.parametrize(("facts", "item"), CONFLICTS)
def test_it_notes_a_score_input_that_contradicts_the_case(facts: dict[str, object],
                                                          item: str) -> None:
    """Valid input, so not refused; but never resolved silently: a note names both sides."""
    result = screen_case(CaseFacts.from_dict({
        "pathway": "bone_metastasis", **facts,
        "spinal_lesions": [{"level": "T10", "bilsky": "0"}]}))
    assert any(note.params.get("item_key") == item for note in result.notes), result.notes


# Tomita 1+0+1 = 2; revised Tokuhashi 2+2+2+2+5+2 = 15; Katagiri 0; ECOG 1; one lesion and
# no visceral metastases: every score favours en bloc (Tomita 2001, Tokuhashi 2005,
# Katagiri 2014), so the screen would say `consider`.
FAVOURABLE = {
    "pathway": "bone_metastasis", "ecog": 1, "frankel": "E", "primary": "breast",
    "visceral_metastases": False,
    "spinal_lesions": [{"level": "T10", "bilsky": "0", "sins": {
        "pain": "none", "lesion": "blastic", "alignment": "normal", "collapse": "none",
        "posterolateral": "none"}}],
    "tomita": {"growth": "slow", "visceral_mets": "none", "bone_mets": "solitary"},
    "tokuhashi": {"kps": 90, "extraspinal_bone_mets": 0, "vertebral_mets": 1},
    "katagiri": {"growth": "slow", "labs": "normal", "previous_chemotherapy": False,
                 "multiple_skeletal_mets": False},
}


def test_it_never_lets_a_contradicted_score_recommend_en_bloc() -> None:
    agreed = screen_case(CaseFacts.from_dict(FAVOURABLE)).option("spine_en_bloc_excision")
    assert agreed is not None and agreed.status == "consider"
    conflicted = dict(FAVOURABLE, katagiri={**FAVOURABLE["katagiri"], "ecog": 2})  # type: ignore[dict-item]
    option = screen_case(CaseFacts.from_dict(conflicted)).option("spine_en_bloc_excision")
    assert option is not None and option.status == "discuss"
    assert "katagiri.ecog" in str(option.to_dict())


def test_it_prefills_score_inputs_from_case_facts() -> None:
    # Case gives Frankel E, breast primary, no visceral metastases and ECOG 1.
    result = screen_case(CaseFacts.from_dict({
        "pathway": "bone_metastasis", "frankel": "E", "primary": "breast",
        "visceral_metastases": False, "ecog": 1,
        "tokuhashi": {"kps": 90, "extraspinal_bone_mets": 0, "vertebral_mets": 1},
        "katagiri": {"growth": "slow", "labs": "normal", "previous_chemotherapy": False,
                     "multiple_skeletal_mets": False}}))
    # Tokuhashi 2005: 2 + 2 + 2 + none 2 + breast 5 + Frankel E 2 = 15
    assert result.scores["tokuhashi"]["total"] == 15
    assert result.scores["katagiri"]["items"]["ecog"] == 0


def test_it_returns_exactly_the_contract_shape() -> None:
    out = screen_case(CaseFacts.from_dict({"pathway": "melanoma", "breslow_mm": 1.5,
                                           "ulceration": False})).to_contract()
    assert set(out) == {"pathway", "ruleset_version", "options", "scores", "missing", "notes"}
    assert out["ruleset_version"] == RULESET_VERSION == "2.0.0"
    assert all(set(option) == OPTION_KEYS for option in out["options"])  # type: ignore[attr-defined]


def test_it_stores_translatable_reasons_that_format_to_the_reason() -> None:
    out = screen_case(CaseFacts.from_dict({
        "pathway": "rectum", "distance_from_anorectal_ring_cm": 0.5,
        "internal_sphincter_invaded": False, "external_sphincter_or_levator_invaded": False,
        "distance_from_anal_verge_cm": 4.0})).to_dict()
    assert {"notes_i18n", "rule_versions"} <= set(out)
    for option in out["options"]:  # type: ignore[attr-defined]
        i18n = option["reason_i18n"]
        assert option["reason"] == i18n["msgid"].format(**i18n["params"])
        assert option["title"] and isinstance(option["advice"], list)
        assert all(isinstance(v, str | int | float) for v in i18n["params"].values())
