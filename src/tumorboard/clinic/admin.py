"""Template editing in the Django admin (rooms, durations, order, joint consults)."""

from django.contrib import admin

from tumorboard.clinic.models import ClinicTemplate, TemplateStep


class TemplateStepInline(admin.TabularInline[TemplateStep, ClinicTemplate]):
    model = TemplateStep
    extra = 0
    fields = ("position", "code", "label", "specialties", "duration", "room", "when", "unless")


@admin.register(ClinicTemplate)
class ClinicTemplateAdmin(admin.ModelAdmin[ClinicTemplate]):
    list_display = ("name", "site", "pathway")
    list_filter = ("site", "pathway")
    inlines = [TemplateStepInline]
