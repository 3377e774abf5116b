"""Per-user API tokens, stored hashed."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone

from tumorboard.accounts.models import ApiToken, hash_token


@transaction.atomic
def do_issue_token(user: User) -> str:
    raw = "tb_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[3:11])
    return raw


def user_for_token(raw: str) -> AbstractBaseUser | None:
    token = (
        ApiToken.objects.select_related("user", "user__profile")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
