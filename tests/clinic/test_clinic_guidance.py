"""Patient guidance: what each pathway gets, and that every string has its Chinese."""

from __future__ import annotations

import pytest
from django.utils import translation

from tumorboard.clinic import guidance
from tumorboard.clinic.guidance_zh import ZH_HANS


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


def test_it_has_chinese_for_every_string_in_the_catalogue() -> None:
    for text in guidance.all_strings():
        assert ZH_HANS.get(text), text
        assert any("\u4e00" <= ch <= "\u9fff" for ch in ZH_HANS[text]), text
        with translation.override("zh-hans"):
            assert translation.gettext(text) == ZH_HANS[text], text


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Limb-salvage surgery"), ("zh-hans", "保肢手术")])
def test_it_localises_in_the_active_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert guidance.localise(guidance.LIMB_SALVAGE.heading) == expected
