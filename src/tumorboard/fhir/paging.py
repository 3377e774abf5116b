"""Searches of the derived resources that filter, count and page in the database: only the
page's records are loaded and turned into resources (issue 13).

Condition, Procedure and CarePlan map one row to one resource, so they count and slice
their querysets. Observations are derived from a case's columns (one per TNM category,
ECOG, tumour size and pathway detail that is filled in): each case is annotated in SQL with
how many of its Observations match the search, a running sum over the cases (a window
function) finds the cases the page spans, and only those are built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Case as Choose
from django.db.models import (
    CharField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from tumorboard.accounts.access import AnyUser
from tumorboard.board.models import Recommendation
from tumorboard.fhir import (
    careplan,
    codes,
    condition,
    dates,
    details,
    export,
    observation,
    received,
    tumour,
)
from tumorboard.fhir import procedure as procedure_map
from tumorboard.fhir.models import ReceivedCarePlan
from tumorboard.fhir.search import Params, _cases, _date, _date_q, _date_test, _uuid
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS


@dataclass(frozen=True)
class Kind:
    """One kind of derived Observation: its id suffix, its codings and when a case has it."""
    suffix: str
    codings: tuple[tuple[str, str], ...]
    present: Q


def _filled(path: str, kind: str) -> Q:
    q = Q(**{f"{path}__isnull": False})
    if kind == "string":
        q &= ~Q(**{path: ""})
    elif kind == "list":
        q &= ~Q(**{path: []})
    return q


@cache
def kinds() -> tuple[Kind, ...]:
    """Every kind, in the order observation.to_fhir writes them."""
    found = [Kind(name.replace("_", "-"), ((codes.SNOMED, row[0]), (codes.LOINC, row[1])),
                  ~Q(**{name: ""})) for name, row in codes.TNM_KINDS.items()]
    found.append(Kind("ecog", ((codes.LOINC, codes.ECOG_LOINC),), Q(ecog__isnull=False)))
    size = Q(pk__in=[])
    for pathway, (field, _) in details.TUMOUR_SIZE_FIELD.items():
        size |= Q(pathway=pathway) & _filled(f"{DETAIL_ACCESSORS[pathway]}__{field}", "")
    found.append(Kind("tumor-size", ((codes.LOINC, codes.TUMOR_SIZE_LOINC),), size))
    for detail in details.DETAILS:
        path = f"{DETAIL_ACCESSORS[detail.pathway]}__{detail.field}"
        found.append(Kind(detail.code, ((codes.TB_CODESYSTEM, detail.code),),
                          Q(pathway=detail.pathway) & _filled(path, detail.kind)))
    return tuple(found)


def _options(raw: str) -> list[tuple[str, str]]:
    """(system, code) of each comma-separated token value; system '' matches any."""
    return [(system, code) for system, _, code in (v.rpartition("|") for v in raw.split(","))]


def _kind_matches(kind: Kind, raw: str) -> bool:
    return any(code == mine and (not system or system == their)
               for system, code in _options(raw) for their, mine in kind.codings)


def _id_cases(params: Params, suffix: str) -> list[list[str]] | None:
    """For each `_id` parameter, the case ids whose Observation of this kind it names."""
    named = []
    for raw in params.get("_id", []):
        split = [observation.split_id(value) for value in raw.split(",")]
        named.append([str(_uuid(case_id, "_id")) for case_id, kind in split if kind == suffix])
    return named if params.get("_id") else None


def _date_condition(alias: str, params: Params) -> Q:
    match = Q()
    for raw in params.get("date", []):
        any_of = Q(pk__in=[])
        for option in raw.split(","):
            prefix, first, last = _date(option, "date")
            exclude, lookups = dates.lookups(prefix, first, last)
            q = Q(**{f"{alias}{suffix}": _iso(value) for suffix, value in lookups.items()})
            any_of |= ~q if exclude else q
        match &= any_of
    return match


def _iso(value: Any) -> Any:
    return tuple(v.isoformat() for v in value) if isinstance(value, tuple) else value.isoformat()


@dataclass
class _ObservationQuery:
    """The kinds a search asks for, each with its SQL condition, and the same test in
    Python for the resources of the cases on the page."""
    wanted: list[tuple[Kind, Q]]
    aliases: dict[str, Any]
    params: Params

    def count(self) -> Any:
        return sum((Choose(When(kind.present & condition, then=Value(1)), default=Value(0),
                           output_field=IntegerField()) for kind, condition in self.wanted),
                   Value(0))

    def keep(self, resource: dict[str, Any], case_id: str) -> bool:
        suffix = observation.split_id(resource["id"])[1]
        if suffix not in {kind.suffix for kind, _ in self.wanted}:
            return False
        for named in _id_cases(self.params, suffix) or []:
            if case_id not in named:
                return False
        return all(_date_test(raw, "date")(resource["effectiveDateTime"])
                   for raw in self.params.get("date", []))


def _observation_query(params: Params) -> _ObservationQuery:
    wanted: list[tuple[Kind, Q]] = []
    aliases: dict[str, Any] = {}
    for index, kind in enumerate(kinds()):
        if not all(_kind_matches(kind, raw) for raw in params.get("code", [])):
            continue
        condition = Q()
        for named in _id_cases(params, kind.suffix) or []:
            condition &= Q(external_id__in=named)
        if params.get("date"):
            alias = f"observed_{index}"
            aliases[alias] = Coalesce(KeyTextTransform(kind.suffix, "fhir_sent__dates"),
                                      Cast("diagnosis_date", CharField()),
                                      output_field=CharField())
            condition &= _date_condition(alias, params)
        wanted.append((kind, condition))
    return _ObservationQuery(wanted, aliases, params)


def observations(user: AnyUser, params: Params, offset: int,
                 count: int) -> tuple[int, list[dict[str, Any]]]:
    query = _observation_query(params)
    if not query.wanted:
        return 0, []
    cases = _cases(user, params).alias(**query.aliases).annotate(matching=query.count()) \
        .filter(matching__gt=0)
    total = cases.aggregate(total=Sum("matching"))["total"] or 0
    if not count or offset >= total:
        return total, []
    spanned = cases.annotate(upto=Window(Sum("matching"), order_by=F("id").asc())) \
        .filter(upto__gt=offset).annotate(before=F("upto") - F("matching")) \
        .filter(before__lt=offset + count)
    found: list[dict[str, Any]] = []
    skip = -1
    for case in spanned:
        if skip < 0:
            skip = offset - case.before
        found += [r for r in observation.to_fhir(case) if query.keep(r, str(case.external_id))]
    return total, found[skip:skip + count]


def _sliced(rows: QuerySet[Any], offset: int, count: int,
            build: Callable[[list[Any]], list[dict[str, Any]]]) -> tuple[int, list[dict[str, Any]]]:
    total = rows.count()
    return total, build(list(rows[offset:offset + count])) if count else []


def _code_condition(raw: str) -> Q:
    """Cases whose Condition has one of these codings in code or bodySite (ours, as
    condition.to_fhir writes them, or the sender's, kept in fhir.SentCase)."""
    match = Q(pk__in=[])
    for system, code in _options(raw):
        if system in ("", codes.ICDO3):
            match |= Q(primary_site_code=code)
        if system in ("", codes.ICD10):
            match |= _icd10(code)
        if system in ("", codes.SNOMED):
            if code == codes.SNOMED_BONE_METASTASIS[0]:
                match |= Q(pathway="bone_metastasis")
            match |= Q(pathway__in=[p for p, (snomed, _) in
                                    codes.SNOMED_PATHWAY_DISORDER.items() if snomed == code])
        for element in ("fhir_sent__code", "fhir_sent__body_site"):
            sent = Q(**{f"{element}__icontains": f'"{code}"'})
            match |= sent & Q(**{f"{element}__icontains": f'"{system}"'}) if system else sent
    return match


def _icd10(code: str) -> Q:
    """Cases whose ICD-10 coding (codes.icd10_for of their site and histology) is `code`."""
    topography = codes.topography_from_icd10(code)
    outside = ~Q(pathway="bone_metastasis") & Q(primary_site_code=topography)
    melanoma = Q(histology_code__startswith="87")
    if codes.icd10_for(topography, "8720/3") == code and codes.icd10_for(
            topography, "8000/3") == code:
        return outside
    if codes.icd10_for(topography, "8720/3") == code:
        return outside & melanoma
    return outside & ~melanoma if codes.icd10_for(topography, "8000/3") == code else Q(
        pk__in=[])


def conditions(user: AnyUser, params: Params, offset: int,
               count: int) -> tuple[int, list[dict[str, Any]]]:
    cases: QuerySet[Case] = _cases(user, params)
    for raw in params.get("_id", []):
        cases = cases.filter(external_id__in=[_uuid(v, "_id") for v in raw.split(",")])
    for raw in params.get("code", []):
        cases = cases.filter(_code_condition(raw))
    return _sliced(cases, offset, count, lambda page: [condition.to_fhir(c) for c in page])


def tumours(user: AnyUser, params: Params, offset: int,
            count: int) -> tuple[int, list[dict[str, Any]]]:
    """The mCODE Tumor of each visible case whose tumour size is recorded."""
    measured = next(kind.present for kind in kinds() if kind.suffix == "tumor-size")
    cases: QuerySet[Case] = _cases(user, params).filter(measured)
    for raw in params.get("_id", []):
        cases = cases.filter(external_id__in=[
            _uuid(tumour.case_id_of(f"BodyStructure/{v}"), "_id") for v in raw.split(",")])
    return _sliced(cases, offset, count, lambda page: [tumour.to_fhir(c) for c in page])


def procedures(user: AnyUser, params: Params, offset: int,
               count: int) -> tuple[int, list[dict[str, Any]]]:
    """Operations of the user's visible cases, in case then date order."""
    operations = export.operations_of(_cases(user, params).values("pk"))
    for raw in params.get("date", []):
        operations = operations.filter(_date_q("date", raw))
    for raw in params.get("_id", []):
        operations = operations.filter(external_id__in=[_uuid(v, "_id") for v in raw.split(",")])
    return _sliced(operations, offset, count,
                   lambda page: [procedure_map.to_fhir(op) for op in page])


def careplans(user: AnyUser, params: Params, offset: int,
              count: int) -> tuple[int, list[dict[str, Any]]]:
    """Signed recommendations of the user's visible cases (every version; old ones
    revoked), then the plans other systems sent for them (fhir.ReceivedCarePlan)."""
    visible = _cases(user, params).values("pk")
    signed = (Recommendation.objects.filter(case_id__in=visible, signed_at__isnull=False)
              .select_related("case", "case__patient", "signed_by", "supersedes")
              .order_by("case_id", "signed_at", "id"))
    sent = (ReceivedCarePlan.objects.filter(case_id__in=visible)
            .select_related("case", "case__patient").order_by("case_id", "created", "id"))
    for raw in params.get("_id", []):
        ids = [_uuid(v, "_id") for v in raw.split(",")]
        signed, sent = signed.filter(external_id__in=ids), sent.filter(external_id__in=ids)

    def build(page: list[Recommendation]) -> list[dict[str, Any]]:
        replaced = set(Recommendation.objects.filter(
            supersedes__in=page, signed_at__isnull=False).values_list("supersedes_id",
                                                                       flat=True))
        return [careplan.to_fhir(rec, rec.pk in replaced) for rec in page]

    total, page = _sliced(signed, offset, count, build)
    rest = max(0, offset - total)  # the received plans follow the recommendations
    room = count - len(page)
    received_total, tail = _sliced(sent, rest, room, lambda rows: [
        received.to_fhir(plan) for plan in rows])
    return total + received_total, page + tail


SEARCHES = {"Condition": conditions, "BodyStructure": tumours, "Observation": observations,
            "Procedure": procedures, "CarePlan": careplans}
