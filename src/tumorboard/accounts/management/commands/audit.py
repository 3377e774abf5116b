"""`tumorboard audit verify`: walk the audit trail's hash chain and name the first break."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tumorboard.accounts import audit_chain
from tumorboard.accounts.models import AuditEvent

BATCH = 2000
PROGRESS_EVERY = 50_000
COLUMNS = ("id", "hash", *audit_chain.HASHED_FIELDS)


def rows_in_id_order(batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Keyset pages, so memory stays bounded however long the trail is."""
    last_id = 0
    while True:
        page = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")
                    .values(*COLUMNS)[:batch])
        yield from page
        if len(page) < batch:
            return
        last_id = page[-1]["id"]


class Command(BaseCommand):
    help = "Check the audit trail's hash chain (audit verify)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEvent.objects.count()
        walk = audit_chain.Walk()
        for row in rows_in_id_order():
            if not walk.step(row):
                break
            if walk.checked % PROGRESS_EVERY == 0:
                self.stderr.write(f"checked {walk.checked} of {total} rows", ending="\r")
        if walk.broken is not None:
            at = walk.broken.at.isoformat() if walk.broken.at else "?"
            self.stderr.write(_("audit trail broken at row id %(id)s (%(at)s): %(reason)s")
                              % {"id": walk.broken.id, "at": at,
                                 "reason": _(walk.broken.reason) % walk.broken.params})
            self.stdout.write(_("%(count)s rows checked before the break")
                              % {"count": walk.checked})
            sys.exit(1)
        self.stdout.write(_("audit trail intact: %(count)s rows checked, head %(seq)s %(hash)s")
                          % {"count": walk.checked, "seq": walk.head.seq,
                             "hash": walk.head.hash})
