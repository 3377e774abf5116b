from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "tumorboard.clinic"
    label = "clinic"
