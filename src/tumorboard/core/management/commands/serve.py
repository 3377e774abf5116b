from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web UI and API with waitress (default 127.0.0.1:8000)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default: loopback only)")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from tumorboard.wsgi import application

        self.stdout.write(f"tumorboard serving on http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        serve(application, host=options["host"], port=options["port"],
              threads=options["threads"], ident="tumorboard")
