from django.urls import path

from tumorboard.patients import panels, report_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("patients/", views.patient_search, name="patient-search"),
    path("patients/new/", views.patient_create, name="patient-create"),
    path("patients/<uuid:patient_id>/", views.patient_detail, name="patient-detail"),
    path("patients/<uuid:patient_id>/edit/", views.patient_edit, name="patient-edit"),
    path("patients/<uuid:patient_id>/cases/new/", views.case_create, name="case-create"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<uuid:case_id>/edit/", views.case_edit, name="case-edit"),
    path("cases/<uuid:case_id>/panels/<slug:panel>/", panels.case_panel, name="case-panel"),
    path("cases/<uuid:case_id>/status/", views.case_status, name="case-status"),
    path("cases/<uuid:case_id>/reports/new/", report_views.report_add, name="case-report-add"),
    path("reports/<uuid:report_id>/", report_views.report_detail, name="report-detail"),
    path("reports/<uuid:report_id>/amend/", report_views.report_amend, name="report-amend"),
    path("reports/<uuid:report_id>/files/", report_views.report_attach, name="report-attach"),
    path("report-files/<uuid:attachment_id>/", report_views.attachment_download,
         name="report-file"),
]
