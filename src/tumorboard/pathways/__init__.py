"""Pure-Python decision support: validated clinical scores and the function-preservation
screen. Imports nothing from Django."""

from tumorboard.pathways.case import PATHWAYS, CaseFacts, Option, ScreenResult
from tumorboard.pathways.errors import CaseInputError, InputError, ScoreInputError
from tumorboard.pathways.registry import SCORES, compute, relevant_scores
from tumorboard.pathways.screen import RULESET_VERSION, screen_case
from tumorboard.pathways.spec import ScoreSpec

__all__ = [
    "PATHWAYS",
    "RULESET_VERSION",
    "SCORES",
    "CaseFacts",
    "CaseInputError",
    "InputError",
    "Option",
    "ScoreInputError",
    "ScoreSpec",
    "ScreenResult",
    "compute",
    "relevant_scores",
    "screen_case",
]
