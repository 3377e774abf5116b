"""Errors raised by the pure decision-support core.

Every error names the offending field so that the CLI, the API and the forms can point
at it; `field` is None only when the input as a whole is unusable (e.g. not an object).
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input to a score or to the screen."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str | None]:
        return {"error": self.message, "field": self.field}


class ScoreInputError(InputError):
    """Unknown, missing, mistyped or out-of-range score input."""


class CaseInputError(InputError):
    """A CaseFacts value that the screen cannot interpret."""
