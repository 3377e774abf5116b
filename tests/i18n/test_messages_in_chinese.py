"""Bad input in 中文 is refused in 中文 (issue 18): pages and the API answer with the message
and the field's label in the reader's language, never a field code or a stored code, and
nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.test import Client
from django.utils import translation

from tests.base import make_case
from tests.board.helpers import BoardTestCase
from tests.capacity import helpers as capacity
from tests.clinic.clinic_fixtures import ClinicTestCase
from tumorboard.board.models import Listing
from tumorboard.capacity.models import PlanRun
from tumorboard.clinic.models import Booking
from tumorboard.patients.models import Case, CaseStatusChange

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def chinese(text: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(text)


def pathway_in_chinese(code: str) -> str:
    with translation.override("zh-hans"):
        return str(dict(Case._meta.get_field("pathway").flatchoices)[code])


def rectal_case(user: Any, patient: Any) -> Case:
    return make_case(user, patient, pathway="rectum", primary_site_code="C20.9",
                     histology_code="8140/3", laterality="", details={},
                     clinical_t="T3", clinical_n="N0", clinical_m="M0")


def api_post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(path, body, content_type="application/json", **headers, **ZH)


class BoardPageInChineseTest(BoardTestCase):
    def post_listing(self, case: Case, **values: str) -> str:
        client = self.client_for(self.coordinator)
        data = {"meeting": str(self.meeting.external_id), "question": "Q?",
                "urgency": "routine", **values}
        response = client.post(f"/board/cases/{case.external_id}/list/", data, follow=True,
                               **ZH)
        return response.content.decode()

    def test_it_names_the_missing_field_by_its_chinese_label(self) -> None:
        body = self.post_listing(self.case, question="")
        self.assertIn(chinese("Question for the board"), body)
        self.assertIn("提请讨论的问题", body)
        self.assertIn(chinese("This field is required."), body)
        self.assertIn("此项为必填项", body)
        self.assertNotIn("question:", body)
        self.assertEqual(Listing.objects.count(), 0)

    def test_it_names_the_pathway_in_chinese_not_its_code(self) -> None:
        body = self.post_listing(rectal_case(self.coordinator, self.patient))
        self.assertIn(pathway_in_chinese("rectum"), body)
        self.assertIn(chinese("This board does not discuss cases of the %(pathway)s pathway.")
                      % {"pathway": pathway_in_chinese("rectum")}, body)
        self.assertNotIn(" rectum ", body)
        self.assertEqual(Listing.objects.count(), 0)


class ClinicApiInChineseTest(ClinicTestCase):
    def test_it_refuses_a_case_of_another_pathway_in_chinese(self) -> None:
        rectal = rectal_case(self.coordinator, self.patient)
        answer = api_post(self.client, f"/api/v1/clinic/days/{self.day.external_id}/bookings",
                          {"case": str(rectal.external_id)}, self.bearer(self.coordinator))
        self.assertEqual((answer.status_code, answer.json()["field"]), (422, "case"))
        error = answer.json()["error"]
        self.assertEqual(error, chinese(
            "This clinic day is for the %(day)s pathway; the case is on the %(case)s pathway.")
            % {"day": pathway_in_chinese("breast"), "case": pathway_in_chinese("rectum")})
        self.assertIn(pathway_in_chinese("rectum"), error)
        self.assertNotIn("rectum", error)
        self.assertEqual(Booking.objects.filter(case=rectal).count(), 0)


class CapacityApiInChineseTest(BoardTestCase):
    def test_it_refuses_a_week_not_starting_on_monday_in_chinese(self) -> None:
        department = capacity.department(self.site)
        tuesday = capacity.next_monday() + dt.timedelta(days=1)
        answer = api_post(
            self.client_for(self.coordinator),
            f"/api/v1/capacity/departments/{department.external_id}/plan",
            {"week": tuesday.isoformat(), "time_limit": 2, "fixed": {}}, {})
        self.assertEqual((answer.status_code, answer.json()["field"]), (422, "week"))
        self.assertEqual(answer.json()["error"], "一周从星期一开始。")
        self.assertEqual(PlanRun.objects.count(), 0)


class PatientsApiInChineseTest(BoardTestCase):
    def test_it_names_the_statuses_in_chinese(self) -> None:
        before = CaseStatusChange.objects.count()
        answer = api_post(self.client, f"/api/v1/cases/{self.case.external_id}/status",
                          {"status": "follow_up"}, self.bearer(self.coordinator))
        self.assertEqual((answer.status_code, answer.json()["field"]), (422, "status"))
        error = answer.json()["error"]
        self.assertIn("已转诊", error)
        self.assertNotIn("referred", error)
        self.assertNotIn("follow_up", error)
        self.assertEqual(CaseStatusChange.objects.count(), before)


class ScoreApiInChineseTest(BoardTestCase):
    def test_it_translates_a_pure_cores_input_error_at_the_boundary(self) -> None:
        answer = api_post(self.client, "/api/v1/scores/katagiri", {"growth": "rapid"},
                          self.bearer(self.clinician))
        self.assertEqual(answer.status_code // 100, 4)
        self.assertEqual(answer.json()["error"],
                         chinese("missing required field"))  # 缺少必填项 once in the catalogue
        marked = "tumorboard.patients.validation.gettext"
        with mock.patch(marked, side_effect=lambda text: f"«{text}»"):
            answer = api_post(self.client, "/api/v1/scores/katagiri", {"growth": "rapid",
                              "ecog": 9}, self.bearer(self.clinician))
        # the core's template went through gettext, then was filled in
        self.assertIn(answer.json()["error"], {"«missing required field»", "«must be at most 4»"})
