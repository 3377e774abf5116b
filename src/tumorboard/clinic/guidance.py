"""Plain-language patient information for the itinerary, as translatable strings.

English source strings are marked for makemessages (gettext_noop) and translated at render
time by `localise`; the zh_Hans catalogue is the one source of the Chinese texts. Written for
a reader of about twelve: short sentences, everyday words, a medical term only with its
meaning. Patient information only, not medical advice: the itinerary says so.

Sources for the safety content (keep the texts in line with them when editing):
- spinal cord compression warning: NICE NG234 (2023), spinal metastases and metastatic spinal
  cord compression, and its patient information;
- reconstruction and recurrence: NICE NG101 (2018) recommendations 1.5 and ABS/BAPRAS
  oncoplastic breast reconstruction guidelines (2012);
- low anterior resection syndrome: LARS reviews (Rosen et al., Cancers 2023;15:778);
  watch-and-wait regrowth about 1 in 4, mostly within 2 years: International Watch & Wait
  Database (van der Valk et al., Lancet 2018;391:2537);
- sentinel lymph node biopsy: NICE NG14 (2015, updated 2022) recommendations 1.4.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

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
            "Your doctor may advise a mastectomy (an operation to remove the whole breast). "
            "If so, you can ask about breast reconstruction. This is an operation to rebuild "
            "the shape of the breast."
        ),
        gettext_noop(
            "Reconstruction can use an implant (a soft silicone shape put under the skin or "
            "muscle) or your own tissue (skin and fat taken from your tummy, back or thigh). "
            "Using your own tissue is a longer operation. The new breast feels soft, and it "
            "gets bigger or smaller as your weight changes. An implant is a shorter operation, "
            "but it may need to be replaced years later."
        ),
        gettext_noop(
            "You can have it in the same operation as the mastectomy (immediate "
            "reconstruction). Or you can have it months or years later (delayed "
            "reconstruction). Radiotherapy, smoking and other health problems can change "
            "which choice is best for you."
        ),
        # NICE NG101 (2018) and ABS/BAPRAS: the fear that reconstruction hides a recurrence
        # keeps women from asking, so the text answers it plainly.
        gettext_noop(
            "Reconstruction does not increase the risk of the cancer coming back. It does not "
            "hide the cancer if it comes back: your check-ups can still find it in good time."
        ),
        gettext_noop(
            "At your joint appointment the breast surgeon and the plastic surgeon see you "
            "together, so you can talk about these choices in one visit. You can also choose "
            "not to have a reconstruction."
        ),
    ),
)
CONSERVING = Section(
    "conserving",
    gettext_noop("Breast-conserving surgery"),
    (
        gettext_noop(
            "Breast-conserving surgery removes the lump with a rim of healthy tissue around "
            "it and keeps the rest of the breast. Most people then have radiotherapy to the "
            "breast."
        ),
    ),
)
SPHINCTER = Section(
    "sphincter",
    gettext_noop("Sphincter-preserving surgery for rectal cancer"),
    (
        gettext_noop(
            "The anal sphincter is the ring of muscle that lets you hold in your stools until "
            "you reach a toilet. For many people with a cancer low in the rectum, the surgeon "
            "can remove the cancer and keep the sphincter. Then you still go to the toilet in "
            "the normal way."
        ),
        gettext_noop(
            "Treatment before the operation (radiotherapy, chemotherapy or both) can shrink "
            "the cancer. Then more people can keep the sphincter. The team will tell you if "
            "this applies to you."
        ),
        gettext_noop(
            "For some people, the cancer can no longer be found after radiotherapy or "
            "chemotherapy. They may be offered watch and wait: no operation for now, but "
            "frequent check-ups with scans and a camera test of the bowel. In about 1 in 4 "
            "people the cancer grows back, mostly in the first 2 years. It can then usually "
            "still be removed by an operation, so it is important to go to every check-up."
        ),
        gettext_noop(
            "Many people have a temporary stoma for a few months. A stoma is an opening of "
            "the bowel on your tummy, with a bag to collect stools. It protects the join in "
            "the bowel while it heals. It is usually closed with a small operation later. "
            "For some people the stoma cannot be closed and becomes permanent. The team will "
            "talk with you about this before the operation."
        ),
        # Stated plainly because most patients get it (60-80 %) and many are not warned.
        gettext_noop(
            "After the operation, most people find their bowel habits change. This is called "
            "low anterior resection syndrome (LARS). You may need to go to the toilet often "
            "or in a hurry, go several times in a short time, or sometimes leak. This is "
            "common and often gets better over 1 to 2 years. Changes in diet, medicines, "
            "pelvic floor exercises and other treatments can help. The nurse will explain "
            "them and tell you who to contact."
        ),
    ),
)
LIMB_SALVAGE = Section(
    "limb_salvage",
    gettext_noop("Limb-salvage surgery"),
    (
        gettext_noop(
            "Most people with a sarcoma of the arm or leg can have an operation that removes "
            "the tumour and keeps the limb (limb-salvage surgery). They do not need an "
            "amputation."
        ),
        gettext_noop(
            "If a large area must be removed, a plastic surgeon may cover it with tissue "
            "moved from another part of your body (a flap). Bone or joints may be replaced "
            "with a metal implant. Physiotherapy afterwards helps you get your strength and "
            "movement back."
        ),
    ),
)
BONE = Section(
    "bone",
    gettext_noop("Surgery and radiotherapy for bone metastases"),
    (
        gettext_noop(
            "When cancer has spread to the spine or to a bone of the arm or leg, surgery and "
            "radiotherapy can ease pain, make the bone stronger and protect the nerves. This "
            "helps you stay active and look after yourself."
        ),
        gettext_noop(
            "Whether an operation is right for you depends on your general health and your "
            "other treatments. The team will talk about this with you."
        ),
        # NICE NG234 (2023): paralysis from cord compression is prevented by acting on
        # these symptoms at once, so every patient with bone metastases gets the list.
        gettext_noop(
            "Important: cancer in the spine can press on the spinal cord (the nerves inside "
            "the spine). This is an emergency. Call your care team at once, day or night, if "
            "you have any of these: new or worse pain in your back or neck; pain like a tight "
            "band around your chest or tummy; numbness, weakness or heaviness in your legs; "
            "trouble walking; or trouble controlling your bladder or bowels. If you cannot "
            "reach the team, go to the emergency department. Do not wait for your next "
            "appointment."
        ),
    ),
)
MELANOMA = Section(
    "melanoma",
    gettext_noop("Surgery for melanoma"),
    (
        gettext_noop(
            "The main treatment for melanoma is an operation to remove it with a border of "
            "normal skin around it (wide local excision). If the wound is large, a plastic "
            "surgeon can close it with a skin graft or a flap. This helps it heal well and "
            "look as natural as possible."
        ),
        gettext_noop(
            "You may also be offered a sentinel lymph node biopsy. Lymph nodes are small "
            "glands that filter fluid from the skin. The sentinel node is the first node "
            "that fluid from the melanoma drains to, so it is where melanoma is most likely "
            "to spread first. The surgeon finds it with a small injection and removes it, "
            "usually in the same operation. Checking it under a microscope shows whether the "
            "melanoma has spread. This helps the team decide if you need more treatment."
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
    """The text in the active language (consult labels typed by staff pass through)."""
    return gettext(text)


def all_strings() -> list[str]:
    strings = [DISCLAIMER, *LABELS.values(), *STEP_LABELS]
    for section in ALL_SECTIONS:
        strings.extend([section.heading, *section.paragraphs])
    return strings
