"""The partner pages (under Me) in the registry the navigation reads (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Practice, register

register(Practice(app="couples", title=_("Partner"), tab="me", order=210))
