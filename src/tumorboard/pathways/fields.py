"""Typed descriptions of score inputs: one place for validation and for form metadata.

A `Field` both checks a value (raising `ScoreInputError` naming the field) and describes
itself as plain data (`to_dict`) so that a UI can render the calculator form.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tumorboard.pathways.errors import ScoreInputError
from tumorboard.pathways.messages import Message, gettext_noop, msg

FieldKind = Literal["choice", "int", "number", "bool", "list"]


def is_int(value: object) -> bool:
    # bool is a subclass of int in Python, but `true` is never a valid count or grade.
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return (is_int(value) or isinstance(value, float)) and math.isfinite(value)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: FieldKind
    label: str
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    multiple_of: int | None = None
    int_alias: bool = False  # a choice may also be given as its position (Wexner 0-4)
    unit: str | None = None
    applies_when: tuple[str, str] | None = None  # (other field, value) that enables this one
    help: str = ""

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "kind": self.kind, "label": self.label}
        out["required"] = self.required
        if self.choices:
            out["choices"] = list(self.choices)
        for key in ("minimum", "maximum", "multiple_of", "unit", "help"):
            value = getattr(self, key)
            if value not in (None, ""):
                out[key] = value
        if self.int_alias:
            out["int_alias"] = True
        if self.applies_when:
            out["applies_when"] = {self.applies_when[0]: self.applies_when[1]}
        return out

    def fail(self, message: str | Message) -> ScoreInputError:
        return ScoreInputError(self.name, message)

    def clean(self, value: object) -> object:
        cleaner = {
            "choice": self._clean_choice,
            "int": self._clean_int,
            "number": self._clean_number,
            "bool": self._clean_bool,
            "list": self._clean_list,
        }[self.kind]
        return cleaner(value)

    def _clean_choice(self, value: object) -> str:
        if self.int_alias and is_int(value):
            index = int(value)  # type: ignore[call-overload]
            if 0 <= index < len(self.choices):
                return self.choices[index]
            raise self.fail(msg(gettext_noop("must be between 0 and {last}"),
                                last=len(self.choices) - 1))
        choices = ", ".join(self.choices)
        if not isinstance(value, str):
            raise self.fail(msg(gettext_noop("must be one of {choices}"), choices=choices))
        if value not in self.choices:
            raise self.fail(msg(gettext_noop("{value} is not one of {choices}"),
                                value=repr(value), choices=choices))
        return value

    def _check_range(self, value: float) -> None:
        if self.minimum is not None and value < self.minimum:
            raise self.fail(msg(gettext_noop("must be at least {minimum}"),
                                minimum=f"{self.minimum:g}"))
        if self.maximum is not None and value > self.maximum:
            raise self.fail(msg(gettext_noop("must be at most {maximum}"),
                                maximum=f"{self.maximum:g}"))

    def _clean_int(self, value: object) -> int:
        if not is_int(value):
            raise self.fail(msg(gettext_noop("must be an integer")))
        number = int(value)  # type: ignore[call-overload]
        self._check_range(number)
        if self.multiple_of and number % self.multiple_of:
            raise self.fail(msg(gettext_noop("must be a multiple of {step}"),
                                step=self.multiple_of))
        return number

    def _clean_number(self, value: object) -> float:
        if not is_number(value):
            raise self.fail(msg(gettext_noop("must be a finite number")))
        number = float(value)  # type: ignore[arg-type]
        self._check_range(number)
        return number

    def _clean_bool(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(msg(gettext_noop("must be true or false")))
        return value

    def _clean_list(self, value: object) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(msg(gettext_noop("must be a list")))
        if self.maximum is not None and len(value) > self.maximum:
            raise self.fail(msg(gettext_noop("must have at most {maximum} entries"),
                                maximum=f"{self.maximum:g}"))
        for entry in value:
            if not isinstance(entry, str) or entry not in self.choices:
                raise self.fail(msg(gettext_noop("entries must be among {choices}"),
                                    choices=", ".join(self.choices)))
        return list(value)


def choice(name: str, label: str, points: Mapping[str, int], **kw: object) -> Field:
    """A choice field whose allowed values are the keys of its points table."""
    return Field(name, "choice", label, choices=tuple(points), **kw)  # type: ignore[arg-type]
