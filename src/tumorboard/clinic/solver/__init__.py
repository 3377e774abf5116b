"""Pure-Python scheduler of the one-stop clinic (no Django): see docs/clinic-solver.md."""

from .check import Violation, check_schedule
from .constructive import constructive, first_come_first_served
from .instance import Clinician, Consult, Instance, InstanceError, Patient, parse_instance
from .optimise import SolverSettings
from .replan import apply_changes, replan
from .schedule import Appointment, Schedule, Unscheduled, parse_schedule
from .solve import DEFAULT_TIME_LIMIT, solve

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "Appointment",
    "Clinician",
    "Consult",
    "Instance",
    "InstanceError",
    "Patient",
    "Schedule",
    "SolverSettings",
    "Unscheduled",
    "Violation",
    "apply_changes",
    "check_schedule",
    "constructive",
    "first_come_first_served",
    "parse_instance",
    "parse_schedule",
    "replan",
    "solve",
]
