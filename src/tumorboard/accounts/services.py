"""Creating users and throttling logins."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tumorboard.accounts import audit
from tumorboard.accounts.models import (
    LoginFailure,
    Profile,
    Role,
    SiteMembership,
    Specialty,
    Title,
)
from tumorboard.network.models import Site


class UserInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@transaction.atomic
def do_create_user(
    username: str,
    *,
    role: str,
    site_codes: list[str],
    specialty: str = "",
    password: str | None = None,
    validate: bool = True,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> AbstractUser:
    User = get_user_model()
    if not username or User.objects.filter(username=username).exists():
        raise UserInputError("username", gettext(
            "The user name %(name)r is empty or already taken.") % {"name": username})
    if role not in Role.values:
        raise UserInputError("role", gettext("The role must be one of %(roles)s.")
                             % {"roles": ", ".join(Role.values)})
    if specialty not in Specialty.values:
        raise UserInputError("specialty", gettext("Unknown specialty %(value)r.")
                             % {"value": specialty})
    if title not in Title.values:
        raise UserInputError("title", gettext("Unknown professional title %(value)r.")
                             % {"value": title})
    sites = list(Site.objects.filter(code__in=site_codes))
    missing = sorted(set(site_codes) - {s.code for s in sites})
    if missing or not site_codes:
        raise UserInputError("site", f"unknown site code(s): {', '.join(missing) or '(none)'}")
    user = User(username=username, is_staff=(role == Role.ADMIN), first_name=first_name,
                last_name=last_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise UserInputError("password", " ".join(error.messages)) from None
        user.set_password(password)
    user.save()
    profile = Profile.objects.create(user=user, role=role, specialty=specialty, title=title)
    SiteMembership.objects.bulk_create(SiteMembership(profile=profile, site=s) for s in sites)
    audit.record(user=actor, action="user_create", object_type="user", object_id=user.pk,
                 detail={"user": username, "role": role, "sites": sorted(site_codes)})
    return user  # type: ignore[return-value]


def set_access(profile: Profile, role: str, sites: list[Site]) -> None:
    """The profile's role and exactly these site memberships (caller is atomic, audits);
    only the admin role is Django staff."""
    profile.role = role
    profile.save(update_fields=["role", "modified"])
    profile.memberships.exclude(site__in=sites).delete()
    known = set(profile.memberships.values_list("site_id", flat=True))
    SiteMembership.objects.bulk_create(
        SiteMembership(profile=profile, site=s) for s in sites if s.pk not in known)
    get_user_model().objects.filter(pk=profile.user_id).update(is_staff=(role == Role.ADMIN))


@transaction.atomic
def do_change_role(actor: User | None, user: User, *, role: str,
                   site_codes: list[str]) -> Profile:
    """Give a user a new role and set of sites; audited with the before and after."""
    if role not in Role.values:
        raise UserInputError("role", f"role must be one of {', '.join(Role.values)}")
    sites = list(Site.objects.filter(code__in=site_codes))
    missing = sorted(set(site_codes) - {s.code for s in sites})
    if missing or not site_codes:
        raise UserInputError("site", f"unknown site code(s): {', '.join(missing) or '(none)'}")
    profile = Profile.objects.select_for_update().get(user=user)
    before = (profile.role, sorted(profile.sites.values_list("code", flat=True)))
    set_access(profile, role, sites)
    audit.record(user=actor, action="role_change", object_type="user", object_id=user.pk,
                 detail={"user": user.get_username(), "role": [before[0], role],
                         "sites": [before[1], sorted(site_codes)]})
    return profile


def login_key(username: str) -> str:
    """The one form of a typed username that failures are counted under.

    Django's login form strips the username and NFKC-normalises it (UsernameField), so
    "victim1 " and a fullwidth "ｖictim1" sign in as victim1; casefolding as well puts case
    variants in the same bucket, so no variant that can sign in escapes the count.
    """
    once = unicodedata.normalize("NFKC", username.strip())
    return unicodedata.normalize("NFKC", once.casefold()).strip()[:150]


def login_refusal(username: str, ip: str | None) -> str | None:
    """Why a password attempt is refused before it is checked, or None to check it.

    Rules (README "Login throttling"): per username and address, per address, per
    username from anywhere (a short delay only), and a global circuit breaker.
    """
    now = timezone.now()
    recent = LoginFailure.objects.filter(
        at__gte=now - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS))
    if recent.count() >= settings.LOGIN_MAX_FAILURES_GLOBAL:
        return "global"
    if ip and recent.filter(ip_address=ip).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
        return "address"
    of_user = recent.filter(username=login_key(username))
    if ip and of_user.filter(ip_address=ip).count() >= settings.LOGIN_MAX_FAILURES:
        return "user_address"
    if of_user.count() >= settings.LOGIN_MAX_FAILURES:
        last = of_user.order_by("-at").values_list("at", flat=True).first()
        if last and (now - last).total_seconds() < settings.LOGIN_USER_DELAY_SECONDS:
            return "user_delay"
    return None


def do_record_login_failure(username: str, ip: str | None) -> None:
    key = login_key(username)
    with transaction.atomic():
        # Keep the table small: nothing older than the window is ever counted.
        LoginFailure.objects.filter(
            at__lt=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)).delete()
        LoginFailure.objects.create(username=key, ip_address=ip)
        audit.record(user=None, username=username[:150], action="login_failed",
                     object_type="user", channel="web", ip_address=ip)


def do_clear_login_failures(username: str, ip: str | None) -> None:
    """A correct password clears that username's failures from this address only."""
    LoginFailure.objects.filter(username=login_key(username), ip_address=ip).delete()
