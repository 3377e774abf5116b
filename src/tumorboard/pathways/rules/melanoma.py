"""Melanoma: sentinel lymph node biopsy by AJCC 8th T category."""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts, Option, Status
from tumorboard.pathways.registry import compute
from tumorboard.pathways.rules.common import Context, Rule, missing_of
from tumorboard.pathways.scores import melanoma

STATUS: dict[str, Status] = {"offer": "offer", "consider": "consider",
                             "not_recommended": "not_indicated"}
ADVERSE_FIELDS = ("mitotic_rate_per_mm2", "lymphovascular_invasion", "age")


def slnb(case: CaseFacts, ctx: Context) -> list[Option]:
    code, title = "melanoma_slnb", "Sentinel lymph node biopsy"
    missing = missing_of(case, "breslow_mm", "ulceration")
    if missing:
        return [Option(code, title, "undetermined", "Breslow thickness or ulceration not "
                       "recorded.", must_discuss=True, missing=missing)]
    data = {name: getattr(case, name) for name in ("breslow_mm", "ulceration", *ADVERSE_FIELDS)}
    result = compute("melanoma_slnb", {k: v for k, v in data.items() if v is not None})
    ctx.scores["melanoma_slnb"] = result
    t_category = str(result["t_category"])
    status = STATUS[str(result["category"])]
    # A T1a tumour may move to "consider" once an adverse feature is recorded.
    still_missing = missing_of(case, *ADVERSE_FIELDS) if t_category == "T1a" else []
    return [Option(
        code, title, status, f"{t_category}: {result['recommendation']}",
        must_discuss=status != "not_indicated", missing=still_missing,
        classification=t_category,
    )]


RULES = (
    Rule("melanoma.slnb", "1.0", "SLNB by AJCC 8th T category", melanoma.SOURCE, slnb),
)
