from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.forms import Textarea


class AppreciationForm(forms.Form):
    what = forms.CharField(
        label=_("Something I appreciate about you"),
        max_length=500,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("Small is good: something they did or said, or simply who they are."),
        error_messages={
            "required": _("Write what you appreciated first."),
            "max_length": _("Keep it under %(limit_value)d characters. Your words are still here."),
        },
    )
    because = forms.CharField(
        label=_("…because"),
        max_length=500,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("Name what it says about them, not only what it did for you."),
        error_messages={
            "required": _(
                "The “because” is what makes it land. Add a few words about why it mattered."
            ),
            "max_length": _("Keep it under %(limit_value)d characters. Your words are still here."),
        },
    )
