"""The straightforward path for the registry's figures: patient rows -> pandas -> libraries.

Used by bench_registry.py as the baseline and as an independent check of the numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from sksurv.nonparametric import cumulative_incidence_competing_risks

YEAR = 365.25
Z = 1.959963984540054
COLUMNS = ["treatment", "os_days", "os_event", "dfs_days", "dfs_event", "lr_days", "lr_cause",
           "reconstruction", "sphincter_preserved", "permanent_stoma", "limb_salvage",
           "anastomotic_leak", "death_90d", "index_cci", "dead", "last_known"]
RATES = {"breast": ["reconstruction", "death_90d"],
         "rectum": ["sphincter_preserved", "permanent_stoma", "anastomotic_leak", "death_90d"],
         "sarcoma": ["limb_salvage", "death_90d"]}


def load(pathway: str) -> pd.DataFrame:
    from django.db import connection

    with connection.cursor() as cursor:
        columns = ", ".join(COLUMNS)  # constants, not input
        cursor.execute(f"SELECT {columns} FROM outcomes_caseoutcome WHERE pathway = %s",  # noqa: S608
                       [pathway])
        return pd.DataFrame(cursor.fetchall(), columns=COLUMNS)


def _km(frame: pd.DataFrame, time: str, event: str) -> dict[str, Any]:
    fitter = KaplanMeierFitter().fit(frame[time].astype(float), frame[event].astype(int))
    timeline = fitter.survival_function_.index.to_numpy()
    index = int(np.searchsorted(timeline, 5 * YEAR, side="right")) - 1
    bands = fitter.confidence_interval_survival_function_.to_numpy()
    return {"n": len(frame), "events": int(frame[event].sum()),
            "survival_5y": float(fitter.survival_function_.iloc[index, 0]),
            "lower_5y": float(bands[index, 0]), "upper_5y": float(bands[index, 1]),
            "at_risk_5y": int((frame[time] >= 5 * YEAR).sum()),
            "median_days": float(fitter.median_survival_time_),
            "curve": fitter.survival_function_.iloc[:, 0]}


def _survival(frame: pd.DataFrame, time: str, event: str) -> dict[str, Any]:
    groups = {"all": _km(frame, time, event)}
    for name, part in frame.groupby("treatment"):
        groups[str(name)] = _km(part, time, event)
    test = multivariate_logrank_test(frame[time].astype(float), frame["treatment"],
                                     frame[event].astype(int))
    return {"groups": groups, "logrank": (float(test.test_statistic), float(test.p_value))}


def _incidence(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    times, estimate, bands = cumulative_incidence_competing_risks(
        frame["lr_cause"].to_numpy(dtype=int), frame["lr_days"].to_numpy(dtype=float),
        conf_type="log-log")
    result: dict[str, dict[str, float]] = {}
    for cause, name in ((1, "local_recurrence"), (2, "death_without_local_recurrence")):
        row: dict[str, float] = {}
        for years in (1, 2, 3, 5):
            index = int(np.searchsorted(times, years * YEAR, side="right")) - 1
            row[f"incidence_{years}y"] = float(estimate[cause, index])
            row[f"lower_{years}y"] = float(bands[cause, 0, index])
            row[f"upper_{years}y"] = float(bands[cause, 1, index])
        result[name] = row
    return result


def wilson(events: int, total: int) -> tuple[float, float, float]:
    p = events / total
    centre = (p + Z * Z / (2 * total)) / (1 + Z * Z / total)
    half = Z * math.sqrt(p * (1 - p) / total + Z * Z / (4 * total * total)) / (1 + Z * Z / total)
    return p, 0.0 if events == 0 else centre - half, 1.0 if events == total else centre + half


def compute(pathway: str, today: dt.date) -> dict[str, Any]:
    frame = load(pathway)
    rates = {}
    for name in RATES[pathway]:
        known = frame[name].dropna()
        rates[name] = (int(known.sum()), len(known), *wilson(int(known.sum()), len(known)))
    cci = frame["index_cci"].dropna().astype(float)
    masks = {"0": cci == 0, "0.1-20.9": (cci > 0) & (cci < 21),
             "21-39.9": (cci >= 21) & (cci < 40), "40-59.9": (cci >= 40) & (cci < 60),
             "60-99.9": (cci >= 60) & (cci < 100), "100": cci >= 100}
    bins = {label: int(mask.sum()) for label, mask in masks.items()}
    alive = frame[frame["dead"] == 0]
    cutoff = today - dt.timedelta(days=365)
    return {"n": len(frame), "os": _survival(frame, "os_days", "os_event"),
            "dfs": _survival(frame, "dfs_days", "dfs_event"),
            "incidence": _incidence(frame), "rates": rates, "cci": bins,
            "lacking": int((alive["last_known"] < cutoff).sum())}


def _gap(a: float | None, b: float | None) -> float:
    if a is None or b is None or (isinstance(b, float) and math.isinf(b)):
        return 0.0 if (a is None) == (b is None or math.isinf(b)) else math.inf
    return abs(float(a) - float(b))


def largest_difference(result: Any, expected: dict[str, Any]) -> float:
    """Max absolute difference over every compared number (counts must match exactly)."""
    figures = result.figures
    gaps = [float(figures["n"] != expected["n"])]
    for endpoint in ("os", "dfs"):
        theirs = expected[endpoint]
        for ours in figures[endpoint]["groups"]:
            other = theirs["groups"][ours["group"]]
            for key in ("n", "events", "survival_5y", "lower_5y", "upper_5y", "at_risk_5y"):
                gaps.append(_gap(ours[key], other[key]))
            gaps.append(_gap(ours["median_days"], other["median_days"]))
        for group, curve in result.curves[endpoint]:
            reference = theirs["groups"][group]["curve"]
            gaps.append(float(np.max(np.abs(
                curve.survival - reference.reindex(curve.time).to_numpy()))))
        gaps.append(_gap(figures[endpoint]["logrank"]["statistic"], theirs["logrank"][0]))
        gaps.append(_gap(figures[endpoint]["logrank"]["p"], theirs["logrank"][1]))
    for row in figures["local_recurrence"]:
        for key, value in expected["incidence"][row["cause"]].items():
            gaps.append(_gap(row[key], value))
    for row in figures["rates"]:
        events, total, proportion, lower, upper = expected["rates"][row["rate"]]
        gaps += [_gap(row["events"], events), _gap(row["total"], total),
                 _gap(row["proportion"], proportion), _gap(row["lower"], lower),
                 _gap(row["upper"], upper)]
    gaps += [_gap(b["operations"], expected["cci"][b["cci"]]) for b in figures["cci"]]
    gaps.append(_gap(figures["completeness"]["lacking_follow_up"], expected["lacking"]))
    return max(gaps)
