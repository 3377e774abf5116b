from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tumorboard.board.demo import do_create_demo_boards
from tumorboard.clinic.demo import DEMO_CLINICIANS, do_create_demo_clinic
from tumorboard.clinic.demo_history import do_create_demo_history
from tumorboard.core import demo_data, demo_loader
from tumorboard.patients.models import Patient


class Command(BaseCommand):
    help = "Set up the database, load a synthetic demo data set and serve the UI."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--patients", type=int, default=2000)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--seed", type=int, default=20261123)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo data is refused in production", returncode=2)
        if options["patients"] < 0:
            raise CommandError("--patients must be 0 or more", returncode=2)
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        sites = demo_loader.do_create_demo_sites()
        users = demo_loader.do_create_demo_users()
        if Patient.objects.filter(site__in=sites.values()).exists():
            self.stdout.write("Demo data already loaded; keeping it.")
        else:
            self._load(options["patients"], options["seed"], sites)
        self._load_services()
        self.stdout.write("\nDemo users (username / password / role):")
        for username, password, role in users:
            self.stdout.write(f"  {username:<14} {password:<26} {role}")
        clinicians = ", ".join(name for name, _specialty, _room in DEMO_CLINICIANS)
        self.stdout.write(f"  Clinic staff at EAST ({clinicians}) use demo-<name>-2026 too.")
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def _load_services(self) -> None:
        """The one-stop clinic and MDT boards built on the loaded patients (idempotent)."""
        do_create_demo_clinic("EAST")
        do_create_demo_history("EAST")  # past clinic days, so the clinic measures chart them
        do_create_demo_boards()
        call_command("screen_cases", stdout=self.stdout, stderr=self.stderr)

    def _load(self, count: int, seed: int, sites: dict[str, Any]) -> None:
        patients = demo_data.generate(count, seed=seed)
        lead = get_user_model().objects.get(username="clinician")
        with tqdm(total=count, desc="Loading demo patients", unit="patient",
                  file=sys.stderr) as bar:
            demo_loader.do_load_patients(patients, sites, lead, progress=bar.update)
        self.stdout.write(f"Loaded {count} synthetic patients at {len(sites)} hospitals.")
