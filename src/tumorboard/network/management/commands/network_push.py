"""On a site: ``tumorboard manage network_push --hub URL --key KEY [--site CODE]
[--round-to DAYS] [--dry-run]`` sends the site's aggregate (counts only) to the hub.
Exit 2 on bad input (naming the field), 1 when the hub refuses (its error is printed)."""

from __future__ import annotations

import json
import urllib.error
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tumorboard.network import federation
from tumorboard.network.models import Site
from tumorboard.outcomes.analytics.csv_input import InputError


class Command(BaseCommand):
    help = "Send this site's aggregate statistics (no patient rows) to the network's hub."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--hub", default="", help="the hub's base URL")
        parser.add_argument("--key", default="", help="this site's key at the hub")
        parser.add_argument("--site", default="", help="site code (when there are several)")
        parser.add_argument("--round-to", dest="round_to", type=float, default=30.0,
                            help="round times up to a multiple of this many days (30)")
        parser.add_argument("--dry-run", action="store_true",
                            help="print the document instead of sending it")

    def _fail(self, field: str, message: str, code: int = 2) -> CommandError:
        self.stderr.write(json.dumps({"error": message, "field": field}))
        return CommandError(f"{field}: {message}", returncode=code)

    def _site(self, code: str) -> Site:
        sites = Site.objects.filter(code=code) if code else Site.objects.all()
        if sites.count() != 1:
            raise self._fail("site", "name this site's code with --site" if not code
                             else "no site with this code")
        site = sites.get()
        return site

    def handle(self, *args: Any, **options: Any) -> None:
        site = self._site(options["site"])
        if not options["dry_run"]:
            if not options["hub"].startswith(("http://", "https://")):
                raise self._fail("hub", "give the hub's URL (http:// or https://)")
            if not options["key"]:
                raise self._fail("key", "give this site's key at the hub")
        try:
            document = federation.site_document(site, options["round_to"])
        except InputError as error:
            raise self._fail(error.field, error.message) from None
        if options["dry_run"]:
            self.stdout.write(json.dumps(document, indent=2))
            return
        try:
            answer = federation.push(document, options["hub"], options["key"])
        except federation.HubRefused as refused:
            raise self._fail(str(refused.body.get("field") or "hub"),
                             f"the hub refused ({refused.status}): {refused}", 1) from None
        except (urllib.error.URLError, OSError) as error:
            raise self._fail("hub", f"the hub cannot be reached: {error}", 1) from None
        self.stdout.write(json.dumps(answer))
