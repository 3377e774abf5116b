from django.urls import URLPattern, path

from tumorboard.outcomes import views, views_charts

urlpatterns: list[URLPattern] = [
    path("registry/", views.dashboard, name="outcomes-dashboard"),
    path("registry/export.csv", views.export_csv, name="outcomes-export"),
    path("registry/charts/<slug:chart>.svg", views_charts.registry_chart,
         name="outcomes-chart"),
    path("due/", views.due_list, name="outcomes-due"),
    path("import/", views.import_page, name="outcomes-import"),
    path("cases/<uuid:case_id>/operations/", views.add_operation, name="outcomes-add-operation"),
    path("cases/<uuid:case_id>/complications/", views.add_complication,
         name="outcomes-add-complication"),
    path("cases/<uuid:case_id>/follow-up/", views.add_follow_up, name="outcomes-add-follow-up"),
    path("cases/<uuid:case_id>/scores/<slug:instrument>/", views.add_function_score,
         name="outcomes-add-score"),
]
