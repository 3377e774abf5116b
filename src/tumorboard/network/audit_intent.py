"""'Preserving intent kept' as a network-audit indicator: for each operation that is the
first after a current signed board recommendation whose function-preserving option the
patient accepted, 1 when the operation kept it (the sphincter, the breast by immediate
reconstruction, the limb), 0 when not; operations without such an intent are not counted.
The rows and the judgement are the board's (board.implementation.intent_rows, board.intent
.judge): one definition, here only attached to the audit's operations."""

from __future__ import annotations

from collections.abc import Iterable

from tumorboard.board import intent
from tumorboard.board.implementation import intent_rows
from tumorboard.board.models import Board
from tumorboard.outcomes.models import Operation


def intent_verdicts(operations: Iterable[Operation]) -> dict[int, int]:
    """{operation pk: 1 kept / 0 not kept} for the operations that carry an intent."""
    first: dict[tuple[int, object], int] = {}
    for op in sorted(operations, key=lambda o: (o.date, o.pk)):
        first.setdefault((op.case_id, op.date), op.pk)
    case_ids = {case_id for case_id, _ in first}
    if not case_ids:
        return {}
    boards = Board.objects.filter(meetings__listings__case_id__in=case_ids).distinct()
    verdicts: dict[int, list[bool]] = {}
    for row in intent_rows(boards):
        op_id = first.get((row["case"].pk, row["operation_date"]))
        verdict = intent.judge(str(row["option"]), str(row["decision"]), row["operation"])
        if op_id is not None and verdict is not None:
            verdicts.setdefault(op_id, []).append(verdict)
    return {op_id: int(all(kept)) for op_id, kept in verdicts.items()}
