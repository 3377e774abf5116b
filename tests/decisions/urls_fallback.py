"""The routes these tests need, used only while the project's root urls.py cannot be
imported (other apps' routes under construction); the paths are the same as the root's."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tumorboard.accounts import views as account_views
from tumorboard.api import api
from tumorboard.core import views as core_views

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("accounts/login/", account_views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("audit/", account_views.audit_trail, name="audit-trail"),
    path("decisions/", include("tumorboard.decisions.urls")),
    path("", include("tumorboard.patients.urls")),
]
