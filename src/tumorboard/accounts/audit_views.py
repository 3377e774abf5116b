"""Audited logout, and the auditor's "who saw this patient" page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.views import LogoutView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tumorboard.accounts import access, audit, audit_labels
from tumorboard.patients.models import Patient


class AuditedLogoutView(LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:  # recorded before the session forgets who it was
            audit.record(user=request.user, action="logout", object_type="user",
                         object_id=request.user.pk, request=request)
        return super().post(request, *args, **kwargs)


def patient_audit(request: HttpRequest, patient_id: str) -> HttpResponse:
    """Every event that touched one patient, newest first: for a site's auditor or admin."""
    access.require_role(request.user, access.READ_AUDIT)
    patient = Patient.objects.filter(external_id=_uuid_or_404(patient_id)).first()
    if patient is None:
        raise Http404
    access.require_site(request.user, patient.site_id)
    events = audit.events_for_patient(patient)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = audit_labels.rows_for(page)
    return render(request, "accounts/patient_audit.html",
                  {"patient": patient, "page": page, "rows": rows, "query": ""})


def _uuid_or_404(raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise Http404 from None

