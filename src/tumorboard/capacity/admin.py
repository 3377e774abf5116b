"""Weekly session templates in the Django admin."""

from django.contrib import admin

from tumorboard.capacity.models import SessionTemplate


@admin.register(SessionTemplate)
class SessionTemplateAdmin(admin.ModelAdmin[SessionTemplate]):
    list_display = ("department", "weekday", "room", "start", "end", "surgeon", "active")
    list_filter = ("department", "weekday", "active")
