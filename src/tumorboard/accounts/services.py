"""Creating users and throttling logins."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tumorboard.accounts import audit
from tumorboard.accounts.models import LoginFailure, Profile, Role, SiteMembership, Specialty
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
) -> AbstractUser:
    User = get_user_model()
    if not username or User.objects.filter(username=username).exists():
        raise UserInputError("username", f"username {username!r} is empty or already taken")
    if role not in Role.values:
        raise UserInputError("role", f"role must be one of {', '.join(Role.values)}")
    if specialty not in Specialty.values:
        raise UserInputError("specialty", f"unknown specialty {specialty!r}")
    sites = list(Site.objects.filter(code__in=site_codes))
    missing = sorted(set(site_codes) - {s.code for s in sites})
    if missing or not site_codes:
        raise UserInputError("site", f"unknown site code(s): {', '.join(missing) or '(none)'}")
    user = User(username=username, is_staff=(role == Role.ADMIN))
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
    profile = Profile.objects.create(user=user, role=role, specialty=specialty)
    SiteMembership.objects.bulk_create(SiteMembership(profile=profile, site=s) for s in sites)
    return user  # type: ignore[return-value]


def login_locked(username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    failures = LoginFailure.objects.filter(username=username, at__gte=since)
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def do_record_login_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=ip)
    audit.record(user=None, username=username[:150], action="login_failed",
                 object_type="user", channel="web")


def do_clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username).delete()
