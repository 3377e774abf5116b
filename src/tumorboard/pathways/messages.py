"""Translatable messages of the screen: an English template plus its parameters.

Pure code cannot call Django's gettext; it marks templates with the local identity
`gettext_noop` so that `makemessages` extracts them, and stores (msgid, params) so that the
Django side translates the template and then formats it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

Param = str | int | float


def gettext_noop(message: str) -> str:
    """Mark a string for extraction; translation happens where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    params: dict[str, Param] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.msgid.format(**readable_params(self.params))

    def to_dict(self) -> dict[str, object]:
        return {"msgid": self.msgid, "params": dict(self.params)}

    def translated(self, translate: Callable[[str], str]) -> str:
        """The message in the reader's language (`translate` is Django's gettext); the
        English text when a translation lost a placeholder."""
        params = readable_params(self.params, translate)
        try:
            return translate(self.msgid).format(**params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**params)


def msg(msgid: str, **params: Param) -> Message:
    return Message(msgid, params)


def readable_params(params: dict[str, Param],
                    translate: Callable[[str], str] | None = None) -> dict[str, Param]:
    """Parameters named `*_key` hold an input key (e.g. `tomita.visceral_mets`): shown as its
    label ("Tomita: visceral metastases"), translated when `translate` is given."""
    from tumorboard.pathways.labels import fact_label  # labels imports this module

    out: dict[str, Param] = {}
    for name, value in params.items():
        if name.endswith("_key") and isinstance(value, str):
            with contextlib.suppress(KeyError):
                value = fact_label(value, translate) if translate else fact_label(value)
        out[name] = value
    return out
