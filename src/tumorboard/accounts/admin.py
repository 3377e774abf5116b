from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from tumorboard.accounts import audit
from tumorboard.accounts.models import AuditEvent, Profile, SiteMembership


class MembershipInline(admin.TabularInline[SiteMembership, Profile]):
    model = SiteMembership
    extra = 0


def _access_of(user: User) -> tuple[str, list[str]]:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return "", []
    return profile.role, sorted(profile.sites.values_list("code", flat=True))


class AuditedAccessMixin:
    """Role and site changes made in the Django admin are audited like do_change_role's:
    the admin saves the profile and its memberships itself, so the trail is written here,
    after the inlines, with the access before and after."""

    def _user_of(self, obj: Any) -> User:
        return obj if isinstance(obj, User) else obj.user

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _access_of(self._user_of(obj)) if change else ("", [])
        request._access_before = before  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any,
                     change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        user = self._user_of(form.instance)
        before: tuple[str, list[str]] = getattr(request, "_access_before", ("", []))
        after = _access_of(user)
        if tuple(before) != after:
            audit.record(user=request.user, action="role_change", object_type="user",
                         object_id=user.pk, request=request,
                         detail={"user": user.get_username(), "via": "admin",
                                 "role": [before[0], after[0]],
                                 "sites": [before[1], after[1]]})


@admin.register(Profile)
class ProfileAdmin(AuditedAccessMixin, admin.ModelAdmin[Profile]):
    list_display = ["user", "role", "specialty"]
    list_filter = ["role", "specialty"]
    search_fields = ["user__username"]
    inlines = [MembershipInline]


class ProfileInline(admin.StackedInline[Profile, User]):
    model = Profile
    can_delete = False
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class TumorboardUserAdmin(AuditedAccessMixin, UserAdmin):
    inlines = [ProfileInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is append-only."""

    list_display = ["at", "username", "action", "object_type", "object_id", "channel", "site"]
    list_filter = ["action", "channel", "object_type"]
    search_fields = ["username", "object_id", "patient_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
