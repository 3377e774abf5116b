"""Shared helpers and published score inputs for the screen tests.

SINS points are from Fisher et al., Spine 2010;35(22):E1221-9, table 1 (location by level:
T3-T10 semirigid 1, T11-L1 junctional 3, L2-L4 mobile 2; pain mechanical 3 / occasional 1;
lesion lytic 2 / blastic 0; alignment subluxation 4 / normal 0; collapse over 50% 3, under
50% 2, none but over 50% of the body involved 1; posterolateral bilateral 3 / unilateral 1).
"""

from __future__ import annotations

from tumorboard.pathways import CaseFacts, screen_case
from tumorboard.pathways.case import Option, ScreenResult

# T5 semirigid 1 + occasional 1 + blastic 0 + normal 0 + none-but->50% 1 + unilateral 1 = 4
SINS_4 = {"pain": "occasional", "lesion": "blastic", "alignment": "normal",
          "collapse": "none_over_50_involved", "posterolateral": "unilateral"}
# at L1 (junctional 3): 3 + mechanical 3 + lytic 2 + normal 0 + under 50% 2 + unilateral 1 = 11
SINS_L1_11 = {"pain": "mechanical", "lesion": "lytic", "alignment": "normal",
              "collapse": "under_50", "posterolateral": "unilateral"}
# at L1: 3 + 3 + 2 + subluxation 4 + over 50% 3 + bilateral 3 = 18 (unstable)
SINS_L1_18 = {"pain": "mechanical", "lesion": "lytic", "alignment": "subluxation",
              "collapse": "over_50", "posterolateral": "bilateral"}
# at L3 (mobile 2): 2 + mechanical 3 + lytic 2 + normal 0 + under 50% 2 + none 0 = 9
SINS_L3_9 = {"pain": "mechanical", "lesion": "lytic", "alignment": "normal",
             "collapse": "under_50", "posterolateral": "none"}
# no pain, no collapse: at T5 1 + 0 + blastic 0 + 0 + 0 + 0 = 1
SINS_QUIET = {"pain": "none", "lesion": "blastic", "alignment": "normal", "collapse": "none",
              "posterolateral": "none"}


def screen(**facts: object) -> ScreenResult:
    return screen_case(CaseFacts.from_dict(facts))


def option(result: ScreenResult, code: str) -> Option:
    found = result.option(code)
    assert found is not None, f"{code} not listed: {[o.code for o in result.options]}"
    return found


def bone(**facts: object) -> ScreenResult:
    return screen(pathway="bone_metastasis", **facts)
