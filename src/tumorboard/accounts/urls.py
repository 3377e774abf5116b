from django.urls import path

from tumorboard.accounts import two_factor, views

urlpatterns = [
    path("two-factor/", two_factor.two_factor, name="two-factor"),
    path("password/", views.PasswordChange.as_view(), name="password-change"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
