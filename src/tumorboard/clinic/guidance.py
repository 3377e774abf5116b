"""Plain-language patient information for the itinerary, as translatable strings.

English source strings are marked for makemessages (gettext_noop) and translated at render
time by `localise`, which falls back to the Chinese texts in `guidance_zh` while the
project's .po file does not have them yet (the zh_Hans catalogue holds the same
pairs for merging). Patient information only, not medical advice: the itinerary says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext, gettext_noop

from tumorboard.clinic.guidance_zh import ZH_HANS

DISCLAIMER = gettext_noop(
    "This sheet is general patient information, not medical advice. Your care team will "
    "explain what applies to you; please ask them about anything that is unclear."
)

LABELS = {
    "title": gettext_noop("Your one-stop clinic visit"),
    "date": gettext_noop("Date"),
    "arrive": gettext_noop("Please arrive by"),
    "time": gettext_noop("Time"),
    "where": gettext_noop("Where"),
    "who": gettext_noop("Who you will see"),
    "what": gettext_noop("Appointment"),
    "together": gettext_noop("seen together"),
    "unscheduled": gettext_noop("Not yet scheduled: the clinic staff will tell you when."),
    "bring": gettext_noop(
        "Please bring your identity card, your hospital card, a list of the "
        "medicines you take and any scans or reports from other hospitals."
    ),
    "about": gettext_noop("About your treatment options"),
    "no_schedule": gettext_noop("Your times will be added once the clinic day has been planned."),
}

STEP_LABELS = [
    gettext_noop("Breast imaging"),
    gettext_noop("Breast surgeon and plastic surgeon together"),
    gettext_noop("Breast surgeon"),
    gettext_noop("Medical oncologist"),
    gettext_noop("Breast care nurse"),
    gettext_noop("Review of the pelvic MRI"),
    gettext_noop("Colorectal surgeon and radiation oncologist together"),
    gettext_noop("Colorectal surgeon"),
    gettext_noop("Colorectal and stoma nurse"),
    gettext_noop("Review of the scans"),
    gettext_noop("Orthopaedic oncologist and plastic surgeon together"),
    gettext_noop("Orthopaedic oncologist"),
    gettext_noop("Radiation oncologist"),
    gettext_noop("Specialist nurse"),
    gettext_noop("Spine surgeon and radiation oncologist together"),
    gettext_noop("Dermatologist"),
    gettext_noop("Plastic surgeon"),
]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...]


RECONSTRUCTION = Section(
    "reconstruction",
    gettext_noop("Breast reconstruction"),
    (
        gettext_noop(
            "If a mastectomy (removal of the whole breast) is recommended, you can ask about "
            "breast reconstruction: an operation that rebuilds the shape of the breast."
        ),
        gettext_noop(
            "Reconstruction can use an implant (a silicone shape placed under the skin or "
            "muscle) or your own tissue (skin and fat moved from your tummy, back or thigh). "
            "Own-tissue reconstruction is a longer operation but changes with your body over time; "
            "implants mean a shorter operation but may need replacing years later."
        ),
        gettext_noop(
            "It can be done during the same operation as the mastectomy (immediate "
            "reconstruction) or months or years later (delayed reconstruction). Radiotherapy, "
            "smoking and other illnesses can affect which choice suits you."
        ),
        gettext_noop(
            "At your joint appointment the breast surgeon and the plastic surgeon see you "
            "together, so you can talk about these choices in one visit. Studies have found that "
            "reconstruction does not change the chance of the cancer coming back. You may also "
            "choose not to have a reconstruction."
        ),
    ),
)
CONSERVING = Section(
    "conserving",
    gettext_noop("Breast-conserving surgery"),
    (
        gettext_noop(
            "Breast-conserving surgery removes the tumour with a rim of healthy tissue and keeps "
            "the rest of the breast. It is usually followed by radiotherapy to the breast."
        ),
    ),
)
SPHINCTER = Section(
    "sphincter",
    gettext_noop("Sphincter-preserving surgery for rectal cancer"),
    (
        gettext_noop(
            "The sphincter is the ring of muscle that keeps the bowel closed. For many people "
            "with a low rectal cancer, the surgeon can remove the cancer and keep the sphincter, "
            "so that you still open your bowels the normal way."
        ),
        gettext_noop(
            "Treatment before the operation (radiotherapy and/or chemotherapy) can shrink the "
            "tumour and make this possible more often; the team will tell you whether it "
            "applies to you."
        ),
        gettext_noop(
            "A temporary stoma (an opening of the bowel on the tummy, with a bag) often protects "
            "the join while it heals; it is usually closed a few months later. Bowel habits often "
            "change after the operation, and the nurse will explain the exercises and help that "
            "are available."
        ),
    ),
)
LIMB_SALVAGE = Section(
    "limb_salvage",
    gettext_noop("Limb-salvage surgery"),
    (
        gettext_noop(
            "Most people with a sarcoma of the arm or leg can have an operation that removes the "
            "tumour and keeps the limb (limb-salvage surgery) instead of an amputation."
        ),
        gettext_noop(
            "If a large area must be removed, a plastic surgeon may cover it with tissue moved "
            "from elsewhere in your body (a flap), and bone or joints may be replaced with a "
            "metal implant. Physiotherapy afterwards helps you regain strength and movement."
        ),
    ),
)
BONE = Section(
    "bone",
    gettext_noop("Surgery and radiotherapy for bone metastases"),
    (
        gettext_noop(
            "When cancer has spread to the spine or to a bone of the arm or leg, surgery and "
            "radiotherapy can relieve pain, strengthen the bone and protect the nerves, to help "
            "you stay active and independent."
        ),
        gettext_noop(
            "Whether an operation is right for you depends on your general health and the rest "
            "of your treatment; the team will discuss this with you."
        ),
    ),
)
MELANOMA = Section(
    "melanoma",
    gettext_noop("Surgery for melanoma"),
    (
        gettext_noop(
            "Melanoma is usually treated by removing it with a margin of normal skin. A plastic "
            "surgeon can close larger wounds with a skin graft or a flap so that the area heals "
            "well and looks as natural as possible."
        ),
    ),
)
ALL_SECTIONS = (RECONSTRUCTION, CONSERVING, SPHINCTER, LIMB_SALVAGE, BONE, MELANOMA)


def sections_for(pathway: str, flags: frozenset[str]) -> list[Section]:
    """The guidance that fits the patient's pathway (and planned surgery, when known)."""
    if pathway == "breast":
        if "mastectomy" in flags:
            return [RECONSTRUCTION]
        if "conserving" in flags:
            return [CONSERVING]
        return [CONSERVING, RECONSTRUCTION]
    by_pathway = {
        "rectum": [SPHINCTER],
        "sarcoma": [LIMB_SALVAGE],
        "bone_metastasis": [BONE],
        "melanoma": [MELANOMA],
    }
    return by_pathway.get(pathway, [])


def localise(text: str) -> str:
    """gettext, falling back to this module's Chinese texts until the .po has them."""
    translated = gettext(text)
    if translated == text and (get_language() or "").lower() == "zh-hans":
        return ZH_HANS.get(text, text)
    return translated


def all_strings() -> list[str]:
    strings = [DISCLAIMER, *LABELS.values(), *STEP_LABELS]
    for section in ALL_SECTIONS:
        strings.extend([section.heading, *section.paragraphs])
    return strings
