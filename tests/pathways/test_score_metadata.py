"""Registry, form metadata and pathway-to-score mapping."""

from __future__ import annotations

import json

import pytest

from tumorboard.pathways import SCORES, relevant_scores

CONTRACT_NAMES = ["sins", "tokuhashi", "tomita", "mirels", "katagiri", "cci", "lars", "wexner",
                  "msts", "melanoma_slnb"]


def test_it_registers_every_contracted_score() -> None:
    assert list(SCORES) == CONTRACT_NAMES


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_it_gives_each_score_a_version_and_full_citation(name: str) -> None:
    spec = SCORES[name]
    # melanoma_slnb 1.1: age alone no longer moves T1a (scores.md corrected 2026-11-30)
    assert spec.version == ("1.1" if name == "melanoma_slnb" else "1.0")
    assert len(spec.source) > 60 and any(year in spec.source for year in
                                         ("1989", "1993", "2001", "2005", "2010", "2012",
                                          "2013", "2014", "2017"))


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_it_describes_a_json_form_for_each_score(name: str) -> None:
    form = SCORES[name].form()
    json.dumps(form)
    assert form["name"] == name
    for field in form["fields"]:
        assert field["kind"] in {"choice", "int", "number", "bool", "list"}
        assert isinstance(field["required"], bool)
        if field["kind"] in {"choice", "list"}:
            assert field["choices"]
    assert set(form["categories"]) >= set(SCORES[name].recommendations)


def test_it_describes_fields_as_a_ui_needs_them() -> None:
    fields = {f["name"]: f for f in SCORES["tokuhashi"].form()["fields"]}
    assert fields["kps"] == {"name": "kps", "kind": "int", "label": "Karnofsky performance status",
                             "required": True, "minimum": 10, "maximum": 100, "multiple_of": 10,
                             "unit": "%"}
    assert fields["primary"]["choices"][:3] == ["lung", "osteosarcoma", "stomach"]
    msts = {f["name"]: f for f in SCORES["msts"].form()["fields"]}
    assert msts["gait"]["applies_when"] == {"limb": "lower"}
    assert SCORES["sins"].form()["alternatives"] == [[["location"], ["level"]]]
    assert SCORES["wexner"].form()["fields"][0]["int_alias"] is True


@pytest.mark.parametrize(("pathway", "names"), [
    ("rectum", ["lars", "wexner", "cci"]),
    ("sarcoma", ["msts", "cci"]),
    ("bone_metastasis", ["sins", "tokuhashi", "tomita", "mirels", "katagiri", "msts"]),
    ("melanoma", ["melanoma_slnb"]),
    ("breast", ["cci"]),
    ("lung", []),
])
def test_it_maps_pathways_to_relevant_scores(pathway: str, names: list[str]) -> None:
    assert relevant_scores(pathway) == names
