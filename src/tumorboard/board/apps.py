from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "tumorboard.board"
    label = "board"
