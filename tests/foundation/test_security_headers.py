"""Content-Security-Policy without inline script, and no-store on anything with patient data."""

from __future__ import annotations

import re
from pathlib import Path

from tests.base import BaseTestCase
from tests.board.helpers import BoardTestCase

SRC = Path(__file__).resolve().parents[2] / "src" / "tumorboard"
# Rendered to PDF by WeasyPrint on the server, never served to a browser as a page.
# Rendered only into PDFs (WeasyPrint), never served as pages.
PDF_ONLY = {"board/letters/_style.html", "welfare/pdf/_style.html",
            "network/audit_report.html", "network/letter.html"}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=|\shx-on[:-]", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def templates() -> list[Path]:
    return sorted(SRC.rglob("templates/**/*.html"))


def test_it_finds_the_templates() -> None:
    assert len(templates()) > 40


def test_it_has_no_inline_script_or_event_handler_in_any_template() -> None:
    offenders = [str(path.relative_to(SRC)) for path in templates()
                 if INLINE_SCRIPT.search(text := path.read_text()) or EVENT_HANDLER.search(text)]
    assert offenders == []


def test_it_has_no_inline_style_in_a_page_template() -> None:
    offenders = [str(path.relative_to(SRC)) for path in templates()
                 if INLINE_STYLE.search(path.read_text())
                 and not any(str(path).endswith(name) for name in PDF_ONLY)]
    assert offenders == []


def test_it_would_catch_an_inline_script() -> None:
    assert INLINE_SCRIPT.search('<script>alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert EVENT_HANDLER.search('<button onclick="window.print()">')
    assert INLINE_STYLE.search('<input style="width:5rem">')


class HeadersTest(BaseTestCase):
    def assert_no_store(self, response: object) -> None:
        self.assertIn("no-store", response["Cache-Control"])  # type: ignore[index]

    def test_it_sends_a_self_only_policy_on_pages(self) -> None:
        for client, path in ((self.client_for(self.clinician), "/"),
                             (self.client_for(self.clinician), "/patients/"),
                             (self.client, "/accounts/login/")):
            policy = client.get(path)["Content-Security-Policy"]
            directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
            self.assertEqual(directives["default-src"], "'self'")
            self.assertEqual(directives["script-src"], "'self'")
            self.assertNotIn("unsafe-inline", directives["script-src"])
            self.assertEqual(directives["frame-ancestors"], "'none'")

    def test_it_forbids_caching_a_patient_page(self) -> None:
        response = self.client_for(self.clinician).get(f"/patients/{self.patient.external_id}/")
        self.assertEqual(response.status_code, 200)
        self.assert_no_store(response)

    def test_it_forbids_caching_an_api_and_a_fhir_response(self) -> None:
        api = self.client.get(f"/api/v1/patients/{self.patient.external_id}",
                              **self.bearer(self.clinician))
        self.assertEqual(api.status_code, 200)
        self.assert_no_store(api)
        fhir = self.client.get(f"/fhir/R4/Patient/{self.patient.external_id}",
                               **self.bearer(self.clinician))
        self.assertEqual(fhir.status_code, 200)
        self.assert_no_store(fhir)


class PdfHeadersTest(BoardTestCase):
    def test_it_forbids_caching_a_pdf(self) -> None:
        response = self.client_for(self.coordinator).get(
            f"/board/meetings/{self.meeting.external_id}/agenda.pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn("no-store", response["Cache-Control"])
