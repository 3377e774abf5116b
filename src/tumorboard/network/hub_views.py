"""The hub's pages: its members' latest aggregates pooled (Kaplan-Meier, log-rank between
sites, indicator rates) with each site against the pool. Aggregates only: every role may
read them; a site with fewer than five cases is not named."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tumorboard.accounts import door
from tumorboard.network import charts, hub, pooling
from tumorboard.network import vocabulary as v
from tumorboard.network.audit_views import named_only, shown_units
from tumorboard.network.models import AggregateSubmission, Site
from tumorboard.outcomes.analytics.csv_input import InputError
from tumorboard.patients.models import Pathway


def site_names(counts: dict[str, int]) -> dict[str, str]:
    """Site code -> name for the sites with enough cases to be named."""
    named = {code for code, n in counts.items() if n >= v.MIN_NAMED}
    return dict(Site.objects.filter(code__in=named).values_list("code", "name"))


def _survival(documents: list[dict[str, Any]], pathway: str) -> dict[str, Any] | None:
    pool = pooling.pool_pathway(documents, pathway)
    if pool is None:
        return None
    counts = {str(g["group"]): g["n"] for g in pool.by_site["groups"]}
    names = site_names(counts)
    label = dict(Pathway.choices).get(pathway, pathway)
    # a site too small to name shows neither its curve nor its counts
    curves = [(_("Network") if code is None else names[code], curve)
              for code, curve in pool.curves if code is None or code in names]
    rows = [{"name": names[str(g["group"])], "n": g["n"], "events": g["events"],
             "median": g["median"]} if str(g["group"]) in names
            else {"name": _("Another site"), "n": None, "events": None, "median": None}
            for g in pool.by_site["groups"]]
    return {"label": label, "report": pool.report, "logrank": pool.by_site["logrank"],
            "sites": rows, "svg": charts.km_svg(curves, _("Overall survival: %(pathway)s")
                                                % {"pathway": label})}


def _indicators(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for name, item in pooling.indicator_funnels(documents).items():
        funnel = item["funnel"]
        names = site_names({u["unit"]: u["n"] for u in funnel["units"]})
        title = v.label(v.INDICATOR_LABELS, name)
        numerator, denominator = item["pooled"]
        out.append({"label": title, "numerator": numerator, "denominator": denominator,
                    "rate": numerator / denominator if denominator else None,
                    "units": shown_units(funnel, names, unnamed=_("Another site")),
                    "svg": charts.funnel_svg(named_only(funnel, names), title, names)})
    return out


@require_GET
def hub_home(request: HttpRequest) -> HttpResponse:
    door.require(request.user, door.AGGREGATES)
    documents = hub.latest_documents()
    context: dict[str, Any] = {
        "members": _members(), "error": None,
        "survival": [], "indicators": []}
    if not documents:  # nothing to pool yet: the members' table says so
        return render(request, "network/hub.html", context)
    try:
        context["survival"] = [s for s in (_survival(documents, p)
                                           for p in pooling.pathways(documents)) if s]
        context["indicators"] = _indicators(documents)
    except InputError as error:  # members sent different granularities
        context["error"] = _(error.message)
    return render(request, "network/hub.html", context)


def _members() -> list[dict[str, Any]]:
    latest: dict[int, AggregateSubmission] = {}
    for row in AggregateSubmission.objects.select_related("site").order_by(
            "site_id", "-received_at", "-id"):
        latest.setdefault(row.site_id, row)
    rows = []
    for row in sorted(latest.values(), key=lambda r: r.site.name):
        cases = sum(e + c for g in row.survival["groups"] for _t, e, c in g["times"])
        rows.append({"name": row.site.name if cases >= v.MIN_NAMED else _("Another site"),
                     "received_at": row.received_at, "cases": cases})
    return rows
