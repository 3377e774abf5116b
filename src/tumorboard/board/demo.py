"""Demo MDT boards: for each demo site, boards with their core members, a past meeting with
signed recommendations and an upcoming meeting with listed cases.

Called by the demo command after sites, users and patients exist; idempotent (a site that
already has boards is left alone). Board members created here have no password (they are
attendees for the demo, not log-ins) except where a demo log-in already exists.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumorboard.accounts.models import Profile
from tumorboard.accounts.services import do_create_user
from tumorboard.board import (
    actions,
    demo_outcomes,
    letters,
    meetings,
    preservation,
    recommendations,
    services,
    triage,
)
from tumorboard.board.models import (
    DEFAULT_CORE,
    GROUP_OF_PATHWAY,
    Action,
    Board,
    Meeting,
    Recommendation,
    TumourGroup,
)
from tumorboard.network.models import Site
from tumorboard.patients.models import Case, CaseStatusChange

SITE_GROUPS = {"EAST": ["breast", "colorectal", "sarcoma_bone", "skin", "metastatic_bone"],
               "WEST": ["breast", "colorectal", "metastatic_bone"], "NORTH": ["breast"]}
CHAIR_SPECIALTY = {"breast": "breast_surgery", "colorectal": "colorectal_surgery",
                   "sarcoma_bone": "orthopaedic_oncology", "skin": "dermatology",
                   "metastatic_bone": "spine_surgery"}
LISTED_PER_MEETING = 4
# A plan that fits each board's pathway (not "wide local excision" for a tibial metastasis).
PLANS: dict[str, tuple[str, list[dict[str, str]]]] = {
    "breast": ("curative", [{"modality": "surgery",
                             "detail": "乳房切除术＋即刻乳房重建"},
                            {"modality": "adjuvant_therapy", "detail": "内分泌治疗"},
                            {"modality": "radiotherapy", "detail": "胸壁放疗"}]),
    "colorectal": ("curative", [{"modality": "neoadjuvant_therapy",
                                 "detail": "长程同步放化疗"},
                                {"modality": "surgery", "detail": "低位前切除术（TME）"},
                                {"modality": "surveillance", "detail": ""}]),
    "sarcoma_bone": ("curative", [{"modality": "neoadjuvant_therapy", "detail": "新辅助化疗"},
                                  {"modality": "surgery",
                                   "detail": "保肢广泛切除＋人工假体置换"},
                                  {"modality": "surveillance", "detail": ""}]),
    "skin": ("curative", [{"modality": "surgery",
                           "detail": "局部扩大切除术＋前哨淋巴结活检"},
                          {"modality": "surveillance", "detail": ""}]),
    "metastatic_bone": ("palliative", [{"modality": "surgery",
                                        "detail": "预防性髓内钉固定术"},
                                       {"modality": "radiotherapy", "detail": "8 Gy 单次放疗"},
                                       {"modality": "systemic_therapy", "detail": ""}]),
}


# Board members are named on pages and letters (people, not usernames).
FAMILY_NAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高罗郑"
GIVEN_NAMES = ("伟", "芳", "静", "磊", "洋", "艳", "勇", "杰", "涛", "明", "超", "霞", "平", "刚",
               "华", "丽", "强", "敏", "婷", "斌")


def _member(site: Site, specialty: str) -> User:
    """A clinician of the site with the specialty: an existing one, else a new attendee."""
    profile = (Profile.objects.filter(sites=site, specialty=specialty, role="clinician")
               .select_related("user").order_by("created").first())
    if profile is not None:
        return profile.user
    name = f"{specialty.replace('_', '-')}.{site.code.lower()}"
    key = zlib.crc32(name.encode())
    return do_create_user(name, role="clinician", site_codes=[site.code],  # type: ignore[return-value]
                          specialty=specialty, title="attending_physician",
                          last_name=FAMILY_NAMES[key % len(FAMILY_NAMES)],
                          first_name=GIVEN_NAMES[(key // 7) % len(GIVEN_NAMES)])


def _admin_for(site: Site) -> User:
    profile = Profile.objects.filter(sites=site, role="admin").select_related("user").first()
    if profile is None:
        return do_create_user(f"board-admin.{site.code.lower()}",  # type: ignore[return-value]
                              role="admin", site_codes=[site.code])
    return profile.user


def _cases(site: Site, group: str, statuses: list[str], *, count: int = LISTED_PER_MEETING,
           unoperated: bool = False) -> list[Case]:
    pathways = [p for p, g in GROUP_OF_PATHWAY.items() if g == group]
    rows = (Case.objects.filter(site=site, pathway__in=pathways, status__in=statuses)
            .exclude(board_listings__isnull=False))
    if unoperated:  # alive and not operated yet: their operation comes after the board
        rows = rows.filter(operations__isnull=True, patient__date_of_death__isnull=True)
    return list(rows.select_related("patient").order_by("id")[:count])


def _past_cases(site: Site, group: str) -> list[Case]:
    """Two cases already in treatment, then two new ones whose operation follows the board
    (demo_outcomes records it: one keeps the function-preserving intent, one does not)."""
    treated = _cases(site, group, ["in_treatment", "follow_up", "discussed"], count=2)
    new = _cases(site, group, ["referred", "work_up"], count=2, unoperated=True)
    return treated + new


def _backdate_referral(case: Case, when: dt.datetime) -> None:
    """Demo histories are written at load time; give the discussed cases a referral date
    before their meeting so that the timeliness measures have something to show."""
    first = CaseStatusChange.objects.filter(case=case).order_by("created", "id").first()
    if first is not None:
        CaseStatusChange.objects.filter(pk=first.pk).update(created=when)


def _past_meeting(admin: User, board: Board, members: list[User]) -> Meeting:
    start = services.next_dates(board, timezone.localdate() - dt.timedelta(days=14), 1)[0]
    meeting = services.do_schedule_meeting(admin, board, start)
    # Everyone but the last core member came, so some demo boards show a missed quorum.
    present = members if board.tumour_group == "breast" else members[:-1]
    for member in present:
        services.do_add_attendee(admin, meeting, member)
    for index, case in enumerate(_past_cases(board.site, board.tumour_group)):
        _backdate_referral(case, start - dt.timedelta(days=12 + 5 * index))
        listing = services.do_list_case(admin, case, meeting, question="治疗方案？",
                                        now=start - dt.timedelta(days=3))
        preservation.screen_if_unscreened(board.chair, case)
        rec = recommendations.do_start_recommendation(board.chair, listing)
        intent, plan = PLANS[board.tumour_group]
        values = {
            "discussion_summary": "已复阅影像和病理，讨论了各治疗选择。",
            "intent": intent, "treatment_plan": plan,
            "option_decisions": {o["code"]: {"decision": "offered_accepted"}
                                 for o in rec.raised_options},
            "trial_consideration": "no_trial_available",
            **demo_outcomes.conditional_values(board.tumour_group, index, start.date()),
        }
        rec = recommendations.do_save_recommendation(board.chair, rec, values,
                                                     lock_version=rec.lock_version)
        rec = recommendations.do_sign_off(board.chair, rec, lock_version=rec.lock_version)
        _follow_through(admin, rec, index)
        demo_outcomes.record_after_sign_off(board.chair, rec, index)
    meetings.do_change_status(admin, meeting, "in_session")
    meetings.do_change_status(admin, meeting, "closed")
    return meeting


def _follow_through(admin: User, rec: Recommendation, index: int) -> None:
    """Actions done, overdue and open; the first case's letters written and sent."""
    first = Action.objects.filter(recommendation=rec).order_by("due_date", "id").first()
    if first is None:
        return
    if index == 0:
        for letter in letters.do_generate_letters(admin, rec):
            letters.do_mark_sent(admin, letter)
        actions.do_complete_action(admin, first, timezone.localdate())
    elif index == 1:  # overdue: due a week ago, not done
        Action.objects.filter(pk=first.pk).update(
            due_date=timezone.localdate() - dt.timedelta(days=7))


def _upcoming_meeting(admin: User, board: Board) -> Meeting:
    start = services.next_dates(board, timezone.localdate() + dt.timedelta(days=3), 1)[0]
    meeting = services.do_schedule_meeting(admin, board, start)
    for index, case in enumerate(_cases(board.site, board.tumour_group,
                                        ["referred", "work_up", "discussed", "follow_up"])):
        listing = services.do_list_case(admin, case, meeting, question="能否行保留功能的手术？",
                                        urgency="urgent" if index == 0 else "routine",
                                        now=start - dt.timedelta(days=5))
        if index == 1:  # a protocol case, triaged to standard of care
            triage.do_triage(board.chair, listing, "standard_of_care",
                             protocol=f"{TumourGroup(board.tumour_group).label} protocol")
        elif index >= 2:
            triage.do_triage(board.chair, listing, "full_discussion")
    services.do_schedule_weeks(admin, board, 4)
    return meeting


@transaction.atomic
def do_create_demo_boards() -> list[Board]:
    created: list[Board] = []
    for code, groups in SITE_GROUPS.items():
        site = Site.objects.filter(code=code).first()
        if site is None or Board.objects.filter(site=site).exists():
            continue
        admin = _admin_for(site)
        for group in groups:
            members = [_member(site, s) for s in DEFAULT_CORE[group]]
            chair = _member(site, CHAIR_SPECIALTY[group])
            board = services.do_create_board(admin, site, {
                "tumour_group": group, "name": f"{TumourGroup(group).label} MDT",
                "weekday": len(created) % 5, "start_time": dt.time(8, 0), "chair": chair,
                "core_specialties": DEFAULT_CORE[group]})
            _past_meeting(admin, board, members)
            _upcoming_meeting(admin, board)
            created.append(board)
    return created
