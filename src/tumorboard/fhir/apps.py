from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "tumorboard.fhir"
    label = "fhir"
    verbose_name = "FHIR R4 / mCODE"
