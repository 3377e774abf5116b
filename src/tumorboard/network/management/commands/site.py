"""``tumorboard site add CODE --name NAME [--network NAME] [--time-zone TZ] [--city C]`` and
``tumorboard site list`` (JSON). Bad input: exit 2 with ``{"error", "field"}`` on stderr."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tumorboard.network.services import do_save_site, site_list
from tumorboard.patients.validation import InvalidInput


class Command(BaseCommand):
    help = "Add a site (hospital) of the network, or list the sites as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a site")
        add.add_argument("code")
        add.add_argument("--name", required=True)
        add.add_argument("--network", default="")
        add.add_argument("--time-zone", dest="time_zone", default="Asia/Shanghai")
        add.add_argument("--city", default="")
        add.add_argument("--no-sphincter-preservation", dest="offers", action="store_false",
                         help="the site does not offer sphincter-preserving surgery")
        sub.add_parser("list", help="list the sites as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self.stdout.write(json.dumps(site_list(), ensure_ascii=False, indent=2))
            return
        values = {"code": options["code"], "name": options["name"],
                  "network": options["network"], "time_zone": options["time_zone"],
                  "city": options["city"], "offers_sphincter_preservation": options["offers"]}
        try:
            site = do_save_site(None, values)
        except InvalidInput as error:
            self.stderr.write(json.dumps({"error": error.errors[error.field],
                                          "field": error.field}, ensure_ascii=False))
            raise CommandError(f"{error.field}: {error.errors[error.field]}",
                               returncode=2) from None
        self.stdout.write(json.dumps({"code": site.code, "name": site.name,
                                      "network": site.network, "time_zone": site.time_zone},
                                     ensure_ascii=False))
