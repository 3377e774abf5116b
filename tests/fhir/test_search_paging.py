"""Searches filter and page in the database (issue 13): Observation, Condition, Procedure
and CarePlan searches count in SQL and build only the page's resources, with `total` and
`next` links as the Patient search has them.

Written against the defect first: the searches built every resource in Python and sliced."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.base import BaseTestCase, make_case
from tumorboard.fhir import codes, condition, observation
from tumorboard.patients.models import Case

BASE = "/fhir/R4/"


class ObservationPagingTest(BaseTestCase):
    def _cases(self, n: int) -> None:
        for i in range(n):
            make_case(self.coordinator, self.patient, diagnosis_date=dt.date(2024, 1, 1 + i),
                      **({"pathological_t": "T1", "pathological_n": "N0",
                         "pathological_m": "M0"} if i % 2 else {}))

    def _get(self, url: str, **params: Any) -> dict[str, Any]:
        response = self.client.get(url, params, **self.bearer(self.clinician))
        assert response.status_code == 200, response.content
        body: dict[str, Any] = response.json()
        return body

    def _all(self) -> list[str]:
        """Every Observation of the patient, built directly (the reference answer)."""
        return [r["id"] for case in self.patient.cases.order_by("id")
                for r in observation.to_fhir(case)]

    def _walk(self, **params: Any) -> tuple[int, list[str], int]:
        page = self._get(BASE + "Observation", patient=str(self.patient.external_id), **params)
        total, seen, pages = page["total"], [], 0
        while True:
            pages += 1
            seen += [e["resource"]["id"] for e in page["entry"]]
            following = [link["url"] for link in page["link"] if link["relation"] == "next"]
            if not following:
                return total, seen, pages
            page = self._get(following[0])

    def test_it_pages_a_patients_many_observations_with_total_and_next(self) -> None:
        self._cases(9)
        expected = self._all()
        assert len(expected) > 40
        total, seen, pages = self._walk(_count=7)
        assert total == len(expected) and seen == expected
        assert pages == -(-len(expected) // 7)

    def _queries_for_a_page(self) -> tuple[int, int]:
        built = mock.Mock(side_effect=observation.to_fhir)
        with mock.patch.object(observation, "to_fhir", built), \
                CaptureQueriesContext(connection) as queries:
            page = self._get(BASE + "Observation", patient=str(self.patient.external_id),
                             _count=5, _offset=12)
        assert len(page["entry"]) == 5
        return len(queries), built.call_count

    def test_it_builds_only_the_page_with_a_bounded_number_of_queries(self) -> None:
        self._cases(4)
        few, built_few = self._queries_for_a_page()
        self._cases(20)
        many, built_many = self._queries_for_a_page()
        assert many == few  # independent of how many observations the patient has
        assert built_many <= 2 and built_few <= 2  # only the cases the page spans

    def test_it_filters_by_code_and_date_in_the_count(self) -> None:
        self._cases(5)
        pt = self._get(BASE + "Observation", patient=str(self.patient.external_id),
                           code=f"{codes.LOINC}|21899-0", _count=1)
        assert pt["total"] == 2  # pT on the second and fourth new case only
        assert len(pt["entry"]) == 1
        early = self._get(BASE + "Observation", date="le2024-01-02", _count=100)
        ids = [e["resource"]["id"] for e in early["entry"]]
        assert early["total"] == len(ids) and ids
        assert all(e["resource"]["effectiveDateTime"] <= "2024-01-02" for e in early["entry"])


class OtherSearchPagingTest(BaseTestCase):
    def test_it_pages_conditions_in_the_database(self) -> None:
        for i in range(6):
            make_case(self.coordinator, self.patient, diagnosis_date=dt.date(2024, 2, 1 + i))
        built = mock.Mock(side_effect=condition.to_fhir)
        with mock.patch.object(condition, "to_fhir", built):
            response = self.client.get(BASE + "Condition", {"_count": 4},
                                       **self.bearer(self.clinician))
        assert built.call_count == 4  # only the page is built
        body = response.json()
        assert body["total"] == 7 and len(body["entry"]) == 4
        assert [link["relation"] for link in body["link"]] == ["self", "next"]


class SqlFilterTest(BaseTestCase):
    def _ids(self, kind: str, **params: Any) -> tuple[int, list[str]]:
        response = self.client.get(BASE + kind, params, **self.bearer(self.clinician))
        assert response.status_code == 200, response.content
        body = response.json()
        return body["total"], [e["resource"]["id"] for e in body["entry"]]

    def test_it_finds_a_condition_by_the_code_its_sender_sent(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        from tests.fhir import synthea
        from tumorboard.fhir.importer import ImportContext, import_bundle

        bundle = synthea.bundle("sent", ("372064008", "Malignant neoplasm of female breast"))
        import_bundle(bundle, ImportContext(AnonymousUser(), self.site, None))
        case = Case.objects.get(patient__mrn=synthea.patient("sent")["id"])
        assert self._ids("Condition", code=f"{codes.SNOMED}|372064008") == (
            1, [str(case.external_id)])
        assert self._ids("Condition", code=f"{codes.LOINC}|372064008") == (0, [])
        assert self._ids("Condition", code="C50.9,C50.4")[0] == 2  # ICD-10 of both cases

    def test_it_searches_observations_by_id_in_the_count(self) -> None:
        wanted = [f"{self.case.external_id}-ecog", f"{self.case.external_id}-clinical-t"]
        total, ids = self._ids("Observation", _id=",".join(wanted))
        assert total == 2 and sorted(ids) == sorted(wanted)
        assert self._ids("Observation", _id=wanted[0], code=f"{codes.LOINC}|21905-5") == (
            0, [])
