"""``tumorboard analyze aggregate|funnel|cusum`` and ``survival --aggregates`` (CSV/JSON in,
JSON out; shared/contracts/analyze.md "Network statistics")."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from tumorboard.outcomes.analytics.aggregate import pool_aggregates, site_aggregate
from tumorboard.outcomes.analytics.counts import group_sort_key
from tumorboard.outcomes.analytics.csv_input import InputError, read_observations, read_rows
from tumorboard.outcomes.analytics.cusum import ra_cusum
from tumorboard.outcomes.analytics.funnel import funnel_plot

JsonObject = dict[str, Any]
OPTIONS = (
    "aggregates", "by-site", "round-to", "site", "unit", "outcome", "expected", "order",
    "odds-ratio", "threshold", "target",
)  # fmt: skip


def _positive(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(text)
    return value


_positive.__name__ = "positive number"


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


_number.__name__ = "number"


def add_network_commands(commands: Any) -> None:
    """The subcommands ``aggregate``, ``funnel`` and ``cusum`` on the analyze parser."""
    summary = "a site's sufficient statistics for its network hub (tumorboard-aggregate/1)"
    command = commands.add_parser("aggregate", help=summary, description=summary)
    command.add_argument("--input", required=True, help="CSV file, one row per patient")
    command.add_argument("--time", required=True, help="column with follow-up time")
    command.add_argument("--event", required=True, help="column with 1 = event, 0 = censored")
    command.add_argument("--by", help="column whose values define the groups")
    command.add_argument("--site", help="the site's code (default: the file name)")
    command.add_argument(
        "--round-to", type=_positive, help="round times up to a multiple of N (e.g. 7 or 30)"
    )
    for name, summary in (
        ("funnel", "funnel plot of a 0/1 outcome per unit (Spiegelhalter 2005)"),
        ("cusum", "risk-adjusted CUSUM per unit (Steiner et al. 2000)"),
    ):
        command = commands.add_parser(name, help=summary, description=summary)
        command.add_argument("--input", required=True, help="CSV file, one row per case")
        command.add_argument("--unit", required=True, help="column naming the hospital or surgeon")
        command.add_argument("--outcome", required=True, help="column with the 0/1 outcome")
        command.add_argument(
            "--expected", required=name == "cusum", help="column with the expected probability"
        )
        if name == "funnel":
            command.add_argument(
                "--target",
                type=_number,
                help="target proportion (with --expected: target O/E ratio, default 1)",
            )
        else:
            command.add_argument("--order", help="column giving the order (e.g. the date)")
            command.add_argument("--odds-ratio", type=_positive, default=2.0)
            command.add_argument("--threshold", type=_positive, default=4.5)


def add_aggregate_options(survival: argparse.ArgumentParser) -> None:
    survival.add_argument(
        "--aggregates", nargs="+", metavar="FILE", help="pool tumorboard-aggregate/1 files"
    )
    survival.add_argument(
        "--by-site", action="store_true", help="with --aggregates: one group per site"
    )


def _site_from_path(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or "site"


def aggregate_report(options: argparse.Namespace) -> JsonObject:
    observations = read_observations(
        options.input, options.time, options.event, options.by, max_code=1
    )
    groups: list[str | None] = [None] * int(observations.time.size)
    if observations.group is not None:
        groups = [*observations.group]
    rows = zip(groups, observations.time.tolist(), observations.event.tolist(), strict=True)
    return site_aggregate(
        rows, options.site or _site_from_path(options.input), options.round_to, options.by
    )


def _load_aggregate(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError) as problem:
        raise InputError(f"cannot read {path}: {problem}", "aggregates") from problem
    except json.JSONDecodeError as problem:
        raise InputError(f"{path} is not JSON: {problem}", "aggregates") from problem


def pooled_report(options: argparse.Namespace) -> JsonObject:
    for option in ("input", "time", "event", "by"):
        if getattr(options, option) is not None:
            raise InputError(f"--{option} cannot be combined with --aggregates", option)
    documents = []
    for path in options.aggregates:
        document = _load_aggregate(path)
        try:
            pool_aggregates([document])  # each file on its own first, to name it
        except InputError as problem:
            raise InputError(f"{path}: {problem.message}", problem.field) from None
        documents.append(document)
    return pool_aggregates(documents, by_site=options.by_site, at=options.at, ci=options.ci)


def _outcome(text: str, line: int, column: str) -> int:
    if text.strip() not in ("0", "1"):
        raise InputError(f"row {line}: outcome {text!r} must be 0 or 1", column)
    return int(text)


def _expected(text: str, line: int, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"row {line}: expected {text!r} is not a number", column) from None
    if not 0.0 < value < 1.0:
        raise InputError(f"row {line}: expected probability {text!r} must lie in (0, 1)", column)
    return value


def _order_key(values: list[str]) -> Any:
    """Numbers in numeric order if every value is a number, else text (ISO dates sort)."""
    keys = [group_sort_key(value) for value in values]
    if all(key[0] == 0 for key in keys):
        return [key[1] for key in keys]
    return values


def unit_rows(options: argparse.Namespace) -> list[tuple[str, int, float | None]]:
    order = getattr(options, "order", None)
    columns = [
        (options.unit, "unit"),
        (options.outcome, "outcome"),
        (options.expected, "expected"),
        (order, "order"),
    ]
    cells = read_rows(options.input, columns)
    rows = []
    for line, (unit, outcome, expected, _) in cells:
        if not (unit or "").strip():
            raise InputError(f"row {line}: the unit is empty", options.unit)
        rows.append(
            (
                unit or "",
                _outcome(outcome or "", line, options.outcome),
                None if expected is None else _expected(expected, line, options.expected),
            )
        )
    if order is None:
        return rows
    values = [(cell[3] or "").strip() for _, cell in cells]
    if not all(values):
        raise InputError("a row has no value in the order column", order)
    keys = _order_key(values)
    ranked = sorted(range(len(rows)), key=lambda i: keys[i])  # stable: ties keep file order
    return [rows[i] for i in ranked]


def run_network(options: argparse.Namespace) -> JsonObject:
    if options.analysis == "aggregate":
        return aggregate_report(options)
    if options.analysis == "funnel":
        return funnel_plot(unit_rows(options), target=options.target)
    rows = [(unit, outcome, float(p or 0.0)) for unit, outcome, p in unit_rows(options)]
    return ra_cusum(rows, odds_ratio=options.odds_ratio, threshold=options.threshold)


def check_survival_options(options: argparse.Namespace) -> None:
    """Without --aggregates the CSV options are required (argparse cannot say "either")."""
    if options.aggregates is not None:
        return
    for option in ("input", "time", "event"):
        if getattr(options, option) is None:
            raise InputError(f"--{option} is required (or give --aggregates)", option)
    if options.by_site:
        raise InputError("--by-site needs --aggregates", "by-site")
