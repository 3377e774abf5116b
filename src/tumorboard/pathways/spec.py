"""ScoreSpec: everything about one score (fields, bands, texts, source) plus validation."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

from tumorboard.pathways.errors import ScoreInputError
from tumorboard.pathways.fields import Field
from tumorboard.pathways.messages import gettext_noop, msg

Points = int | float | None


class ScoreResult(TypedDict):
    """The contract's output object (shared/contracts/scores.md)."""

    score: str
    total: int | float | None
    category: str
    recommendation: str
    items: dict[str, Points]
    source: str
    percent: NotRequired[float]  # msts
    t_category: NotRequired[str]  # melanoma_slnb


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a score's arithmetic produces before it is wrapped in the contract's object."""

    total: int | float | None
    category: str
    items: dict[str, Points]
    extra: dict[str, object] = field(default_factory=dict)


# An alternative group: give exactly one of the options; each option is a set of fields
# that must all be present (e.g. Katagiri `labs` OR all six raw laboratory values).
Alternatives = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ScoreSpec:
    name: str
    title: str
    version: str
    source: str
    fields: tuple[Field, ...]
    categories: tuple[str, ...]  # machine codes, ordered as the paper lists them
    recommendations: Mapping[str, str]
    calculate: Callable[[dict[str, object]], Outcome]
    total_range: tuple[float, float] | None
    alternatives: tuple[Alternatives, ...] = ()
    extra_keys: tuple[str, ...] = ()

    @property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def form(self) -> dict[str, object]:
        """Plain-data description a UI can turn into a calculator form."""
        return {
            "name": self.name,
            "title": self.title,
            "version": self.version,
            "source": self.source,
            "fields": [f.to_dict() for f in self.fields],
            "alternatives": [[list(option) for option in group] for group in self.alternatives],
            "categories": list(self.categories),
            "total_range": list(self.total_range) if self.total_range else None,
            "extra_keys": list(self.extra_keys),
        }

    def _applies(self, f: Field, data: Mapping[str, object]) -> bool:
        return f.applies_when is None or data.get(f.applies_when[0]) == f.applies_when[1]

    def missing_fields(self, data: Mapping[str, object]) -> list[str]:
        """Required inputs not given (None counts as not given); never raises."""
        given = {k for k, v in data.items() if v is not None}
        missing = [
            f.name
            for f in self.fields
            if f.required and f.name not in given and self._applies(f, data)
        ]
        for group in self.alternatives:
            touched = [option for option in group if given.intersection(option)]
            chosen = touched[0] if touched else group[0]
            missing.extend(name for name in chosen if name not in given)
        return missing

    def validate(self, data: object) -> dict[str, object]:
        if not isinstance(data, Mapping):
            raise ScoreInputError(None, "input must be a JSON object")
        fields = self.field_map
        for key in data:
            if key not in fields:
                raise ScoreInputError(str(key), f"unknown field for {self.name}")
        clean: dict[str, object] = {}
        # Unconditional fields first, so `applies_when` sees the cleaned selector (MSTS limb).
        for f in sorted(self.fields, key=lambda f: f.applies_when is not None):
            value = data.get(f.name)
            if value is None:
                continue
            if not self._applies(f, clean):
                raise ScoreInputError(f.name, f"only used when {f.applies_when}")
            clean[f.name] = f.clean(value)
        self._check_alternatives(clean)
        for name in self.missing_fields(clean):
            raise ScoreInputError(name, msg(gettext_noop("missing required field")))
        return clean

    def _check_alternatives(self, clean: Mapping[str, object]) -> None:
        for group in self.alternatives:
            touched = [option for option in group if set(clean).intersection(option)]
            if len(touched) > 1:
                names = " or ".join("+".join(option) for option in group)
                raise ScoreInputError(touched[1][0], f"give either {names}, not both")


def band(total: float, bands: Sequence[tuple[float, str]]) -> str:
    """Category of `total`: bands are (inclusive upper bound, category), ascending."""
    for upper, category in bands:
        if total <= upper:
            return category
    raise ValueError(f"total {total} above the last band")
