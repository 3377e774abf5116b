"""The "preserving intent kept" measure's pure core, on a table of known cases."""

from __future__ import annotations

import pytest

from tumorboard.board.intent import judge, tally


@pytest.mark.parametrize(("option", "decision", "operation", "verdict"), [
    ("rectal_sphincter_preservation", "offered_accepted", {"sphincter_preserved": True}, True),
    ("rectal_sphincter_preservation", "offered_accepted", {"sphincter_preserved": False},
     False),
    ("rectal_sphincter_preservation", "offered_declined", {"sphincter_preserved": False},
     None),  # the patient declined: no intent to keep
    ("rectal_sphincter_preservation", "offered_accepted", None, None),  # not operated yet
    ("breast_immediate_reconstruction", "offered_accepted", {"reconstruction": "immediate"},
     True),
    ("breast_immediate_reconstruction", "offered_accepted", {"reconstruction": "delayed"},
     False),
    ("limb_salvage", "offered_accepted", {"limb_outcome": "amputation"}, False),
    ("limb_salvage", "offered_accepted", {"limb_outcome": "salvage"}, True),
    ("rectal_watch_and_wait", "offered_accepted", {"sphincter_preserved": True}, None),
])
def test_it_judges_each_intent_against_the_operation(option: str, decision: str,
                                                     operation: dict[str, object] | None,
                                                     verdict: bool | None) -> None:
    assert judge(option, decision, operation) == verdict


def test_it_tallies_per_surgeon_with_the_cases_behind_the_number() -> None:
    rows = [
        {"case": "a", "option": "limb_salvage", "decision": "offered_accepted",
         "operation": {"limb_outcome": "salvage"}, "surgeon": "Li"},
        {"case": "b", "option": "limb_salvage", "decision": "offered_accepted",
         "operation": {"limb_outcome": "amputation"}, "surgeon": "Li"},
        {"case": "c", "option": "limb_salvage", "decision": "offered_accepted",
         "operation": {"limb_outcome": "salvage"}, "surgeon": "Wang"},
        {"case": "d", "option": "limb_salvage", "decision": "not_suitable",
         "operation": {"limb_outcome": "amputation"}, "surgeon": "Wang"},
    ]
    result = tally(rows, "surgeon")
    assert (result["Li"].kept, result["Li"].intents, result["Li"].share) == (1, 2, 0.5)
    assert [c["case"] for c in result["Li"].cases] == ["a", "b"]
    assert (result["Wang"].kept, result["Wang"].intents) == (1, 1)
