"""A signed plan's surgery, typed in either language of the interface, finds its registry
code for the waiting list (capacity.hooks.procedure_code)."""

from __future__ import annotations

import pytest

from tumorboard.capacity.hooks import procedure_code


@pytest.mark.parametrize(("pathway", "typed", "code"), [
    ("breast", "mastectomy", "MAST"),
    ("breast", "乳房切除术", "MAST"),
    ("breast", "保留皮肤的乳房切除术", "SSM"),
    ("rectum", "低位前切除术（TME）", "LAR"),
    ("rectum", "Low anterior resection (TME)", "LAR"),
    ("breast", "SLNB", "SLNB"),
])
def test_it_finds_the_code_of_a_procedure_typed_in_either_language(
        pathway: str, typed: str, code: str) -> None:
    assert procedure_code(pathway, typed) == code


@pytest.mark.parametrize("typed", ["", "   ", "胸壁放疗"])
def test_it_finds_no_code_for_text_that_names_no_procedure(typed: str) -> None:
    assert procedure_code("breast", typed) == ""
