"""Every text the screen can show has a Simplified Chinese translation in the one catalogue.

The pure modules mark their texts with `gettext_noop`; this test reads those calls from the
source (so a new reason or label cannot be added without its translation) and asks Django's
gettext for each in zh-hans."""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation

import tumorboard.pathways as pathways

# Same in both languages: abbreviations and eponyms a Chinese clinician reads as they are.
SAME_IN_CHINESE = {"HER2", "CRP", "LDH", "SINS", "Mirels", "Tomita", "Katagiri", "ECOG",
                   "ASA", "BMI",
                   "{score}: {field}", "T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b"}


def marked_texts() -> dict[str, str]:
    """msgid -> 'file:line' of every gettext_noop("...") in the pathways package."""
    found: dict[str, str] = {}
    root = Path(pathways.__file__).parent
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.name}:{node.lineno}")
    return found


class ScreenCatalogueTest(SimpleTestCase):
    def test_it_finds_the_screen_texts(self) -> None:
        texts = marked_texts()
        self.assertGreater(len(texts), 200)
        self.assertIn("Immediate breast reconstruction", texts)

    def test_it_translates_every_screen_text_into_chinese(self) -> None:
        untranslated = []
        with translation.override("zh-hans"):
            for msgid, where in marked_texts().items():
                if msgid not in SAME_IN_CHINESE and translation.gettext(msgid) == msgid:
                    untranslated.append(f"{where}: {msgid[:60]}")
        self.assertEqual(untranslated, [])

    def test_it_keeps_every_placeholder_in_the_translation(self) -> None:
        broken = []
        with translation.override("zh-hans"):
            for msgid, where in marked_texts().items():
                wanted = sorted(part.split("}")[0] for part in msgid.split("{")[1:])
                got = sorted(part.split("}")[0]
                             for part in translation.gettext(msgid).split("{")[1:])
                if wanted != got:
                    broken.append(f"{where}: {msgid[:60]}")
        self.assertEqual(broken, [])
