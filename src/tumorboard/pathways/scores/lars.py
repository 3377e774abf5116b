"""Low anterior resection syndrome (LARS) score."""

from __future__ import annotations

from tumorboard.pathways.fields import choice
from tumorboard.pathways.messages import gettext_noop
from tumorboard.pathways.spec import Outcome, ScoreSpec, band

SOURCE = (
    "Emmertsen KJ, Laurberg S. Low anterior resection syndrome score: development and "
    "validation of a symptom-based scoring system for bowel dysfunction after low anterior "
    "resection for rectal cancer. Ann Surg. 2012;255(5):922-928."
)

FLATUS = {"never": 0, "less_than_weekly": 4, "weekly_or_more": 7}
# Both frequencies earn 3 in the published score; this is not a typo.
LIQUID = {"never": 0, "less_than_weekly": 3, "weekly_or_more": 3}
FREQUENCY = {
    "1_to_3_per_day": 0,
    "4_to_7_per_day": 2,
    "more_than_7_per_day": 4,
    "less_than_daily": 5,
}
CLUSTERING = {"never": 0, "less_than_weekly": 9, "weekly_or_more": 11}
URGENCY = {"never": 0, "less_than_weekly": 11, "weekly_or_more": 16}
TABLES = {
    "flatus": FLATUS,
    "liquid": LIQUID,
    "frequency": FREQUENCY,
    "clustering": CLUSTERING,
    "urgency": URGENCY,
}
BANDS = ((20, "no_lars"), (29, "minor_lars"), (42, "major_lars"))


def calculate(data: dict[str, object]) -> Outcome:
    items = {name: table[str(data[name])] for name, table in TABLES.items()}
    total = sum(items.values())
    return Outcome(total, band(total, BANDS), dict(items))


SPEC = ScoreSpec(
    name="lars",
    title=gettext_noop("Low anterior resection syndrome score"),
    version="1.0",
    source=SOURCE,
    fields=(
        choice("flatus", gettext_noop("Occasions when you cannot control flatus"), FLATUS),
        choice("liquid", gettext_noop("Accidental leakage of liquid stool"), LIQUID),
        choice("frequency", gettext_noop("How often you open your bowels"), FREQUENCY),
        choice("clustering", gettext_noop("Opening bowels again within one hour"), CLUSTERING),
        choice("urgency", gettext_noop("Urgency: having to rush to the toilet"), URGENCY),
    ),
    categories=("no_lars", "minor_lars", "major_lars"),
    recommendations={
        "no_lars": gettext_noop("No LARS (0-20)."),
        "minor_lars": gettext_noop("Minor LARS (21-29): consider conservative bowel management."),
        "major_lars": (
            gettext_noop(
                "Major LARS (30-42): refer for assessment and treatment of bowel dysfunction."
            )
        ),
    },
    calculate=calculate,
    total_range=(0, 42),
)
