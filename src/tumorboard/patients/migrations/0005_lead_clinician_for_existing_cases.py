"""Existing cases without a lead clinician: the first clinician of the case's site who
created it or moved its status leads it; a case no clinician has touched stays without
one (its page offers to choose)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def assign_leads(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("patients", "Case")
    Change = apps.get_model("patients", "CaseStatusChange")
    Membership = apps.get_model("accounts", "SiteMembership")
    clinicians: dict[int, set[int]] = {}
    for user_id, site_id in Membership.objects.filter(
            profile__role="clinician", profile__user__is_active=True).values_list(
            "profile__user_id", "site_id"):
        clinicians.setdefault(site_id, set()).add(user_id)
    leads: dict[int, int] = {}
    changes = (Change.objects.filter(case__lead_clinician__isnull=True,
                                     changed_by__isnull=False)
               .order_by("created", "id").values_list("case_id", "case__site_id",
                                                      "changed_by_id"))
    for case_id, site_id, user_id in changes.iterator():
        if case_id not in leads and user_id in clinicians.get(site_id, set()):
            leads[case_id] = user_id
    for case_id, user_id in leads.items():
        Case.objects.filter(pk=case_id).update(lead_clinician_id=user_id)

class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0004_screen_facts_and_versions"),
        ("accounts", "0005_profile_title_and_staff_actions"),
    ]

    operations = [migrations.RunPython(assign_leads, migrations.RunPython.noop)]
