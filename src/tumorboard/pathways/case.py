"""Plain data for the function-preservation screen: CaseFacts in, ScreenResult out.

The keys are exactly those of contracts/screen.md plus the hospital UI's optional extras.
None always means "not recorded": the screen never guesses a missing value and names the
field in `missing` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

from tumorboard.pathways.errors import CaseInputError
from tumorboard.pathways.messages import Message
from tumorboard.pathways.spec import ScoreResult

PATHWAYS = ("breast", "rectum", "sarcoma", "bone_metastasis", "melanoma")

# offer: should be offered; discuss: the MDT must decide; consider: may be considered;
# not_indicated: evaluated and ruled out (the reason says why); undetermined: data missing.
Status = Literal["offer", "discuss", "consider", "not_indicated", "undetermined"]
STATUSES: tuple[Status, ...] = ("offer", "discuss", "consider", "not_indicated", "undetermined")
ScoreInput = dict[str, object]


@dataclass(slots=True)
class CaseFacts:
    pathway: str
    # every pathway
    age: int | None = None
    ecog: int | None = None
    asa: int | None = None
    clinical_t: str | None = None
    clinical_n: str | None = None
    clinical_m: str | None = None
    # optional extras of the hospital UI
    frailty: int | None = None
    significant_comorbidity: bool | None = None
    patient_preference_against_preservation: bool | None = None
    # breast
    planned_surgery: str | None = None
    tumour_size_mm: float | None = None
    multifocal: bool | None = None
    radiotherapy_expected_after_mastectomy: bool | None = None
    prior_chest_wall_radiotherapy: bool | None = None
    bmi: float | None = None
    smoking: bool | None = None
    diabetes: bool | None = None
    # rectum
    distance_from_anal_verge_cm: float | None = None
    distance_from_anorectal_ring_cm: float | None = None
    internal_sphincter_invaded: bool | None = None
    external_sphincter_or_levator_invaded: bool | None = None
    mesorectal_fascia_involved: bool | None = None
    emvi: bool | None = None
    lateral_lymph_nodes: bool | None = None
    neoadjuvant_therapy: str | None = None
    neoadjuvant_response: str | None = None
    baseline_continence: str | None = None
    site_offers_sphincter_preservation: bool | None = None
    # sarcoma (and melanoma: `limb`)
    size_cm: float | None = None
    depth: str | None = None
    fnclcc_grade: int | None = None
    limb: bool | None = None
    major_neurovascular_involvement: str | None = None
    expected_defect_large: bool | None = None
    bone_sarcoma: bool | None = None
    huvos_grade: str | None = None
    # bone metastasis
    primary: str | None = None
    visceral_metastases: bool | None = None
    frankel: str | None = None
    spinal_lesions: list[ScoreInput] | None = None
    limb_lesions: list[ScoreInput] | None = None
    tokuhashi: ScoreInput | None = None
    tomita: ScoreInput | None = None
    katagiri: ScoreInput | None = None
    # melanoma
    breslow_mm: float | None = None
    ulceration: bool | None = None
    mitotic_rate_per_mm2: float | None = None
    lymphovascular_invasion: bool | None = None
    deep_margin_positive: bool | None = None
    clinically_node_positive: bool | None = None
    in_transit_metastases: bool | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> CaseFacts:
        """Build from plain data (JSON, a form) and validate it; unknown keys are an error."""
        from tumorboard.pathways.case_checks import check_case

        if not isinstance(data, Mapping):
            raise CaseInputError(None, "input must be a JSON object")
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise CaseInputError(str(key), "unknown case field")
        if data.get("pathway") is None:
            raise CaseInputError("pathway", "missing required field")
        case = cls(**data)  # type: ignore[arg-type]
        check_case(case)
        return case


@dataclass(slots=True)
class Option:
    code: str
    status: Status
    reason_i18n: Message
    source: str = ""
    urgent: bool = False
    must_discuss: bool = False
    missing: list[str] = field(default_factory=list)
    classification: str | None = None
    advice: list[Message] = field(default_factory=list)
    rule: str = ""
    rule_version: str = ""

    @property
    def reason(self) -> str:
        return self.reason_i18n.text

    @property
    def title(self) -> str:
        from tumorboard.pathways.labels import OPTION_TITLES

        return OPTION_TITLES[self.code]

    def to_contract(self) -> dict[str, object]:
        return {
            "code": self.code, "status": self.status, "urgent": self.urgent,
            "must_discuss": self.must_discuss, "reason": self.reason, "source": self.source,
            "classification": self.classification, "missing": list(self.missing),
        }

    def to_dict(self) -> dict[str, object]:
        return {
            **self.to_contract(), "title": self.title,
            "reason_i18n": self.reason_i18n.to_dict(),
            "advice": [message.to_dict() for message in self.advice],
        }


@dataclass(slots=True)
class ScreenResult:
    pathway: str
    ruleset_version: str
    options: list[Option]
    scores: dict[str, ScoreResult]
    missing: list[str]
    notes: list[Message]
    rule_versions: dict[str, str]

    def to_contract(self) -> dict[str, object]:
        """Exactly the object of contracts/screen.md."""
        return {
            "pathway": self.pathway, "ruleset_version": self.ruleset_version,
            "options": [option.to_contract() for option in self.options],
            "scores": {name: dict(score) for name, score in self.scores.items()},
            "missing": list(self.missing), "notes": [note.text for note in self.notes],
        }

    def to_dict(self) -> dict[str, object]:
        """The contract's object plus titles, translatable messages and rule versions."""
        out = self.to_contract()
        out["options"] = [option.to_dict() for option in self.options]
        out["notes_i18n"] = [note.to_dict() for note in self.notes]
        out["rule_versions"] = dict(self.rule_versions)
        return out

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)
