"""Shared set-up for the decisions tests."""

from __future__ import annotations

import json
from typing import Any

from tests.base import BaseTestCase
from tumorboard.accounts.models import AuditEvent
from tumorboard.decisions.models import ScreeningResult


class DecisionsTestCase(BaseTestCase):
    def case_url(self, case: Any = None) -> str:
        return f"/cases/{(case or self.case).external_id}/"

    def panel_url(self, case: Any = None) -> str:
        """The case page's decision-support panel, which the page loads on demand."""
        return f"/cases/{(case or self.case).external_id}/panels/decisions/"

    def decision_url(self, option_code: str, case: Any = None) -> str:
        return f"/decisions/cases/{(case or self.case).external_id}/options/{option_code}/decision/"

    def score_url(self, name: str, case: Any = None) -> str:
        return f"/decisions/cases/{(case or self.case).external_id}/scores/{name}/"

    def api_post(self, user: Any, path: str, body: object) -> Any:
        payload = body if isinstance(body, str) else json.dumps(body)
        headers: Any = self.bearer(user)
        return self.client.post(path, payload, content_type="application/json", **headers)

    def api_get(self, user: Any, path: str) -> Any:
        headers: Any = self.bearer(user)
        return self.client.get(path, **headers)

    def latest_screening(self, case: Any = None) -> ScreeningResult:
        return ScreeningResult.objects.get(case=case or self.case, is_latest=True)

    def audit_count(self, object_type: str, action: str = "create") -> int:
        return AuditEvent.objects.filter(object_type=object_type, action=action).count()
