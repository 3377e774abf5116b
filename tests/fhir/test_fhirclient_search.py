"""fhirclient (4.x) against the FHIR views: the search behaviour of issue 13 — repeated
parameters ANDed, comma lists ORed, partial dates, identifiers — and metadata without a
token. fhirclient's `requests` session is served in-process by Django's test client (a
transport adapter), since a live server cannot flush the append-only audit table."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import requests
from django.test import Client
from requests.adapters import BaseAdapter

from tests.base import BaseTestCase
from tumorboard.patients import services

BASE = "http://testserver/fhir/R4/"


class DjangoAdapter(BaseAdapter):
    """Answers fhirclient's HTTP requests with tumorboard's views."""

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: Any = None, verify: Any = True, cert: Any = None,
             proxies: Any = None) -> requests.Response:
        parts = urlsplit(str(request.url))
        headers = {k: str(v) for k, v in request.headers.items()
                   if k.lower() not in ("content-type", "content-length")}
        answer = Client().generic(str(request.method), parts.path + (
            f"?{parts.query}" if parts.query else ""), request.body or b"",
            content_type=str(request.headers.get("Content-Type", "")), headers=headers)
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers.update(dict(answer.items()))
        response.url = str(request.url)
        response.request = request
        return response

    def close(self) -> None:
        pass


class FhirClientSearchTest(BaseTestCase):
    def test_it_answers_fhirclient_searches_as_r4_defines_them(self) -> None:
        from fhirclient import client
        from fhirclient.models.capabilitystatement import CapabilityStatement
        from fhirclient.models.patient import Patient

        for family, born in (("Alder", dt.date(1967, 3, 4)), ("Birch", dt.date(1967, 11, 30)),
                             ("Cedar", dt.date(1968, 1, 2))):
            services.do_create_patient(self.coordinator, self.site, {
                "mrn": f"F-{family}", "family_name": family, "given_name": "Ann",
                "sex": "female", "birth_date": born})
        smart = client.FHIRClient(settings={"app_id": "tumorboard-test", "api_base": BASE})
        smart.server.session.mount("http://testserver", DjangoAdapter())
        statement = CapabilityStatement.read_from("metadata", smart.server)  # no token
        assert statement.fhirVersion == "4.0.1"
        token = self.bearer(self.clinician)["HTTP_AUTHORIZATION"]
        smart.server.session.headers["Authorization"] = token

        def families(struct: dict[str, Any]) -> list[str]:
            found = Patient.where(struct).perform_resources_iter(smart.server)
            return sorted(p.name[0].family for p in found)

        assert families({"birthdate": {"$and": ["ge1967-06-01", "lt1968-01-01"]}}) == [
            "Birch"]
        assert families({"family": {"$or": ["Alder", "Cedar"]}}) == ["Alder", "Cedar"]
        assert families({"birthdate": "1967", "family": {"$or": ["A", "B", "C"]}}) == [
            "Alder", "Birch"]
        assert families({"identifier": "urn:tumorboard:site:EAST:mrn|F-Cedar"}) == ["Cedar"]
