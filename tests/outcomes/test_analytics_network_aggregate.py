"""Pooled site aggregates equal the union of the sites' rows (to 1e-9), on real data."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter
from lifelines.datasets import load_gbsg2, load_rossi
from lifelines.statistics import multivariate_logrank_test

from tumorboard.outcomes.analytics.aggregate import (
    FORMAT,
    pool_aggregates,
    pooled_counts,
    pooled_indicators,
    rounded_up,
    site_aggregate,
    validate_aggregate,
)
from tumorboard.outcomes.analytics.cli import survival_report
from tumorboard.outcomes.analytics.csv_input import InputError, Observations


def close(a, b, path="report"):
    """Recursive equality with floats to 1e-9 (None only where None)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), path
    else:
        assert a == b, path


def gbsg2() -> pd.DataFrame:
    data = load_gbsg2()
    return pd.DataFrame(
        {"group": data["horTh"].astype(str), "time": data["time"], "event": data["cens"]}
    )


def rossi() -> pd.DataFrame:
    data = load_rossi()
    return pd.DataFrame(
        {"group": data["fin"].astype(str), "time": data["week"], "event": data["arrest"]}
    )


def split(frame: pd.DataFrame, sites: int, seed: int) -> list[pd.DataFrame]:
    which = np.random.default_rng(seed).integers(0, sites, len(frame))
    return [frame[which == s] for s in range(sites)]


def union_report(frame: pd.DataFrame, round_to, by: bool, at, site_of=None) -> dict:
    times = np.array([rounded_up(t, round_to) for t in frame["time"]])
    labels = list(site_of) if site_of is not None else (list(frame["group"]) if by else None)
    observations = Observations(times, frame["event"].to_numpy(np.int64), labels)
    return survival_report(observations, at, "log-log")


def aggregates(parts, round_to, by: bool) -> list[dict]:
    return [
        site_aggregate(
            zip(
                part["group"] if by else [None] * len(part),
                part["time"],
                part["event"],
                strict=True,
            ),
            f"S{index}",
            round_to=round_to,
            by="group" if by else None,
        )
        for index, part in enumerate(parts)
    ]


@pytest.mark.parametrize("dataset", [gbsg2, rossi])
@pytest.mark.parametrize("sites", [2, 3, 5])
@pytest.mark.parametrize("round_to", [None, 7, 30])
@pytest.mark.parametrize("by", [True, False])
def test_it_pools_to_the_union_of_rows(dataset, sites, round_to, by):
    frame = dataset()
    parts = split(frame, sites, seed=sites)
    at = [30.0, 365.0, 1826.25] if dataset is gbsg2 else [10.0, 26.0, 52.0]
    pooled = pool_aggregates(aggregates(parts, round_to, by), at=at)
    close(pooled, union_report(frame, round_to, by, at))


@pytest.mark.parametrize("round_to", [None, 30])
def test_it_compares_sites_as_the_rows_would(round_to):
    frame = gbsg2()
    parts = split(frame, 4, seed=11)
    pooled = pool_aggregates(aggregates(parts, round_to, True), by_site=True, at=[365.0])
    ordered = pd.concat(parts)
    site_of = [f"S{i}" for i, part in enumerate(parts) for _ in range(len(part))]
    close(pooled, union_report(ordered, round_to, False, [365.0], site_of=site_of))
    assert [g["group"] for g in pooled["groups"]] == ["S0", "S1", "S2", "S3"]


def test_it_agrees_with_lifelines_fed_the_same_counts():
    frame = rossi()
    documents = aggregates(split(frame, 3, seed=5), 7, True)
    labelled = pooled_counts(documents)
    durations, events, weights, groups = [], [], [], []
    for label, counts in labelled:
        for t, d, c in zip(counts.time, counts.events, counts.censored, strict=True):
            for flag, weight in ((1, d), (0, c)):
                if weight:
                    durations.append(t)
                    events.append(flag)
                    weights.append(weight)
                    groups.append(label)
    table = pd.DataFrame({"t": durations, "e": events, "w": weights, "g": groups})
    report = pool_aggregates(documents, at=[21.0, 49.0])
    for (label, _), group in zip(labelled, report["groups"], strict=True):
        part = table[table["g"] == label]
        fitter = KaplanMeierFitter().fit(part["t"], part["e"], weights=part["w"])
        for point in group["at"]:
            assert point["survival"] == pytest.approx(
                float(fitter.predict(point["time"])), abs=1e-9
            )
    test = multivariate_logrank_test(table["t"], table["g"], table["e"], weights=table["w"])
    assert report["logrank"]["statistic"] == pytest.approx(test.test_statistic, rel=1e-9)


def test_it_rounds_up_so_no_exact_time_leaves_the_site():
    frame = gbsg2()
    document = site_aggregate(
        zip(frame["group"], frame["time"], frame["event"], strict=True),
        "A",
        round_to=30,
        by="group",
    )
    times = [entry[0] for group in document["groups"] for entry in group["times"]]
    assert all(t % 30 == 0 for t in times)
    assert rounded_up(31, 30) == 60 and rounded_up(30, 30) == 30 and rounded_up(0, 7) == 0
    assert set(document) == {"format", "site", "by", "round_to", "groups"}
    assert sum(e + c for group in document["groups"] for _, e, c in group["times"]) == len(frame)


def good() -> dict:
    return {
        "format": FORMAT,
        "site": "A",
        "by": "arm",
        "round_to": 7,
        "groups": [{"group": "x", "times": [[7.0, 1, 0], [14.0, 0, 2]]}],
        "indicators": [{"indicator": "sphincter_preserved", "numerator": 3, "denominator": 5}],
    }


def broken(change) -> dict:
    document = copy.deepcopy(good())
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(format="tumorboard-aggregate/2"), "format"),
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.update(patient_id="P-1"), "patient_id"),
        (lambda d: d["groups"][0].update(birth_date="1950-01-01"), "birth_date"),
        (lambda d: d["indicators"][0].update(mrn="123"), "mrn"),
        (lambda d: d["groups"][0]["times"].append([21.0, -1, 0]), "events"),
        (lambda d: d["groups"][0]["times"].append([21.0, 0.5, 0]), "events"),
        (lambda d: d["groups"][0]["times"].append([21.0, 0, 0]), "times"),
        (lambda d: d["groups"][0]["times"].append([3.0, 1, 0]), "time"),
        (lambda d: d["groups"][0]["times"].append([21.0, 1]), "times"),
        (lambda d: d["indicators"][0].update(numerator=6), "numerator"),
        (lambda d: d.update(site=""), "site"),
        (lambda d: d.update(groups=[]), "groups"),
        (lambda d: d.update(by=None), "group"),
    ],
)
def test_it_refuses_a_bad_aggregate_naming_the_field(change, field):
    validate_aggregate(good())
    with pytest.raises(InputError) as problem:
        validate_aggregate(broken(change))
    assert problem.value.field == field


def test_it_refuses_to_pool_different_group_columns_or_granularity():
    other_column = broken(lambda d: d.update(by="stage", site="B"))
    with pytest.raises(InputError) as problem:
        pool_aggregates([good(), other_column])
    assert problem.value.field == "by"
    with pytest.raises(InputError) as problem:
        pool_aggregates([good(), broken(lambda d: d.update(round_to=30, site="B"))])
    assert problem.value.field == "round_to"


def test_it_sums_indicators_across_sites():
    second = broken(
        lambda d: d.update(
            site="B",
            indicators=[{"indicator": "sphincter_preserved", "numerator": 4, "denominator": 10}],
        )
    )
    assert pooled_indicators([good(), second]) == {"sphincter_preserved": (7, 15)}


def test_it_refuses_to_pool_one_site_twice():
    with pytest.raises(InputError) as problem:
        pool_aggregates([good(), good()])
    assert problem.value.field == "site"
