from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "tumorboard.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from tumorboard.outcomes import signals

        signals.connect()
