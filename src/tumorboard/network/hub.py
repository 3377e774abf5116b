"""The network's hub: member sites' keys (stored hashed) and the aggregates they send.

The hub accepts only ``tumorboard-aggregate/1`` documents (outcomes/analytics/aggregate.py)
whose groups are pathways and whose indicators are the network's named indicators: a
document with any other field, a free-text group label or an unknown indicator is refused
whole, naming the field, and nothing is stored. No row the hub writes names a patient."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tumorboard.accounts import audit
from tumorboard.accounts.models import hash_token
from tumorboard.network.models import AggregateSubmission, Site, SiteKey
from tumorboard.network.services import _require_admin
from tumorboard.outcomes.analytics.aggregate import validate_aggregate
from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.patients.models import Pathway
from tumorboard.patients.validation import InvalidInput

KEY_PREFIX = "tbsite_"
GROUP_COLUMNS = frozenset({"pathway"})
# The indicators a site sends (numerator / denominator over its operated cases).
INDICATORS = ("sphincter_preserved", "permanent_stoma", "reconstruction", "limb_salvage",
              "anastomotic_leak", "death_90d", "clavien_dindo_3", "r1_margin")
MAX_BYTES = 2_000_000


@transaction.atomic
def do_issue_site_key(user: Any, site: Site) -> str:
    """A new key for ``site`` to send aggregates with; only its hash is kept."""
    _require_admin(user)
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    SiteKey.objects.create(site=site, key_hash=hash_token(raw), prefix=raw[7:15])
    audit.record(user=user, action="site_key_issue", object_type="site",
                 object_id=site.external_id, site_id=site.pk, detail={"prefix": raw[7:15]})
    return raw


@transaction.atomic
def do_revoke_site_keys(user: Any, site: Site) -> int:
    _require_admin(user)
    count = SiteKey.objects.filter(site=site, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    audit.record(user=user, action="site_key_revoke", object_type="site",
                 object_id=site.external_id, site_id=site.pk, detail={"keys": count})
    return count


def site_for_key(raw: str) -> Site | None:
    if not raw.startswith(KEY_PREFIX):
        return None
    key = SiteKey.objects.select_related("site").filter(
        key_hash=hash_token(raw), revoked_at__isnull=True).first()
    return key.site if key else None


def check_document(document: Any, site: Site) -> dict[str, Any]:
    """The document if the hub may store it; InvalidInput naming the field otherwise."""
    try:
        checked = validate_aggregate(document)
    except InputError as error:
        raise InvalidInput({error.field: error.message}) from None
    if checked["site"] != site.code:
        raise InvalidInput({"site": _("The aggregate names another site than its key's.")})
    by = checked.get("by")
    if by is not None and by not in GROUP_COLUMNS:
        raise InvalidInput({"by": _("Groups may only be pathways.")})
    pathways = set(Pathway.values)
    for group in checked["groups"]:
        if group["group"] is not None and group["group"] not in pathways:
            raise InvalidInput({"group": _("A group label is not a pathway.")})
    for indicator in checked.get("indicators", []):
        if indicator["indicator"] not in INDICATORS:
            raise InvalidInput({"indicator": _("An indicator is not one of the network's.")})
    return checked


@transaction.atomic
def do_receive_aggregate(site: Site, document: Any,
                         request: HttpRequest | None = None) -> AggregateSubmission:
    """Store one site's aggregate (already authenticated by its key), whole or not at all."""
    checked = check_document(document, site)
    submission = AggregateSubmission.objects.create(
        site=site, received_at=timezone.now(), survival=checked,
        indicators=checked.get("indicators", []))
    audit.record(user=None, username=f"site:{site.code}", action="create",
                 object_type="aggregate", object_id=submission.external_id, site_id=site.pk,
                 request=request, channel="api",
                 detail={"groups": len(checked["groups"]),
                         "indicators": len(checked.get("indicators", []))})
    return submission


def latest_documents() -> list[dict[str, Any]]:
    """Each member site's most recent aggregate (what the hub pools)."""
    latest: dict[int, dict[str, Any]] = {}
    for row in AggregateSubmission.objects.order_by("site_id", "-received_at", "-id"):
        latest.setdefault(row.site_id, row.survival)
    return list(latest.values())
