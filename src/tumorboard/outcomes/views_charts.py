"""The registry dashboard's charts, loaded after the page (htmx) and drawn once per data.

Drawing with matplotlib was ~87 % of the dashboard's time; the page now answers with its
tables and each chart arrives on its own request. A chart is cached under a digest of what
it draws (curves, suppression, language), so a second look at unchanged data costs the
figures' queries only, and any new outcome changes the digest."""

from __future__ import annotations

import hashlib
import pickle
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from tumorboard.accounts import audit, door
from tumorboard.outcomes import charts, registry
from tumorboard.patients.validation import InvalidInput

CHART_NAMES = ("os", "dfs", "incidence")
CACHE_SECONDS = 24 * 3600


def chart_urls(result: registry.Registry, query: str) -> dict[str, str]:
    """The charts this result has, each as the URL that draws it."""
    names = [name for name in ("os", "dfs") if result.curves.get(name)]
    names += ["incidence"] if result.incidence else []
    suffix = f"?{query}" if query else ""
    return {name: reverse("outcomes-chart", kwargs={"chart": name}) + suffix for name in names}


@require_GET
def registry_chart(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in CHART_NAMES:
        raise Http404
    try:
        filters = registry.parse_filters(request.user, request.GET)
    except InvalidInput as error:
        return HttpResponse(" ".join(str(m) for m in error.errors.values()), status=422,
                            content_type="text/plain; charset=utf-8")
    # as the dashboard decides: identifiable figures only for those who may list patients
    suppress = filters.multi_site or not door.may(request.user, door.OUTCOMES)
    result = registry.compute_registry(filters, suppress=suppress, today=timezone.localdate())
    audit.record(user=request.user, action="view", object_type="outcomes_registry",
                 request=request, detail={**result.figures["filters"], "chart": chart,
                                          "suppressed": result.suppressed})
    return HttpResponse(drawn(result, chart), content_type="image/svg+xml; charset=utf-8")


def drawn(result: registry.Registry, chart: str) -> str:
    inputs = _inputs(result, chart)
    if inputs is None:
        return ""
    key = "registry-chart:" + hashlib.sha256(pickle.dumps(
        (chart, translation.get_language(), inputs))).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(result, chart)
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def _inputs(result: registry.Registry, chart: str) -> Any:
    if chart == "incidence":
        if not result.incidence:
            return None
        return (result.incidence, result.incidence_at_risk, result.suppressed,
                result.figures["n"])
    curves = result.curves.get(chart)
    if not curves:
        return None
    return (curves, str(result.figures[chart]["title"]), result.suppressed)


def _draw(result: registry.Registry, chart: str) -> str:
    if chart == "incidence":
        return charts.incidence_svg(result.incidence, result.incidence_at_risk,
                                    suppress=result.suppressed, n=int(result.figures["n"] or 0))
    return charts.km_svg(result.curves[chart], result.figures[chart]["title"],
                         suppress=result.suppressed)
