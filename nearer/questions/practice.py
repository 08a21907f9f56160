"""The daily question (practice 2) in the practice contract (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Practice, register

from . import demo

register(
    Practice(
        app="questions",
        title=_("Daily question"),
        tab="today",
        order=0,
        demo=demo.demo,
        sealed=("questions.Answer", "questions.Guess", "questions.Response"),
    )
)
