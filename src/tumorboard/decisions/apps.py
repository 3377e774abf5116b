from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tumorboard.decisions"
    label = "decisions"

    def ready(self) -> None:
        from tumorboard.core import derived
        from tumorboard.decisions.services import rescreen_patient_cases, screen_after_change

        # A case is screened when its facts change, in the service that changes them.
        derived.on_case_changed("decisions.screen", screen_after_change)
        # The patient's age at diagnosis is a fact of each of their cases.
        derived.on_patient_changed("decisions.screen", rescreen_patient_cases)
