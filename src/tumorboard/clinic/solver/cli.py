"""`tumorboard schedule`: optimise, check or re-plan a one-stop clinic day.

    tumorboard schedule [--input FILE] [--time-limit SECONDS]
    tumorboard schedule [--input FILE] --replan PREVIOUS.json --now T [--changes FILE]
    tumorboard schedule --check INSTANCE SCHEDULE [--json]

Exit status: 0 done (or the schedule is valid), 1 the checked schedule has violations,
2 bad input ({"error": ..., "field": ...} on stderr, nothing on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from .check import check_schedule
from .instance import InstanceError, parse_instance
from .optimise import SolverSettings
from .replan import apply_changes, replan
from .solve import DEFAULT_TIME_LIMIT, solve


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # bad arguments are bad input: JSON, exit 2
        raise InstanceError("argv", message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tumorboard schedule", description=__doc__.splitlines()[0])
    parser.add_argument("--input", help="instance JSON file (default: stdin)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    parser.add_argument("--replan", metavar="PREVIOUS", help="previous schedule JSON file")
    parser.add_argument("--now", type=int, help="minute of the day when re-planning")
    parser.add_argument("--changes", help="JSON of late arrivals, walk-ins, absences")
    parser.add_argument("--check", nargs=2, metavar=("INSTANCE", "SCHEDULE"))
    parser.add_argument("--json", action="store_true", help="--check: violations as JSON")
    return parser


def main(argv: Sequence[str]) -> int:
    try:
        args = _parser().parse_args(list(argv))
        if args.check:
            return _check(args.check[0], args.check[1], args.json)
        return _schedule(args)
    except InstanceError as error:
        sys.stderr.write(json.dumps({"error": error.message, "field": error.place}) + "\n")
        return 2


def _schedule(args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        raise InstanceError("--time-limit", "must be a positive number of seconds")
    data = _load(args.input, "--input")
    settings = SolverSettings(time_limit=args.time_limit)
    if args.replan is None:
        if args.now is not None or args.changes is not None:
            raise InstanceError("--now", "--now and --changes need --replan")
        instance = parse_instance(data)
        result = solve(instance, settings)
    else:
        if args.now is None:
            raise InstanceError("--now", "--replan needs --now MINUTE")
        if args.changes is not None:
            changes = _load(args.changes, "--changes")
            if not isinstance(changes, dict):
                raise InstanceError("changes", "must be a JSON object")
            data = apply_changes(_object(data), changes)
        instance = parse_instance(data)
        previous = _load(args.replan, "--replan")
        result = replan(instance, _object(previous), args.now, settings)
    sys.stdout.write(json.dumps(result.to_json(instance), indent=1) + "\n")
    return 0


def _check(instance_path: str, schedule_path: str, as_json: bool) -> int:
    instance = parse_instance(_load(instance_path, "INSTANCE"))
    schedule = _load(schedule_path, "SCHEDULE")
    violations = check_schedule(instance, _object(schedule))
    if as_json:
        listed = [{"rule": v.rule, "message": v.message} for v in violations]
        sys.stdout.write(json.dumps({"valid": not violations, "violations": listed}) + "\n")
    else:
        for violation in violations:
            sys.stdout.write(f"{violation}\n")
        if not violations:
            sys.stdout.write("valid\n")
    return 1 if violations else 0


def _load(path: str | None, field: str) -> Any:
    try:
        if path is None:
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise InstanceError(field, f"cannot read {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise InstanceError(field, f"not valid JSON: {error.msg} at line {error.lineno}") from error


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InstanceError("$", "must be a JSON object")
    return data
