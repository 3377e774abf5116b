"""The MDT and clinic pages show the funding status where it matters: the board's agenda
and presentation, the clinic booking and the case page say "funding: approved / pending"
to a clinician in English and Chinese, never a household or income figure; nothing when
there is no application; a user of another site sees nothing; reading writes nothing but
the audit row of the read."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Model
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from tests.board.helpers import BoardTestCase
from tests.network.helpers import refer
from tests.welfare.helpers import assessed, make_application, make_fund
from tumorboard.accounts.models import AuditEvent
from tumorboard.board import services as board_services
from tumorboard.clinic import services as clinic_services
from tumorboard.welfare import decisions
from tumorboard.welfare import models as w

INCOME_FIGURES = ("36000", "24000", "60000", "15000", "¥")
MARK = 'class="badge funding-status'


class FundingStatusPagesTest(BoardTestCase):
    def pages(self) -> list[str]:
        listing = board_services.do_list_case(self.coordinator, self.case, self.meeting,
                                              question="Reconstruction options?")
        day = clinic_services.do_create_day(
            self.coordinator, self.site, pathway="breast",
            date=timezone.localdate() + timezone.timedelta(days=30), staff_from_site=True)
        booking = clinic_services.do_book_case(self.coordinator, day, self.case)
        return [reverse("meeting-agenda", args=[self.meeting.external_id]),
                reverse("listing-presentation", args=[listing.external_id]),
                reverse("clinic-booking", args=[booking.external_id]),
                reverse("case-detail", args=[self.case.external_id])]

    def approve(self) -> None:
        app = assessed(self.welfare, self.case, make_fund(self.admin, self.site))
        decisions.do_decide(self.admin, app, approve=True)

    def read(self, user: User, url: str, language: str = "en") -> tuple[int, str]:
        response = self.client_for(user).get(url, HTTP_ACCEPT_LANGUAGE=language)
        return response.status_code, response.content.decode()

    def test_it_shows_approved_on_each_page_in_both_languages(self) -> None:
        self.approve()
        urls = self.pages()
        for language in ("en", "zh-hans"):
            with translation.override(language):
                label = translation.gettext("funding: approved")
            self.assertEqual(language == "en", label == "funding: approved")
            for url in urls:
                with self.subTest(url=url, language=language):
                    status, html = self.read(self.clinician, url, language)
                    self.assertEqual(status, 200)
                    self.assertIn(f"{MARK} funding-approved\">{label}</span>", html)
                    for figure in INCOME_FIGURES:
                        self.assertNotIn(figure, html)

    def test_it_shows_pending_while_the_application_is_open(self) -> None:
        make_application(self.welfare, self.case)
        for url in self.pages():
            with self.subTest(url=url):
                html = self.read(self.clinician, url)[1]
                self.assertIn(f"{MARK} funding-pending\">funding: pending</span>", html)

    def test_it_shows_nothing_without_an_application(self) -> None:
        for url in self.pages():
            with self.subTest(url=url):
                status, html = self.read(self.clinician, url)
                self.assertEqual(status, 200)
                self.assertNotIn("funding-status", html)

    def test_it_shows_another_sites_user_nothing(self) -> None:
        self.approve()
        for url in self.pages():
            with self.subTest(url=url):
                status, html = self.read(self.outsider, url)
                self.assertIn(status, (403, 404))
                self.assertNotIn("funding", html)
        # A referral lets the other site read the case page: still no funding status.
        refer(self.clinician, self.case, self.other_site)
        status, html = self.read(self.outsider, reverse("case-detail",
                                                        args=[self.case.external_id]))
        self.assertEqual(status, 200)
        self.assertNotIn("funding", html)
        request = RequestFactory().get("/")
        request.user = self.outsider
        tag = Template("{% load welfare_tags %}{% funding_status case %}")
        self.assertEqual(tag.render(Context({"request": request, "case": self.case})).strip(),
                         "")

    def test_it_writes_nothing_on_read_but_the_audit_row(self) -> None:
        self.approve()
        urls = self.pages()
        welfare_models: list[type[Model]] = [
            w.Application, w.ApplicationEvent, w.Decision, w.LedgerTransaction, w.LedgerLine,
            w.Fund, w.DocumentRequest, w.WelfareLetter]
        before = [(m.objects.count(), list(m.objects.values_list("modified" if hasattr(
            m, "modified") else "pk", flat=True))) for m in welfare_models]
        reads = AuditEvent.objects.filter(object_type="funding_status").count()
        for url in urls:
            self.read(self.clinician, url)
        after = [(m.objects.count(), list(m.objects.values_list("modified" if hasattr(
            m, "modified") else "pk", flat=True))) for m in welfare_models]
        self.assertEqual(after, before)
        self.assertEqual(AuditEvent.objects.filter(object_type="funding_status").count(),
                         reads + len(urls))
