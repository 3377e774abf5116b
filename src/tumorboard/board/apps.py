from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "tumorboard.board"
    label = "board"

    def ready(self) -> None:
        from tumorboard.board import actions
        from tumorboard.core import derived

        # An operation (a letter, a clinic booking) closes the actions it fulfils, in the
        # transaction that recorded it: see core/derived.py.
        derived.on_event("board.actions", actions.on_event)
