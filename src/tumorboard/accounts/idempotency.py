"""Idempotency-Key on API creates: a retried POST gets the first answer instead of a twin.

Only successful (2xx) answers are kept: an error created nothing, so running the request
again is harmless and gives the caller a fresh answer (e.g. after fixing a CSRF header).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from tumorboard.accounts.models import IdempotencyKey
from tumorboard.accounts.tokens import user_for_token

API_PREFIX = "/api/v1/"
HEADER = "Idempotency-Key"


def _api_user(request: HttpRequest) -> AbstractBaseUser | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return user_for_token(header[7:].strip())
    user = request.user
    return user if user.is_authenticated else None  # type: ignore[return-value]


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message, "field": HEADER,
                         "errors": [{"field": HEADER, "error": message}]}, status=status)


@transaction.atomic
def do_claim_key(user: AbstractBaseUser, key: str, digest: str) -> tuple[IdempotencyKey, bool]:
    """The key's row and whether this request made it (the unique constraint decides races)."""
    cutoff = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    IdempotencyKey.objects.filter(created__lt=cutoff).delete()
    return IdempotencyKey.objects.get_or_create(user_id=user.pk, key=key,
                                                defaults={"request_hash": digest})


def do_finish_key(claim: IdempotencyKey, response: HttpResponse) -> None:
    if 200 <= response.status_code < 300 and not response.streaming:
        claim.status_code = response.status_code
        claim.content_type = response.get("Content-Type", "")[:100]
        claim.body = response.content
        claim.save(update_fields=["status_code", "content_type", "body"])
    else:
        claim.delete()


def replay(claim: IdempotencyKey, digest: str) -> HttpResponse:
    if claim.request_hash != digest:
        return _error(422, "this Idempotency-Key was used with a different request body")
    if claim.status_code is None:
        return _error(409, "a request with this Idempotency-Key is still being processed")
    response = HttpResponse(bytes(claim.body), status=claim.status_code,
                            content_type=claim.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def handle(request: HttpRequest, get_response: object) -> HttpResponse | None:
    """The replayed or fresh response, or None when the request carries no key."""
    key = request.headers.get(HEADER, "").strip()
    if request.method != "POST" or not key or not request.path.startswith(API_PREFIX):
        return None
    if len(key) > 255:
        return _error(422, "Idempotency-Key must be at most 255 characters")
    user = _api_user(request)
    if user is None:
        return None  # the API itself answers 401
    digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
    claim, fresh = do_claim_key(user, key, digest)
    if not fresh:
        return replay(claim, digest)
    try:
        response: HttpResponse = get_response(request)  # type: ignore[operator]
    except BaseException:
        claim.delete()
        raise
    do_finish_key(claim, response)
    return response
