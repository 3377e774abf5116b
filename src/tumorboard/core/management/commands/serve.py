from __future__ import annotations

import ctypes
import resource
import signal
import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

# Waitress stops accepting once this many sockets are open (its own default is 100). Browsers
# and API clients keep connections alive, so 50 users with two connections each were enough
# for new connections to sit unread in the kernel's queue until an idle one timed out (the
# load benchmark's 30-second write timeouts). Each connection costs one file descriptor.
DEFAULT_CONNECTION_LIMIT = 1000
# Descriptors kept free for database connections, log files and imports.
RESERVED_DESCRIPTORS = 64


def connection_budget(requested: int, threads: int) -> int:
    """The connection limit the process's open-file limit allows, raising the soft limit first."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = requested + 2 * threads + RESERVED_DESCRIPTORS
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft == resource.RLIM_INFINITY:
        return requested
    return max(10, min(requested, soft - 2 * threads - RESERVED_DESCRIPTORS))


class Command(BaseCommand):
    help = "Serve the web UI and API with waitress (default 127.0.0.1:8000)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default: loopback only)")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--connection-limit", type=int, default=DEFAULT_CONNECTION_LIMIT,
                            help="open connections accepted at once (default %(default)s)")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the background task worker (FHIR $export)")

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from tumorboard.wsgi import application

        limit = connection_budget(options["connection_limit"], options["threads"])
        if limit < options["connection_limit"]:
            self.stderr.write(f"the open-file limit allows {limit} connections, not "
                              f"{options['connection_limit']}")
        self.stdout.write(f"tumorboard serving on http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        worker = None if options["no_worker"] else start_worker()
        # `kill`, systemd and test harnesses stop the server with SIGTERM, which ends Python
        # without running `finally`: the worker would be left polling the database
        signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            serve(application, host=options["host"], port=options["port"],
                  threads=options["threads"], connection_limit=limit, ident="tumorboard")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)


def start_worker() -> subprocess.Popen[bytes]:
    """The task worker (django-tasks database backend: FHIR Bulk Data $export) runs beside
    the server, as its own process, for as long as the server runs."""
    return subprocess.Popen([sys.executable, "-m", "tumorboard", "manage", "db_worker",
                             "--no-startup-delay", "--interval", "1"],
                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the worker, before it starts: Linux sends it SIGTERM when the server dies, even
    by SIGKILL, when no `finally` can run."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
