"""Seeded generator of realistic one-stop clinic days (JSON instances of the contract).

A day runs 08:00-17:00 (horizon 540). Patients follow one of four function-preservation
pathways (breast reconstruction, sphincter-preserving rectal surgery, limb salvage, spinal
metastasis), 3-5 consults each, about a fifth of consults joint (two specialties at once).
Arrivals are staggered in 10-minute steps through the morning and early afternoon.
Clinicians come in numbers proportional to the demand for their specialty (about 80 % busy),
with staggered lunch breaks, late starts and early finishes.

    PYTHONPATH=src .venv/bin/python benchmarks/clinic/generate.py --patients 60 --seed 1
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from typing import Any

HORIZON = 540
UTILISATION = 0.7
# the benchmarks' two staffings: clinicians for ~70 % of demand, or for exactly the load
STAFFING = {"tight": 1.0, "roomy": 0.7}

# pathway -> [(consult id, specialties, (min, max) duration, after)]
PATHWAYS: dict[str, list[tuple[str, list[str], tuple[int, int], list[str]]]] = {
    "breast": [
        ("imaging", ["radiology"], (15, 25), []),
        ("surgery", ["breast_surgery"], (20, 30), ["imaging"]),
        ("reconstruction", ["breast_surgery", "plastic_surgery"], (25, 40), ["surgery"]),
        ("oncology", ["medical_oncology"], (15, 25), ["imaging"]),
        ("nurse", ["nursing"], (10, 20), ["reconstruction"]),
    ],
    "breast_simple": [
        ("imaging", ["radiology"], (15, 25), []),
        ("surgery", ["breast_surgery"], (20, 30), ["imaging"]),
        ("oncology", ["medical_oncology"], (15, 25), ["imaging"]),
        ("nurse", ["nursing"], (10, 20), ["surgery"]),
    ],
    "rectal": [
        ("mri", ["radiology"], (20, 30), []),
        ("surgery", ["colorectal_surgery"], (20, 30), ["mri"]),
        ("radiotherapy", ["radiation_oncology"], (15, 25), ["mri"]),
        ("stoma", ["nursing"], (15, 20), ["surgery"]),
    ],
    "sarcoma": [
        ("imaging", ["radiology"], (20, 30), []),
        ("limb", ["orthopaedic_oncology", "plastic_surgery"], (30, 45), ["imaging"]),
        ("chemo", ["medical_oncology"], (15, 25), ["imaging"]),
        ("nurse", ["nursing"], (10, 15), ["limb"]),
    ],
    "spine": [
        ("ct", ["radiology"], (15, 20), []),
        ("spine", ["orthopaedic_oncology", "radiation_oncology"], (25, 35), ["ct"]),
        ("anaesthesia", ["anaesthesia"], (15, 20), ["spine"]),
    ],
}
PATHWAY_WEIGHTS = {"breast": 0.45, "rectal": 0.25, "sarcoma": 0.15, "spine": 0.15}


def generate(patients: int, seed: int, utilisation: float = UTILISATION) -> dict[str, Any]:
    """A day of `patients`; clinicians sized so demand / capacity is about `utilisation`
    (1.0 = "tight": staff for exactly the expected load)."""
    rng = random.Random(seed)
    made = [_patient(rng, index) for index in range(patients)]
    clinicians = _clinicians(rng, made, utilisation)
    return {"horizon": HORIZON, "clinicians": clinicians, "patients": made}


def _patient(rng: random.Random, index: int) -> dict[str, Any]:
    names = list(PATHWAY_WEIGHTS)
    pathway = rng.choices(names, weights=[PATHWAY_WEIGHTS[n] for n in names])[0]
    steps = PATHWAYS[pathway]
    if pathway == "breast" and rng.random() < 0.35:
        steps = PATHWAYS["breast_simple"]  # the patient does not want reconstruction
    consults = [
        {
            "id": cid,
            "specialties": specialties,
            "duration": rng.randint(*span) // 5 * 5,
            "after": after,
        }
        for cid, specialties, span, after in steps
    ]
    return {
        "id": f"p{index:03d}",
        "arrival": rng.randrange(0, 331, 10),
        "priority": 2 if rng.random() < 0.1 else 1,
        "consults": consults,
    }


def _clinicians(
    rng: random.Random, patients: list[dict[str, Any]], utilisation: float
) -> list[dict[str, Any]]:
    demand: dict[str, int] = {}
    for patient in patients:
        for consult in patient["consults"]:
            for specialty in consult["specialties"]:
                demand[specialty] = demand.get(specialty, 0) + consult["duration"]
    clinicians = []
    for specialty in sorted(demand):
        count = max(1, math.ceil(demand[specialty] / (utilisation * (HORIZON - 60))))
        for number in range(count):
            clinicians.append(
                {
                    "id": f"{specialty}-{number + 1}",
                    "specialty": specialty,
                    "available": _windows(rng),
                }
            )
    return clinicians


def _windows(rng: random.Random) -> list[list[int]]:
    start = rng.choice([0, 0, 0, 30, 60])
    end = rng.choice([540, 540, 540, 510, 480])
    lunch = rng.randrange(180, 301, 15)
    lunch_end = lunch + rng.choice([30, 45, 60])
    return [[start, lunch], [lunch_end, end]]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--utilisation", type=float, default=UTILISATION)
    args = parser.parse_args(argv)
    json.dump(generate(args.patients, args.seed, args.utilisation), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
