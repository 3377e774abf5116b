"""Shared helpers for the FHIR tests: fixtures, bundles and the R4B validator."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

FIXTURES = Path(__file__).parent / "fixtures"
JENNY = FIXTURES / "Bundle-mcode-patient-bundle-jenny-m.json"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


def collection(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": f"http://example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r}
        for r in resources]}


def as_transaction(bundle: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(bundle))
    copy["type"] = "transaction"
    for entry in copy["entry"]:
        resource = entry["resource"]
        entry["request"] = {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}
    return copy


def validate(resource: dict[str, Any]) -> Any:
    """Parse with the fhir.resources R4B model; raises on an invalid resource."""
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def new_id() -> str:
    return str(uuid.uuid4())
