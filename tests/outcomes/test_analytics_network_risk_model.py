"""Logistic risk model: statsmodels' fit checked against an independent Newton-Raphson and
scikit-learn, the fit statistics against their definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from lifelines.datasets import load_rossi
from sklearn.metrics import roc_auc_score

from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.outcomes.analytics.risk_model import (
    INTERCEPT,
    c_statistic,
    fit_logistic,
    hosmer_lemeshow,
)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    data = load_rossi()
    return [
        {"arrest": int(a), "age": float(g), "prio": float(p), "wexp": ("yes" if w else "no")}
        for a, g, p, w in zip(data["arrest"], data["age"], data["prio"], data["wexp"], strict=True)
    ]


def newton(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ beta))
        information = x.T @ (x * (p * (1 - p))[:, None])
        beta = beta + np.linalg.solve(information, x.T @ (y - p))
    p = 1 / (1 + np.exp(-x @ beta))
    covariance = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))
    return beta, np.sqrt(np.diag(covariance))


def test_it_fits_as_an_independent_newton_raphson(rows):
    model = fit_logistic(rows, "arrest", ["age", "prio", "wexp"])
    x = np.array([[1.0, r["age"], r["prio"], float(r["wexp"] == "yes")] for r in rows])
    y = np.array([r["arrest"] for r in rows], dtype=float)
    beta, se = newton(x, y)
    assert [c.term for c in model.coefficients] == [INTERCEPT, "age", "prio", "wexp=yes"]
    assert [c.estimate for c in model.coefficients] == pytest.approx(beta, abs=1e-8)
    assert [c.std_error for c in model.coefficients] == pytest.approx(se, rel=1e-6)
    p = 1 / (1 + np.exp(-x @ beta))
    loglik = float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert model.aic == pytest.approx(2 * 4 - 2 * loglik)
    assert (model.n, model.events) == (432, 114)
    assert list(model.expected) == pytest.approx(p, abs=1e-8)
    assert model.c_statistic == pytest.approx(roc_auc_score(y, p))
    assert model.calibration_in_the_large == pytest.approx(0.0, abs=1e-6)
    first = model.coefficients[1]
    assert (first.lower, first.upper) == pytest.approx(
        (first.estimate - 1.959964 * first.std_error, first.estimate + 1.959964 * first.std_error),
        abs=1e-5,
    )
    assert model.predict(rows[0]) == pytest.approx(model.expected[0])
    assert model.as_json()["hosmer_lemeshow"]["groups"] == 10


def test_it_computes_hosmer_lemeshow_by_hand():
    y = [0, 0, 1, 0, 1, 1]
    p = [0.1, 0.3, 0.4, 0.5, 0.7, 0.9]
    # groups of two: O = 0, 1, 2; E = 0.4, 0.9, 1.6; E (1 - E / 2) = 0.32, 0.495, 0.32
    want = 0.4**2 / 0.32 + 0.1**2 / 0.495 + 0.4**2 / 0.32
    result = hosmer_lemeshow(y, p, groups=3)
    assert result.statistic == pytest.approx(want)
    assert (result.df, result.groups) == (1, 3)
    assert result.p == pytest.approx(math.erfc(math.sqrt(want / 2)))  # chi-square 1 df


def test_it_counts_ties_as_half_in_the_c_statistic():
    assert c_statistic([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9]) == pytest.approx(
        roc_auc_score([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9])
    )


@pytest.mark.parametrize(
    ("change", "covariates", "field"),
    [
        (lambda r: r.update(arrest=2), ["age"], "arrest"),
        (lambda r: r.update(age=None), ["age"], "age"),
        (lambda r: r.update(prio=""), ["prio"], "prio"),
    ],
)
def test_it_refuses_bad_rows_naming_the_field(rows, change, covariates, field):
    changed = [dict(r) for r in rows]
    change(changed[3])
    with pytest.raises(InputError) as problem:
        fit_logistic(changed, "arrest", covariates)
    assert problem.value.field == field


def test_it_refuses_an_outcome_without_both_values_or_a_separating_covariate(rows):
    with pytest.raises(InputError) as problem:
        fit_logistic([dict(r, arrest=0) for r in rows], "arrest", ["age"])
    assert problem.value.field == "arrest"
    separated = [dict(r, flag=float(r["arrest"])) for r in rows]
    with pytest.raises(InputError) as problem:
        fit_logistic(separated, "arrest", ["flag"])
    assert problem.value.field == "covariates"
    with pytest.raises(InputError) as problem:
        fit_logistic([dict(r, twice=2 * r["age"]) for r in rows], "arrest", ["age", "twice"])
    assert problem.value.field == "covariates"
