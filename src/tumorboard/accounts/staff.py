"""Managing staff accounts from pages: the admin role of a site creates users and changes
their names, title, role, specialty and site memberships, deactivates them and resets
their second factor. Every change is one audited transaction; the door decides.

An administrator manages only accounts all of whose sites are among their own sites, and
gives memberships of their own sites only: the admin of one hospital cannot change what a
member of another hospital may do there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tumorboard.accounts import audit, door
from tumorboard.accounts.models import Profile, Role
from tumorboard.accounts.services import UserInputError, do_create_user, set_access
from tumorboard.network.models import Site

Actor = User | AnonymousUser
ACCOUNT_FIELDS = ("first_name", "last_name", "email")
PROFILE_FIELDS = ("title", "role", "specialty")


def managed_profiles(actor: Actor) -> QuerySet[Profile]:
    """The accounts the actor may manage: members of the actor's sites and of no other."""
    door.require(actor, door.USERS, door.VIEW)
    mine = sorted(door.site_ids(actor))
    return (Profile.objects.filter(memberships__site_id__in=mine)
            .exclude(memberships__site__in=Site.objects.exclude(pk__in=mine))
            .select_related("user").prefetch_related("sites").distinct()
            .order_by("user__last_name", "user__first_name", "user__username"))


def get_managed(actor: Actor, profile_id: object, action: str = door.VIEW) -> Profile:
    """One account named in a URL: 404 when it does not exist, 403 when it is not wholly
    of the actor's sites."""
    door.require(actor, door.USERS, action)
    key = door.parse_uuid(profile_id)
    profile = Profile.objects.select_related("user").filter(external_id=key).first()
    if profile is None:
        raise Http404(_("No such record."))
    door.require_all_sites(actor, set(profile.memberships.values_list("site_id", flat=True)))
    return profile


def _sites(actor: Actor, sites: list[Site]) -> list[Site]:
    if not sites:
        raise UserInputError("sites", _("Choose at least one site."))
    door.require_all_sites(actor, {site.pk for site in sites})
    return sites


def _record(actor: Actor, action: str, profile: Profile, request: HttpRequest | None,
            detail: dict[str, Any]) -> None:
    audit.record(user=actor, action=action, object_type="user", object_id=profile.user_id,
                 request=request, detail={"user": profile.user.get_username(), **detail})


@transaction.atomic
def do_create_staff(actor: Actor, values: dict[str, Any], *,
                    request: HttpRequest | None = None) -> Profile:
    door.require(actor, door.USERS, door.CHANGE)
    sites = _sites(actor, list(values.get("sites") or []))
    user = do_create_user(
        str(values.get("username") or "").strip(), role=values.get("role") or "",
        site_codes=[site.code for site in sites], specialty=values.get("specialty") or "",
        password=values.get("password") or None, title=values.get("title") or "",
        first_name=values.get("first_name") or "", last_name=values.get("last_name") or "",
        email=values.get("email") or "", actor=actor if isinstance(actor, User) else None)
    profile = Profile.objects.select_related("user").get(user_id=user.pk)
    _record(actor, "user_update", profile, request,
            {"fields": sorted(k for k in (*ACCOUNT_FIELDS, "title") if values.get(k))})
    return profile


@transaction.atomic
def do_update_staff(actor: Actor, profile: Profile, values: dict[str, Any], *,
                    request: HttpRequest | None = None) -> Profile:
    door.require(actor, door.USERS, door.CHANGE)
    profile = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    door.require_all_sites(actor, set(profile.memberships.values_list("site_id", flat=True)))
    sites = _sites(actor, list(values.get("sites") or []))
    if profile.user_id == getattr(actor, "pk", None) and values.get("role") != Role.ADMIN:
        raise UserInputError("role", _("You cannot take the administrator role from "
                                       "yourself; ask another administrator."))
    user = profile.user
    details = [k for k in ACCOUNT_FIELDS if k in values and getattr(user, k) != values[k]]
    details += [k for k in ("title", "specialty") if k in values
                and getattr(profile, k) != values[k]]
    for key in details:
        setattr(user if key in ACCOUNT_FIELDS else profile, key, values[key])
    if any(k in ACCOUNT_FIELDS for k in details):
        user.save(update_fields=[k for k in details if k in ACCOUNT_FIELDS])
    if any(k not in ACCOUNT_FIELDS for k in details):
        profile.save(update_fields=[*(k for k in details if k not in ACCOUNT_FIELDS),
                                    "modified"])
    if details:
        _record(actor, "user_update", profile, request, {"fields": sorted(details)})
    before = (profile.role, sorted(profile.sites.values_list("code", flat=True)))
    after = (str(values.get("role") or ""), sorted(site.code for site in sites))
    if before != after:
        _change_access(actor, profile, after[0], sites, before, request)
    return profile


def _change_access(actor: Actor, profile: Profile, role: str, sites: list[Site],
                   before: tuple[str, list[str]], request: HttpRequest | None) -> None:
    if role not in Role.values:
        raise UserInputError("role", _("Choose a role from the list."))
    set_access(profile, role, sites)
    _record(actor, "role_change", profile, request,
            {"role": [before[0], role], "sites": [before[1], sorted(s.code for s in sites)]})


@transaction.atomic
def do_set_active(actor: Actor, profile: Profile, active: bool, *,
                  request: HttpRequest | None = None) -> Profile:
    """Deactivate (sessions and API tokens stop working at once) or reactivate."""
    door.require(actor, door.USERS, door.CHANGE)
    door.require_all_sites(actor, set(profile.memberships.values_list("site_id", flat=True)))
    if profile.user_id == getattr(actor, "pk", None) and not active:
        raise UserInputError("active", _("You cannot deactivate your own account."))
    User.objects.filter(pk=profile.user_id).update(is_active=active)
    profile.user.is_active = active
    _record(actor, "user_activate" if active else "user_deactivate", profile, request, {})
    return profile


@transaction.atomic
def do_reset_two_factor(actor: Actor, profile: Profile, *,
                        request: HttpRequest | None = None) -> int:
    """Forget the user's authenticator: at their next sign-in they enrol a new one."""
    door.require(actor, door.USERS, door.CHANGE)
    door.require_all_sites(actor, set(profile.memberships.values_list("site_id", flat=True)))
    removed, _by_type = TOTPDevice.objects.filter(user_id=profile.user_id).delete()
    _record(actor, "two_factor_reset", profile, request, {"devices": removed})
    return removed
