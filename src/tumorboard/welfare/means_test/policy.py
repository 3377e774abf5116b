"""A fund's means-test policy as data, and ``assess``: household in, outcome out.

A policy is read by officers (``describe``) and its code and version are stored with each
decision. The rules, most generous wins:

1. hardship category: each category the policy names gives a tier (e.g. 特困 free);
   a category may require the payment to be catastrophic as well (因病致贫);
2. catastrophic health expenditure (catastrophic.py): out-of-pocket >= threshold x
   capacity to pay gives the policy's reduction; at least the whole capacity to pay gives
   free treatment;
3. assets above the policy's limit exclude the household, unless its category is exempt;
4. otherwise: not eligible.

Messages are English msgids with %(name)s placeholders; pages translate them
(gettext_noop marks them for the catalogue; this module imports no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tumorboard.welfare.means_test import catastrophic as che

FREE, REDUCED, NONE = "free", "reduced", "none"
CATEGORIES = ("extreme_poverty", "minimum_living", "low_income", "illness_poverty")


def gettext_noop(message: str) -> str:
    return message


class InvalidHousehold(ValueError):
    """Bad input, naming the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class CategoryRule:
    tier: str
    percent: int  # share of the out-of-pocket cost the fund pays
    requires_catastrophic: bool = False
    assets_exempt: bool = False


@dataclass(frozen=True)
class Policy:
    code: str
    version: int
    title: str
    effective_from: str  # ISO date
    poverty_line: Decimal  # subsistence spending per equivalent person and year
    categories: dict[str, CategoryRule]
    catastrophic_percent: int  # reduction when the payment is catastrophic
    free_share: Decimal = Decimal("1.00")  # oop / ctp at or above which treatment is free
    threshold: Decimal = che.THRESHOLD
    beta: Decimal = che.BETA
    asset_limit: Decimal = Decimal("200000")
    source: str = ("Xu K et al. Household catastrophic health expenditure: a multicountry "
                   "analysis. Lancet 2003;362:111-7")

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"


@dataclass(frozen=True)
class Household:
    members: int
    income: Decimal  # the household's yearly income (all members)
    food: Decimal  # yearly food spending
    assets: Decimal
    category: str  # one of CATEGORIES or ""
    cost: Decimal  # estimated cost of the treatment
    oop_percent: Decimal  # share of the cost the household pays after insurance, 0-100


@dataclass(frozen=True)
class Reason:
    code: str
    message: str  # msgid
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    policy: str  # code@version
    eligible: bool
    tier: str
    percent: int
    oop: Decimal
    aid: Decimal  # what the fund would pay
    capacity: che.Capacity
    share: Decimal | None  # oop / capacity to pay
    catastrophic: bool
    reasons: tuple[Reason, ...]


def validate(h: Household) -> None:
    if h.members < 1:
        raise InvalidHousehold("members", gettext_noop("A household has at least one member."))
    for name in ("income", "food", "assets", "cost"):
        if getattr(h, name) < 0:
            raise InvalidHousehold(name, gettext_noop("This amount cannot be negative."))
    if not Decimal(0) <= h.oop_percent <= Decimal(100):
        raise InvalidHousehold("oop_percent",
                               gettext_noop("The out-of-pocket share is between 0 and 100 %."))
    if h.category and h.category not in CATEGORIES:
        raise InvalidHousehold("category", gettext_noop("Unknown hardship category."))


def money(value: Decimal) -> Decimal:
    return value.quantize(che.CENT, ROUND_HALF_UP)


def assess(policy: Policy, h: Household) -> Outcome:
    validate(h)
    oop = money(h.cost * h.oop_percent / 100)
    cap = che.capacity_to_pay(h.income, h.food, h.members, policy.poverty_line, policy.beta)
    share = che.oop_share(oop, cap.capacity)
    catastrophic = che.is_catastrophic(oop, cap.capacity, policy.threshold)
    offers: list[tuple[int, str, Reason]] = []
    reasons: list[Reason] = [_che_reason(policy, oop, cap, share, catastrophic)]
    rule = policy.categories.get(h.category) if h.category else None
    if rule is not None and (catastrophic or not rule.requires_catastrophic):
        offers.append((rule.percent, rule.tier, Reason(
            "category", gettext_noop("Hardship category gives %(percent)s %% of the cost."),
            {"category": h.category, "percent": str(rule.percent)})))
    elif rule is not None:
        reasons.append(Reason("category_needs_che", gettext_noop(
            "The hardship category applies only when the payment is catastrophic."),
            {"category": h.category}))
    if catastrophic:
        free = share is None or share >= policy.free_share
        percent = 100 if free else policy.catastrophic_percent
        offers.append((percent, FREE if free else REDUCED, Reason(
            "catastrophic", gettext_noop(
                "Catastrophic payment gives %(percent)s %% of the cost."),
            {"percent": str(percent)})))
    exempt = rule is not None and rule.assets_exempt
    if h.assets > policy.asset_limit and not exempt:
        reasons.append(Reason("assets", gettext_noop(
            "Assets of %(assets)s are above the limit of %(limit)s."),
            {"assets": str(money(h.assets)), "limit": str(money(policy.asset_limit))}))
        offers = []
    if not offers:
        reasons.append(Reason("none", gettext_noop("No rule of the policy applies.")))
        return Outcome(policy.key, False, NONE, 0, oop, Decimal("0.00"), cap, share,
                       catastrophic, tuple(reasons))
    percent, tier, reason = max(offers, key=lambda offer: offer[0])
    tier = FREE if percent >= 100 else tier
    return Outcome(policy.key, True, tier, percent, oop, money(oop * percent / 100), cap,
                   share, catastrophic, (*reasons, reason))


def _che_reason(policy: Policy, oop: Decimal, cap: che.Capacity, share: Decimal | None,
                catastrophic: bool) -> Reason:
    params = {"oop": str(oop), "capacity": str(money(cap.capacity)),
              "threshold": str(int(policy.threshold * 100))}
    if catastrophic:
        return Reason("che_yes", gettext_noop(
            "Out-of-pocket %(oop)s is at least %(threshold)s %% of the capacity to pay "
            "(%(capacity)s): catastrophic."), params)
    return Reason("che_no", gettext_noop(
        "Out-of-pocket %(oop)s is below %(threshold)s %% of the capacity to pay "
        "(%(capacity)s)."), params)


def describe(policy: Policy) -> list[tuple[str, str]]:
    """The policy as (label msgid, value) rows for officers to read."""
    rows = [(gettext_noop("Policy"), policy.key), (gettext_noop("In force from"),
                                                   policy.effective_from),
            (gettext_noop("Subsistence line per equivalent person and year"),
             str(policy.poverty_line)),
            (gettext_noop("Catastrophic threshold (share of capacity to pay)"),
             f"{int(policy.threshold * 100)} %"),
            (gettext_noop("Equivalence scale exponent"), str(policy.beta)),
            (gettext_noop("Reduction when catastrophic"), f"{policy.catastrophic_percent} %"),
            (gettext_noop("Asset limit"), str(policy.asset_limit)),
            (gettext_noop("Source"), policy.source)]
    for category, rule in policy.categories.items():
        rows.append((category, f"{rule.percent} %"
                     + (" (catastrophic only)" if rule.requires_catastrophic else "")))
    return rows
