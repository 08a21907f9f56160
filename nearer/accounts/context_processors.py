from django.http import HttpRequest

PRACTICE_SECTIONS = ("gratitude", "rituals", "checkins", "catchups", "notes")
ME_SECTIONS = ("accounts", "couples", "notifications", "calendars")


def nearer(request: HttpRequest) -> dict[str, object]:
    match = getattr(request, "resolver_match", None)
    return {
        "nav_section": getattr(match, "namespace", "") if match else "",
        "practice_sections": PRACTICE_SECTIONS,
        "me_sections": ME_SECTIONS,
    }
