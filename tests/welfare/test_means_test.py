"""Means-test vectors per rule, worked by hand from Xu et al. (Lancet 2003): eqsize =
hhsize ** 0.56; se = poverty line x eqsize; ctp = income - se when se <= food, else
income - food; catastrophic when oop >= 40 % of ctp. Policy standard@1: poverty line 9000,
catastrophic reduction 60 %, asset limit 200000; standard@2: 9600 and 70 %."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tumorboard.welfare.means_test import catastrophic as che
from tumorboard.welfare.means_test.policies import policy_for
from tumorboard.welfare.means_test.policy import (
    FREE,
    NONE,
    REDUCED,
    Household,
    InvalidHousehold,
    assess,
)


def house(members: int = 1, income: str = "100000", food: str = "20000", assets: str = "0",
          category: str = "", cost: str = "40000", oop: str = "30") -> Household:
    return Household(members, D(income), D(food), D(assets), category, D(cost), D(oop))


@pytest.mark.parametrize(("members", "expected"), [
    (1, "1.000000"), (2, "1.474269"), (3, "1.850"), (4, "2.1735")])
def test_it_scales_the_household_by_size_to_the_056_power(members: int, expected: str) -> None:
    places = D(expected).as_tuple().exponent
    assert che.equivalent_size(members).quantize(D(1).scaleb(places)) == D(expected)


def test_it_uses_food_spending_when_subsistence_exceeds_it() -> None:
    cap = che.capacity_to_pay(D("40000"), D("16000"), 4, D("9000"))
    assert cap.food_rule and cap.capacity == D("24000")
    cap = che.capacity_to_pay(D("60000"), D("15000"), 2, D("9000"))
    assert not cap.food_rule and cap.subsistence == D("13268.42")
    assert cap.capacity == D("46731.58")


VECTORS = [
    # (name, policy, household, eligible, tier, percent, aid, catastrophic)
    ("more than the whole capacity: free", "standard@1",
     house(4, "40000", "16000", cost="100000", oop="50"), True, FREE, 100, "50000.00", True),
    ("not catastrophic, no category: none", "standard@1", house(), False, NONE, 0, "0.00",
     False),
    ("catastrophic below capacity: reduced 60", "standard@1",
     house(2, "60000", "15000", cost="80000", oop="40"), True, REDUCED, 60, "19200.00", True),
    ("policy v2 reduces 70", "standard@2",
     house(2, "60000", "15000", cost="80000", oop="40"), True, REDUCED, 70, "22400.00", True),
    ("low income category", "standard@1", house(category="low_income"), True, REDUCED, 70,
     "8400.00", False),
    ("illness poverty needs catastrophic payment", "standard@1",
     house(category="illness_poverty"), False, NONE, 0, "0.00", False),
    ("illness poverty and catastrophic: the more generous rule", "standard@1",
     house(2, "60000", "15000", category="illness_poverty", cost="80000", oop="40"), True,
     REDUCED, 60, "19200.00", True),
    ("extremely poor with assets: exempt, free", "standard@1",
     house(category="extreme_poverty", assets="500000"), True, FREE, 100, "12000.00", False),
    ("minimum living guarantee: free", "standard@1", house(category="minimum_living"), True,
     FREE, 100, "12000.00", False),
    ("low income with assets above the limit: none", "standard@1",
     house(category="low_income", assets="300000"), False, NONE, 0, "0.00", False),
    ("exactly 40 % is catastrophic", "standard@1",
     house(1, "59000", "10000", cost="20000", oop="100"), True, REDUCED, 60, "12000.00", True),
    ("just below 40 % is not", "standard@1",
     house(1, "59000", "10000", cost="19999.99", oop="100"), False, NONE, 0, "0.00", False),
    ("nothing left to pay with: free", "standard@1",
     house(3, "5000", "6000", cost="10000", oop="20"), True, FREE, 100, "2000.00", True),
    ("fully insured: nothing to pay", "standard@1",
     house(3, "5000", "6000", cost="10000", oop="0"), False, NONE, 0, "0.00", False),
]


@pytest.mark.parametrize("vector", VECTORS, ids=[v[0] for v in VECTORS])
def test_it_assesses_the_vectors(vector: tuple) -> None:  # type: ignore[type-arg]
    _name, key, household, eligible, tier, percent, aid, catastrophic = vector
    outcome = assess(policy_for(key), household)
    assert (outcome.eligible, outcome.tier, outcome.percent, outcome.aid,
            outcome.catastrophic) == (eligible, tier, percent, D(aid), catastrophic)
    assert outcome.policy == key and outcome.reasons


def test_it_names_the_policy_version_it_used() -> None:
    assert policy_for("standard").key == "standard@2"
    assert assess(policy_for("standard@1"), house()).policy == "standard@1"


@pytest.mark.parametrize(("household", "field"), [
    (house(members=0), "members"), (house(income="-1"), "income"),
    (house(assets="-5"), "assets"), (house(oop="101"), "oop_percent"),
    (house(category="rich"), "category")])
def test_it_refuses_bad_input_naming_the_field(household: Household, field: str) -> None:
    with pytest.raises(InvalidHousehold) as error:
        assess(policy_for("standard@1"), household)
    assert error.value.field == field
