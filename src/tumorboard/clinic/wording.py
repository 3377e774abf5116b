"""Words for what the solver and the services record as codes: specialties, unscheduled
reasons, re-planning events. One vocabulary, translated through gettext; no code, id or
username reaches a page."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tumorboard.accounts.models import Specialty

# ScheduleRun.event codes (what set off a re-plan) and their words
EVENTS = {
    "late": gettext_lazy("a patient is late"),
    "walk-in": gettext_lazy("a walk-in"),
    "away": gettext_lazy("a clinician was called away"),
    "check-in": gettext_lazy("a patient checked in"),
    "no-show": gettext_lazy("a patient did not come"),
    "started": gettext_lazy("a consult started"),
    "finished": gettext_lazy("a consult finished"),
}


def specialty_label(code: str) -> str:
    try:
        return str(Specialty(code).label)
    except ValueError:
        return _("another specialty")


def specialties_label(codes: str) -> str:
    return " + ".join(specialty_label(code.strip()) for code in codes.split("+"))


def event_label(code: str) -> str:
    head = code.split(":", 1)[0].strip()
    return str(EVENTS[head]) if head in EVENTS else ""


def _no_clinician(m: re.Match[str], label: Callable[[str], str]) -> str:
    return _("no %(specialty)s clinician on this day") % {
        "specialty": specialty_label(m["specialty"])}


def _none_free(m: re.Match[str], label: Callable[[str], str]) -> str:
    return _("no %(specialties)s clinician free at a time that fits") % {
        "specialties": specialties_label(m["specialties"])}


def _after(m: re.Match[str], label: Callable[[str], str]) -> str:
    return _("comes after “%(consult)s”, which is not scheduled") % {
        "consult": label(m["consult"])}


def _left(m: re.Match[str], label: Callable[[str], str]) -> str:
    return _("%(duration)s minutes do not fit in the %(left)s minutes left after arrival") % {
        "duration": m["duration"], "left": m["left"]}


def _window(m: re.Match[str], label: Callable[[str], str]) -> str:
    return _("%(duration)s minutes are longer than any %(specialty)s session after arrival "
             "(longest %(longest)s minutes)") % {
        "duration": m["duration"], "specialty": specialty_label(m["specialty"]),
        "longest": m["longest"]}


REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str], Callable[[str], str]], str]]] = [
    (re.compile(r"no (?P<specialty>[a-z_]+) clinician"), _no_clinician),
    (re.compile(r"no (?P<specialties>[a-z_ +]+) clinician free"), _none_free),
    (re.compile(r"after (?P<consult>\S+) unscheduled"), _after),
    (re.compile(r"(?P<duration>\d+) min do not fit in the (?P<left>\d+) min left after arrival"),
     _left),
    (re.compile(r"(?P<duration>\d+) min exceed the longest (?P<specialty>[a-z_]+) window after "
                r"arrival \((?P<longest>\d+) min\)"), _window),
]


def reason_text(reason: str, consult_label: Callable[[str], str]) -> str:
    """The solver's unscheduled reason in words; `consult_label` names a consult code."""
    if reason == "done":
        return _("done")
    if reason == "no-show":
        return _("did not come")
    for pattern, words in REASONS:
        found = pattern.fullmatch(reason)
        if found:
            return words(found, consult_label)
    return _("not scheduled")
