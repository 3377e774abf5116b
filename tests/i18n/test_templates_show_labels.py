"""No template prints a stored code of a vocabulary where a reader expects its label.

Reads every template for `{{ something.field }}` where `field` is the name of a model field
with choices, printed as text (not inside an HTML attribute such as a CSS class) and through
no labelling filter. Each such place must be listed below with the reason it is not a code.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

SOURCE = Path(__file__).resolve().parents[2] / "src" / "tumorboard"
VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*((?:\|[^}]*)?)\}\}")
# Filters that turn a code into its label in the reader's language.
LABELLING = re.compile(r"\|\s*(local|\w+_label|\w+_title)\b")

NOT_CODES: dict[tuple[str, str], str] = {
    ("templates/patients/case.html", "case.grade"): "free text as the pathologist wrote it",
    ("templates/patients/case.html", "panel.title"): "a translated panel heading",
    ("templates/patients/reports/report.html", "report.title"): "the report's typed title",
    ("templates/patients/reports/_rows.html", "r.title"): "the report's typed title",
    ("templates/accounts/patient_audit.html", "row.action"): "audit_labels' words",
    ("templates/accounts/audit.html", "row.action"): "audit_labels' words",
    ("board/templates/board/recommendation.html", "d.reason"): "a dissent typed by a member",
    ("board/templates/board/letters/referrer.html", "o.title"): "letters.py's option words",
    ("board/templates/board/letters/referrer.html", "o.decision"): "letters.py's words",
    ("board/templates/board/letters/referrer.html", "o.reason"): "a reason typed at the board",
    ("board/templates/board/letters/patient.html", "o.title"): "letters.py's option words",
    ("board/templates/board/letters/patient.html", "o.decision"): "letters.py's words",
    ("welfare/templates/welfare/apply.html", "m.relation"): "a form field (its select)",
    ("clinic/templates/clinic/_schedule.html", "run_line.kind"): "presenters' words",
    ("clinic/templates/clinic/itinerary.html", "labels.title"): "the itinerary's heading",
    ("clinic/templates/clinic/booking.html", "booking.priority"): "a number",
    ("outcomes/templates/outcomes/_survival.html", "table.title"): "a translated heading",
    ("outcomes/templates/outcomes/dashboard.html", "errors.pathway"): "an error message",
    ("outcomes/templates/outcomes/_case_panel.html", "cx.grade"):
        "Clavien-Dindo notation (I, IIIa), read the same in both languages",
    ("decisions/templates/decisions/report.html", "errors.pathway"): "an error message",
    ("decisions/templates/decisions/_calculator.html", "calc.title"): "panel.py's gettext",
    ("decisions/templates/decisions/_case_panel.html", "option.latest.reason"):
        "a reason typed by the clinician",
    ("decisions/templates/decisions/_case_panel.html", "old.reason"):
        "a reason typed by the clinician",
    ("decisions/templates/decisions/_case_panel.html", "option.errors.decision"):
        "an error message",
    ("decisions/templates/decisions/_case_panel.html", "option.errors.reason"):
        "an error message",
    ("capacity/templates/capacity/beds.html", "move_form.kind"): "a form field (its select)",
    ("fhir/templates/fhir/_received_careplans.html", "p.status"): "fhir/panel.py's words",
    ("fhir/templates/fhir/_received_careplans.html", "a.status"): "fhir/panel.py's words",
    ("fhir/templates/fhir/_received_careplans.html", "p.title"): "the plan's title as sent",
}


def choice_field_names() -> set[str]:
    return {field.name for model in apps.get_models()
            if model.__module__.startswith("tumorboard")
            for field in model._meta.get_fields() if getattr(field, "choices", None)}


def printed_codes(text: str, names: set[str]) -> list[tuple[int, str]]:
    """(line, expression) of each `{{ x.field }}` printed as text without a label filter."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in VARIABLE.finditer(line):
            expression, filters = match.groups()
            inside_attribute = line[:match.start()].count('"') % 2 == 1
            if ("." in expression and expression.rsplit(".", 1)[1] in names
                    and not inside_attribute and not LABELLING.search(filters)):
                found.append((number, expression))
    return found


class TemplatesShowLabelsTest(SimpleTestCase):
    def test_it_finds_a_code_printed_as_text(self) -> None:
        names = {"status", "pathway"}
        self.assertEqual(printed_codes("<td>{{ case.status }}</td>", names),
                         [(1, "case.status")])
        self.assertEqual(printed_codes('<span class="s-{{ case.status }}">', names), [])
        self.assertEqual(printed_codes("{{ case.status|status_label }}", names), [])
        self.assertEqual(printed_codes("{{ case.get_pathway_display|local }}", names), [])

    def test_it_shows_labels_not_codes_in_every_template(self) -> None:
        names = choice_field_names()
        found = []
        for template in sorted(SOURCE.rglob("templates/**/*.html")):
            path = str(template.relative_to(SOURCE))
            for number, expression in printed_codes(template.read_text(), names):
                if (path, expression) not in NOT_CODES:
                    found.append(f"{path}:{number}: {{{{ {expression} }}}}")
        self.assertEqual(found, [], "codes printed where a label belongs (use get_*_display"
                         "|local or a *_label filter, or list the place with its reason)")

    def test_it_lists_only_places_that_still_exist(self) -> None:
        names = choice_field_names()
        present = {(str(t.relative_to(SOURCE)), e)
                   for t in SOURCE.rglob("templates/**/*.html")
                   for _, e in printed_codes(t.read_text(), names)}
        self.assertEqual(sorted(set(NOT_CODES) - present), [])
