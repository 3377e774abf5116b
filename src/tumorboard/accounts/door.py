"""The one door: may this user see or change this object, which objects may it list.

Every view, API endpoint, PDF, CSV and FHIR interaction reaches patient data through
this module:

- ``get(user, Model, external_id, action="view"|"change", request=...)`` fetches one
  object named in a URL (a bad UUID and a missing object are both a 404), checks the
  role against the role x data matrix below, checks the object's site against the
  user's memberships (another site's object is a 403), and records a read in the audit
  trail;
- ``scope(user, queryset)`` narrows a list to the user's sites after the same role check;
- ``check(user, obj, action)`` / ``allows(...)`` answer for an object already in hand;
- ``require(user, data, action)`` / ``may(...)`` answer for a kind of data (a page that
  lists, a report, a panel);
- ``site_ids(user)`` is the one definition of "my sites".

Policy lives in two tables: MATRIX (role x kind of data x view/change) and RULES (per
model: which kind of data it is, the lookup from the model to its site, and what a read
records). Models are named by label so that this low module imports no domain app.

Services and the door. The door is the check; a ``do_*`` service repeats it with
``door.check(user, obj, "change")`` on the object it is about to change (in memory, no
extra query), so that a caller that forgot the door (a new view, a script, a test) is
refused rather than trusted. A ``user`` of ``None`` is the command line (import, demo,
backup), which is trusted: whoever runs it already holds the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from tumorboard.accounts import audit
from tumorboard.accounts.models import Profile, Role
from tumorboard.core import precompiled

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)

VIEW = "view"
CHANGE = "change"

# Kinds of data: the columns of the role matrix.
IDENTITY = "identity"  # name, MRN, birth date, contact, language, funding status
CLINICAL = "clinical"  # case details, stage, screening, scores, decisions, clinic bookings
NOTES = "notes"  # free-text clinical notes on a case
MDT = "mdt"  # meetings, listings, discussion, recommendations, actions
BOARDS = "boards"  # setting up boards, their schedules and agenda templates
LETTERS = "letters"  # letters to the patient and the GP (PDF)
OUTCOMES = "outcomes"  # operations, complications, follow-up, function scores
AUDIT = "audit"  # the audit trail
AGGREGATES = "aggregates"  # counts and rates without identifiable rows
USERS = "users"  # staff accounts: names, titles, roles, specialties, site memberships
WELFARE = "welfare"  # welfare applications: household, income, assets; funds and ledger

_V = frozenset({VIEW})
_VC = frozenset({VIEW, CHANGE})
_NONE: frozenset[str] = frozenset()

# Role x data. The welfare officer runs the free-surgery programme: it needs who the
# patient is, how to reach them and whether they are funded, not their clinical record,
# the MDT's discussion or the letters. The auditor compares and checks: the audit trail
# and aggregates, never an identifiable clinical record.
MATRIX: dict[str, dict[str, frozenset[str]]] = {
    Role.COORDINATOR: {IDENTITY: _VC, CLINICAL: _VC, NOTES: _VC, MDT: _VC, BOARDS: _VC,
                       LETTERS: _VC, OUTCOMES: _VC, AUDIT: _NONE, AGGREGATES: _V},
    Role.CLINICIAN: {IDENTITY: _VC, CLINICAL: _VC, NOTES: _VC, MDT: _VC, BOARDS: _V,
                     LETTERS: _VC, OUTCOMES: _VC, AUDIT: _NONE, AGGREGATES: _V},
    Role.WELFARE_OFFICER: {IDENTITY: _V, CLINICAL: _NONE, NOTES: _NONE, MDT: _NONE,
                           BOARDS: _NONE, LETTERS: _NONE, OUTCOMES: _NONE, AUDIT: _NONE,
                           AGGREGATES: _V, WELFARE: _VC},
    Role.AUDITOR: {IDENTITY: _NONE, CLINICAL: _NONE, NOTES: _NONE, MDT: _NONE,
                   BOARDS: _NONE, LETTERS: _NONE, OUTCOMES: _NONE, AUDIT: _V,
                   AGGREGATES: _V},
    Role.ADMIN: {IDENTITY: _VC, CLINICAL: _VC, NOTES: _VC, MDT: _VC, BOARDS: _VC,
                 LETTERS: _VC, OUTCOMES: _VC, AUDIT: _V, AGGREGATES: _V, WELFARE: _VC,
                 USERS: _VC},
}


@dataclass(frozen=True)
class Rule:
    data: str  # the matrix column
    site: str  # ORM lookup from the model to its site id
    patient: str | None  # lookup to the patient, for the audit trail; None: no patient
    audit_type: str | None  # object_type recorded on a read; None: reads not recorded
    related: tuple[str, ...] = ()  # select_related for get()
    # A second site whose members see and change it too (a referral's receiving site).
    second_site: str | None = None


# Models a site outside the object's own may read through an active referral grant
# (network.CaseGrant), with the lookup from the grant to the object: the referred case,
# and only it, read-only. Each such read is recorded with the grant that allowed it.
GRANTED: dict[str, str] = {"patients.Case": "case"}


RULES: dict[str, Rule] = {
    "patients.Patient": Rule(IDENTITY, "site_id", "", "patient", ("site",)),
    "patients.Case": Rule(CLINICAL, "site_id", "patient", "case",
                          ("patient", "site", "lead_clinician__profile")),
    "patients.ClinicalReport": Rule(CLINICAL, "case__site_id", "case__patient", "clinical_report",
                                    ("case__patient", "case__site", "created_by",
                                     "author_user")),
    "patients.ReportAttachment": Rule(CLINICAL, "report__case__site_id",
                                      "report__case__patient", "report_attachment",
                                      ("report__case__patient", "report__case__site")),
    "board.Board": Rule(BOARDS, "site_id", None, None, ("site", "chair")),
    "board.Meeting": Rule(MDT, "board__site_id", None, None, ("board__site", "board__chair")),
    "board.Listing": Rule(MDT, "meeting__board__site_id", "case__patient", None,
                          ("meeting__board__site", "meeting__board__chair",
                           "case__patient", "case__site")),
    "board.Recommendation": Rule(MDT, "case__site_id", "case__patient", "recommendation",
                                 ("listing__meeting__board__site",
                                  "listing__meeting__board__chair", "case__patient",
                                  "case__site", "signed_by", "edited_by")),
    "board.Action": Rule(MDT, "case__site_id", "case__patient", None, ("case__patient",)),
    "board.Letter": Rule(LETTERS, "case__site_id", "case__patient", "letter",
                         ("case__patient", "recommendation")),
    "clinic.ClinicDay": Rule(CLINICAL, "site_id", None, None, ("site", "template")),
    "clinic.Booking": Rule(CLINICAL, "day__site_id", "case__patient", "clinic_booking",
                           ("day__site", "day__template", "case__patient")),
    "clinic.Consult": Rule(CLINICAL, "booking__day__site_id", "booking__case__patient", None,
                           ("booking__day", "booking__case__patient")),
    "clinic.DayEvent": Rule(CLINICAL, "day__site_id", "booking__case__patient", None,
                            ("day", "booking__case__patient")),
    "clinic.Reminder": Rule(CLINICAL, "booking__day__site_id", "booking__case__patient", None,
                            ("booking__day", "booking__case__patient")),
    "outcomes.Operation": Rule(OUTCOMES, "case__site_id", "case__patient", None,
                               ("case__patient", "case__site")),
    "outcomes.Complication": Rule(OUTCOMES, "operation__case__site_id",
                                  "operation__case__patient", None),
    "outcomes.FollowUpEvent": Rule(OUTCOMES, "case__site_id", "case__patient", None),
    "outcomes.FunctionScore": Rule(OUTCOMES, "case__site_id", "case__patient", None),
    "outcomes.CaseOutcome": Rule(OUTCOMES, "site_id", "case__patient", None),
    "decisions.ScoreRecord": Rule(CLINICAL, "case__site_id", "case__patient", None),
    "decisions.ScreeningResult": Rule(CLINICAL, "case__site_id", "case__patient", None),
    "decisions.OptionDecision": Rule(CLINICAL, "case__site_id", "case__patient", None),
    "accounts.AuditEvent": Rule(AUDIT, "site_id", None, None),
    # What a FHIR sender sent beside our own fields (fhir.models), read with its patient/case.
    "fhir.SentPatient": Rule(IDENTITY, "patient__site_id", "patient", None),
    "fhir.SentIdentifier": Rule(IDENTITY, "patient__site_id", "patient", None),
    "fhir.SentCase": Rule(CLINICAL, "case__site_id", "case__patient", None),
    "fhir.ProcedureMatch": Rule(OUTCOMES, "case__site_id", "case__patient", None),
    "network.Department": Rule(CLINICAL, "site_id", None, None, ("site",)),
    "network.Referral": Rule(CLINICAL, "from_site_id", "case__patient", "referral",
                             ("case__patient", "from_site", "to_site"),
                             second_site="to_site_id"),
    # The training network: staff records of the trainee's site (admins change them; every
    # role reads them as AGGREGATES beside the audit's CUSUM).
    "network.Mentorship": Rule(USERS, "site_id", None, None, ("site", "trainee", "mentor")),
    "capacity.WaitingListEntry": Rule(CLINICAL, "site_id", "case__patient", "waiting_list_entry",
                                      ("case__patient", "surgeon", "department")),
    "capacity.TheatreSession": Rule(CLINICAL, "site_id", None, None, ("surgeon", "department")),
    "capacity.SessionTemplate": Rule(CLINICAL, "site_id", None, None, ("surgeon",)),
    "capacity.PlanRun": Rule(CLINICAL, "site_id", None, None, ("department",)),
    "capacity.PlannedCase": Rule(CLINICAL, "run__site_id", "entry__case__patient", None,
                                 ("run", "session", "entry__case__patient", "entry__surgeon")),
    "capacity.Admission": Rule(CLINICAL, "site_id", "case__patient", None,
                               ("case__patient", "department")),
    "capacity.DayRecord": Rule(CLINICAL, "site_id", None, None),
    # Welfare: household and income only for welfare officers and admins of the site;
    # clinicians see the funding status through welfare.queries.funding_status (IDENTITY).
    "welfare.Fund": Rule(WELFARE, "site_id", None, None, ("site",)),
    "welfare.Application": Rule(WELFARE, "site_id", "patient", "welfare_application",
                                ("patient", "case", "fund", "assessed_by")),
    "welfare.WelfareLetter": Rule(WELFARE, "application__site_id", "application__patient",
                                  "welfare_letter", ("application__patient",)),
}


def parse_uuid(value: object) -> uuid.UUID:
    """The one UUID parser for ids in URLs: anything that is not a UUID is not found."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise Http404(_("No such record.")) from None


def profile_of(user: AnyUser | None) -> Profile | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.profile  # type: ignore[union-attr,no-any-return]
    except Profile.DoesNotExist:
        return None


def role_of(user: AnyUser | None) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def site_ids(user: AnyUser | None) -> set[int]:
    """The sites the user is a member of (cached on the profile for the request)."""
    profile = profile_of(user)
    if profile is None:
        return set()
    cached: set[int] | None = getattr(profile, "_site_ids", None)
    if cached is None:
        cached = set(profile.memberships.values_list("site_id", flat=True))
        profile._site_ids = cached  # type: ignore[attr-defined]
    return cached


def roles_with(data: str, action: str = VIEW) -> frozenset[str]:
    return frozenset(role for role, row in MATRIX.items() if action in row.get(data, _NONE))


def may(user: AnyUser | None, data: str, action: str = VIEW) -> bool:
    role = role_of(user)
    return role is not None and action in MATRIX.get(role, {}).get(data, _NONE)


def require(user: AnyUser | None, data: str, action: str = VIEW) -> None:
    if not may(user, data, action):
        raise PermissionDenied(_("Your role does not allow this."))


def check_new(user: AnyUser | None, site_id: int, data: str) -> None:
    """For a service about to create data of kind ``data`` at ``site_id``."""
    if is_command_line(user):
        return
    require(user, data, CHANGE)
    require_site(user, site_id)


def require_site(user: AnyUser | None, site_id: int | None) -> None:
    if site_id is None or site_id not in site_ids(user):
        raise PermissionDenied(_("This record belongs to a site you are not a member of."))


def require_all_sites(user: AnyUser | None, ids: set[int]) -> None:
    """For data that spans sites (a staff account's memberships): every one of ``ids``
    must be one of the user's sites, so that an administrator of one hospital cannot
    change what a member of another can do there."""
    if not ids <= site_ids(user):
        raise PermissionDenied(_("This record belongs to a site you are not a member of."))


def rule_for(model: type[Model]) -> Rule:
    rule = RULES.get(model._meta.label)
    if rule is None:  # a model without a rule is refused, never let through
        raise PermissionDenied(_("No access rule covers these records."))
    return rule


def _follow(obj: Any, lookup: str) -> Any:
    for part in lookup.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def site_of(obj: Model) -> int | None:
    value = _follow(obj, rule_for(type(obj)).site)
    return int(value) if value is not None else None


def patient_of(obj: Model) -> Any:
    rule = rule_for(type(obj))
    if rule.patient is None:
        return None
    return obj if rule.patient == "" else _follow(obj, rule.patient)


def _in_my_sites(user: AnyUser | None, obj: Model, rule: Rule) -> bool:
    mine = site_ids(user)
    return site_of(obj) in mine or (
        rule.second_site is not None and _follow(obj, rule.second_site) in mine)


def grant_for(user: AnyUser | None, obj: Model) -> Any:
    """The active referral grant that lets one of the user's sites read ``obj``, or None."""
    lookup = GRANTED.get(obj._meta.label)
    if lookup is None or not site_ids(user):
        return None
    grants = apps.get_model("network", "CaseGrant").objects
    return grants.filter(revoked_at__isnull=True, site_id__in=sorted(site_ids(user)),
                         **{lookup: obj}).first()


def allows(user: AnyUser | None, obj: Model, action: str = VIEW,
           data: str | None = None) -> bool:
    rule = rule_for(type(obj))
    if not may(user, data or rule.data, action):
        return False
    return _in_my_sites(user, obj, rule) or (action == VIEW and grant_for(user, obj) is not None)


def is_command_line(user: AnyUser | None) -> bool:
    """No signed-in user: the command line (import, demo, backup). The login middleware
    lets no anonymous request reach a view or endpoint that changes data, so an anonymous
    user inside a service can only come from a command run by whoever holds the database."""
    return user is None or not user.is_authenticated


def check(user: AnyUser | None, obj: Model, action: str = CHANGE,
          data: str | None = None) -> None:
    """For a service about to change ``obj``: the user's role and site must allow it.
    The command line is trusted (see the module docstring)."""
    if is_command_line(user):
        return
    rule = rule_for(type(obj))
    require(user, data or rule.data, action)
    if not _in_my_sites(user, obj, rule):
        require_site(user, site_of(obj))


def get(user: AnyUser | None, model: type[M], external_id: object, *, action: str = VIEW,
        request: HttpRequest | None = None, data: str | None = None,
        record: str | None = VIEW,
        detail: Callable[[M], dict[str, Any]] | None = None) -> M:
    """The object named by ``external_id``, if the user may ``action`` it.

    Reads of patient data are recorded as ``record`` (``"export"`` for a PDF, ``None``
    when the caller records a richer event itself); ``detail`` adds what the object says
    about the read (a letter's kind)."""
    rule = rule_for(model)
    key = parse_uuid(external_id)
    require(user, data or rule.data, action)
    obj = precompiled.by_external_id(model, key, rule.related)
    if obj is None:
        raise Http404(_("No such record."))
    grant = None
    if not _in_my_sites(user, obj, rule):
        grant = grant_for(user, obj) if action == VIEW else None
        if grant is None:
            require_site(user, site_of(obj))
    if action == VIEW and record and rule.audit_type:
        extra = detail(obj) if detail else None
        if grant is not None:
            extra = {**(extra or {}), "grant": str(grant.external_id)}
        _record_read(user, obj, rule, record, request, extra)
    return obj


def _record_read(user: AnyUser | None, obj: Model, rule: Rule, action: str,
                 request: HttpRequest | None, detail: dict[str, Any] | None) -> None:
    patient = patient_of(obj)
    audit.record(user=user, action=action, object_type=rule.audit_type or "",
                 object_id=getattr(obj, "external_id", obj.pk),
                 patient_id=getattr(patient, "external_id", ""), site_id=site_of(obj),
                 request=request, detail=detail)


def scope(user: AnyUser | None, queryset: QuerySet[M], *, action: str = VIEW,
          data: str | None = None) -> QuerySet[M]:
    """The rows of ``queryset`` the user may ``action``: its role must allow the kind of
    data, and only its own sites' rows remain."""
    rule = rule_for(queryset.model)
    require(user, data or rule.data, action)
    mine = sorted(site_ids(user))
    if rule.second_site is not None:
        return queryset.filter(Q(**{f"{rule.site}__in": mine})
                               | Q(**{f"{rule.second_site}__in": mine}))
    return queryset.filter(**{f"{rule.site}__in": mine})


def sites_for(user: AnyUser | None) -> QuerySet[Any]:
    """The user's sites as rows (for site pickers and filters)."""
    site_model = apps.get_model("network", "Site")
    return site_model.objects.filter(pk__in=site_ids(user)).order_by("code")


class Refused(PermissionDenied):
    """A 403 that names the request's field it is about (e.g. a site filter)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def report_sites(user: AnyUser | None, code: str, field: str = "site") -> frozenset[int]:
    """The sites a report covers: all the user's, or the one whose code is given. A code
    that is not one of the user's sites is refused (403) whether or not it exists, the
    same in every report, so that a report does not tell which codes other sites use."""
    mine = site_ids(user)
    code = code.strip()
    if not code:
        return frozenset(mine)
    found = sites_for(user).filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise Refused(_("You are not a member of a site with this code."), field)
    return frozenset({found})
