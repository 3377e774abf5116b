"""Was the board's function-preserving intent kept? Pure, no Django.

For every current signed recommendation, each function-preserving option the board decided
to offer (and the patient accepted) is an *intent*; the operation recorded after the
sign-off either kept it (the sphincter, the breast by immediate reconstruction, the limb)
or did not. Options whose fulfilment is not an operation (watch and wait, an opinion) are
not counted. The measure is kept / intents with an operation, per board, site and surgeon,
with the cases behind each number. Non-implementation reasons follow the MII tumour-board
module's therapy-status reasons (CodeSystem mii-cs-mtb-therapiestatusgrund).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Non-implementation reasons, learnt from MII_CS_MTB_Therapiestatusgrund (Medizininformatik-
# Initiative, Kerndatensatz Molekulares Tumorboard): the codes a clinic can act on.
NOT_IMPLEMENTED_REASONS = (
    "patient_refusal",  # patient-refusal / patient-wish
    "deterioration",  # fitness changed (Zustandsverschlechterung)
    "progression",  # disease progressed
    "other_therapy_chosen",  # clinician decision (Wahl einer anderen Therapie durch Behandler)
    "no_indication",  # no longer indicated
    "payment_refused",  # cost not covered
    "patient_death",
    "lost_to_follow_up",
    "other",
)
INTENDED = ("offered_accepted",)

# How an operation shows that the option was kept.
KEPT_BY: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "rectal_sphincter_preservation": lambda op: op.get("sphincter_preserved") is True,
    "breast_immediate_reconstruction": lambda op: op.get("reconstruction") == "immediate",
    "limb_salvage": lambda op: op.get("limb_outcome") == "salvage",
}


@dataclass
class Tally:
    intents: int = 0
    kept: int = 0
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return round(self.kept / self.intents, 4) if self.intents else None


def judge(option: str, decision: str, operation: Mapping[str, Any] | None) -> bool | None:
    """True kept, False not kept, None not counted (no intent, no operation yet, or an
    option an operation does not fulfil)."""
    rule = KEPT_BY.get(option)
    if rule is None or decision not in INTENDED or operation is None:
        return None
    return rule(operation)


def tally(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, Tally]:
    """rows: {"case", "option", "decision", "operation", and grouping keys such as "board",
    "site", "surgeon"}; one Tally per value of `key`."""
    result: dict[str, Tally] = {}
    for row in rows:
        verdict = judge(str(row["option"]), str(row["decision"]), row.get("operation"))
        if verdict is None:
            continue
        group = result.setdefault(str(row.get(key) or ""), Tally())
        group.intents += 1
        group.kept += int(verdict)
        group.cases.append({"case": row["case"], "option": row["option"], "kept": verdict})
    return result
