"""The case page's capability panels, each loaded on demand (htmx) from its own URL, so
that the page itself costs a summary, not every capability's queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tumorboard.patients import queries
from tumorboard.patients.models import Case


@dataclass(frozen=True)
class Panel:
    name: str  # in the URL
    anchor: str  # the id of the panel's own section, so links to #anchor still land
    library: str  # template tag library of the owning app
    tag: str
    title: Promise


PANELS: tuple[Panel, ...] = (
    Panel("history", "status-history", "patient_tags", "case_status_history",
          _("Status history")),
    Panel("decisions", "decision-support", "decisions_tags", "case_decision_panel",
          _("Function-preservation screen")),
    Panel("reports", "reports", "report_tags", "case_reports_panel",
          _("Imaging and pathology reports")),
    Panel("mdt", "mdt", "board_tags", "case_board_panel", _("MDT")),
    Panel("clinic", "clinic", "clinic_tags", "case_clinic_panel", _("One-stop clinic")),
    Panel("outcomes", "outcomes", "outcomes_tags", "case_outcomes_panel", _("Outcomes")),
)
BY_NAME = {panel.name: panel for panel in PANELS}


def placeholders(case: Case, request: HttpRequest) -> list[dict[str, object]]:
    """What the case page shows in place of each panel until it is loaded. A case page
    rendered in answer to a POST (another app's form redisplayed with its errors, e.g.
    outcomes' _redisplay) renders its panels inline, so the bound form is shown."""
    inline = request.method == "POST"
    # One reverse for all: the panels' URLs differ only in the last segment.
    first = reverse("case-panel", kwargs={"case_id": case.external_id, "panel": PANELS[0].name})
    stem = first[:-len(PANELS[0].name) - 1]
    return [{"anchor": p.anchor, "title": p.title,
             "html": _render(p, case, request) if inline else "",
             "url": f"{stem}{p.name}/"} for p in PANELS]


def _render(panel: Panel, case: Case, request: HttpRequest) -> SafeString:
    """The panel as its app's template tag renders it (the tag checks its own access)."""
    template = engines["django"].from_string(
        f"{{% load {panel.library} %}}{{% {panel.tag} case %}}")
    return mark_safe(template.render({"case": case}, request))  # noqa: S308 (rendered)


def case_panel(request: HttpRequest, case_id: str, panel: str) -> HttpResponse:
    """One panel of a case, rendered by the owning app's template tag."""
    case = queries.get_case(request.user, case_id, request=request)
    chosen = BY_NAME.get(panel)
    if chosen is None:
        raise Http404(_("No such record."))
    return HttpResponse(_render(chosen, case, request))
