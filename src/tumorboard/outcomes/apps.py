from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "tumorboard.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from tumorboard.outcomes import signals, tallies
        from tumorboard.outcomes.models import CaseOutcome

        signals.connect()
        # A summary deleted through the ORM (its case deleted) leaves the pre-aggregated counts.
        pre_delete.connect(tallies.outcome_deleted, sender=CaseOutcome,
                           dispatch_uid="outcomes-tallies-outcome-deleted")
