"""The demo's hospital network: the demo sites form one network with a hub (this instance),
colorectal surgeons with a training record (mentorships, proctored cases, sign-offs),
operations with their technique version and kit, referrals from the hospital that does not
offer sphincter preservation to the centre in every state, and each site's aggregate
received by the hub. Run by the command line (no signed-in user) after the outcomes demo,
in one transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumorboard.accounts.services import do_create_user
from tumorboard.network import federation, hub, referrals, training
from tumorboard.network.models import AggregateSubmission, Referral, Site
from tumorboard.outcomes import summary
from tumorboard.outcomes.models import Operation
from tumorboard.patients.models import Case

NETWORK = "Ultra-low rectal cancer network"
SURGEONS = {  # site -> (username, given name, family name)
    "EAST": [("colorectal.east1", "建国", "陈"), ("colorectal.east2", "Laura", "Mills")],
    "WEST": [("colorectal.west1", "晓明", "吴"), ("colorectal.west2", "David", "Owen")],
    "NORTH": [("colorectal.north1", "海", "孙")],
}
TECHNIQUE = "Ultra-low intersphincteric resection"
REPLIES = ["sent", "sent", "declined", "accepted", "taken_on", "completed"]


def _surgeons() -> dict[str, list[User]]:
    out: dict[str, list[User]] = {}
    for code, people in SURGEONS.items():
        for username, given, family in people:
            if not User.objects.filter(username=username).exists():
                do_create_user(username, role="clinician", site_codes=[code],
                               specialty="colorectal_surgery", validate=False,
                               password=None, first_name=given, last_name=family)
            out.setdefault(code, []).append(User.objects.get(username=username))
    return out


def _operations(surgeons: dict[str, list[User]]) -> None:
    """Rectal operations get a surgeon of their site and the technique's version and kit."""
    changed = []
    for code, people in surgeons.items():
        ops = Operation.objects.filter(case__site__code=code, case__pathway="rectum",
                                       surgeon__isnull=True).order_by("date", "id")
        for index, op in enumerate(ops):
            op.surgeon = people[index % len(people)]
            if op.procedure in ("LAR", "ISR"):
                op.technique = TECHNIQUE
                op.technique_version = "3.0" if op.date >= dt.date(2024, 1, 1) else "2.1"
                op.instrument_kit = "ISR instrument kit"
                op.kit_lot = f"L{op.date:%Y%m}"
            changed.append(op)
    # in batches: one UPDATE with a CASE per row for the operations of 100,000 patients
    # ran for more than 20 minutes on PostgreSQL and could not be cancelled
    Operation.objects.bulk_update(changed, ["surgeon", "technique", "technique_version",
                                            "instrument_kit", "kit_lot"], batch_size=500)
    summary.refresh_cases({op.case_id for op in changed})


def _training(surgeons: dict[str, list[User]]) -> None:
    """The centre's first colorectal surgeon trains one surgeon of each other hospital and
    the centre's second: five proctored cases each; two are signed off as independent a
    week after the fifth."""
    mentor, today = surgeons["EAST"][0], timezone.localdate()
    for trainee, signed_off in ((surgeons["WEST"][0], True), (surgeons["NORTH"][0], False),
                                (surgeons["EAST"][1], True)):
        first = list(Operation.objects.filter(surgeon=trainee).order_by("date", "id")[:5])
        mentorship = training.do_record_mentorship(None, trainee.profile.sites.get(), {
            "trainee": trainee, "mentor": mentor, "technique": TECHNIQUE,
            "started_on": first[0].date if first else dt.date(2023, 1, 1)})
        for op in first:
            training.do_add_proctored_case(None, mentorship, op)
        if signed_off and first:
            training.do_sign_off(None, mentorship,
                                 min(first[-1].date + dt.timedelta(days=7), today))


def _referrals() -> None:
    north, east = Site.objects.get(code="NORTH"), Site.objects.get(code="EAST")
    cases = Case.objects.filter(site=north, pathway="rectum").order_by("id")[:len(REPLIES)]
    now = timezone.now()
    for index, (case, state) in enumerate(zip(cases, REPLIES, strict=False)):
        referral = referrals.do_refer(None, case, {
            "to_site": east.code, "reason": "sphincter_preservation", "consent": True,
            "consent_date": timezone.localdate() - dt.timedelta(days=3 + 4 * index),
            "urgency": "urgent" if index == 1 else "routine",
            "note": "Low rectal tumour; please assess for sphincter preservation."})
        if state == "declined":
            referrals.do_reply(None, referral, False, "Not suitable: the tumour invades the "
                                                      "external sphincter.")
        elif state in ("accepted", "taken_on", "completed"):
            referrals.do_reply(None, referral, True)
        if state in ("taken_on", "completed"):
            referrals.do_take_on(None, referral, f"E-REF{index:03d}")
        if state == "completed":
            referrals.do_complete(None, referral, "not_suitable",
                                  "MRI: the external sphincter is involved.")
        sent = now - dt.timedelta(days=2 + 4 * index)
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=sent, reply_due=sent + dt.timedelta(days=2 if index == 1 else 7))


def _hub() -> None:
    for site in Site.objects.order_by("code"):
        hub.do_issue_site_key(None, site)
        hub.do_receive_aggregate(site, federation.site_document(site, 30))


@transaction.atomic
def do_load_demo_network() -> None:
    if AggregateSubmission.objects.exists():  # loaded before: add nothing
        return
    Site.objects.update(network=NETWORK)
    surgeons = _surgeons()
    _operations(surgeons)
    _training(surgeons)
    _referrals()
    _hub()
