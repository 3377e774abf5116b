"""Admin pages for sites and departments: every save goes through the audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tumorboard.accounts import door
from tumorboard.network import services
from tumorboard.network.models import Department, Site


def _copy_saved(obj: Any, saved: Any) -> None:
    obj.pk, obj.external_id, obj.created, obj.modified = (
        saved.pk, saved.external_id, saved.created, saved.modified)


class AdminRoleMixin:
    """The admin role (not Django's model permissions) manages sites and departments;
    deleting is not offered (rows of other apps point at them)."""

    def _is_admin(self, request: HttpRequest) -> bool:
        return request.user.is_active and door.role_of(request.user) == "admin"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Site)
class SiteAdmin(AdminRoleMixin, admin.ModelAdmin[Site]):
    list_display = ["code", "name", "network", "city", "time_zone",
                    "offers_sphincter_preservation"]
    search_fields = ["code", "name", "network"]
    list_filter = ["network"]

    def get_readonly_fields(self, request: HttpRequest, obj: Site | None = None) -> Any:
        return ["code"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Site, form: Any, change: bool) -> None:
        current = Site.objects.get(pk=obj.pk) if change else None
        values = {name: form.cleaned_data[name] for name in services.SITE_FIELDS
                  if name in form.cleaned_data}
        _copy_saved(obj, services.do_save_site(request.user, values, current, request))


@admin.register(Department)
class DepartmentAdmin(AdminRoleMixin, admin.ModelAdmin[Department]):
    list_display = ["site", "name", "beds"]
    list_filter = ["site"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        return super().get_queryset(request).filter(site_id__in=door.site_ids(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        if db_field.name == "site":
            kwargs["queryset"] = door.sites_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Department, form: Any,
                   change: bool) -> None:
        current = Department.objects.get(pk=obj.pk) if change else None
        values = {name: form.cleaned_data[name] for name in services.DEPARTMENT_FIELDS
                  if name in form.cleaned_data}
        site = current.site if current is not None else form.cleaned_data["site"]
        _copy_saved(obj, services.do_save_department(request.user, site, values, current,
                                                     request))
