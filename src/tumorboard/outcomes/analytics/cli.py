"""``tumorboard analyze survival|incidence|aggregate|funnel|cusum``: CSV in, JSON out
(shared/contracts/analyze.md)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from tumorboard.outcomes.analytics.counts import (
    competing_counts_from_rows,
    split_by_group,
    time_counts_from_rows,
)
from tumorboard.outcomes.analytics.csv_input import InputError, Observations, read_observations
from tumorboard.outcomes.analytics.incidence import cumulative_incidence
from tumorboard.outcomes.analytics.kaplan_meier import CI_TRANSFORMS
from tumorboard.outcomes.analytics.network_cli import (
    OPTIONS as NETWORK_OPTIONS,
)
from tumorboard.outcomes.analytics.network_cli import (
    add_aggregate_options,
    add_network_commands,
    check_survival_options,
    pooled_report,
    run_network,
)
from tumorboard.outcomes.analytics.report import json_number, survival_report_from_counts

JsonObject = dict[str, Any]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as InputError instead of exiting."""

    def error(self, message: str) -> NoReturn:
        field = "command"
        for option in (*NETWORK_OPTIONS, "input", "time", "event", "by", "at", "ci"):
            if f"--{option}" in message:
                field = option
                break
        raise InputError(message, field)


def _non_negative_time(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


_non_negative_time.__name__ = "non-negative time"  # argparse names the type in its message


def _parser() -> _Parser:
    parser = _Parser(prog="tumorboard analyze", description=__doc__)
    commands = parser.add_subparsers(dest="analysis", required=True, parser_class=_Parser)
    for name, summary in (
        ("survival", "Kaplan-Meier per group with medians and the log-rank test"),
        ("incidence", "Aalen-Johansen cumulative incidence per competing cause"),
    ):
        command = commands.add_parser(name, help=summary, description=summary)
        required = name == "incidence"  # survival may pool --aggregates instead
        command.add_argument("--input", required=required, help="CSV file, one row per patient")
        command.add_argument("--time", required=required, help="column with follow-up time")
        command.add_argument("--event", required=required, help="column with the event code")
        command.add_argument("--by", help="column whose values define the groups")
        command.add_argument(
            "--at",
            nargs="+",
            action="extend",
            type=_non_negative_time,
            default=[],
            metavar="T",
            help="times at which to report the estimates",
        )
        if name == "survival":
            command.add_argument("--ci", choices=CI_TRANSFORMS, default="log-log")
            add_aggregate_options(command)
    add_network_commands(commands)
    return parser


def _groups(observations: Observations) -> list[tuple[str | None, Any]]:
    if observations.group is None:
        return [(None, slice(None))]
    return [(str(label), rows) for label, rows in split_by_group(observations.group)]


def survival_report(observations: Observations, at: Sequence[float], ci: str) -> JsonObject:
    labelled = [
        (label, time_counts_from_rows(observations.time[rows], observations.event[rows]))
        for label, rows in _groups(observations)
    ]
    return survival_report_from_counts(labelled, at, ci)


def incidence_report(observations: Observations, at: Sequence[float]) -> JsonObject:
    # Every group reports every cause seen anywhere in the file (0 events if absent).
    causes = sorted({int(code) for code in observations.event.tolist() if code > 0})
    groups = []
    for label, rows in _groups(observations):
        counts = competing_counts_from_rows(
            observations.time[rows], observations.event[rows], causes
        )
        curves = cumulative_incidence(counts)
        groups.append(
            {
                "group": label,
                "n": counts.n,
                "causes": {
                    str(curve.cause): {
                        "events": curve.total_events,
                        "at": [
                            {
                                "time": p.time,
                                "incidence": p.incidence,
                                "lower": json_number(p.lower),
                                "upper": json_number(p.upper),
                            }
                            for p in (curve.at(t) for t in at)
                        ],
                    }
                    for curve in curves
                },
            }
        )
    return {"n": int(observations.time.size), "groups": groups}


def run(argv: Sequence[str]) -> JsonObject:
    options = _parser().parse_args(list(argv))
    if options.analysis in ("aggregate", "funnel", "cusum"):
        return run_network(options)
    survival = options.analysis == "survival"
    if survival:
        check_survival_options(options)
        if options.aggregates is not None:
            return pooled_report(options)
    observations = read_observations(
        options.input, options.time, options.event, options.by, max_code=1 if survival else None
    )
    if survival:
        return survival_report(observations, options.at, options.ci)
    return incidence_report(observations, options.at)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        report = run(arguments)
    except SystemExit as stop:  # only --help gets here; usage errors raise InputError
        return stop.code if isinstance(stop.code, int) else 0
    except InputError as problem:
        sys.stderr.write(json.dumps({"error": problem.message, "field": problem.field}) + "\n")
        return 2
    sys.stdout.write(json.dumps(report, allow_nan=False) + "\n")
    return 0
