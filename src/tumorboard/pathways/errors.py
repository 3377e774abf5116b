"""Errors raised by the pure decision-support core.

Every error names the offending field so that the CLI, the API and the forms can point
at it; `field` is None only when the input as a whole is unusable (e.g. not an object).
"""

from __future__ import annotations

from tumorboard.pathways.messages import Message


class InputError(ValueError):
    """Bad input to a score or to the screen. A `Message` (template marked for translation,
    and its parameters) lets the Django side show it in the reader's language; `message` is
    always the English text (the CLI's)."""

    def __init__(self, field: str | None, message: str | Message) -> None:
        self.i18n = message if isinstance(message, Message) else None
        text = message.text if isinstance(message, Message) else message
        super().__init__(f"{field}: {text}" if field else text)
        self.field = field
        self.message = text

    def to_dict(self) -> dict[str, str | None]:
        return {"error": self.message, "field": self.field}


class ScoreInputError(InputError):
    """Unknown, missing, mistyped or out-of-range score input."""


class CaseInputError(InputError):
    """A CaseFacts value that the screen cannot interpret."""
