"""The policies in force, by code and version. A new version is a new entry; decisions
keep the key (code@version) they were assessed under, so an old decision can be re-read
under the policy it used."""

from __future__ import annotations

from decimal import Decimal

from tumorboard.welfare.means_test.policy import (
    FREE,
    REDUCED,
    CategoryRule,
    Policy,
    gettext_noop,
)

_CATEGORIES_V1 = {
    "extreme_poverty": CategoryRule(FREE, 100, assets_exempt=True),  # 特困
    "minimum_living": CategoryRule(FREE, 100, assets_exempt=True),  # 低保
    "low_income": CategoryRule(REDUCED, 70),  # 低收入
    "illness_poverty": CategoryRule(REDUCED, 50, requires_catastrophic=True),  # 因病致贫
}

POLICIES: dict[str, Policy] = {p.key: p for p in (
    Policy(code="standard", version=1, title=gettext_noop("Standard surgical assistance"),
           effective_from="2026-01-01", poverty_line=Decimal("9000"),
           categories=_CATEGORIES_V1, catastrophic_percent=60),
    Policy(code="standard", version=2, title=gettext_noop("Standard surgical assistance"),
           effective_from="2026-07-01", poverty_line=Decimal("9600"),
           categories=_CATEGORIES_V1, catastrophic_percent=70),
)}


def policy_for(key: str) -> Policy:
    """The policy named code@version; a bare code is its newest version."""
    if key in POLICIES:
        return POLICIES[key]
    versions = [p for p in POLICIES.values() if p.code == key]
    if not versions:
        raise KeyError(key)
    return max(versions, key=lambda p: p.version)
