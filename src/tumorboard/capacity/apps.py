from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "tumorboard.capacity"
    label = "capacity"

    def ready(self) -> None:
        from tumorboard.capacity import hooks
        from tumorboard.core import derived

        # A signed recommendation whose plan lists surgery puts the case on the waiting
        # list in the sign-off's transaction (core.derived: board may not import capacity).
        derived.on_recommendation_signed("capacity", hooks.recommendation_signed)
