"""The function-preservation screen: `screen_case(CaseFacts) -> ScreenResult`.

Each pathway has a tuple of versioned rules (tumorboard.pathways.rules.*), evaluated in
order (for bone metastases: cord compression first). The result carries RULESET_VERSION and
every rule's version so that a stored result can be traced to the rules that produced it.
"""

from __future__ import annotations

from tumorboard.pathways.case import CaseFacts, ScreenResult
from tumorboard.pathways.case_checks import check_case
from tumorboard.pathways.messages import gettext_noop, msg
from tumorboard.pathways.nested import score_conflicts
from tumorboard.pathways.rules import bone, breast, melanoma, rectum, sarcoma
from tumorboard.pathways.rules.common import Context, Rule

RULESET_VERSION = "2.0.0"

RULES: dict[str, tuple[Rule, ...]] = {
    "breast": breast.RULES,
    "rectum": rectum.RULES,
    "sarcoma": sarcoma.RULES,
    "bone_metastasis": bone.RULES,
    "melanoma": melanoma.RULES,
}


def note_conflicts(case: CaseFacts, ctx: Context) -> None:
    for item, fact, given, recorded in score_conflicts(case):
        ctx.conflicts.append(item)
        ctx.notes.append(msg(gettext_noop(
            "{item_key} was given as {given}, but the case records {fact_key} as {recorded}: "
            "the scores use {given}; the MDT must confirm which is right."),
            item_key=item, given=str(given), fact_key=fact, recorded=str(recorded)))


def screen_case(case: CaseFacts) -> ScreenResult:
    """Flag every function-preserving option for the case, with reasons and missing data."""
    check_case(case)
    ctx = Context()
    note_conflicts(case, ctx)
    options = []
    for rule in RULES[case.pathway]:
        for option in rule.evaluate(case, ctx):
            option.rule, option.rule_version = rule.id, rule.version
            option.source = option.source or rule.source
            options.append(option)
    missing = sorted({name for option in options for name in option.missing})
    return ScreenResult(
        pathway=case.pathway,
        ruleset_version=RULESET_VERSION,
        options=options,
        scores=ctx.scores,
        missing=missing,
        notes=ctx.notes,
        rule_versions={rule.id: rule.version for rule in RULES[case.pathway]},
    )
