from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "nearer.calendars"
    label = "calendars"
    verbose_name = "Calendar feeds"
