from django.urls import path, re_path

from tumorboard.fhir import views

TYPES = r"(?P<resource_type>Patient|Condition|BodyStructure|Observation|Procedure|CarePlan)"
ID = r"(?P<resource_id>[A-Za-z0-9\-\.]{1,64})"
JOB = r"(?P<job_id>[0-9a-f\-]{36})"

app_name = "fhir"
urlpatterns = [
    path("", views.transaction_view, name="transaction"),
    path("metadata", views.metadata, name="metadata"),
    re_path(rf"^Patient/{ID}/\$everything$", views.everything, name="everything"),
    re_path(r"^\$export$", views.export_kickoff, name="export"),
    re_path(r"^Patient/\$export$", views.export_kickoff, name="export-patients"),
    re_path(rf"^\$export-status/{JOB}$", views.export_status, name="export-status"),
    re_path(rf"^\$export-file/{JOB}/(?P<name>[A-Za-z]+\.ndjson)$", views.export_file,
            name="export-file"),
    re_path(rf"^{TYPES}/{ID}$", views.read_view, name="read"),
    re_path(rf"^{TYPES}/?$", views.search_view, name="search"),
    re_path(r"^(?P<path>.+)$", views.unknown, name="unknown"),
]
