from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tumorboard.decisions"
    label = "decisions"
