"""Problems found in FHIR input, and the OperationOutcome that reports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Issue:
    severity: str  # error | warning | information
    code: str  # FHIR issue-type: invalid, structure, required, value, not-found, ...
    expression: str
    diagnostics: str
    reason: str = ""  # for resources not stored: why, in words (summaries count by it)


@dataclass
class Problems:
    issues: list[Issue] = field(default_factory=list)

    def error(self, expression: str, diagnostics: str, code: str = "invalid") -> None:
        self.issues.append(Issue("error", code, expression, diagnostics))

    def note(self, expression: str, diagnostics: str, code: str = "informational") -> None:
        self.issues.append(Issue("information", code, expression, diagnostics))

    def not_stored(self, expression: str, reason: str, detail: str = "") -> None:
        """A resource tumorboard does not store, and why (information level)."""
        self.issues.append(Issue("information", "informational", expression,
                                 f"not stored: {reason}{detail}", reason))

    def warn(self, expression: str, diagnostics: str, code: str = "business-rule") -> None:
        self.issues.append(Issue("warning", code, expression, diagnostics))

    def not_stored_reasons(self) -> dict[str, int]:
        return reasons(self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


class FhirInputError(Exception):
    """Refused input; carries every problem found and the HTTP status to answer with."""

    def __init__(self, problems: Problems, status: int = 422, index: int = 0) -> None:
        first = problems.errors[0] if problems.errors else Issue("error", "invalid", "", "?")
        super().__init__(f"{first.expression}: {first.diagnostics}")
        self.problems = problems
        self.status = status
        self.index = index  # which of several bundles imported together


def reasons(issues: list[Issue]) -> dict[str, int]:
    """How many resources were not stored, by reason."""
    counts: dict[str, int] = {}
    for issue in issues:
        if issue.reason:
            counts[issue.reason] = counts.get(issue.reason, 0) + 1
    return counts


def refuse(expression: str, diagnostics: str, *, code: str = "invalid",
           status: int = 400) -> FhirInputError:
    problems = Problems()
    problems.error(expression, diagnostics, code)
    return FhirInputError(problems, status)


def outcome(issues: list[Issue]) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [
        {"severity": i.severity, "code": i.code, "diagnostics": i.diagnostics,
         **({"expression": [i.expression]} if i.expression else {})}
        for i in issues] or [{"severity": "information", "code": "informational",
                              "diagnostics": "ok"}]}
