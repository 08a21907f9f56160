from django.contrib import admin

from .models import DailyQuestion, Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    """The bank is our own published content, so its text is shown. Answers are not."""

    list_display = ["key", "foundation", "depth", "kind", "reask", "retired_at"]
    list_filter = ["foundation", "depth", "kind", "reask"]
    search_fields = ["key", "text"]
    readonly_fields = [
        "key",
        "text",
        "framing",
        "foundation",
        "foundations",
        "depth",
        "kind",
        "reask",
    ]


@admin.register(DailyQuestion)
class DailyQuestionAdmin(admin.ModelAdmin[DailyQuestion]):
    """Metadata only: never what anyone wrote."""

    list_display = ["pk", "couple", "date", "question", "revealed_at"]
    fields = readonly_fields = ("couple", "date", "question", "lighter", "revealed_at", "talked_at")
