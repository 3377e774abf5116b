"""Patient guidance on the itinerary: what each pathway gets, the safety content it must
carry (checked against the published sources below), plain English, and Chinese that comes
from the compiled zh_Hans catalogue and reads as a Chinese leaflet, not as a translation.

Sources of the expected content:
- NICE NG234 (2023) Spinal metastases and metastatic spinal cord compression, and its
  patient information: new or worsening back or neck pain, pain in a band around the chest
  or abdomen, numbness or weakness in the legs, difficulty walking, loss of bladder or bowel
  control — contact the team immediately, do not wait.
- Low anterior resection syndrome (Rosen et al., Cancers 2023;15:778): frequency, urgency,
  clustering, incontinence; common after sphincter-preserving surgery, often improving over
  1-2 years. Watch and wait: International Watch & Wait Database (Lancet 2018).
- NICE NG14 (2015, updated 2022) 1.4: sentinel lymph node biopsy for melanoma.
- NICE NG101 (2018) and ABS/BAPRAS (2012): immediate reconstruction does not increase local
  recurrence or delay its detection.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.clinic import guidance
from tumorboard.patients.models import Patient

PO = (Path(guidance.__file__).parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES"
      / "django.po")

# The five strings of the issue that read as literal translation (regex for "通过…来治疗").
LITERAL = ["您将见到", "门诊日排程完成后", "会随着您的身体一起变化", "使肠道保持闭合",
           r"通过[^。]*来治疗"]

# Three English words in a row: a sentence left untranslated ("MRI", "LARS" may stay).
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")


def text_of(section: guidance.Section, language: str) -> str:
    with translation.override(language):
        return " ".join(guidance.localise(t) for t in (section.heading, *section.paragraphs))


def missing(text: str, expected: dict[str, tuple[str, ...]]) -> list[str]:
    """The expected items none of whose acceptable wordings is in the text."""
    low = text.lower()
    return [item for item, words in expected.items() if not any(w in low for w in words)]


@pytest.mark.parametrize(("pathway", "flags", "keys"), [
    ("breast", {"mastectomy"}, ["reconstruction"]),
    ("breast", {"conserving"}, ["conserving"]),
    ("breast", set(), ["conserving", "reconstruction"]),
    ("rectum", {"low_rectal"}, ["sphincter"]),
    ("sarcoma", {"limb"}, ["limb_salvage"]),
    ("bone_metastasis", set(), ["bone"]),
    ("melanoma", set(), ["melanoma"]),
])
def test_it_picks_the_guidance_for_the_pathway(pathway: str, flags: set[str],
                                               keys: list[str]) -> None:
    assert [s.key for s in guidance.sections_for(pathway, frozenset(flags))] == keys


CORD_COMPRESSION = {  # NICE NG234 (2023) symptoms, and "contact immediately"
    "en": {"back pain": ("back",), "neck pain": ("neck",),
           "band around chest or abdomen": ("band around your chest",),
           "numbness": ("numb",), "leg weakness": ("weakness",), "legs": ("legs",),
           "difficulty walking": ("walking",), "bladder": ("bladder",), "bowel": ("bowel",),
           "at once": ("at once", "immediately")},
    "zh-hans": {"back pain": ("背",), "neck pain": ("颈",), "band": ("束带",),
                "numbness": ("麻木",), "leg weakness": ("无力",), "legs": ("腿",),
                "difficulty walking": ("走路困难", "行走困难"),
                "bladder and bowel": ("大小便",), "at once": ("立即", "马上")},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_warns_of_spinal_cord_compression(language: str) -> None:
    assert missing(text_of(guidance.BONE, language), CORD_COMPRESSION[language]) == []


SPHINCTER = {  # LARS, a stoma that may stay, watch and wait
    "en": {"LARS": ("low anterior resection syndrome",), "frequency": ("often",),
           "urgency": ("hurry", "urgent"), "clustering": ("several times",),
           "incontinence": ("leak",), "improves over 1-2 years": ("1 to 2 years",),
           "treatments": ("treatments",), "permanent stoma": ("permanent",),
           "watch and wait": ("watch and wait",), "regrowth": ("grows back",),
           "frequent checks": ("check-ups",)},
    "zh-hans": {"LARS": ("低位前切除综合征",), "incontinence": ("漏便", "失禁"),
                "improves over 1-2 years": ("1～2年", "一到两年", "1-2年"),
                "permanent stoma": ("永久造口",), "watch and wait": ("观察等待",),
                "regrowth": ("重新长",), "frequent checks": ("复查",)},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_is_honest_about_sphincter_preserving_surgery(language: str) -> None:
    assert missing(text_of(guidance.SPHINCTER, language), SPHINCTER[language]) == []


@pytest.mark.parametrize(("language", "expected"), [
    ("en", {"SLNB": ("sentinel lymph node biopsy",), "what": ("first node",),
            "why": ("has spread",)}),
    ("zh-hans", {"SLNB": ("前哨淋巴结活检",), "why": ("转移",)}),
])
def test_it_explains_sentinel_node_biopsy_for_melanoma(
        language: str, expected: dict[str, tuple[str, ...]]) -> None:
    assert missing(text_of(guidance.MELANOMA, language), expected) == []


@pytest.mark.parametrize(("language", "pattern"), [
    ("en", r"does not increase the risk of the cancer coming back[^.]*\. It does not hide"),
    ("zh-hans", r"不会增加[^。]*复发[^。]*不会掩盖"),
])
def test_it_says_reconstruction_does_not_increase_recurrence(language: str,
                                                            pattern: str) -> None:
    assert re.search(pattern, text_of(guidance.RECONSTRUCTION, language))


def test_it_translates_every_string_from_the_compiled_catalogue() -> None:
    with translation.override("zh-hans"):
        for text in guidance.all_strings():
            chinese = translation.gettext(text)
            assert chinese != text and re.search("[\u4e00-\u9fff]", chinese), text
            assert not ENGLISH_RUN.search(chinese), chinese
            assert guidance.localise(text) == chinese


def test_it_has_no_literal_translation_left_in_the_catalogue() -> None:
    po = PO.read_text(encoding="utf-8")
    with translation.override("zh-hans"):
        chinese = "\n".join(guidance.localise(text) for text in guidance.all_strings())
    for literal in LITERAL:
        assert not re.search(literal, po), literal
        assert not re.search(literal, chinese), literal


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e: the usual estimate for Flesch-Kincaid."""
    word = word.lower()
    count = len(re.findall("[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level (Kincaid et al. 1975)."""
    sentences = [s for s in re.split(r"[.!?:;]+\s", text) if s.strip()]
    words = re.findall("[A-Za-z]+", text)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * len(words) / len(sentences) + 11.8 * per_word - 15.59


@pytest.mark.parametrize("section", guidance.ALL_SECTIONS, ids=lambda s: s.key)
def test_it_reads_at_about_a_twelve_year_olds_level(section: guidance.Section) -> None:
    # US grade 7 is age 12-13; one grade of slack for the medical names the text explains.
    assert reading_grade(" ".join(section.paragraphs)) <= 8.0


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Limb-salvage surgery"), ("zh-hans", "保肢手术")])
def test_it_localises_in_the_active_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert guidance.localise(guidance.LIMB_SALVAGE.heading) == expected


class ChineseItineraryTest(ClinicTestCase):
    """Not yet optimised, so the 'times will be added' line shows as well."""

    def test_it_renders_the_chinese_itinerary_without_literal_or_english_text(self) -> None:
        booking = self.book(self.case)
        Patient.objects.filter(pk=self.patient.pk).update(preferred_language="zh-hans")
        url = f"/clinic/bookings/{booking.external_id}/itinerary/"
        html = self.client_for(self.coordinator).get(url).content.decode()
        article = re.search(r'<article class="itinerary".*?</article>', html, re.S)
        assert article is not None
        text = re.sub(r"<[^>]+>", " ", article.group(0))
        for name in (self.patient.display_name, self.day.site.name):  # names stay as given
            text = text.replace(name, "")
        for literal in LITERAL:
            self.assertIsNone(re.search(literal, text), literal)
        self.assertEqual(ENGLISH_RUN.findall(text), [])
        self.assertRegex(text, r"不会增加[^。]*复发")  # the reconstruction guidance is there
