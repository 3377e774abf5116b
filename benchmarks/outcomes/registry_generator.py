"""Synthetic outcomes registry: one row per patient (group, time, event, cause).

Realistic follow-up for a surgical cancer registry, times in whole days:
- patients enter uniformly over an accrual period, the registry is analysed at a fixed
  date, so follow-up is administratively censored at (analysis date - entry);
- two competing causes with exponential cause-specific hazards that differ by group
  (cause 1 local recurrence, cause 2 death without recurrence) plus random loss to
  follow-up;
- ``event`` is 1 if either cause happened (for Kaplan-Meier), ``cause`` is 0/1/2.

Run as a script to write a CSV: python benchmarks/outcomes/registry_generator.py --rows N OUT
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Registry:
    group: npt.NDArray[np.int64]
    time: npt.NDArray[np.float64]
    event: npt.NDArray[np.int64]
    cause: npt.NDArray[np.int64]


def generate_registry(
    rows: int,
    groups: int = 8,
    accrual_years: float = 6.0,
    extra_follow_up_years: float = 4.0,
    seed: int = 20240601,
) -> Registry:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, rows)
    # Hazards per year: recurrence 4-12%, other death 3-6%, loss to follow-up 2%.
    recurrence = np.linspace(0.04, 0.12, groups)[group]
    other_death = np.linspace(0.03, 0.06, groups)[::-1][group]
    time_recurrence = rng.exponential(1.0 / recurrence)
    time_death = rng.exponential(1.0 / other_death)
    time_lost = rng.exponential(1.0 / 0.02, rows)
    entry = rng.uniform(0.0, accrual_years, rows)
    administrative = accrual_years + extra_follow_up_years - entry
    stacked = np.stack([administrative, time_lost, time_recurrence, time_death])
    first = np.argmin(stacked, axis=0)
    years = stacked[first, np.arange(rows)]
    cause = np.where(first >= 2, first - 1, 0)
    days = np.floor(years * DAYS_PER_YEAR)  # registries record whole days: many ties
    return Registry(group=group, time=days, event=(cause > 0).astype(np.int64), cause=cause)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("out")
    options = parser.parse_args(argv)
    registry = generate_registry(options.rows, seed=options.seed)
    table = np.column_stack([registry.group, registry.time, registry.event, registry.cause])
    np.savetxt(
        options.out, table, fmt="%d", delimiter=",", header="group,time,event,cause", comments=""
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
