"""`tumorboard score NAME [--input FILE]` and `tumorboard score --list`.

JSON object in (stdin or FILE), the contract's JSON object out. Any bad input: exit 2 with
{"error": ..., "field": ...} on stderr and nothing on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from tumorboard.pathways.errors import InputError, ScoreInputError
from tumorboard.pathways.jsonio import read_object, report
from tumorboard.pathways.registry import SCORES, compute, get_spec
from tumorboard.pathways.spec import ScoreResult

USAGE = """usage: tumorboard score NAME [--input FILE]   (JSON object on stdin otherwise)
       tumorboard score --list
"""


@dataclass(frozen=True, slots=True)
class Request:
    name: str | None
    input_path: str | None
    list_scores: bool
    help: bool


def parse_argv(argv: Sequence[str]) -> Request:
    """Hand-rolled so that every usage error is reported as JSON (argparse prints text)."""
    name: str | None = None
    input_path: str | None = None
    list_scores = show_help = False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--list":
            list_scores = True
        elif arg in {"-h", "--help"}:
            show_help = True
        elif arg == "--input" or arg.startswith("--input="):
            if arg == "--input" and not args:
                raise ScoreInputError("input", "--input needs a file name")
            input_path = arg.split("=", 1)[1] if "=" in arg else args.pop(0)
        elif arg.startswith("-") and arg != "-":
            raise ScoreInputError("argv", f"unknown option {arg}")
        elif name is None:
            name = arg
        else:
            raise ScoreInputError("argv", f"unexpected argument {arg!r}")
    return Request(name, input_path, list_scores, show_help)


def run(request: Request) -> ScoreResult:
    if request.name is None:
        raise ScoreInputError("name", "missing score name (see --list)")
    get_spec(request.name)  # an unknown name is reported before stdin is read
    data = read_object(request.input_path)
    if not isinstance(data, dict):
        raise ScoreInputError(None, "input must be a JSON object")
    return compute(request.name, data)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        request = parse_argv(sys.argv[1:] if argv is None else argv)
        if request.help:
            sys.stdout.write(USAGE)
            return 0
        if request.list_scores:
            sys.stdout.write("".join(f"{name}\n" for name in SCORES))
            return 0
        result = run(request)
    except InputError as error:
        return report(error)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0
