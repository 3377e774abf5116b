from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tumorboard.core"
    label = "core"
