"""The welfare means test as plain Python (no Django): versioned policies per fund, the
WHO measure of catastrophic health expenditure (Xu et al., Lancet 2003) and the decision
rules that turn a household into an eligibility, a tier and the reasons."""

from tumorboard.welfare.means_test.catastrophic import (
    BETA,
    Capacity,
    capacity_to_pay,
    equivalent_size,
    is_catastrophic,
)
from tumorboard.welfare.means_test.policies import POLICIES, policy_for
from tumorboard.welfare.means_test.policy import (
    CATEGORIES,
    FREE,
    NONE,
    REDUCED,
    Household,
    Outcome,
    Policy,
    Reason,
    assess,
)

__all__ = ["BETA", "CATEGORIES", "FREE", "NONE", "POLICIES", "REDUCED", "Capacity",
           "Household", "Outcome", "Policy", "Reason", "assess", "capacity_to_pay",
           "equivalent_size", "is_catastrophic", "policy_for"]
