"""Throughput and peak memory of the function-preservation screen.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/pathways/bench_screen.py [-n 100000]

Baseline, measured in the same run: constructing the same CaseFacts without screening.
Memory: tracemalloc peak of a separate pass (results are discarded, as a batch job would
stream them) and the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from collections.abc import Callable

from tumorboard.pathways import CaseFacts, screen_case

Kwargs = dict[str, object]


def breast(rng: random.Random) -> Kwargs:
    return {"pathway": "breast", "planned_surgery": rng.choice(["breast_conserving",
                                                                "mastectomy"]),
            "clinical_t": rng.choice(["cT1", "cT2", "cT3", "cT4d", None]),
            "tumour_size_mm": round(rng.uniform(5, 80)), "multifocal": rng.random() < 0.2,
            "radiotherapy_expected_after_mastectomy": rng.choice([True, False, None]),
            "bmi": round(rng.uniform(18, 42), 1), "smoking": rng.choice([True, False, None]),
            "diabetes": rng.choice([True, False]),
            "significant_comorbidity": rng.choice([True, False, False, None])}


def rectum(rng: random.Random) -> Kwargs:
    therapy = rng.choice(["none", "long_course_crt", "tnt", None])
    return {"pathway": "rectum", "distance_from_anal_verge_cm": round(rng.uniform(0, 12), 1),
            "distance_from_anorectal_ring_cm": round(rng.uniform(-2, 8), 1),
            "internal_sphincter_invaded": rng.random() < 0.2,
            "external_sphincter_or_levator_invaded": rng.choice([False, False, True, None]),
            "baseline_continence": rng.choice(["good", "impaired", "poor", None]),
            "patient_preference_against_preservation": rng.choice([False, True, None]),
            "site_offers_sphincter_preservation": rng.choice([True, False, None]),
            "clinical_t": rng.choice(["cT1", "cT2", "cT3", "cT4a"]),
            "clinical_n": rng.choice(["cN0", "cN1", "cN2"]), "emvi": rng.random() < 0.3,
            "neoadjuvant_therapy": therapy,
            "neoadjuvant_response": None if therapy in ("none", None) else rng.choice(
                ["complete", "near_complete", "incomplete", None])}


def sarcoma(rng: random.Random) -> Kwargs:
    return {"pathway": "sarcoma", "limb": rng.random() < 0.8,
            "size_cm": round(rng.uniform(1, 20), 1), "depth": rng.choice(["superficial", "deep"]),
            "fnclcc_grade": rng.randint(1, 3), "expected_defect_large": rng.choice([True, False]),
            "major_neurovascular_involvement": rng.choice(
                ["none", "abutment", "encasement_reconstructable",
                 "encasement_unreconstructable"])}


def _sins(pick: Callable[[list[str]], str]) -> Kwargs:
    return {"pain": pick(["mechanical", "occasional", "none"]),
            "lesion": pick(["lytic", "mixed", "blastic"]), "alignment": "normal",
            "collapse": pick(["under_50", "none"]), "posterolateral": "none"}


def bone(rng: random.Random) -> Kwargs:
    pick = rng.choice
    levels = rng.sample(["C5", "T8", "L3", "T12"], rng.randint(1, 3))
    return {
        "pathway": "bone_metastasis", "ecog": rng.randint(0, 4),
        "spinal_lesions": [{"level": level, "sins": _sins(pick),
                            "bilsky": pick(["0", "1a", "1b", "1c", "2", "3"])}
                           for level in levels],
        "limb_lesions": [{"bone": "femur", "mirels": {
            "site": "lower_limb", "pain": pick(["mild", "functional"]),
            "lesion": pick(["lytic", "mixed"]), "size": "over_two_thirds"}}]
        if rng.random() < 0.5 else None,
        "primary": pick(["breast", "lung", "prostate", "kidney"]), "frankel": pick("ABCDEEEE"),
        "visceral_metastases": False,
        "tomita": {"growth": pick(["slow", "moderate", "rapid"]),
                   "bone_mets": pick(["solitary", "multiple"])},
        "tokuhashi": {"kps": pick([30, 50, 70, 90]), "extraspinal_bone_mets": rng.randint(0, 4),
                      "vertebral_mets": len(levels)},
        "katagiri": {"growth": pick(["slow", "moderate", "rapid"]), "labs": "normal",
                     "previous_chemotherapy": False, "multiple_skeletal_mets": len(levels) > 1},
    }


def melanoma(rng: random.Random) -> Kwargs:
    return {"pathway": "melanoma", "breslow_mm": round(rng.uniform(0.1, 6), 2),
            "ulceration": rng.random() < 0.3, "age": rng.randint(18, 90),
            "clinically_node_positive": rng.random() < 0.1, "limb": rng.random() < 0.5,
            "in_transit_metastases": rng.random() < 0.1}


GENERATORS = (breast, rectum, sarcoma, bone, melanoma)


def synthetic(n: int, seed: int) -> list[Kwargs]:
    rng = random.Random(seed)
    return [GENERATORS[i % len(GENERATORS)](rng) for i in range(n)]


def construct_only(cases: list[Kwargs]) -> None:
    for kwargs in cases:
        CaseFacts(**kwargs)  # type: ignore[arg-type]


def construct_and_screen(cases: list[Kwargs]) -> None:
    for kwargs in cases:
        screen_case(CaseFacts(**kwargs))  # type: ignore[arg-type]


def timed(work: Callable[[list[Kwargs]], None], cases: list[Kwargs]) -> float:
    start = time.perf_counter()
    work(cases)
    return time.perf_counter() - start


def peak_kib(work: Callable[[list[Kwargs]], None], cases: list[Kwargs]) -> float:
    tracemalloc.start()
    work(cases)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100_000, help="number of synthetic cases")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cases = synthetic(args.n, args.seed)
    rows = []
    for label, work in (("baseline: CaseFacts only", construct_only),
                        ("screen_case", construct_and_screen)):
        seconds = timed(work, cases)
        rows.append((label, seconds, args.n / seconds, peak_kib(work, cases)))
    base = rows[0][1]
    print(f"{args.n} synthetic cases (5 pathways, seed {args.seed}), Python "
          f"{'.'.join(map(str, __import__('sys').version_info[:3]))}")
    print(f"{'run':<26}{'seconds':>9}{'cases/s':>12}{'x baseline':>12}{'peak KiB':>10}")
    for label, seconds, rate, peak in rows:
        print(f"{label:<26}{seconds:>9.2f}{rate:>12,.0f}{seconds / base:>12.1f}{peak:>10,.0f}")
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS (incl. the {args.n} pre-generated inputs): {maxrss_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
