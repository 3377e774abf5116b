"""Derived data kept in step with the facts it is derived from, inside the same transaction.

Screening results (decisions) and outcome summaries (outcomes) derive from patients and
cases, but the patients app sits below both and may not import them. Instead of ORM signals
(which fire on any save, hide the write from the reader and run on bulk paths nobody
expects), each higher app registers an updater here when it is ready, and the patients
services call `patient_changed` / `case_changed` explicitly at the end of their `do_*`
function. So a change and everything derived from it commit or roll back together, and a
page that only reads never writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Updater = Callable[[Any, Any], None]  # (changed object, acting user or None)

_CASE_UPDATERS: dict[str, Updater] = {}
_PATIENT_UPDATERS: dict[str, Updater] = {}
_SIGNED_UPDATERS: dict[str, Updater] = {}


def on_case_changed(name: str, updater: Updater) -> None:
    """Register `updater(case, user)`; called from AppConfig.ready (idempotent by name)."""
    _CASE_UPDATERS[name] = updater


def on_patient_changed(name: str, updater: Updater) -> None:
    _PATIENT_UPDATERS[name] = updater


def case_changed(case: Any, user: Any = None) -> None:
    """Bring every derived record of the case up to date; call inside the do_* transaction."""
    for updater in _CASE_UPDATERS.values():
        updater(case, user)


def patient_changed(patient: Any, user: Any = None) -> None:
    for updater in _PATIENT_UPDATERS.values():
        updater(patient, user)


def on_recommendation_signed(name: str, updater: Updater) -> None:
    """Register `updater(recommendation, user)`: capacity lists a signed plan's surgery."""
    _SIGNED_UPDATERS[name] = updater


def recommendation_signed(rec: Any, user: Any = None) -> None:
    for updater in _SIGNED_UPDATERS.values():
        updater(rec, user)


_EVENT_UPDATERS: dict[str, Callable[[str, Any, Any, Any], None]] = {}


def on_event(name: str, updater: Callable[[str, Any, Any, Any], None]) -> None:
    """Register `updater(event, case, on_date, user)`: the board closes the actions an event
    fulfils (an operation closes "surgery within N days")."""
    _EVENT_UPDATERS[name] = updater


def event_recorded(event: str, case: Any, on_date: Any, user: Any = None) -> None:
    """Call inside the do_* transaction that recorded `event` ("operation", "letter",
    "clinic_booking") for `case` on `on_date`."""
    for updater in _EVENT_UPDATERS.values():
        updater(event, case, on_date, user)
