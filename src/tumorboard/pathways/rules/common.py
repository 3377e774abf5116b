"""Rule type and small helpers shared by the pathway rule modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tumorboard.pathways.case import CaseFacts, Option
from tumorboard.pathways.spec import ScoreResult


@dataclass(slots=True)
class Context:
    """Scratch space shared by the rules of one screen: computed scores and notes."""

    scores: dict[str, ScoreResult] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    version: str
    title: str
    source: str
    evaluate: Callable[[CaseFacts, Context], list[Option]]


def missing_of(case: CaseFacts, *names: str) -> list[str]:
    """Names of the case fields that are not recorded."""
    return [name for name in names if getattr(case, name) is None]
