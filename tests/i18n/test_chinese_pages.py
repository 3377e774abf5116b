"""Every page each role may open, read in 中文: no English word, raw key, UUID or username.

`ZH_CRAWL_OUT=FILE` writes the whole list of findings to FILE, for working through them.

The pages are the access matrix's own routes, filled with the same objects, so a new page is
read here as soon as the matrix knows it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tests import test_access_matrix_generated as matrix
from tests.access_objects import SiteObjects
from tests.i18n.page_text import foreign_words, readable_text
from tests.test_access_matrix_generated import ALLOWED, Route, routes
from tumorboard.network.models import Site


def chinese_client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(user)
    return client


class ChinesePagesTest(matrix.GeneratedAccessMatrixTest):
    # The matrix's own tests run in their module; this class only borrows its cast and objects.
    test_it_knows_every_route = None  # type: ignore[assignment]
    test_it_holds_the_role_matrix_on_the_own_site = None  # type: ignore[assignment]
    test_it_refuses_every_role_another_sites_objects = None  # type: ignore[assignment]

    def pages(self, user: User, role: str) -> list[tuple[str, Route]]:
        found: list[tuple[str, Route]] = []
        for r in routes():
            need = r.methods.get("get")
            if (need is None or r.name.startswith(("api-v1:", "fhir:"))
                    or role not in ALLOWED[need]):
                continue
            found.extend((url, r) for url, _ in self.urls(r, self.own, user))
        return found

    def names(self) -> set[str]:
        """People's and places' names written in Latin letters by their owners."""
        words: set[str] = set()
        for user in User.objects.all():
            words.update((user.first_name + " " + user.last_name).split())
        for site in Site.objects.all():
            words.update(site.name.split())
        objects: SiteObjects = self.own
        for patient in (objects.patient, self.patient):
            words.update(f"{patient.family_name} {patient.given_name}".split())
        return words

    def test_it_shows_no_english_key_uuid_or_username_in_chinese(self) -> None:
        cast = {"coordinator": self.coordinator, "clinician": self.clinician,
                "welfare": self.welfare, "auditor": self.auditor, "admin": self.admin}
        usernames = {u.username for u in User.objects.all()}
        names = self.names()
        failures: list[str] = []
        read = dict.fromkeys(cast, 0)
        for role, user in cast.items():
            client = chinese_client(user)
            for url, _route in self.pages(user, role):
                response = client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                read[role] += 1
                page = response.content.decode()
                # A whole page (not an htmx fragment) says which language it speaks.
                if "<html" in page[:300] and '<html lang="zh-hans"' not in page[:300]:
                    failures.append(f"{role} {url}: not answered in Chinese")
                for text in readable_text(page):
                    bad = foreign_words(text, names - usernames)
                    bad += [w for w in text.split() if w in usernames]
                    if bad:
                        failures.append(f"{role} {url}: {sorted(set(bad))} in {text[:80]!r}")
        if os.environ.get("ZH_CRAWL_OUT"):  # the whole list, for working through it
            Path(os.environ["ZH_CRAWL_OUT"]).write_text("\n".join(failures))
        self.assertEqual(failures, [], f"{len(failures)} texts:\n" + "\n".join(failures[:400]))
        # A crawl that reads nothing passes: each role must have read its pages.
        self.assertGreaterEqual(min(read.values()), 1, read)
        self.assertGreaterEqual(sum(read.values()), 150, read)
