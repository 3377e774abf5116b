"""Operations, complications, follow-up and function scores for the demo data set.

Called once after the demo patients are loaded (tumorboard/core/demo_loader.py). Records
are consistent with the rules of services.py (no date before diagnosis, after death or in
the future), written in bulk, then the outcome summaries are rebuilt.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from tumorboard.outcomes import summary
from tumorboard.outcomes.models import Complication, FollowUpEvent, FunctionScore, Operation
from tumorboard.pathways import compute
from tumorboard.patients.models import Case

TREATED = ("in_treatment", "follow_up", "closed")
PROCEDURES = {"breast": (["BCS", "MAST", "SSM", "NSM"], [45, 35, 10, 10]),
              "rectum": (["LAR", "ISR", "APR"], [60, 20, 20]),
              "sarcoma": (["LIMB_SPARING", "AMPUTATION"], [85, 15]),
              "bone_metastasis": (["DECOMPRESSION", "IM_NAIL", "ENDOPROSTHESIS"], [50, 30, 20]),
              "melanoma": (["WLE"], [1])}
LARS_CHOICES = {"flatus": ["never", "less_than_weekly", "weekly_or_more"],
                "liquid": ["never", "less_than_weekly", "weekly_or_more"],
                "frequency": ["1_to_3_per_day", "4_to_7_per_day", "more_than_7_per_day"],
                "clustering": ["never", "less_than_weekly", "weekly_or_more"],
                "urgency": ["never", "less_than_weekly", "weekly_or_more"]}


def _operation(rng: random.Random, case: Case, date: dt.date) -> Operation:
    names, weights = PROCEDURES[case.pathway]
    procedure = rng.choices(names, weights)[0]
    op = Operation(case=case, date=date, procedure=procedure, intent="curative",
                   margin=rng.choices(["R0", "R1"], [92, 8])[0],
                   surgeon_id=case.lead_clinician_id)
    if procedure in ("MAST", "SSM", "NSM"):
        recon = rng.random() < 0.3
        op.reconstruction = "immediate" if recon else "none"
        if recon:
            op.reconstruction_type = rng.choice(["implant", "autologous"])
            op.flap = rng.choice(["DIEP", "LD"]) if op.reconstruction_type == "autologous" else ""
    if case.pathway == "rectum":
        op.sphincter_preserved = procedure != "APR"
        op.permanent_stoma_18m = procedure == "APR" or None
    if procedure in ("LIMB_SPARING", "ENDOPROSTHESIS"):
        op.limb_outcome, op.limb_reconstruction = "salvage", "endoprosthesis"
    elif procedure == "AMPUTATION":
        op.limb_outcome = "amputation"
    return op


def _lars(rng: random.Random, months: int) -> dict[str, Any]:
    worse = max(0.0, 0.7 - months / 30)  # bowel function improves over the first two years
    return {item: choices[min(len(choices) - 1, int(rng.random() + worse) * rng.randint(1, 2))]
            for item, choices in LARS_CHOICES.items()}


def _records_for(rng: random.Random, case: Case, today: dt.date,
                 ) -> tuple[Operation | None, list[Any], list[FollowUpEvent], list[Any]]:
    death = case.patient.date_of_death
    end = min(today, death) if death else today
    operated_on = case.diagnosis_date + dt.timedelta(days=rng.randint(20, 60))
    if rng.random() > 0.85 or operated_on > end:
        return None, [], [], []
    op = _operation(rng, case, operated_on)
    complications = []
    if rng.random() < 0.25 and (end - operated_on).days > 10:
        kind = "anastomotic_leak" if op.procedure in ("LAR", "ISR") and rng.random() < 0.4 \
            else "wound_infection"
        grade = rng.choices(["I", "II", "IIIa", "IIIb"], [30, 40, 15, 15])[0]
        complications.append((kind, grade, operated_on + dt.timedelta(days=rng.randint(2, 10))))
        op.cci = float(compute("cci", {"complications": [grade]})["total"] or 0)
    events = []
    if death:
        events.append(FollowUpEvent(case=case, type="death", date=death, cause_of_death="cancer"))
    elif (end - operated_on).days > 90:
        seen = operated_on + dt.timedelta(days=rng.randint(90, (end - operated_on).days))
        events.append(FollowUpEvent(case=case, type="last_contact", date=seen))
        if rng.random() < 0.1:
            events.append(FollowUpEvent(case=case, type="local_recurrence",
                                        date=seen - dt.timedelta(days=rng.randint(0, 60))))
    scores = [(months, operated_on + dt.timedelta(days=months * 30)) for months in (3, 6, 12)
              if case.pathway == "rectum" and op.procedure != "APR"
              and operated_on + dt.timedelta(days=months * 30) <= end and rng.random() < 0.8]
    return op, complications, events, scores


@transaction.atomic
def do_load_demo_outcomes(seed: int = 20261123, today: dt.date | None = None) -> int:
    """Registry records for demo cases that reached treatment; returns operations made."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    cases = (Case.objects.filter(status__in=TREATED, operations__isnull=True)
             .select_related("patient").order_by("id"))
    made = 0
    for case in cases:
        op, complications, events, scores = _records_for(rng, case, today)
        if op is None:
            continue
        op.save()
        made += 1
        Complication.objects.bulk_create(Complication(operation=op, type=kind, grade=grade,
                                                      date=date)
                                         for kind, grade, date in complications)
        FollowUpEvent.objects.bulk_create(events)
        for months, date in scores:
            inputs = _lars(rng, months)
            result = compute("lars", inputs)
            FunctionScore.objects.create(case=case, operation=op, instrument="lars",
                                         time_point_months=months, assessed_on=date,
                                         inputs=inputs, total=result["total"],
                                         category=str(result["category"]))
    summary.refresh_cases(Case.objects.values_list("id", flat=True))
    return made
