"""AJCC 8th edition stage grouping. Plain Python: imports no Django.

An invalid or incomplete T/N/M combination raises StagingError naming the field; nothing
is guessed. `scheme_for` chooses the scheme from ICD-O-3 topography and morphology.
"""

from tumorboard.patients.staging.core import StagingError, stage_group
from tumorboard.patients.staging.site import SchemeChoice, choose_scheme, scheme_for

__all__ = ["SchemeChoice", "StagingError", "choose_scheme", "scheme_for", "stage_group"]
