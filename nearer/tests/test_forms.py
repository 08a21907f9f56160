"""The shared field template: every box with a length limit says so, and is described by it."""

from __future__ import annotations

import importlib
import importlib.util
import re

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from nearer.forms import BoundField


def _nearer_forms() -> list[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        module = f"{config.name}.forms"
        if config.name.startswith("nearer.") and importlib.util.find_spec(module):
            importlib.import_module(module)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("nearer."):
                found.append(sub)
    return found


def _limited_fields() -> list[tuple[str, forms.BoundField]]:
    fields = []
    for form_class in _nearer_forms():
        form = form_class()
        for bound in form:
            max_length = getattr(bound.field, "max_length", None)
            widget = bound.field.widget
            if (
                max_length
                and not widget.is_hidden
                and getattr(widget, "input_type", "text") == "text"
            ):
                fields.append((f"{form_class.__name__}.{bound.name}", bound))
    return fields


@pytest.mark.django_db
def test_every_box_with_a_limit_shows_it_and_is_described_by_it() -> None:
    limited = _limited_fields()
    names = {name for name, _bound in limited}
    # The boxes people write in: answers, responses, notes, thanks, topics, prompts, titles…
    assert {
        "AnswerForm.text",
        "ListeningForm.heard",
        "NoteForm.text",
        "AppreciationForm.what",
        "AppreciationForm.because",
        "PlanForm.topic",
        "EntryForm.appreciated",
        "EntryForm.more_loved",
        "EntryForm.closer",
        "RitualForm.title",
        "KeepsakeForm.text",
        "SignupDetailsForm.display_name",
        "ProfileForm.display_name",
    } <= names
    for name, bound in limited:
        assert isinstance(bound, BoundField), name
        limit = getattr(bound.field, "max_length", None)
        html = bound.as_field_group()
        assert f'maxlength="{limit}"' in html, name
        hint = re.search(
            rf'<p class="field__limit" id="{bound.auto_id}_limit"[^>]*>([^<]*)</p>', html
        )
        assert hint, name
        assert hint.group(1) == f"Up to {limit:,} characters.", name
        described = re.search(r'aria-describedby="([^"]*)"', html)
        assert described and f"{bound.auto_id}_limit" in described.group(1).split(), name


def test_an_email_or_password_box_gets_no_count() -> None:
    from nearer.accounts.forms import SignupDetailsForm

    class WithEmail(SignupDetailsForm):
        email = forms.EmailField(max_length=320)

    html = WithEmail()["email"].as_field_group()
    assert "field__limit" not in html
    assert "_limit" not in html


def test_the_answer_box_on_today_shows_its_limit(client, bank, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    page = client.get(reverse("questions:today")).content.decode()
    assert 'maxlength="5000"' in page
    assert "Up to 5,000 characters." in page
    assert 'aria-describedby="id_text_helptext id_text_limit"' in page
