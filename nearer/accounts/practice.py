"""The account's pages (Me) in the registry the navigation reads (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Practice, register

register(Practice(app="accounts", title=_("Me"), tab="me", order=200))
