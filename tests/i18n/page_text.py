"""What a person reads on a page, and what on it is not Chinese."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Elements without an end tag: never the start of a skipped span.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SKIPPED_ELEMENTS = {"script", "style", "svg", "code", "pre", "template", "textarea", "cite"}
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
RAW_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"(?<![\w.-])[A-Za-z][a-z]{2,}(?![\w-])")
# Eponyms, scores, units and names of things that Chinese clinical writing keeps in Latin
# letters; each is a proper name, never an English sentence.
KEPT_IN_LATIN = {
    "tumorboard", "Tokuhashi", "Tomita", "Katagiri", "Bilsky", "Frankel", "Mirels", "Huvos",
    "Clavien", "Dindo", "Kaplan", "Meier", "Wexner", "Oncotype", "Rullier", "Spiegelhalter",
    "Steiner", "Enneking", "Breast", "Karnofsky", "Charlson", "Nelson", "Aalen", "Cox",
    "Fine", "Gray", "Mantel", "Greenwood", "WeChat", "Synthea", "Wald", "Brier", "Wilson",
    "Breslow", "Jorge", "Hosmer", "Lemeshow", "Vantage", "DataSHIELD", "FreeOTP", "Google",
    "Hartmann",
    # A web address's scheme, in a link field's placeholder ("https://").
    "https",
    # The language switcher names each language in that language.
    "English",
}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        # An element that declares another language (the patient's itinerary in English,
        # a reminder in the patient's language) is written for someone else.
        self.foreign: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        if self.foreign is not None:
            if tag == self.foreign[0]:
                self.foreign = (tag, self.foreign[1] + 1)
            return
        # Text in a `mono` element is an identifier a person compares or copies (a hospital
        # number, an API token's first characters), like `<code>`.
        identifier = "mono" in (dict(attrs).get("class") or "").split()
        if (tag != "html" and tag not in VOID and (identifier or (
                lang and not lang.startswith("zh")))):
            self.foreign = (tag, 1)
            return
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        self.parts.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if self.foreign is not None:
            if tag == self.foreign[0]:
                depth = self.foreign[1] - 1
                self.foreign = (tag, depth) if depth else None
            return
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and self.foreign is None and data.strip():
            self.parts.append(data.strip())


def readable_text(page: str) -> list[str]:
    reader = _Reader()
    reader.feed(page)
    return [html.unescape(part) for part in reader.parts]


def foreign_words(text: str, names: set[str]) -> list[str]:
    """English words, raw keys and UUIDs in a Chinese text, except people's names."""
    found = UUID.findall(text) + RAW_KEY.findall(text)
    stripped = RAW_KEY.sub(" ", UUID.sub(" ", text))
    found += [w for w in WORD.findall(stripped) if w not in KEPT_IN_LATIN and w not in names]
    return found
