"""Reading a Bundle: JSON, shape, and every entry validated with the fhir.resources R4B
models. Problems are collected for all entries before anything is refused."""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from tumorboard.fhir.problems import FhirInputError, Problems, refuse

BUNDLE_TYPES = frozenset({"transaction", "collection", "batch"})


def load_json(raw: bytes | str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise refuse("Bundle", f"malformed JSON: {error}", code="structure") from None


def _model_errors(resource_type: str, resource: dict[str, Any], where: str,
                  problems: Problems) -> None:
    try:
        model = get_fhir_model_class(resource_type)
    except (ValueError, KeyError):
        problems.error(f"{where}.resourceType", f"{resource_type!r} is not an R4 resource type",
                       code="structure")
        return
    try:
        model.model_validate(resource)
    except ValidationError as error:
        for item in error.errors():
            path = ".".join(str(p) for p in item["loc"] if p != "__root__")
            problems.error(f"{where}.{path}" if path else where, str(item["msg"])[:300],
                           code="structure")
    except (ValueError, TypeError, KeyError) as error:
        problems.error(where, f"invalid resource: {error}"[:300], code="structure")


def _entry_problems(index: int, entry: Any, bundle_type: str, problems: Problems) -> None:
    where = f"Bundle.entry[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
        problems.error(f"{where}.resource", "each entry needs a resource", code="required")
        return
    resource = entry["resource"]
    resource_type = resource.get("resourceType")
    if not isinstance(resource_type, str):
        problems.error(f"{where}.resource.resourceType", "missing resourceType",
                       code="required")
        return
    if bundle_type in ("transaction", "batch"):
        request = entry.get("request") or {}
        if request.get("method") not in ("POST", "PUT") or not request.get("url"):
            problems.error(f"{where}.request", "a transaction entry needs request.method POST "
                           "or PUT and request.url", code="required")
    _model_errors(resource_type, resource, f"{where}.resource", problems)


def checked_bundle(document: Any, allowed_types: frozenset[str]) -> dict[str, Any]:
    """The bundle if it is one of the allowed types and every entry validates."""
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        found = document.get("resourceType") if isinstance(document, dict) else type(document)
        raise refuse("Bundle.resourceType", f"expected a Bundle, got {found!r}",
                     code="structure")
    bundle_type = document.get("type")
    if bundle_type not in allowed_types:
        raise refuse("Bundle.type", f"expected a {' or '.join(sorted(allowed_types))} Bundle, "
                     f"got {bundle_type!r}", code="value")
    entries = document.get("entry") or []
    problems = Problems()
    if not isinstance(entries, list):
        problems.error("Bundle.entry", "entry must be a list", code="structure")
        raise FhirInputError(problems, 400)
    shell = {k: v for k, v in document.items() if k != "entry"}
    _model_errors("Bundle", shell, "Bundle", problems)
    for index, entry in enumerate(entries):
        _entry_problems(index, entry, bundle_type, problems)
    if problems.errors:
        raise FhirInputError(problems, 422)
    return document
