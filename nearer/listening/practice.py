"""The listening step (practice 11) in the practice contract (nearer/lib/practices.py).

It is not a page of its own: it is the reply form (and the "did you feel heard?") that every
practice where one partner opens up uses (a shared feeling, a revealed answer, a check-in
entry, a struggle). This app holds its pieces: the abstract reply model, the forms, the hints
and their page-less endpoint.
"""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Practice, register

register(Practice(app="listening", title=_("The listening step"), tab="talk", order=45))
