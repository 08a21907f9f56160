"""Reminder settings and the list of notifications (under Me), in the registry the navigation
reads (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Practice, register

register(Practice(app="notifications", title=_("Notifications"), tab="me", order=220))
