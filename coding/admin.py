from django.contrib import admin

from coding.models import (
    AnalysisSettings,
    Cluster,
    Code,
    CodebookEvent,
    Coding,
    Memo,
    SignificantMoment,
)


@admin.register(AnalysisSettings)
class AnalysisSettingsAdmin(admin.ModelAdmin):
    # The one home of a study's CQR thresholds (the Study model holds none).
    list_display = ["study", *AnalysisSettings.EDITABLE]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "study", "order", "parent"]
    list_filter = ["study"]


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["name", "cluster", "study", "active"]
    list_filter = ["study", "active"]
    search_fields = ["name", "definition"]


@admin.register(Coding)
class CodingAdmin(admin.ModelAdmin):
    list_display = ["id", "code", "coder", "transcript", "start", "end", "updated_at"]
    list_filter = ["transcript__study", "code__cluster"]
    list_select_related = ["code", "coder", "transcript"]
    raw_id_fields = ["transcript", "code", "coder"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(SignificantMoment)
class SignificantMomentAdmin(admin.ModelAdmin):
    list_display = ["id", "valence", "intensity", "rater", "transcript", "start", "end"]
    list_filter = ["valence", "transcript__study"]
    list_select_related = ["rater", "transcript"]
    raw_id_fields = ["transcript", "rater"]


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "study", "created_at"]
    list_filter = ["study"]
    raw_id_fields = ["author", "transcript", "code", "coding"]


@admin.register(CodebookEvent)
class CodebookEventAdmin(admin.ModelAdmin):
    """The audit trail is read-only, even for staff."""

    list_display = ["at", "study", "actor", "action", "summary"]
    list_filter = ["study", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
