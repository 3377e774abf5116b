"""Patient search and thin wrappers over the door (accounts/door.py) for patients and cases."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.network.models import Site
from tumorboard.patients.models import Case, Patient
from tumorboard.patients.validation import InvalidInput


def patients_for(user: AnyUser) -> QuerySet[Patient]:
    return door.scope(user, Patient.objects.select_related("site"))


def cases_for(user: AnyUser) -> QuerySet[Case]:
    return door.scope(user, Case.objects.select_related("patient", "site", "lead_clinician"))


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
    return door.get(user, Patient, external_id, action=door.CHANGE if write else door.VIEW,
                    request=request)


def get_case(user: AnyUser, external_id: object, *, write: bool = False,
             request: HttpRequest | None = None) -> Case:
    return door.get(user, Case, external_id, action=door.CHANGE if write else door.VIEW,
                    request=request)


def writable_site(user: AnyUser, code: str | None) -> Site:
    """The site a new patient is registered at: the one named, or the user's only site."""
    door.require(user, door.IDENTITY, door.CHANGE)
    sites = door.sites_for(user)
    if code:
        site = sites.filter(code=code).first()
        if site is None:
            raise InvalidInput({"site": _(
                "You are not a member of the site %(code)s.") % {"code": code}})
        return site
    if sites.count() != 1:
        raise InvalidInput({"site": _("Name the site: you are a member of several.")})
    return sites.get()
