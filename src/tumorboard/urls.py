from django.contrib import admin
from django.urls import include, path

from tumorboard.accounts import audit_views
from tumorboard.accounts import views as account_views
from tumorboard.api import api
from tumorboard.core import views as core_views

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("accounts/login/", account_views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", audit_views.AuditedLogoutView.as_view(), name="logout"),
    path("accounts/", include("tumorboard.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("audit/", account_views.audit_trail, name="audit-trail"),
    path("audit/patient/<str:patient_id>/", audit_views.patient_audit,
         name="audit-patient"),
    path("decisions/", include("tumorboard.decisions.urls")),
    path("outcomes/", include("tumorboard.outcomes.urls")),
    path("clinic/", include("tumorboard.clinic.urls")),
    path("board/", include("tumorboard.board.urls")),
    path("capacity/", include("tumorboard.capacity.urls")),
    path("welfare/", include("tumorboard.welfare.urls")),
    path("network/", include("tumorboard.network.urls")),
    path("fhir/R4/", include("tumorboard.fhir.urls")),
    path("", include("tumorboard.patients.urls")),
]

handler403 = "tumorboard.core.views.forbidden"
handler404 = "tumorboard.core.views.not_found"
handler500 = "tumorboard.core.views.server_error"
