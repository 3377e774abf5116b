"""Plain data for the function-preservation screen: CaseFacts in, ScreenResult out.

None always means "not recorded"; the screen never guesses a missing value and lists the
field in `missing` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Literal

from tumorboard.pathways.errors import CaseInputError
from tumorboard.pathways.spec import ScoreResult

PATHWAYS = ("breast", "rectum", "sarcoma", "bone_metastasis", "melanoma")

# offer: should be offered; discuss: must be discussed; consider: may be considered;
# not_indicated: evaluated and ruled out (the reason says why); undetermined: data missing.
Status = Literal["offer", "discuss", "consider", "not_indicated", "undetermined"]


@dataclass(slots=True)
class CaseFacts:
    pathway: str
    # breast
    planned_surgery: str | None = None
    radiotherapy_expected_after_mastectomy: bool | None = None
    bmi: float | None = None
    smoking: bool | None = None
    diabetes: bool | None = None
    significant_comorbidity: bool | None = None
    tumour_size_mm: float | None = None
    multifocal: bool | None = None
    # rectum
    distance_from_anal_verge_cm: float | None = None
    distance_from_anorectal_ring_cm: float | None = None
    mri_t: str | None = None
    mri_n: str | None = None
    mesorectal_fascia_involved: bool | None = None
    emvi: bool | None = None
    internal_sphincter_invaded: bool | None = None
    external_sphincter_or_levator_invaded: bool | None = None
    neoadjuvant_therapy: str | None = None
    neoadjuvant_response: str | None = None
    baseline_continence: str | None = None
    patient_preference_against_preservation: bool | None = None
    site_offers_sphincter_preservation: bool | None = None
    # sarcoma
    size_cm: float | None = None
    depth: str | None = None
    fnclcc_grade: int | None = None
    compartment: str | None = None
    major_neurovascular_involvement: str | None = None
    amputation_reason: str | None = None
    expected_defect_large: bool | None = None
    limb: bool | None = None
    # bone metastasis
    spinal_levels: list[str] | None = None
    limb_bones: list[str] | None = None
    primary: str | None = None
    visceral_metastases: bool | None = None
    frankel: str | None = None
    sins_inputs: dict[str, object] | None = None
    tokuhashi_inputs: dict[str, object] | None = None
    tomita_inputs: dict[str, object] | None = None
    mirels_inputs: dict[str, object] | None = None
    katagiri_inputs: dict[str, object] | None = None
    # melanoma
    breslow_mm: float | None = None
    ulceration: bool | None = None
    mitotic_rate_per_mm2: float | None = None
    lymphovascular_invasion: bool | None = None
    age: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> CaseFacts:
        """Build from plain data (e.g. a form or JSON); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise CaseInputError(str(key), "unknown case field")
        if "pathway" not in data:
            raise CaseInputError("pathway", "missing required field")
        return cls(**data)  # type: ignore[arg-type]


@dataclass(slots=True)
class Option:
    code: str
    title: str
    status: Status
    reason: str
    source: str = ""
    must_discuss: bool = False
    missing: list[str] = field(default_factory=list)
    risk_factors: list[str] = field(default_factory=list)
    reasons_against: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    classification: str | None = None
    rule: str = ""
    rule_version: str = ""


@dataclass(slots=True)
class ScreenResult:
    pathway: str
    ruleset_version: str
    options: list[Option]
    scores: dict[str, ScoreResult]
    missing: list[str]
    notes: list[str]
    rule_versions: dict[str, str]

    def to_dict(self) -> dict[str, object]:
        """JSON-serialisable plain data (dicts, lists, str, numbers, bool, None)."""
        return asdict(self)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)
