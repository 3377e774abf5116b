"""core/plausibility, rule by rule, with tables of known cases. The GB 11643-1999 check
characters are computed here independently (ISO 7064 MOD 11-2 by its recursive form)
and include the standard's own published examples."""

from __future__ import annotations

import datetime as dt

import pytest

from tumorboard.core import plausibility as p

TODAY = dt.date(2026, 6, 1)


def iso7064_mod11_2(digits: str) -> str:
    """The recursive form of ISO 7064 MOD 11-2 (not the weighted sum the module uses)."""
    total = 0
    for digit in digits:
        total = ((total + int(digit)) * 2) % 11
    check = (12 - total) % 11
    return "X" if check == 10 else str(check)


def with_check(first17: str) -> str:
    return first17 + iso7064_mod11_2(first17)


def codes(problems: list[p.Problem]) -> list[tuple[str, str]]:
    return [(problem.field, problem.code) for problem in problems]


def test_it_accepts_the_standards_published_examples() -> None:
    # GB 11643-1999's own examples. The second was born in 1880, before the earliest date
    # a record may carry here, so only its birth date is refused, not its check character.
    assert iso7064_mod11_2("11010519491231002") == "X"
    assert p.resident_id_problems("11010519491231002X", dt.date(1949, 12, 31), TODAY) == []
    assert iso7064_mod11_2("44052418800101001") == "4"
    assert codes(p.resident_id_problems("440524188001010014", None, TODAY)) == [
        ("national_id", "id_birth_date")]


@pytest.mark.parametrize(("first17", "born"), [
    ("11010119610203451", dt.date(1961, 2, 3)),
    ("31011520000229123", dt.date(2000, 2, 29)),
    ("44030619851231001", dt.date(1985, 12, 31)),
    ("65010219990101999", dt.date(1999, 1, 1)),
])
def test_it_accepts_a_number_with_its_check_and_birth_date(first17: str, born: dt.date) -> None:
    number = with_check(first17)
    assert p.resident_id_problems(number, born, TODAY) == []
    assert p.resident_id_problems(number.lower(), born, TODAY) == []
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    assert p.resident_id_problems(spaced, born, TODAY) == []


@pytest.mark.parametrize(("number", "born", "code"), [
    ("abc", None, "id_shape"),
    ("1101011961020345", None, "id_shape"),  # 16 characters
    ("11010119610203451Y", None, "id_shape"),
    ("X10101196102034514", None, "id_shape"),
    (with_check("99010119610203451"), None, "id_region"),  # no province 99
    (with_check("11010119610230451"), None, "id_birth_date"),  # 30 February
    (with_check("11010120990101451"), None, "id_birth_date"),  # in the future
    (with_check("11010118890101451"), None, "id_birth_date"),  # before 1900
    (with_check("11010119610203451"), dt.date(1961, 2, 4), "id_birth_date_mismatch"),
])
def test_it_refuses_a_malformed_number(number: str, born: dt.date | None, code: str) -> None:
    assert codes(p.resident_id_problems(number, born, TODAY)) == [("national_id", code)]


def test_it_refuses_every_wrong_check_character() -> None:
    first17 = "11010119610203451"
    right = iso7064_mod11_2(first17)
    for wrong in "0123456789X":
        found = codes(p.resident_id_problems(first17 + wrong, None, TODAY))
        assert found == ([] if wrong == right else [("national_id", "id_checksum")]), wrong


@pytest.mark.parametrize(("pathway", "code", "ok"), [
    ("breast", "C50.4", True), ("breast", "C50.9", True), ("breast", "C18.7", False),
    ("breast", "C44.5", False), ("rectum", "C20.9", True), ("rectum", "C19.9", True),
    ("rectum", "C18.7", True), ("rectum", "C50.1", False), ("sarcoma", "C49.2", True),
    ("sarcoma", "C48.0", True), ("sarcoma", "C40.2", True), ("sarcoma", "C20.9", False),
    ("bone_metastasis", "C41.2", True), ("bone_metastasis", "C40.0", True),
    ("bone_metastasis", "C34.9", False), ("melanoma", "C44.6", True),
    ("melanoma", "C50.4", False),
])
def test_it_keeps_topography_to_the_pathway(pathway: str, code: str, ok: bool) -> None:
    found = codes(p.topography_problems(pathway, code))
    assert found == ([] if ok else [("primary_site_code", "topography_not_in_pathway")])


@pytest.mark.parametrize(("grade", "ok"), [
    ("", True), ("GX", True), ("G1", True), ("G3", True), ("G4", True), ("G5", False),
    ("<b>", False), ("high", False), ("g1", False),
])
def test_it_knows_the_grades(grade: str, ok: bool) -> None:
    assert (p.grade_problems(grade) == []) is ok


@pytest.mark.parametrize(("pathway", "values", "field"), [
    ("breast", {"tumour_size_mm": 99_999}, "tumour_size_mm"),
    ("breast", {"tumour_size_mm": 0}, "tumour_size_mm"),
    ("breast", {"bmi": "7.5"}, "bmi"),
    ("breast", {"ki67_percent": 101}, "ki67_percent"),
    ("rectum", {"distance_from_anal_verge_cm": "35"}, "distance_from_anal_verge_cm"),
    ("rectum", {"distance_from_anorectal_ring_cm": "-6"}, "distance_from_anorectal_ring_cm"),
    ("sarcoma", {"size_cm": "250.0"}, "size_cm"),
    ("melanoma", {"breslow_mm": "75.00"}, "breslow_mm"),
    ("melanoma", {"mitotic_rate_per_mm2": 1000}, "mitotic_rate_per_mm2"),
])
def test_it_refuses_sizes_outside_their_range(pathway: str, values: dict[str, object],
                                              field: str) -> None:
    assert codes(p.detail_problems(pathway, values)) == [(field, "out_of_range")]


@pytest.mark.parametrize(("pathway", "values"), [
    ("breast", {"tumour_size_mm": 1}), ("breast", {"tumour_size_mm": 300}),
    ("breast", {"tumour_size_mm": None, "bmi": "31.0"}), ("rectum",
                                                          {"distance_from_anal_verge_cm": "0"}),
    ("sarcoma", {"size_cm": "15.5"}), ("melanoma", {"breslow_mm": "0.40"}),
    # Rullier type III: the lower edge in the anal canal, below the ring.
    ("rectum", {"distance_from_anorectal_ring_cm": "-0.5"}),
])
def test_it_accepts_sizes_within_their_range(pathway: str, values: dict[str, object]) -> None:
    assert p.detail_problems(pathway, values) == []


@pytest.mark.parametrize(("minutes", "ok"), [(4, False), (5, True), (240, True),
                                             (100_000, False)])
def test_it_bounds_a_consultation(minutes: int, ok: bool) -> None:
    assert (p.in_range("consult_minutes", minutes, "duration") == []) is ok


@pytest.mark.parametrize(("born", "on", "ok"), [
    (dt.date(1906, 6, 2), TODAY, True),   # 119 today
    (dt.date(1906, 6, 1), TODAY, True),   # 120 today
    (dt.date(1905, 6, 1), TODAY, False),  # 121 today
    (dt.date(1900, 1, 1), dt.date(1990, 1, 1), True),  # died at 90
])
def test_it_bounds_age(born: dt.date, on: dt.date, ok: bool) -> None:
    assert (p.age_problems(born, on) == []) is ok


@pytest.mark.parametrize(("value", "code"), [
    (dt.date(1899, 12, 31), "date_too_early"), (dt.date(2026, 6, 2), "date_in_future"),
])
def test_it_bounds_dates(value: dt.date, code: str) -> None:
    assert codes(p.date_problems(value, TODAY, "diagnosis_date")) == [("diagnosis_date", code)]


def test_it_names_a_source_for_every_range() -> None:
    for name, rule in p.RANGES.items():
        assert rule.source and rule.low < rule.high, name
