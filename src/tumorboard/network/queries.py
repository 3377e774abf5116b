"""Reads of the network pages: the referral worklist with waiting times."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tumorboard.accounts import door
from tumorboard.accounts.access import AnyUser
from tumorboard.network import vocabulary as v
from tumorboard.network.models import Referral


@dataclass
class Row:
    referral: Referral
    waiting_days: int  # from sending to the reply (or now, when awaiting one)
    open_days: int  # from sending to completion (or now)
    overdue: bool  # awaiting a reply past the target


def _days(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, (end - start).days)


def row(referral: Referral, now: dt.datetime) -> Row:
    replied = referral.replied_at or now
    closed = referral.completed_at or now
    return Row(referral, _days(referral.sent_at, replied), _days(referral.sent_at, closed),
               referral.status == v.SENT and now > referral.reply_due)


def worklist(user: AnyUser, *, closed: bool = False) -> tuple[list[Row], list[Row]]:
    """(referrals in, referrals out) of the user's sites; open ones unless ``closed``."""
    mine = door.site_ids(user)
    rows = door.scope(user, Referral.objects.select_related(
        "case__patient", "from_site", "to_site", "sent_by"))
    if not closed:
        rows = rows.filter(status__in=v.OPEN)
    now = timezone.now()
    listed = [row(r, now) for r in rows.order_by("reply_due", "id")[:500]]
    incoming = [r for r in listed if r.referral.to_site_id in mine]
    outgoing = [r for r in listed if r.referral.from_site_id in mine]
    return incoming, outgoing
