"""The network audit's rows: one per operation in a period at the chosen sites, with the
case-mix facts the risk model adjusts for and each indicator's outcome (None where the
indicator does not apply or is not yet known). Definitions:

- sphincter_preserved_low: rectal resections (LAR, ISR, APR, Hartmann) for a tumour whose
  lower edge is at most 5 cm from the anal verge; 1 when the sphincter was preserved;
- permanent_stoma: a stoma still present 18 months after a rectal resection, as NBOCA
  reports it (recorded on the operation);
- reconstruction: mastectomies; 1 with an immediate or delayed reconstruction;
- limb_salvage: limb surgery for sarcoma or bone metastasis; 1 when the limb was kept;
- anastomotic_leak: operations with an anastomosis (LAR, ISR); 1 with a leak;
- death_90d: every operation at least 90 days ago (or death sooner); 1 if the patient died
  within 90 days;
- clavien_dindo_3: every operation; 1 with a complication of grade IIIa or higher;
- r1_margin: operations with a recorded margin; 1 for R1;
- intent_kept: the first operation after a current signed board recommendation whose
  function-preserving option the patient accepted; 1 when the operation kept it (the
  board's own judgement, network/audit_intent.py).

Each row also carries the operation's technique and version, so that the audit compares
outcomes by technique version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from tumorboard.network.audit_intent import intent_verdicts
from tumorboard.outcomes import vocabulary as ov
from tumorboard.outcomes.models import Operation

SEVERE = frozenset({"IIIa", "IIIb", "IVa", "IVb", "V"})
# Outcomes where 1 is the bad event (RA-CUSUM watches these).
ADVERSE = ("clavien_dindo_3", "anastomotic_leak", "death_90d", "r1_margin", "permanent_stoma")
INDICATORS = ("sphincter_preserved_low", "permanent_stoma", "reconstruction", "limb_salvage",
              "anastomotic_leak", "death_90d", "clavien_dindo_3", "r1_margin", "intent_kept")
COVARIATES = ("age", "asa")


@dataclass
class OperationRow:
    site_id: int
    surgeon_id: int | None
    date: dt.date
    age: int
    asa: int
    values: dict[str, int | None] = field(default_factory=dict)
    technique: str = ""
    technique_version: str = ""


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def outcomes_of(op: Operation, distance: Decimal | None, death: dt.date | None,
                today: dt.date) -> dict[str, int | None]:
    grades = {c.grade for c in op.complications.all()}
    types = {c.type for c in op.complications.all()}
    rectal = op.procedure in ov.RECTAL_RESECTIONS
    low = rectal and distance is not None and distance <= 5
    died_90 = death is not None and death <= op.date + dt.timedelta(days=90)
    known_90 = died_90 or op.date + dt.timedelta(days=90) <= today
    return {
        "sphincter_preserved_low": _flag(op.procedure in ov.SPHINCTER_PRESERVING) if low
        else None,
        "permanent_stoma": _flag(op.permanent_stoma_18m) if rectal else None,
        "reconstruction": _flag(op.reconstruction in ("immediate", "delayed"))
        if op.procedure in ov.MASTECTOMIES else None,
        "limb_salvage": _flag(op.limb_outcome == "salvage") if op.limb_outcome else None,
        "anastomotic_leak": _flag("anastomotic_leak" in types)
        if op.procedure in ov.WITH_ANASTOMOSIS else None,
        "death_90d": int(died_90) if known_90 else None,
        "clavien_dindo_3": int(bool(grades & SEVERE)),
        "r1_margin": _flag(op.margin == "R1") if op.margin else None,
    }


def operation_rows(site_ids: Iterable[int], start: dt.date, end: dt.date,
                   today: dt.date) -> list[OperationRow]:
    """The period's operations at the sites, in date order."""
    ops = (Operation.objects.filter(case__site_id__in=list(site_ids), date__gte=start,
                                    date__lte=end)
           .select_related("case__patient", "case__rectal")
           .prefetch_related("complications").order_by("date", "id"))
    verdicts = intent_verdicts(ops)
    rows = []
    for op in ops:
        case, patient = op.case, op.case.patient
        rectal = getattr(case, "rectal", None) if case.pathway == "rectum" else None
        distance = rectal.distance_from_anal_verge_cm if rectal is not None else None
        age = op.date.year - patient.birth_date.year - (
            (op.date.month, op.date.day) < (patient.birth_date.month, patient.birth_date.day))
        values = outcomes_of(op, distance, patient.date_of_death, today)
        values["intent_kept"] = verdicts.get(op.pk)
        rows.append(OperationRow(case.site_id, op.surgeon_id, op.date, age, case.asa or 2,
                                 values, op.technique, op.technique_version))
    return rows
