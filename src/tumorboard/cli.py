"""The `tumorboard` command.

Pure subcommands (score, screen, stage, schedule, theatre, analyze) import no Django, so
they start fast and run without a database. The rest are Django management commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

USAGE = """usage: tumorboard COMMAND [ARGS...]

commands:
  demo        set up the embedded database, load demo data and serve the UI
  serve       serve the web UI and API (default 127.0.0.1:8000)
  migrate     create or upgrade the database schema
  createuser  create a user with a role and a site
  token       print a new API token for a user
  score       compute a validated clinical score (JSON in, JSON out)
  screen      function-preservation screen of one case (JSON in, JSON out)
  stage       AJCC 8th edition stage group (JSON in, JSON out)
  schedule    optimise a one-stop clinic day (JSON in, JSON out)
  theatre     plan a week's operating lists (JSON in, JSON out; --check)
  analyze     survival, incidence, network aggregates, funnel plots, RA-CUSUM (JSON out)
  import      import data (import fhir FILE...)
  export      export data (export fhir --out DIR)
  backup      write a verified backup of the database (backup --out FILE)
  restore     restore a backup after checking its manifest (restore FILE)
  audit       check the audit trail's hash chain (audit verify)
  welfare     welfare fund ledger check, document reminders (welfare ledger --check)
  site        add a site of the network, or list the sites (site add|list)
  manage      any Django management command
"""

PureMain = Callable[[Sequence[str]], int]


def _pure(module: str) -> PureMain:
    def run(argv: Sequence[str]) -> int:
        import importlib

        entry: PureMain = importlib.import_module(module).main
        return entry(argv)

    return run


PURE_COMMANDS: dict[str, PureMain] = {
    "score": _pure("tumorboard.pathways.cli"),
    "screen": _pure("tumorboard.pathways.screen_cli"),
    "stage": _pure("tumorboard.patients.staging.cli"),
    "theatre": _pure("tumorboard.capacity.theatre.cli"),
    "schedule": _pure("tumorboard.clinic.solver.cli"),
    "analyze": _pure("tumorboard.outcomes.analytics.cli"),
}

# tumorboard subcommand -> Django management command
DJANGO_COMMANDS = {
    "demo": "demo",
    "serve": "serve",
    "migrate": "migrate",
    "createuser": "createuser",
    "token": "token",
    "import": "import",
    "export": "export",
    "backup": "backup",
    "restore": "restore",
    "audit": "audit",
    "welfare": "welfare",
    "site": "site",
}


def run_django(command: str, argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumorboard.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["tumorboard", command, *argv])
    except SystemExit as stop:
        return int(stop.code or 0) if isinstance(stop.code, int) else 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command in PURE_COMMANDS:
        return PURE_COMMANDS[command](rest)
    if command == "manage":
        return run_django(rest[0], rest[1:]) if rest else run_django("help", [])
    if command in DJANGO_COMMANDS:
        return run_django(DJANGO_COMMANDS[command], rest)
    sys.stderr.write(f"tumorboard: unknown command {command!r}\n{USAGE}")
    return 2
