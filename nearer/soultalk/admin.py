from django.contrib import admin

from .models import Talk


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin[Talk]):
    """Metadata only. Kept lines (Keepsake) are deliberately not registered."""

    list_display = ["pk", "couple", "started_at", "minutes", "finished_at"]
    fields = readonly_fields = ("couple", "started_at", "minutes", "finished_at")
