"""JSON input and error output shared by the pure commands (`score`, `screen`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from tumorboard.pathways.errors import InputError


def _reject_constant(token: str) -> object:
    # json accepts NaN/Infinity by default; they are not JSON and no rule can use them.
    raise ValueError(f"{token} is not valid JSON")


def read_object(input_path: str | None) -> object:
    """Parse stdin (or the file) as JSON; errors name `input` (unreadable) or None (bad JSON)."""
    if input_path is None or input_path == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(input_path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise InputError("input", f"cannot read {input_path}: {error.strerror}") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise InputError(None, f"invalid JSON: {error}") from None


def report(error: InputError) -> int:
    """The contract's failure: JSON {"error", "field"} on stderr, exit status 2."""
    sys.stderr.write(json.dumps(error.to_dict()) + "\n")
    return 2


def parse_input_argv(argv: Sequence[str]) -> tuple[str | None, bool]:
    """`[--input FILE] [-h]` as (input path, help wanted); hand-rolled so that a usage
    error is reported as JSON too (argparse prints text)."""
    args, path, show_help = list(argv), None, False
    while args:
        arg = args.pop(0)
        if arg in {"-h", "--help"}:
            show_help = True
        elif arg == "--input" or arg.startswith("--input="):
            if arg == "--input" and not args:
                raise InputError("input", "--input needs a file name")
            path = arg.split("=", 1)[1] if "=" in arg else args.pop(0)
        else:
            raise InputError("argv", f"unexpected argument {arg!r}")
    return path, show_help
