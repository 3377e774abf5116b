"""Cox proportional hazards: a thin wrapper over lifelines' CoxPHFitter.

Ties are handled by Efron's method (lifelines' only method, and R ``coxph``'s default).
Categorical covariates must be encoded by the caller (0/1 indicator columns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class HazardRatio:
    covariate: str
    coefficient: float
    std_err: float
    hazard_ratio: float
    lower: float
    upper: float
    p: float


def cox_hazard_ratios(
    time: npt.ArrayLike,
    event: npt.ArrayLike,
    covariates: Mapping[str, npt.ArrayLike],
    level: float = 0.95,
) -> list[HazardRatio]:
    """Hazard ratios with Wald confidence intervals, one per covariate column."""
    import pandas as pd
    from lifelines import CoxPHFitter

    columns = {name: np.asarray(values, dtype=float) for name, values in covariates.items()}
    frame = pd.DataFrame(columns)
    frame["__time"] = np.asarray(time, dtype=float)
    frame["__event"] = np.asarray(event, dtype=int)
    fitter = CoxPHFitter(alpha=1.0 - level)
    fitter.fit(frame, duration_col="__time", event_col="__event")
    summary = fitter.summary
    names: Sequence[str] = list(covariates)
    lower_col = f"exp(coef) lower {level:.0%}"
    upper_col = f"exp(coef) upper {level:.0%}"
    return [
        HazardRatio(
            covariate=name,
            coefficient=float(summary.loc[name, "coef"]),
            std_err=float(summary.loc[name, "se(coef)"]),
            hazard_ratio=float(summary.loc[name, "exp(coef)"]),
            lower=float(summary.loc[name, lower_col]),
            upper=float(summary.loc[name, upper_col]),
            p=float(summary.loc[name, "p"]),
        )
        for name in names
    ]
