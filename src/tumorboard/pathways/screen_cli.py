"""`tumorboard screen [--input FILE]`: the function-preservation screen of one case.

JSON object in (stdin or FILE), the contract's object (contracts/screen.md) out. Any bad
input: exit 2 with {"error": ..., "field": ...} on stderr and nothing on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from tumorboard.pathways.case import CaseFacts
from tumorboard.pathways.errors import CaseInputError, InputError
from tumorboard.pathways.jsonio import parse_input_argv, read_object, report
from tumorboard.pathways.screen import screen_case

USAGE = "usage: tumorboard screen [--input FILE]   (JSON object on stdin otherwise)\n"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        input_path, show_help = parse_input_argv(sys.argv[1:] if argv is None else argv)
        if show_help:
            sys.stdout.write(USAGE)
            return 0
        data = read_object(input_path)
        if not isinstance(data, dict):
            raise CaseInputError(None, "input must be a JSON object")
        result = screen_case(CaseFacts.from_dict(data)).to_contract()
    except InputError as error:
        return report(error)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
