from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tumorboard.decisions"
    label = "decisions"

    def ready(self) -> None:
        from tumorboard.core import derived
        from tumorboard.decisions.services import screen_after_change

        # A case is screened when its facts change, in the service that changes them.
        derived.on_case_changed("decisions.screen", screen_after_change)
