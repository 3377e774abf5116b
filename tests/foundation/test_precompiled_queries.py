"""Queries compiled once (core/precompiled.py) give what the ORM gives, and compile once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from unittest import mock

from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

from tests.base import BaseTestCase, make_case, make_patient
from tumorboard.accounts.models import AuditEvent, chain_head
from tumorboard.core import precompiled
from tumorboard.patients.models import Case
from tumorboard.patients.pathway_models import DETAIL_ACCESSORS, BreastDetails, RectalDetails

RELATED = ("patient", "site", "lead_clinician__profile", *DETAIL_ACCESSORS.values())


class PrecompiledQueriesTest(BaseTestCase):
    def setUp(self) -> None:
        precompiled.forget()

    def test_it_gives_the_objects_the_orm_gives(self) -> None:
        expected = Case.objects.select_related(*RELATED).get(pk=self.case.pk)
        found = precompiled.by_external_id(Case, self.case.external_id, RELATED)
        assert found is not None
        for field in Case._meta.concrete_fields:
            self.assertEqual(getattr(found, field.attname), getattr(expected, field.attname),
                             field.name)
        self.assertEqual(found.diagnosis_date, dt.date(2025, 6, 1))  # converted, not text
        self.assertIsInstance(found.external_id, uuid.UUID)

    def test_it_brings_the_relations_in_the_same_query(self) -> None:
        found = precompiled.by_external_id(Case, self.case.external_id, RELATED)
        assert found is not None
        with self.assertNumQueries(0):
            self.assertEqual(found.patient.family_name, "王")
            self.assertEqual(found.site.code, "EAST")
            self.assertEqual(str(found.breast.bmi), "31.0")
            # the pathways the case is not on are known to be absent, without a query
            self.assertIsNone(getattr(found, "rectal", None))

    def test_it_finds_a_row_by_its_one_to_one_link(self) -> None:
        details = precompiled.by_key(BreastDetails, "case", self.case.pk)
        assert details is not None
        self.assertEqual((details.case_id, str(details.bmi)), (self.case.pk, "31.0"))
        self.assertIsNone(precompiled.by_key(RectalDetails, "case", self.case.pk))

    def test_it_finds_nothing_for_an_unknown_key(self) -> None:
        self.assertIsNone(precompiled.by_external_id(Case, uuid.uuid4(), RELATED))

    def test_it_fetches_each_key_with_one_compiled_query(self) -> None:
        other = make_case(self.coordinator, make_patient(self.coordinator, self.site, "A0002"))
        compiled = mock.patch.object(SQLCompiler, "as_sql", autospec=True,
                                     side_effect=SQLCompiler.as_sql)
        with compiled as as_sql:
            first = precompiled.by_external_id(Case, self.case.external_id, RELATED)
            second = precompiled.by_external_id(Case, other.external_id, RELATED)
        assert first is not None and second is not None
        self.assertEqual((first.pk, second.pk), (self.case.pk, other.pk))
        self.assertEqual(as_sql.call_count, 1)

    def test_it_reads_rows_by_an_integer_key(self) -> None:
        def pathways(patient_id: int) -> QuerySet[Any]:
            return Case.objects.filter(patient_id=patient_id).values_list("pathway", "ecog")

        patient = make_patient(self.coordinator, self.site, "A0003")
        self.assertEqual(precompiled.rows(Case, "test.pathways", pathways, patient.pk), [])
        make_case(self.coordinator, patient, pathway="rectum", primary_site_code="C20.9",
                  histology_code="8140/3", laterality="", ecog=1, details={})
        found = precompiled.rows(Case, "test.pathways", pathways, patient.pk)
        self.assertEqual(found, [("rectum", 1)])
        self.assertEqual(precompiled.rows(Case, "test.pathways", pathways, self.patient.pk),
                         [("breast", 0)])

    def test_it_reads_the_audit_chains_head_as_the_orm_does(self) -> None:
        self.client_for(self.clinician).get(f"/cases/{self.case.external_id}/")
        last = AuditEvent.objects.order_by("-id").values_list("seq", "hash", "at").first()
        assert last is not None
        head = chain_head("default")
        self.assertEqual((head.seq, head.hash, head.at), last)
        self.assertIsInstance(head.at, dt.datetime)
