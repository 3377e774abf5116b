"""Cleveland Clinic (Jorge-Wexner) faecal incontinence score."""

from __future__ import annotations

from tumorboard.pathways.fields import Field
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec

SOURCE = (
    "Jorge JM, Wexner SD. Etiology and management of fecal incontinence. Dis Colon Rectum. "
    "1993;36(1):77-97."
)

FREQUENCIES = ("never", "rarely", "sometimes", "usually", "always")
ITEMS = {
    "solid": gettext_noop("Incontinence to solid stool"),
    "liquid": gettext_noop("Incontinence to liquid stool"),
    "gas": gettext_noop("Incontinence to gas"),
    "pad": gettext_noop("Wears a pad"),
    "lifestyle": gettext_noop("Lifestyle alteration"),
}
HELP = gettext_noop(
    "rarely <1/month; sometimes <1/week, >=1/month; usually <1/day, >=1/week; always >=1/day")


def calculate(data: dict[str, object]) -> Outcome:
    items = {name: FREQUENCIES.index(str(data[name])) for name in ITEMS}
    total = sum(items.values())
    return Outcome(total, "continent" if total == 0 else "incontinent", dict(items))


SPEC = ScoreSpec(
    name="wexner",
    title=gettext_noop("Cleveland Clinic (Wexner) incontinence score"),
    version="1.0",
    source=SOURCE,
    fields=tuple(
        Field(name, "choice", label, choices=FREQUENCIES, int_alias=True, help=HELP)
        for name, label in ITEMS.items()
    ),
    categories=("continent", "incontinent"),
    recommendations={
        "continent": gettext_noop("Score 0: perfect continence."),
        "incontinent": gettext_noop(
            "Score 1-20: faecal incontinence; 20 is complete incontinence."
        ),
    },
    calculate=calculate,
    total_range=(0, 20),
)
