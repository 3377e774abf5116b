"""En bloc excision of a spinal metastasis: Tomita strategy gated on prognosis (revised
Tokuhashi, Katagiri) and fitness (ECOG). Tomita alone never offers it."""

from __future__ import annotations

from dataclasses import dataclass

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.messages import Message, gettext_noop, msg
from tumorboard.pathways.nested import score_input
from tumorboard.pathways.rules.common import Context, fitness_advice, try_score
from tumorboard.pathways.scores import katagiri, tokuhashi, tomita

SOURCE = f"{tomita.SOURCE} {tokuhashi.SOURCE} {katagiri.SOURCE}"
TOMITA_EN_BLOC = 3  # Tomita 2001: 2-3 wide or marginal (en bloc) excision
TOKUHASHI_SHORT = 8  # Tokuhashi 2005: 0-8 under 6 months, conservative or palliative
TOKUHASHI_LONG = 12  # 12-15: 1 year or more, excisional surgery
KATAGIRI_HIGH = 7  # Katagiri 2014: 7-10 high risk, short survival
ECOG_FIT = 2


@dataclass(slots=True)
class Scores:
    tomita: int | None
    tokuhashi: int | None
    katagiri: int | None
    ecog: int | None
    single_without_visceral: bool | None
    missing: list[str]

    def params(self) -> dict[str, str | int | float]:
        shown = {"tomita": self.tomita, "tokuhashi": self.tokuhashi,
                 "katagiri": self.katagiri, "ecog": self.ecog}
        return {k: "-" if v is None else v for k, v in shown.items()}


def _total(name: str, case: CaseFacts, ctx: Context, missing: list[str]) -> int | None:
    score, lacking = try_score(name, score_input(case, name), name, ctx)
    missing += lacking
    return None if score is None else int(score["total"] or 0)


def gather(case: CaseFacts, ctx: Context) -> Scores:
    missing: list[str] = []
    totals = {name: _total(name, case, ctx, missing) for name in ("tomita", "tokuhashi",
                                                                  "katagiri")}
    ecog = case.ecog if case.ecog is not None else (case.katagiri or {}).get("ecog")
    if ecog is None:
        missing.append("ecog")
    toku = score_input(case, "tokuhashi")
    single = None
    if "vertebral_mets" in toku and "visceral_mets" in toku:
        single = (toku["vertebral_mets"] == 1 and len(case.spinal_lesions or []) <= 1
                  and toku["visceral_mets"] == "none")
    return Scores(totals["tomita"], totals["tokuhashi"], totals["katagiri"],
                  ecog if isinstance(ecog, int) else None, single, missing)


def _ruled_out(s: Scores) -> Message | None:
    if (s.tokuhashi is not None and s.tokuhashi <= TOKUHASHI_SHORT) or (
            s.katagiri is not None and s.katagiri >= KATAGIRI_HIGH):
        return msg(gettext_noop(
            "En bloc excision not indicated: expected survival is short (revised Tokuhashi "
            "{tokuhashi}, Katagiri {katagiri}; Tomita {tomita}, ECOG {ecog}). Tokuhashi 8 or "
            "less or Katagiri 7 or more rules it out whatever the Tomita score."), **s.params())
    if s.ecog is not None and s.ecog > ECOG_FIT:
        return msg(gettext_noop(
            "En bloc excision not indicated: ECOG {ecog} (3-4), not fit for en bloc "
            "spondylectomy (Tomita {tomita}, revised Tokuhashi {tokuhashi}, Katagiri "
            "{katagiri})."), **s.params())
    return None


def _disagreements(s: Scores) -> list[Message]:
    """Score pairs that point in different directions (all scores known, none rules out)."""
    found = []
    if s.tomita is not None and s.tomita > TOMITA_EN_BLOC:
        found.append(msg(gettext_noop(
            "Scores disagree on en bloc excision: Tomita {tomita} (4 or more) favours "
            "intralesional or palliative surgery, while revised Tokuhashi {tokuhashi} and "
            "Katagiri {katagiri} predict longer survival. The MDT must decide."),
            **s.params()))
    if s.tokuhashi is not None and s.tokuhashi < TOKUHASHI_LONG and not s.single_without_visceral:
        found.append(msg(gettext_noop(
            "Scores disagree on en bloc excision: Tomita {tomita} favours it, but revised "
            "Tokuhashi {tokuhashi} (9-11) supports excision only for a single spinal lesion "
            "without visceral metastases, which this case is not shown to be. The MDT must "
            "decide."),
            **s.params()))
    return found


def en_bloc(case: CaseFacts, ctx: Context) -> list[Option]:
    """Rule 3: offer/consider only if Tomita <= 3, Tokuhashi >= 12 (or 9-11 with a single
    lesion and no visceral metastases), Katagiri <= 6 and ECOG <= 2."""
    if not case.spinal_lesions:
        return []
    code = "spine_en_bloc_excision"
    s = gather(case, ctx)
    ruled_out = _ruled_out(s)
    if ruled_out is not None:
        return [Option(code, "not_indicated", ruled_out, SOURCE, missing=s.missing)]
    if s.missing:
        return [Option(code, "undetermined", msg(gettext_noop(
            "En bloc excision needs Tomita, revised Tokuhashi, Katagiri and ECOG together; "
            "Tomita alone never decides it.")), SOURCE, must_discuss=True, missing=s.missing)]
    disagreements = _disagreements(s)
    if ctx.conflicts:
        disagreements.append(msg(gettext_noop(
            "The prognostic score inputs contradict the case record ({item_key}): en bloc "
            "excision cannot be recommended until the MDT has resolved it."),
            item_key=ctx.conflicts[0]))
    fitness = fitness_advice(case)
    if disagreements:
        return [Option(code, "discuss", disagreements[0], SOURCE, must_discuss=True,
                       advice=disagreements[1:] + fitness)]
    if fitness:
        return [Option(code, "discuss", msg(gettext_noop(
            "Tomita {tomita}, revised Tokuhashi {tokuhashi}, Katagiri {katagiri} and ECOG "
            "{ecog} favour en bloc excision, but a fitness concern is recorded: the MDT must "
            "decide."), **s.params()), SOURCE, must_discuss=True, advice=fitness)]
    return [Option(code, "consider", msg(gettext_noop(
        "Tomita {tomita}, revised Tokuhashi {tokuhashi}, Katagiri {katagiri} and ECOG {ecog} "
        "agree: en bloc excision may be considered by the MDT."), **s.params()), SOURCE,
        must_discuss=True)]
