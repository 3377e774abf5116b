from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from tumorboard.accounts.models import AuditEvent, Profile, SiteMembership


class MembershipInline(admin.TabularInline[SiteMembership, Profile]):
    model = SiteMembership
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
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
class TumorboardUserAdmin(UserAdmin):
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
