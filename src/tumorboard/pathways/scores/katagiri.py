"""New Katagiri score: prognosis of patients with skeletal metastasis."""

from __future__ import annotations

from tumorboard.pathways.fields import Field, choice
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec, band

SOURCE = (
    "Katagiri H, Okada R, Takagi T, et al. New prognostic factors and scoring system for "
    "patients with skeletal metastasis. Cancer Med. 2014;3(5):1359-1367."
)

GROWTH = {"slow": 0, "moderate": 2, "rapid": 3}
VISCERAL = {"none": 0, "nodular": 1, "disseminated": 2}
LABS = {"normal": 0, "abnormal": 1, "critical": 2}
BANDS = ((3, "low"), (6, "intermediate"), (10, "high"))

RAW_LABS = (
    "crp_mg_dl",
    "ldh_iu_l",
    "albumin_g_dl",
    "platelets_per_ul",
    "calcium_mg_dl",
    "bilirubin_mg_dl",
)


def lab_category(values: dict[str, float]) -> str:
    """Katagiri 2014: any critical value outranks abnormal values."""
    critical = (
        values["platelets_per_ul"] < 100_000
        or values["calcium_mg_dl"] >= 10.3
        or values["bilirubin_mg_dl"] >= 1.4
    )
    if critical:
        return "critical"
    abnormal = (
        values["crp_mg_dl"] >= 0.4 or values["ldh_iu_l"] >= 250 or values["albumin_g_dl"] < 3.7
    )
    return "abnormal" if abnormal else "normal"


def calculate(data: dict[str, object]) -> Outcome:
    if "labs" in data:
        labs = str(data["labs"])
    else:
        labs = lab_category({name: float(data[name]) for name in RAW_LABS})  # type: ignore[arg-type]
    items = {
        "growth": GROWTH[str(data["growth"])],
        "visceral": VISCERAL[str(data["visceral"])],
        "labs": LABS[labs],
        "ecog": 1 if int(data["ecog"]) >= 3 else 0,  # type: ignore[call-overload]
        "previous_chemotherapy": int(bool(data["previous_chemotherapy"])),
        "multiple_skeletal_mets": int(bool(data["multiple_skeletal_mets"])),
    }
    total = sum(items.values())
    return Outcome(total, band(total, BANDS), dict(items))


def _lab(name: str, label: str, unit: str, maximum: float) -> Field:
    return Field(name, "number", label, required=False, minimum=0, maximum=maximum, unit=unit)


SPEC = ScoreSpec(
    name="katagiri",
    title=gettext_noop("New Katagiri score (skeletal metastasis prognosis)"),
    version="1.0",
    source=SOURCE,
    fields=(
        choice("growth", gettext_noop("Primary lesion growth"), GROWTH),
        choice(
            "visceral",
            gettext_noop("Visceral or cerebral metastases"),
            VISCERAL,
            help=gettext_noop("disseminated = pleural, peritoneal or leptomeningeal dissemination"),
        ),
        choice("labs", gettext_noop("Laboratory data"), LABS, required=False),
        _lab("crp_mg_dl", "CRP", "mg/dL", 100),
        _lab("ldh_iu_l", "LDH", "IU/L", 100_000),
        _lab("albumin_g_dl", gettext_noop("Serum albumin"), "g/dL", 10),
        _lab("platelets_per_ul", gettext_noop("Platelets"), "/uL", 5_000_000),
        _lab("calcium_mg_dl", gettext_noop("Serum calcium"), "mg/dL", 30),
        _lab("bilirubin_mg_dl", gettext_noop("Total bilirubin"), "mg/dL", 100),
        Field("ecog", "int", gettext_noop("ECOG performance status"), minimum=0, maximum=4),
        Field("previous_chemotherapy", "bool", gettext_noop("Previous chemotherapy")),
        Field("multiple_skeletal_mets", "bool", gettext_noop("Multiple skeletal metastases")),
    ),
    categories=("low", "intermediate", "high"),
    recommendations={
        "low": (
            gettext_noop(
                "Low risk (0-3): long expected survival (about 91% at 1 year in Katagiri 2014); "
                "favour durable local treatment."
            )
        ),
        "intermediate": gettext_noop(
            "Intermediate risk (4-6): balance durability and burden of treatment."
        ),
        "high": (
            gettext_noop(
                "High risk (7-10): short expected survival (about 6% at 1 year in Katagiri 2014); "
                "favour the least invasive effective treatment."
            )
        ),
    },
    calculate=calculate,
    total_range=(0, 10),
    alternatives=((("labs",), RAW_LABS),),
)
