"""Per-user API tokens, stored hashed, with an expiry; revocable by their owner or an admin."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import access, audit
from tumorboard.accounts.models import ApiToken, Role, hash_token


@transaction.atomic
def do_issue_token(user: User, days: int | None = None) -> str:
    days = settings.API_TOKEN_DAYS if days is None else days
    if days < 1:
        raise ValueError("days must be at least 1")
    raw = "tb_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[3:11],
                            expires_at=timezone.now() + timedelta(days=days))
    audit.record(user=None, action="token_issue", object_type="user", object_id=user.pk,
                 detail={"user": user.get_username(), "prefix": raw[3:11]})
    return raw


def user_for_token(raw: str) -> AbstractBaseUser | None:
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__profile")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now,
                user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def tokens_visible_to(user: User | AnonymousUser) -> QuerySet[ApiToken]:
    """A user's own tokens; an admin sees everybody's."""
    tokens = ApiToken.objects.select_related("user").order_by("-created", "-id")
    if access.has_role(user, frozenset({Role.ADMIN})):
        return tokens
    if not user.is_authenticated:
        return tokens.none()
    return tokens.filter(user_id=int(user.pk))


@transaction.atomic
def do_revoke_token(user: User | AnonymousUser, external_id: str) -> ApiToken:
    token = tokens_visible_to(user).select_for_update().filter(external_id=external_id).first()
    if token is None:
        raise PermissionDenied(_("No such token among yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "modified"])
        audit.record(user=user, action="update", object_type="api_token",
                     object_id=token.external_id,
                     detail={"revoked": token.prefix, "owner": token.user.get_username()})
    return token
