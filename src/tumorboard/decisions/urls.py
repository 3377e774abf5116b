from django.urls import URLPattern, path

from tumorboard.decisions import views

urlpatterns: list[URLPattern] = [
    path("report/", views.report_page, name="decisions-report"),
    path("ruleset-changes/", views.ruleset_changes_page, name="decisions-ruleset-changes"),
    path("cases/<uuid:case_id>/panel/", views.case_panel, name="decisions-case-panel"),
    path("cases/<uuid:case_id>/screen/", views.rescreen, name="decisions-rescreen"),
    path("cases/<uuid:case_id>/options/<slug:option_code>/decision/", views.record_decision,
         name="decisions-record-decision"),
    path("cases/<uuid:case_id>/scores/<slug:name>/", views.record_score,
         name="decisions-record-score"),
]
