"""Coded values of the capacity app, each with its label through gettext.

Priority classes follow the surgical prioritisation of the Federation of Surgical Specialty
Associations (FSSA), adopted by the Royal College of Surgeons of England, "Clinical Guide to
Surgical Prioritisation during the Coronavirus Pandemic" (2020, updated 2021): P1 emergency or
urgent within 72 hours, P2 within 4 weeks, P3 within 3 months, P4 can be delayed beyond 3
months. The target for P4 (no upper limit in the guide) is set here at one year.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PRIORITIES = [("P1", _("P1: within 72 hours")), ("P2", _("P2: within 4 weeks")),
              ("P3", _("P3: within 3 months")), ("P4", _("P4: can wait over 3 months"))]
# Target in days from listing (P1: 72 h = 3 days).
TARGET_DAYS = {"P1": 3, "P2": 28, "P3": 91, "P4": 365}
# Days before the target at which an entry is a near-breach.
NEAR_BREACH_DAYS = {"P1": 1, "P2": 7, "P3": 14, "P4": 28}

WAITING, SCHEDULED, DONE, REMOVED = "waiting", "scheduled", "done", "removed"
ENTRY_STATUSES = [(WAITING, _("waiting")), (SCHEDULED, _("on a planned list")),
                  (DONE, _("operated")), (REMOVED, _("removed from the list"))]

CHECK_STATUSES = [("pending", _("pending")), ("done", _("done"))]
FUNDING_STATUSES = [("not_applicable", _("not applicable")), ("pending", _("pending")),
                    ("approved", _("approved")), ("declined", _("declined"))]

OPERATED, CANCELLED = "operated", "cancelled"
DAY_OUTCOMES = [(OPERATED, _("operated")), (CANCELLED, _("cancelled"))]
CANCEL_REASONS = [("no_bed", _("no bed")), ("unfit", _("patient unfit")),
                  ("overrun", _("list overran")), ("dna", _("patient did not attend"))]

MOVE_KINDS = [("admit", _("admission")), ("transfer", _("transfer")),
              ("discharge", _("discharge"))]

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]

DEFAULT_DURATION_MIN = 120
DEFAULT_LOS_DAYS = 3
