from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "nearer.notifications"
    label = "notifications"
    verbose_name = "Notifications"
