"""List again the cases whose conditional decision's date has come (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from tumorboard.board.relist import do_relist_due


class Command(BaseCommand):
    help = "List again the cases whose conditional decision's date has come."

    def handle(self, *args: Any, **options: Any) -> None:
        count = do_relist_due(timezone.localdate())
        self.stdout.write(f"{count} case(s) listed again\n")
