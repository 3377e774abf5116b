"""Catastrophic health expenditure as WHO measures it (Xu K, Evans DB, Kawabata K,
Zeramdini R, Klavus J, Murray CJL. Household catastrophic health expenditure: a
multicountry analysis. Lancet 2003;362:111-7; and WHO's "Distribution of health payments
and catastrophic expenditures: methodology", Xu 2005).

A household's payments are catastrophic when its out-of-pocket health payments are at
least 40 % of its *capacity to pay*: its spending left after subsistence needs are met.

- equivalent household size: eqsize = hhsize ** 0.56 (beta = 0.56, the paper's estimate);
- subsistence spending: se = pl * eqsize, pl the subsistence (poverty) line per equivalent
  person, a value of the policy (WHO derives it from the food spending of households whose
  food share lies between the 45th and 55th percentiles);
- capacity to pay: ctp = exp - se when se <= food spending, else ctp = exp - food
  (a household that spends less on food than the subsistence line is not asked to pay out
  of its food).

``exp`` is the household's total spending; the application records the household's
income, which the policy uses as the measure of its resources (the paper also uses income
where spending is not surveyed)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BETA = Decimal("0.56")
THRESHOLD = Decimal("0.40")
CENT = Decimal("0.01")


def equivalent_size(members: int, beta: Decimal = BETA) -> Decimal:
    """hhsize ** beta, to six places."""
    if members < 1:
        raise ValueError("members: a household has at least one member")
    return Decimal(str(float(members) ** float(beta))).quantize(Decimal("0.000001"))


@dataclass(frozen=True)
class Capacity:
    equivalent_size: Decimal
    subsistence: Decimal  # se
    capacity: Decimal  # ctp (may be zero or negative: nothing left to pay with)
    food_rule: bool  # True: se > food, so ctp = exp - food


def capacity_to_pay(spending: Decimal, food: Decimal, members: int, poverty_line: Decimal,
                    beta: Decimal = BETA) -> Capacity:
    """Capacity to pay for one year (all amounts in the same currency and period)."""
    eq = equivalent_size(members, beta)
    se = (poverty_line * eq).quantize(CENT, ROUND_HALF_UP)
    if se <= food:
        return Capacity(eq, se, spending - se, False)
    return Capacity(eq, se, spending - food, True)


def oop_share(oop: Decimal, capacity: Decimal) -> Decimal | None:
    """oop / ctp, or None when there is no capacity left (any payment is catastrophic)."""
    if capacity <= 0:
        return None
    return (oop / capacity).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def is_catastrophic(oop: Decimal, capacity: Decimal, threshold: Decimal = THRESHOLD) -> bool:
    """oop >= threshold * ctp; with no capacity left, any positive payment is catastrophic."""
    if oop <= 0:
        return False
    if capacity <= 0:
        return True
    return oop >= threshold * capacity
