"""The board demo (issue 12, "measures that therefore mean something"): after a small demo
load the "preserving intent kept" measure counts kept and not-kept cases, plans carried out
and not are recorded, and a conditional decision waits for its date."""

from __future__ import annotations

from django.test import TestCase, override_settings

from tests.board.helpers import FAST_HASHER
from tumorboard.board import implementation
from tumorboard.board.demo import do_create_demo_boards
from tumorboard.board.models import Action, Board, Implementation, Recommendation
from tumorboard.core import demo_data, demo_loader


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class BoardDemoTest(TestCase):
    boards: list[Board]

    @classmethod
    def setUpTestData(cls) -> None:
        sites = demo_loader.do_create_demo_sites()
        demo_loader.do_create_demo_users()
        demo_loader.do_load_patients(demo_data.generate(300, seed=7), sites)
        cls.boards = do_create_demo_boards()

    def test_it_counts_kept_and_not_kept_intents(self) -> None:
        tallies = implementation.intent_kept(self.boards)["board"]
        intents = sum(t.intents for t in tallies.values())
        kept = sum(t.kept for t in tallies.values())
        assert intents > 0
        assert 0 < kept < intents  # both kept and not-kept cases
        verdicts = {c["kept"] for t in tallies.values() for c in t.cases}
        assert verdicts == {True, False}
        assert "" not in implementation.intent_kept(self.boards)["surgeon"]

    def test_it_records_whether_plans_were_carried_out(self) -> None:
        answers = set(Implementation.objects.values_list("implemented", "reason"))
        assert (True, "") in answers
        assert any(not done and reason for done, reason in answers)

    def test_it_has_a_conditional_decision_that_comes_back(self) -> None:
        rec = Recommendation.objects.filter(signed_at__isnull=False).exclude(condition="").first()
        assert rec is not None and rec.relist_on is not None
        assert "12-week MRI" in rec.condition
        relist = Action.objects.get(recommendation=rec, kind="relist")
        assert relist.due_date == rec.relist_on and relist.done_date is None
