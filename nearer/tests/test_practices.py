"""The practice contract (nearer/lib/practices.py): every app declares itself once, and the hubs
(notifications, calendars, Today, the navigation, the Practices page, the demo, the sealing
checks) read the declarations instead of naming apps."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import URLResolver, get_resolver, reverse

from nearer.lib import practices
from nearer.lib.practices import Kind, Practice, Reminders

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = [c for c in apps.get_app_configs() if c.name.startswith("nearer.")]
# The apps everything else builds on, and the hubs that read the registry: none of them may
# import a practice's modules (a new practice must not have to be named in them).
FLOORS_AND_HUBS = {"lib", "accounts", "couples", "notifications", "calendars"}


def _practice_apps() -> set[str]:
    return {p.app for p in practices.practices()} - FLOORS_AND_HUBS


def test_every_app_of_ours_declares_itself() -> None:
    declared = {p.app for p in practices.practices()}
    assert declared == {config.label for config in OUR_APPS}
    for config in OUR_APPS:
        assert (Path(config.path) / "practice.py").exists(), config.label


def test_every_page_lights_up_a_tab() -> None:
    namespaces = {
        p.namespace
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace
    }
    ours = namespaces & {config.label for config in OUR_APPS}
    assert ours, "no namespaced URLs found"
    for namespace in ours:
        assert practices.tab_of(namespace) in practices.TABS, namespace


def test_every_notification_kind_used_in_code_is_declared() -> None:
    declared = set(practices.kinds())
    used = set()
    for path in (ROOT / "nearer").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        used |= set(re.findall(r'kind="([a-z_]+)"', path.read_text()))
    used -= {"memory"}  # a question's kind, not a notification's
    assert used <= declared, used - declared
    assert len(declared) >= 16  # every practice was discovered


def test_kinds_are_not_frozen_into_migrations() -> None:
    from nearer.notifications.models import Notification, Reminder

    assert not Notification._meta.get_field("kind").choices
    assert not Reminder._meta.get_field("practice").choices


def test_sealed_models_are_every_model_that_stores_sealed_bytes() -> None:
    """Every binary column holds sealed words (or a wrapped key); each model is declared."""
    declared = set(practices.sealed_models())
    with_sealed_bytes = {
        model
        for model in apps.get_models()
        if model._meta.app_label in {c.label for c in OUR_APPS}
        and model._meta.label != "accounts.User"  # its wrapped data key, not words
        and any(isinstance(f, models.BinaryField) for f in model._meta.concrete_fields)
    }
    assert declared == with_sealed_bytes


def test_the_hubs_name_no_practice() -> None:
    practice_apps = _practice_apps()
    assert practice_apps >= {"questions", "checkins", "gratitude", "notes", "rituals"}
    offenders = []
    for hub in FLOORS_AND_HUBS:
        for path in (ROOT / "nearer" / hub).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                offenders += [
                    f"{path.relative_to(ROOT)} imports {name}"
                    for name in names
                    if name.startswith("nearer.") and name.split(".")[1] in practice_apps
                ]
    assert offenders == []


def test_the_practices_page_lists_every_entry(client, partner_a) -> None:
    client.force_login(partner_a)
    body = client.get(reverse("practices")).content.decode()
    entries = [e for p in practices.practices() for e in p.entries]
    assert len(entries) >= 8
    for entry in entries:
        assert f'href="{reverse(entry.url_name)}"' in body
        assert str(entry.title) in body


@pytest.mark.parametrize(
    ("url_name", "tab_label"),
    [
        ("questions:today", "Today"),
        ("soultalk:start", "Together"),
        ("checkins:index", "Practices"),
        ("practices", "Practices"),
        ("calendars:page", "Me"),
        ("notifications:settings", "Me"),
    ],
)
def test_the_navigation_marks_the_tab_its_practice_declares(
    client, partner_a, bank, url_name, tab_label
) -> None:
    client.force_login(partner_a)
    body = client.get(reverse(url_name)).content.decode()
    current = re.findall(r'aria-current="page">\s*<svg.*?<span>([^<]+)</span>', body, re.S)
    assert current == [tab_label]


def test_a_new_practice_is_one_declaration(client, partner_a, bank, monkeypatch) -> None:
    """Registering one more practice reaches preferences, notifications and the Practices page."""
    import datetime as dt

    from nearer.lib.practices import Entry
    from nearer.notifications.forms import PreferencesForm
    from nearer.notifications.operations import notify

    extra = Practice(
        app="stargazing",
        title="Stargazing",
        order=99,
        entries=(Entry("Stargazing", "Look up together.", "rituals:index"),),
        kinds=(
            Kind("stars_tonight", "{name} says the sky is clear tonight."),
            Kind("stars_reminder", "Stars at {time}.", reminder=True),
        ),
        reminders=Reminders(
            kind="stars_reminder",
            lead=dt.timedelta(0),
            url_name="rituals:index",
            sources_in=lambda couple: [],
            next_event=lambda source_id, after: None,
        ),
    )
    monkeypatch.setitem(practices._REGISTRY, "stargazing", extra)
    form = PreferencesForm()
    remind, email = form.fields["remind"], form.fields["email"]
    assert isinstance(remind, forms.ChoiceField) and isinstance(email, forms.ChoiceField)
    assert isinstance(remind.choices, list) and isinstance(email.choices, list)
    assert ("stargazing", "Stargazing") in remind.choices
    assert ("stargazing", "Stargazing") in email.choices
    line = notify(user=partner_a, kind="stars_tonight", key="stars:1", url="/today/")
    assert line is not None
    assert line.message() == "Your partner says the sky is clear tonight."
    assert line.practice == "stargazing"
    client.force_login(partner_a)
    assert "Look up together." in client.get(reverse("practices")).content.decode()


def test_a_reminder_kind_must_be_declared() -> None:
    import datetime as dt

    with pytest.raises(ValueError, match="not declared"):
        Practice(
            app="x",
            title="X",
            reminders=Reminders(
                "x_reminder", dt.timedelta(0), "home", lambda couple: [], lambda i, a: None
            ),
        )


def test_kinds_cannot_be_declared_twice(monkeypatch) -> None:
    monkeypatch.setattr(practices, "_REGISTRY", dict(practices._REGISTRY))
    with pytest.raises(ValueError, match="declared twice"):
        practices.register(
            Practice(app="copycat", title="Copycat", kinds=(Kind("note_arrived", "Again."),))
        )
