"""AJCC 8th edition stage grouping. Plain Python: imports no Django.

An invalid or incomplete T/N/M combination raises StagingError; nothing is guessed.
"""

from tumorboard.patients.staging.core import StagingError, stage_group

__all__ = ["StagingError", "stage_group"]
