"""Site-scoped reads. Every patient and case a user reaches comes through here."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from tumorboard.accounts import access, audit
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Site
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.validation import InvalidInput


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record") from None


def patients_for(user: AnyUser) -> QuerySet[Patient]:
    access.require_role(user, access.READ_PATIENTS)
    return Patient.objects.filter(site_id__in=access.site_ids(user)).select_related("site")


def cases_for(user: AnyUser) -> QuerySet[Case]:
    access.require_role(user, access.READ_PATIENTS)
    return Case.objects.filter(site_id__in=access.site_ids(user)).select_related(
        "patient", "site", "lead_clinician"
    )


def _prefix(field: str, text: str) -> Q:
    """`field` starts with `text`, as a range the column's index can answer."""
    upper = text[:-1] + chr(ord(text[-1]) + 1)
    return Q(**{f"{field}__gte": text, f"{field}__lt": upper})


def search_patients(user: AnyUser, query: str) -> QuerySet[Patient]:
    """By MRN prefix, or by name: every word starts the family or the given name."""
    patients = patients_for(user)
    ordered = ("family_name_key", "given_name_key", "id")
    terms = query.strip().lower().split()
    if not terms:
        return patients.order_by(*ordered)
    first, rest = terms[0], terms[1:]
    scope = patients.order_by()
    # One index range scan per way of matching, united: far cheaper than an OR, which
    # makes the database walk every patient of the site.
    branches = [scope.filter(_prefix(key, first)).values("id")
                for key in ("family_name_key", "given_name_key")]
    if not rest:
        branches.append(scope.filter(_prefix("mrn_key", first)).values("id"))
        if not first.isascii() and len(first) > 1:
            # Chinese names are written without a space: 王小明 -> family 王, given 小明.
            branches.append(scope.filter(family_name_key=first[:1])
                            .filter(_prefix("given_name_key", first[1:])).values("id"))
    matches = patients.filter(id__in=branches[0].union(*branches[1:]))
    for term in rest:
        matches = matches.filter(_prefix("family_name_key", term)
                                 | _prefix("given_name_key", term))
    return matches.order_by(*ordered)


def get_patient(user: AnyUser, external_id: object, *, write: bool = False,
                request: HttpRequest | None = None) -> Patient:
    access.require_role(user, access.WRITE_PATIENTS if write else access.READ_PATIENTS)
    patient = Patient.objects.select_related("site").filter(external_id=_uuid(external_id)).first()
    if patient is None:
        raise Http404("No such patient")
    access.require_site(user, patient.site_id)
    if not write:
        audit.record(user=user, action="view", object_type="patient",
                     object_id=patient.external_id, patient_id=patient.external_id,
                     site_id=patient.site_id, request=request)
    return patient


def get_case(user: AnyUser, external_id: object, *, write: bool = False,
             request: HttpRequest | None = None) -> Case:
    access.require_role(user, access.WRITE_PATIENTS if write else access.READ_PATIENTS)
    case = (Case.objects.select_related("patient", "site", "lead_clinician")
            .filter(external_id=_uuid(external_id)).first())
    if case is None:
        raise Http404("No such case")
    access.require_site(user, case.site_id)
    if not write:
        audit.record(user=user, action="view", object_type="case", object_id=case.external_id,
                     patient_id=case.patient.external_id, site_id=case.site_id, request=request)
    return case


def writable_site(user: AnyUser, code: str | None) -> Site:
    """The site a new patient is registered at: the one named, or the user's only site."""
    access.require_role(user, access.WRITE_PATIENTS)
    sites = Site.objects.filter(pk__in=access.site_ids(user))
    if code:
        site = sites.filter(code=code).first()
        if site is None:
            raise InvalidInput({"site": f"You are not a member of a site with code {code!r}."})
        return site
    if sites.count() != 1:
        raise InvalidInput({"site": "Name the site: you are a member of several."})
    return sites.get()
