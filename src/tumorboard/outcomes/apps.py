from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "tumorboard.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from tumorboard.core import derived
        from tumorboard.outcomes import hooks, tallies
        from tumorboard.outcomes.models import CaseOutcome

        # Summaries follow patient and case changes through the patients services' explicit
        # calls (same transaction), not post_save: see core/derived.py.
        derived.on_case_changed("outcomes", hooks.case_changed)
        derived.on_patient_changed("outcomes", hooks.patient_changed)
        # A summary deleted through the ORM (its case deleted) leaves the pre-aggregated counts.
        pre_delete.connect(tallies.outcome_deleted, sender=CaseOutcome,
                           dispatch_uid="outcomes-tallies-outcome-deleted")
