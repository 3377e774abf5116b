"""Referral fixtures: the cast's EAST case referred to WEST, whose clinician is the cast's
outsider."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tumorboard.network import referrals
from tumorboard.network.models import Referral, Site
from tumorboard.patients.models import Case


def refer(user: Any, case: Case, site: Site, **values: Any) -> Referral:
    data = {"to_site": site.code, "reason": "sphincter_preservation", "consent": True,
            "consent_date": timezone.localdate() - dt.timedelta(days=1)}
    data.update(values)
    return referrals.do_refer(user, case, data)
