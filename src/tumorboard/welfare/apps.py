from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "tumorboard.welfare"
    label = "welfare"
    default_auto_field = "django.db.models.BigAutoField"
