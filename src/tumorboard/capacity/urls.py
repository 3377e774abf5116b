from django.urls import URLPattern, path

from tumorboard.capacity import views, views_measures, views_week

urlpatterns: list[URLPattern] = [
    path("", views.home, name="capacity-home"),
    path("<uuid:department_id>/waiting-list/", views.waiting_list,
         name="capacity-waiting-list"),
    path("<uuid:department_id>/waiting-list/new/", views.entry_create,
         name="capacity-entry-create"),
    path("entries/<uuid:entry_id>/", views.entry_detail, name="capacity-entry"),
    path("<uuid:department_id>/sessions/", views.sessions, name="capacity-sessions"),
    path("<uuid:department_id>/sessions/new/", views.session_create,
         name="capacity-session-create"),
    path("<uuid:department_id>/templates/new/", views.template_create,
         name="capacity-template-create"),
    path("<uuid:department_id>/sessions/generate/", views.sessions_generate,
         name="capacity-sessions-generate"),
    path("<uuid:department_id>/week/", views_week.week, name="capacity-week"),
    path("<uuid:department_id>/week/plan/", views_week.week_plan, name="capacity-week-plan"),
    path("planned/<uuid:planned_id>/day/", views_week.day_record, name="capacity-day-record"),
    path("<uuid:department_id>/beds/", views.beds, name="capacity-beds"),
    path("<uuid:department_id>/beds/admit/", views.admit, name="capacity-admit"),
    path("admissions/<uuid:admission_id>/move/", views.move, name="capacity-move"),
    path("<uuid:department_id>/measures/", views_measures.measures_page,
         name="capacity-measures"),
]
