from django.contrib import admin

from tumorboard.network.models import Department, Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["code", "name", "city", "offers_sphincter_preservation"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["site", "name", "beds"]
    list_filter = ["site"]
