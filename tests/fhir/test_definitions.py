"""tumorboard's published CodeSystem and StructureDefinitions: current, valid, complete."""

from __future__ import annotations

import json

import pytest

from tests.fhir.helpers import validate
from tumorboard.fhir import codes, definitions, details


@pytest.mark.parametrize("name", sorted(definitions.all_definitions()))
def test_it_ships_current_definitions_that_validate(name: str) -> None:
    shipped = (definitions.FOLDER / name).read_text(encoding="utf-8")
    assert shipped == definitions.render(definitions.all_definitions()[name])
    validate(json.loads(shipped))


def test_it_defines_every_detail_code_once_and_fits_observation_ids() -> None:
    concept = json.loads((definitions.FOLDER / "CodeSystem-tumorboard.json").read_text())
    shipped = [c["code"] for c in concept["concept"]]
    assert shipped[:len(details.DETAILS)] == [d.code for d in details.DETAILS]
    assert len(set(shipped)) == len(shipped)
    # Observation ids are "<36-character case uuid>-<code>": at most 64 characters in FHIR.
    assert max(len(d.code) for d in details.DETAILS) <= 64 - 37
    assert concept["url"] == codes.TB_CODESYSTEM


def test_it_defines_a_code_for_every_registry_procedure_and_plan_modality() -> None:
    from tumorboard.board.plan import MODALITIES
    from tumorboard.outcomes import vocabulary

    concept = json.loads((definitions.FOLDER / "CodeSystem-tumorboard.json").read_text())
    shipped = {c["code"]: c["display"] for c in concept["concept"]}
    for code, label in vocabulary.all_procedures().items():
        assert shipped[codes.procedure_code(code)] == label
    assert set(codes.MODALITY_DISPLAY) == set(MODALITIES)
    for modality in MODALITIES:
        assert codes.modality_code(modality) in shipped
    assert shipped["mdt-recommendation"] == "MDT recommendation"
    assert concept["count"] == len(concept["concept"])
