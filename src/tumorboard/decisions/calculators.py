"""Calculator forms built from ScoreSpec.form(): prefill from the case, parse a POST."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from tumorboard.pathways import SCORES, CaseFacts, CaseInputError, ScoreInputError
from tumorboard.pathways.nested import implied
from tumorboard.pathways.score_labels import choice_label

TRUE_FALSE = {"true": True, "false": False}


def case_prefill(facts: Mapping[str, object]) -> dict[str, dict[str, object]]:
    """Score inputs the case already records (the user checks and completes them)."""
    fill: dict[str, dict[str, object]] = {name: {} for name in SCORES}
    if facts.get("pathway") == "bone_metastasis":
        _bone_prefill(facts, fill)
    if facts.get("pathway") == "melanoma":
        for key in ("breslow_mm", "ulceration", "mitotic_rate_per_mm2",
                    "lymphovascular_invasion", "deep_margin_positive"):
            if facts.get(key) is not None:
                fill["melanoma_slnb"][key] = facts[key]
    return fill


def _bone_prefill(facts: Mapping[str, object], fill: dict[str, dict[str, object]]) -> None:
    """The score inputs the case states outright, by the screen's own rule (one definition),
    plus the count of spinal lesions and the first lesion's level as starting values."""
    lesions = facts.get("spinal_lesions")
    if isinstance(lesions, list) and lesions:
        fill["tokuhashi"]["vertebral_mets"] = len(lesions)
        fill["sins"]["level"] = lesions[0].get("level")
    try:
        case = CaseFacts.from_dict(facts)
    except CaseInputError:
        return  # facts the screen cannot read (shown on the panel): nothing to prefill
    for name in ("tokuhashi", "tomita", "katagiri"):
        fill[name].update(implied(case, name))


def merge_prefill(name: str, last_inputs: Mapping[str, object],
                  from_case: Mapping[str, object]) -> dict[str, object]:
    """Last saved inputs, updated by what the case now records."""
    merged = {**last_inputs, **from_case}
    if name == "sins" and "location" in last_inputs and "level" not in last_inputs:
        merged.pop("level", None)  # the user chose `location`; SINS takes one or the other
    return merged


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choice_text(score: str, field: str, value: str) -> str:
    msgid = choice_label(score, field, value)
    return gettext(msgid) if msgid else value  # a plain code such as Frankel "A" or "T10"


def form_fields(name: str, values: Mapping[str, object],
                errors: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Template-ready fields: the spec's metadata plus the value shown and any error."""
    form = SCORES[name].form()
    shown = []
    for field in form["fields"]:  # type: ignore[attr-defined]
        step = "1" if field["kind"] == "int" else "any"
        if field.get("multiple_of"):
            step = str(field["multiple_of"])
        options = [(c, _choice_text(name, field["name"], c)) for c in field.get("choices", [])]
        shown.append({**field, "id": f"calc-{name}-{field['name']}", "options": options,
                      "label": gettext(field["label"]),
                      "help": gettext(field["help"]) if field.get("help") else "",
                      "unit": gettext(field["unit"]) if field.get("unit") else "",
                      "value": _shown(values.get(field["name"])),
                      "step": step, "error": (errors or {}).get(field["name"], "")})
    return shown


def _number(field: Mapping[str, Any], raw: str) -> object:
    if field["kind"] == "int":
        try:
            return int(raw)
        except ValueError:
            raise ScoreInputError(field["name"], "must be an integer") from None
    try:
        number = float(raw)
    except ValueError:
        raise ScoreInputError(field["name"], "must be a number") from None
    if not math.isfinite(number):
        raise ScoreInputError(field["name"], "must be a finite number")
    return number


def parse_form(name: str, post: Mapping[str, str]) -> dict[str, object]:
    """Form strings to score input; blank means "not given". Errors name the field."""
    data: dict[str, object] = {}
    for field in SCORES[name].form()["fields"]:  # type: ignore[attr-defined]
        raw = str(post.get(field["name"], "")).strip()
        kind = field["kind"]
        if kind == "list":
            if raw or field["required"]:
                data[field["name"]] = [t for t in re.split(r"[\s,;]+", raw) if t]
            continue
        if not raw:
            continue
        if kind == "bool":
            if raw not in TRUE_FALSE:
                raise ScoreInputError(field["name"], "must be true or false")
            data[field["name"]] = TRUE_FALSE[raw]
        elif kind in ("int", "number"):
            data[field["name"]] = _number(field, raw)
        else:
            data[field["name"]] = raw
    return data
