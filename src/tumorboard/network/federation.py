"""The site's side of the federation: its sufficient statistics as one
``tumorboard-aggregate/1`` document (overall survival per pathway, times coarsened, and the
indicators' numerators and denominators), and sending it to the hub. No patient row, id or
exact date leaves the site: only counts per (pathway, rounded time) and per indicator."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.db.models import Count, Q, Sum

from tumorboard.network.hub import INDICATORS
from tumorboard.network.models import Site
from tumorboard.outcomes.analytics.aggregate import site_aggregate
from tumorboard.outcomes.models import CaseOutcome, Operation

SEVERE = ("IIIa", "IIIb", "IVa", "IVb", "V")
FLAGS = ("sphincter_preserved", "permanent_stoma", "reconstruction", "limb_salvage",
         "anastomotic_leak", "death_90d")
API_PATH = "/api/v1/network/aggregates"


def indicator_counts(site: Site) -> list[tuple[str, int, int]]:
    """(indicator, numerator, denominator) of the site, in INDICATORS order."""
    outcomes = CaseOutcome.objects.filter(site=site)
    sums = outcomes.aggregate(**{f"{f}_n": Sum(f) for f in FLAGS},
                              **{f"{f}_d": Count(f) for f in FLAGS})
    counts = {f: (int(sums[f"{f}_n"] or 0), int(sums[f"{f}_d"] or 0)) for f in FLAGS}
    operations = Operation.objects.filter(case__site=site)
    counts["clavien_dindo_3"] = (
        operations.filter(complications__grade__in=SEVERE).distinct().count(),
        operations.count())
    counts["r1_margin"] = (operations.filter(margin="R1").count(),
                           operations.filter(~Q(margin="")).count())
    return [(name, *counts[name]) for name in INDICATORS if counts[name][1] > 0]


def site_document(site: Site, round_to: float | None = 30) -> dict[str, Any]:
    """The site's aggregate: overall survival from diagnosis per pathway, and indicators."""
    rows = [(pathway, float(days), int(event)) for pathway, days, event in
            CaseOutcome.objects.filter(site=site).values_list("pathway", "os_days", "os_event")]
    return site_aggregate(rows, site.code, round_to=round_to, by="pathway",
                          indicators=indicator_counts(site))


class HubRefused(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("error") or f"HTTP {status}")
        self.status, self.body = status, body


def push(document: dict[str, Any], hub: str, key: str, timeout: float = 30) -> dict[str, Any]:
    """POST the document to the hub; its JSON answer, or HubRefused with the hub's error."""
    if not hub.startswith(("http://", "https://")):
        raise ValueError("the hub's URL must be http:// or https://")
    url = hub.rstrip("/") + ("" if hub.rstrip("/").endswith(API_PATH) else API_PATH)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, data=json.dumps(document).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer: dict[str, Any] = json.loads(response.read() or b"{}")
            return answer
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read() or b"{}")
        except ValueError:
            body = {}
        raise HubRefused(error.code, body) from None
