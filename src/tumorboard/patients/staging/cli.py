"""`tumorboard stage [--input FILE]`: AJCC 8th edition stage group (contract:
shared/contracts/screen.md, "`tumorboard stage`").

One JSON object in (stdin or FILE): {"scheme", "t", "n", "m", "grade"} and, for the breast
prognostic schemes, "er", "pr", "her2" and optionally "recurrence_score". Out:
{"scheme", "stage", "edition": "AJCC 8"}. Any bad input: exit 2 with {"error", "field"}
on stderr and nothing on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from tumorboard.pathways.errors import InputError, ScoreInputError
from tumorboard.pathways.jsonio import parse_input_argv, read_object
from tumorboard.patients.staging.core import StagingError, stage_group

USAGE = """usage: tumorboard stage [--input FILE]   (JSON object on stdin otherwise)
input: {"scheme": ..., "t": ..., "n": ..., "m": ..., "grade": ...}
"""

TEXT_KEYS = ("scheme", "t", "n", "m", "grade", "er", "pr", "her2")
KEYS = (*TEXT_KEYS, "recurrence_score")


def _checked(data: object) -> dict[str, object]:
    if not isinstance(data, dict):
        raise ScoreInputError(None, "input must be a JSON object")
    for key, value in data.items():
        if key not in KEYS:
            raise ScoreInputError(key, f"unknown key {key!r}; expected some of {', '.join(KEYS)}")
        if key in TEXT_KEYS and value is not None and not isinstance(value, str):
            raise ScoreInputError(key, f"{key} must be a string")
    if not data.get("scheme"):
        raise ScoreInputError("scheme", "scheme is required")
    return data


def stage(data: dict[str, object]) -> dict[str, str]:
    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    score = data.get("recurrence_score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise ScoreInputError("recurrence_score", "recurrence_score must be a number")
    scheme = str(data["scheme"])
    group = stage_group(scheme, text("t"), text("n"), text("m"), text("grade"),
                        er=text("er"), pr=text("pr"), her2=text("her2"),
                        recurrence_score=score)
    return {"scheme": scheme, "stage": group, "edition": "AJCC 8"}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        path, show_help = parse_input_argv(sys.argv[1:] if argv is None else argv)
        if show_help:
            sys.stdout.write(USAGE)
            return 0
        result = stage(_checked(read_object(path)))
    except InputError as error:
        sys.stderr.write(json.dumps(error.to_dict()) + "\n")
        return 2
    except StagingError as error:
        sys.stderr.write(json.dumps({"error": error.message, "field": error.field}) + "\n")
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    return 0
