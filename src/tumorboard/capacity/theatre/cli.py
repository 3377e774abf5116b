"""`tumorboard theatre`: plan a week's operating lists, or check lists against a week.

    tumorboard theatre [--input FILE] [--time-limit SECONDS]
    tumorboard theatre --check INSTANCE LISTS

Exit status: 0 planned (or the lists are valid), 1 the checked lists have violations (one a
line on stdout), 2 bad input ({"error": ..., "field": ...} on stderr, nothing on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from tumorboard.pathways.errors import InputError
from tumorboard.pathways.jsonio import read_object

from . import check
from .instance import InstanceError
from .solve import DEFAULT_TIME_LIMIT, solve


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # bad arguments are bad input: JSON, exit 2
        raise InstanceError("argv", message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tumorboard theatre", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--input", help="instance JSON file (default: stdin)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    parser.add_argument("--check", nargs=2, metavar=("INSTANCE", "LISTS"))
    return parser


def main(argv: Sequence[str]) -> int:
    try:
        args = _parser().parse_args(list(argv))
        if args.check:
            return _check(args.check[0], args.check[1])
        if not 0 < args.time_limit <= 3600:
            raise InstanceError("--time-limit", "must be between 0 and 3600 seconds")
        result = solve(_load(args.input, "input"), time_limit=args.time_limit)
    except InstanceError as error:
        sys.stderr.write(json.dumps(error.to_dict()) + "\n")
        return 2
    sys.stdout.write(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return 0


def _check(instance_path: str, lists_path: str) -> int:
    violations = check(_load(instance_path, "INSTANCE"), _load(lists_path, "LISTS"))
    for violation in violations:
        sys.stdout.write(violation + "\n")
    return 1 if violations else 0


def _load(path: str | None, field: str) -> Any:
    """The shared JSON reader; its errors name the argument the file came from."""
    try:
        return read_object(path)
    except InputError as error:
        raise InstanceError(field, error.message) from None
