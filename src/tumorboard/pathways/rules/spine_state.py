"""Per-lesion state of the spine, computed once per screen and shared by the spine rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from tumorboard.pathways.case import CaseFacts
from tumorboard.pathways.rules.common import Context, try_score
from tumorboard.pathways.spec import ScoreResult

COMPRESSION_BILSKY = ("2", "3")  # Bilsky 2010: 2-3 = spinal cord compression
DEFICIT_FRANKEL = ("A", "B", "C", "D")  # E = normal motor and sensory function
SINS_OPINION = 7  # Fisher 2010: 7 or more -> surgical consultation
SINS_UNSTABLE = 13


@dataclass(slots=True)
class Lesion:
    index: int
    level: str
    bilsky: str | None
    inputs: dict[str, object]
    sins: ScoreResult | None
    sins_missing: list[str]

    @property
    def path(self) -> str:
        return f"spinal_lesions[{self.index}]"

    @property
    def compressed(self) -> bool:
        return self.bilsky in COMPRESSION_BILSKY

    @property
    def total(self) -> int | None:
        return None if self.sins is None else int(self.sins["total"] or 0)


@dataclass(slots=True)
class Spine:
    lesions: list[Lesion] = field(default_factory=list)
    frankel: str | None = None

    @property
    def deficit(self) -> bool:
        return self.frankel in DEFICIT_FRANKEL

    @property
    def compressed(self) -> list[Lesion]:
        return [lesion for lesion in self.lesions if lesion.compressed]

    @property
    def mscc(self) -> bool:
        """Cord compression by imaging (Bilsky 2-3) or neurological deficit (Frankel A-D)."""
        return self.deficit or bool(self.compressed)

    def worst(self) -> Lesion | None:
        """The lesion with the highest SINS (the first listed on a tie)."""
        scored = [lesion for lesion in self.lesions if lesion.sins is not None]
        return max(scored, key=lambda lesion: lesion.total or 0, default=None)


def spine_state(case: CaseFacts, ctx: Context) -> Spine:
    cached = ctx.cache.get("spine")
    if isinstance(cached, Spine):
        return cached
    spine = Spine(frankel=case.frankel)
    for index, raw in enumerate(case.spinal_lesions or []):
        inputs = {k: v for k, v in dict(raw.get("sins") or {}).items()  # type: ignore[call-overload]
                  if v is not None}
        level = str(raw["level"])
        path = f"spinal_lesions[{index}].sins"
        score, missing = try_score("sins", {**inputs, "level": level}, path, ctx)
        bilsky = raw.get("bilsky")
        spine.lesions.append(Lesion(index, level, None if bilsky is None else str(bilsky),
                                    inputs, score, missing))
    ctx.cache["spine"] = spine
    return spine


def levels(lesions: list[Lesion]) -> str:
    """'T10, L2': spinal levels are language-neutral labels."""
    return ", ".join(lesion.level for lesion in lesions)
