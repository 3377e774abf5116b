"""What a FHIR sender sent beside the values tumorboard keeps in its own fields: exported
back as it came, so that a sender finds its own identifiers, codes, names and dates again.

Replaced as a whole by every import of the same patient or case (the latest sending wins);
tumorboard's own fields stay the source of truth for what tumorboard shows and decides."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tumorboard.core.models import BaseModel


class SentPatient(BaseModel):
    """Patient elements as sent: every identifier (with its system), name, telecom,
    address and communication language (BCP 47 tags such as zh, en-US, es)."""
    patient = models.OneToOneField("patients.Patient", on_delete=models.CASCADE,
                                   related_name="fhir_sent")
    identifiers = models.JSONField(_("identifiers as sent"), default=list)
    names = models.JSONField(_("names as sent"), default=list)
    telecom = models.JSONField(_("telecom as sent"), default=list)
    addresses = models.JSONField(_("addresses as sent"), default=list)
    languages = models.JSONField(_("languages as sent"), default=list)


class SentIdentifier(BaseModel):
    """One identifier of a patient as its sender names it, for `Patient?identifier=`."""
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE,
                                related_name="fhir_identifiers")
    system = models.CharField(_("identifier system"), max_length=300, blank=True)
    value = models.CharField(_("identifier value"), max_length=200)

    class Meta:
        indexes = [models.Index(fields=["value", "system"])]


class SentCase(BaseModel):
    """Condition and Observation elements as sent: the Condition's code, bodySite and
    histology codings, each Observation's own effective date (by kind) and the values sent
    as absent (data-absent-reason, e.g. pM not-applicable)."""
    case = models.OneToOneField("patients.Case", on_delete=models.CASCADE,
                                related_name="fhir_sent")
    code = models.JSONField(_("condition code as sent"), default=dict)
    body_site = models.JSONField(_("body site as sent"), default=list)
    histology = models.JSONField(_("histology as sent"), default=dict)
    dates = models.JSONField(_("observation dates as sent"), default=dict)
    absent = models.JSONField(_("values sent as absent"), default=dict)


class ProcedureMatch(BaseModel):
    """Which registry operation an imported Procedure became, so that importing the same
    Procedure again updates that operation. key: the sender's Procedure identifier
    (`system|value`), else its id or fullUrl."""
    operation = models.OneToOneField("outcomes.Operation", on_delete=models.CASCADE,
                                     related_name="fhir_match")
    key = models.CharField(_("procedure key as sent"), max_length=300)
    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE,
                             related_name="fhir_procedures")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"],
                                               name="fhir_procedure_match_unique")]


class ExportStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ExportJob(BaseModel):
    """A FHIR Bulk Data `$export` request: run by the task worker, polled by its requester,
    its NDJSON files served only to them (and only while the job exists)."""
    requested_by = models.ForeignKey("auth.User", on_delete=models.CASCADE,
                                     related_name="fhir_exports")
    site_ids = models.JSONField(_("sites exported"), default=list)
    types = models.JSONField(_("resource types"), default=list)
    request_url = models.CharField(_("kick-off request"), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=ExportStatus.choices,
                              default=ExportStatus.ACCEPTED)
    patients_total = models.PositiveIntegerField(default=0)
    patients_done = models.PositiveIntegerField(default=0)
    output = models.JSONField(_("files"), default=list)  # [{"type", "count"}]
    error = models.TextField(_("error"), blank=True)
    transaction_time = models.DateTimeField(null=True, blank=True)


class ReceivedCarePlan(BaseModel):
    """A CarePlan another system sent about one of our cases: a treatment plan received,
    not one of tumorboard's signed MDT recommendations (those need a listing, a meeting and a
    signer here). Shown read-only on the case's MDT panel and exported back as it came.
    key: the sender's CarePlan identifier (`system|value`), else its id; a second import of
    the same plan for the same case updates this row."""
    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE,
                             related_name="received_careplans")
    key = models.CharField(_("care plan key as sent"), max_length=300)
    sent_id = models.CharField(_("care plan id as sent"), max_length=64, blank=True)
    identifiers = models.JSONField(_("identifiers as sent"), default=list)
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    status = models.CharField(_("status as sent"), max_length=20)
    intent = models.CharField(_("intent as sent"), max_length=20)
    title = models.CharField(_("title"), max_length=300, blank=True)
    created_as_sent = models.CharField(_("created as sent"), max_length=40, blank=True)
    author = models.CharField(_("author as sent"), max_length=300, blank=True)
    activities = models.JSONField(_("activities"), default=list)  # [{text, description, status}]
    notes = models.JSONField(_("notes"), default=list)  # [str]
    resource = models.JSONField(_("resource as sent"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"],
                                               name="fhir_received_careplan_unique")]
