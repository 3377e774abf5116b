"""On a hub: ``tumorboard manage network_key SITE_CODE [--revoke]`` prints a new key for the
member site to send its aggregates with (only its hash is stored), or revokes its keys."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tumorboard.network import hub
from tumorboard.network.models import Site


class Command(BaseCommand):
    help = "Issue (or revoke) a member site's key for sending aggregates to this hub."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("site")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        site = Site.objects.filter(code=options["site"]).first()
        if site is None:
            self.stderr.write(json.dumps({"error": "no site with this code", "field": "site"}))
            raise CommandError("site: no site with this code", returncode=2)
        if options["revoke"]:
            self.stdout.write(json.dumps({"revoked": hub.do_revoke_site_keys(None, site)}))
            return
        self.stdout.write(hub.do_issue_site_key(None, site))
