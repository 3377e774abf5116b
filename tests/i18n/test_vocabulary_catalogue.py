"""Every label of a coded vocabulary reaches a Chinese reader in Chinese.

The vocabularies mark their labels with `gettext_noop`; this test reads those calls from the
source, so a new code cannot be added without its translation, and asks Django's gettext for
each in zh-hans."""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation

import tumorboard
from tumorboard.capacity.models import WaitingListEntry
from tumorboard.outcomes import vocabulary
from tumorboard.patients import vocabulary as icd_o
from tumorboard.patients.forms import code_choices
from tumorboard.patients.models import Case

SOURCE = Path(tumorboard.__file__).parent
# Every module that marks texts for translation, not a hand-kept list of them.
VOCABULARIES = sorted(str(p.relative_to(SOURCE)) for p in SOURCE.rglob("*.py")
                      if "migrations" not in p.parts and "gettext_noop(" in p.read_text())
# Read the same in both languages: grades and abbreviations.
SAME_IN_CHINESE: set[str] = {"Tomita", "Katagiri", "SINS", "Mirels", "CRP", "LDH"}


def marked_texts(relative: str) -> dict[str, int]:
    path = Path(tumorboard.__file__).parent / relative
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop"
                and node.args and isinstance(node.args[0], ast.Constant)):
            found.setdefault(str(node.args[0].value), node.lineno)
    return found


class VocabularyCatalogueTest(SimpleTestCase):
    def test_it_never_renames_gettext_noop(self) -> None:
        """xgettext finds only the name gettext_noop: an alias hides every label it marks
        from the catalogue (the network's labels reached Chinese pages in English)."""
        aliased = [relative for relative in VOCABULARIES
                   if "gettext_noop as " in (SOURCE / relative).read_text()]
        self.assertEqual(aliased, [])
        self.assertGreater(len(VOCABULARIES), 10)

    def test_it_marks_every_registry_label(self) -> None:
        marked = marked_texts("outcomes/vocabulary.py")
        for codes in (vocabulary.all_procedures(), vocabulary.COMPLICATIONS,
                      vocabulary.CLAVIEN_DINDO, vocabulary.FLAPS, vocabulary.INSTRUMENTS):
            self.assertEqual([text for text in codes.values() if text not in marked], [])

    def test_it_translates_every_vocabulary_label_into_chinese(self) -> None:
        untranslated = []
        with translation.override("zh-hans"):
            for relative in VOCABULARIES:
                for msgid, line in marked_texts(relative).items():
                    if msgid not in SAME_IN_CHINESE and translation.gettext(msgid) == msgid:
                        untranslated.append(f"{relative}:{line}: {msgid}")
        self.assertEqual(untranslated, [])

    def test_it_shows_the_procedure_in_the_readers_language(self) -> None:
        entry = WaitingListEntry(procedure="IM_NAIL")
        with translation.override("zh-hans"):
            chinese = entry.get_procedure_display()
            self.assertEqual(vocabulary.label(vocabulary.all_procedures(), "IM_NAIL"), chinese)
        with translation.override("en"):
            self.assertEqual(entry.get_procedure_display(), "Intramedullary nailing")
        self.assertNotEqual(chinese, "Intramedullary nailing")

    def test_it_marks_every_icd_o_label(self) -> None:
        marked = marked_texts("patients/vocabulary.py")
        for codes in (icd_o.TOPOGRAPHY, icd_o.MORPHOLOGY):
            self.assertEqual([text for text in codes.values() if text not in marked], [])

    def test_it_shows_the_stored_icd_o_labels_in_the_readers_language(self) -> None:
        case = Case(primary_site_code="C18.7", primary_site_label=icd_o.TOPOGRAPHY["C18.7"],
                    histology_code="8140/3", histology_label=icd_o.MORPHOLOGY["8140/3"])
        with translation.override("zh-hans"):
            site, histology = case.primary_site_text, case.histology_text
            choice = dict(code_choices(icd_o.TOPOGRAPHY))["C18.7"]
            self.assertEqual(str(choice), f"C18.7 {site}")
        self.assertNotIn("Sigmoid", site)
        self.assertNotIn("Adenocarcinoma", histology)
        with translation.override("en"):
            self.assertEqual(case.primary_site_text, "Sigmoid colon")
