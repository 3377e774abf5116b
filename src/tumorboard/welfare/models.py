"""Welfare programme: funds with a double-entry ledger, applications with their household,
documents, history, decisions, appeals and letters.

Money in the ledger is integer fen (1/100 yuan) so that balances are exact on every
database. A fund row caches its account balances; ledger.py changes them only together
with the lines, under a lock on the fund row, and ``tumorboard welfare ledger --check``
proves the cache equals the lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel
from tumorboard.patients.models import Case, Patient
from tumorboard.welfare import vocabulary as v

_USER = settings.AUTH_USER_MODEL


class Fund(BaseModel):
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    donor = models.CharField(_("donor or partner"), max_length=200)
    donor_kind = models.CharField(_("kind"), max_length=10, choices=v.DONOR_KINDS)
    purpose = models.CharField(_("purpose restriction"), max_length=300, blank=True)
    pathway = models.CharField(_("pathway restriction"), max_length=20, blank=True)
    budget_fen = models.BigIntegerField(_("budget"))
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))
    policy = models.CharField(_("means-test policy"), max_length=40)
    available_fen = models.BigIntegerField(default=0)
    committed_fen = models.BigIntegerField(default=0)
    spent_fen = models.BigIntegerField(default=0)
    received_fen = models.BigIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(available_fen__gte=0),
                                   name="welfare_fund_available_not_negative"),
            models.CheckConstraint(condition=models.Q(committed_fen__gte=0),
                                   name="welfare_fund_committed_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(max_length=10, choices=v.ACCOUNTS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "kind"],
                                               name="welfare_account_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.fund} — {v.label(v.ACCOUNTS, self.kind)}"


class Application(BaseModel):
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="welfare_applications")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="applications")
    planned_treatment = models.CharField(_("planned treatment"), max_length=200)
    insurance = models.CharField(_("insurance scheme"), max_length=30, choices=v.INSURANCE)
    category = models.CharField(_("hardship category"), max_length=20, choices=v.CATEGORIES,
                                blank=True)
    income = models.DecimalField(_("household income per year"), max_digits=14, decimal_places=2)
    food = models.DecimalField(_("food spending per year"), max_digits=14, decimal_places=2)
    assets = models.DecimalField(_("assets"), max_digits=14, decimal_places=2)
    estimated_cost = models.DecimalField(_("estimated cost"), max_digits=14, decimal_places=2)
    oop_percent = models.DecimalField(_("out-of-pocket share (%)"), max_digits=5,
                                      decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=v.STATUSES, default=v.INTAKE)
    assessed_by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    assessment = models.JSONField(default=dict, blank=True)
    policy = models.CharField(max_length=40, blank=True)
    committed_fen = models.BigIntegerField(default=0)
    # The operation of this case that settled the application (one application per operation).
    operation = models.OneToOneField("outcomes.Operation", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("operation"))
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["site", "status"])]


class HouseholdMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="members")
    relation = models.CharField(_("relation"), max_length=10, choices=v.RELATIONS)
    age = models.PositiveSmallIntegerField(_("age"))
    income = models.DecimalField(_("income per year"), max_digits=14, decimal_places=2)

    def __str__(self) -> str:
        return v.label(v.RELATIONS, self.relation)


class DocumentRequest(BaseModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=v.DOCUMENT_KINDS)
    due = models.DateField(_("due"))
    received_on = models.DateField(_("received"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)


class ApplicationEvent(models.Model):
    """The history of an application: one row per step."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, related_name="+")
    step = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.step}"


class Decision(BaseModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="decisions")
    approved = models.BooleanField()
    by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, related_name="+")
    reasons = models.TextField(_("reasons"), blank=True)
    policy = models.CharField(max_length=40)
    tier = models.CharField(max_length=10, choices=v.TIERS)
    percent = models.PositiveSmallIntegerField(default=0)
    amount_fen = models.BigIntegerField(default=0)
    on_appeal = models.BooleanField(default=False)


class Appeal(BaseModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="appeals")
    grounds = models.TextField(_("grounds"))
    lodged_by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True,
                                  related_name="+")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="appeal")


class LedgerTransaction(BaseModel):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=10, choices=v.TRANSACTIONS)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="transactions")
    memo = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["created", "id"]


class LedgerLine(models.Model):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT,
                                    related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    amount_fen = models.BigIntegerField()  # debit positive, credit negative

    def __str__(self) -> str:
        return f"{self.account} {self.amount_fen}"


class WelfareLetter(BaseModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="letters")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters")
    language = models.CharField(max_length=10)
    pdf = models.BinaryField()
