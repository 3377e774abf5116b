from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "tumorboard.patients"
    label = "patients"
