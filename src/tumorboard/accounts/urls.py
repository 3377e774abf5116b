from django.urls import path

from tumorboard.accounts import staff_views, two_factor, views

urlpatterns = [
    path("two-factor/", two_factor.two_factor, name="two-factor"),
    path("password/", views.PasswordChange.as_view(), name="password-change"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("staff/", staff_views.staff_list, name="staff-list"),
    path("staff/new/", staff_views.staff_create, name="staff-create"),
    path("staff/<uuid:profile_id>/", staff_views.staff_edit, name="staff-edit"),
    path("staff/<uuid:profile_id>/active/", staff_views.staff_active, name="staff-active"),
    path("staff/<uuid:profile_id>/two-factor/", staff_views.staff_reset_two_factor,
         name="staff-two-factor"),
]
