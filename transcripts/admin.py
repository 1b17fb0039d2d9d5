from django.contrib import admin

from transcripts.models import Membership, Participant, Study, Transcript, Turn


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user", "added_by"]


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ["title", "blind_coding", "created_at"]
    search_fields = ["title"]
    inlines = [MembershipInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["code", "study"]
    list_filter = ["study"]


class TurnInline(admin.TabularInline):
    model = Turn
    extra = 0
    readonly_fields = ["index", "speaker", "start", "end", "start_seconds", "end_seconds"]
    can_delete = False


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    list_display = ["title", "study", "participant", "source_format", "word_count", "imported_at"]
    list_filter = ["study", "source_format"]
    list_select_related = ["study", "participant"]
    # Offsets are the contract: the text is never edited after import.
    readonly_fields = ["text", "sha256", "source_name", "source_format", "sentences"]
    inlines = [TurnInline]
