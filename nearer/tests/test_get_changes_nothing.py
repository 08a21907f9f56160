"""State changes by POST only: opening any page of Nearer with GET changes no row.

Every named URL of the project's own apps is opened with GET as a signed-in partner whose
space has a little of everything (the demo couple, plus a ritual, time together, a calendar
link and an invitation), with the ids of real rows in the path. The database is compared
before and after each request. New URLs are picked up by themselves.

Two effects of opening a page are by design and left out of the comparison: opening the page
a notification points to (or the list of notifications) marks it read, and the first visit of
the day chooses the couple's question for that day (docs/decisions/0005-daily-question.md).
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nearer.accounts.models import User
from nearer.calendars.operations import create_feed
from nearer.catchups.models import CatchUp
from nearer.checkins.models import CheckIn
from nearer.couples.operations import invite_partner
from nearer.gratitude.models import Appreciation
from nearer.notes.models import Note
from nearer.questions.models import DailyQuestion
from nearer.rituals.operations import add_ritual
from nearer.soultalk.operations import start_talk, start_time_together
from nearer.tests.factories import make_user

OWN_APPS = {
    "accounts",
    "calendars",
    "catchups",
    "checkins",
    "closeness",
    "couples",
    "gratitude",
    "notes",
    "notifications",
    "questions",
    "rituals",
    "soultalk",
}
BY_DESIGN = {"notifications.Notification": {"read_at"}}


def named_urls() -> list[tuple[str, list[str]]]:
    """(namespace:name, the names of its path arguments) for every URL of our own apps."""
    found = []

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace in OWN_APPS:
                found.append((f"{namespace}:{pattern.name}", list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


def snapshot() -> dict[str, list[dict[str, object]]]:
    rows = {}
    for model in apps.get_models():
        if not model.__module__.startswith("nearer."):
            continue
        label = model._meta.label
        if label == "questions.DailyQuestion":
            continue  # compared separately: only today's may appear
        left_out = BY_DESIGN.get(label, set())
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in left_out]
        rows[label] = list(model._default_manager.order_by("pk").values(*fields))
    return rows


@pytest.fixture
def alex(client, bank) -> tuple[object, dict[str, object]]:
    call_command("demo", stdout=StringIO())
    alex = User.objects.get(email="alex@demo.nearer.invalid")
    sam = User.objects.get(email="sam@demo.nearer.invalid")
    ritual = add_ritual(user=sam, title="Tea", idea_key="", days=[0, 3], time=dt.time(8))
    talk = start_talk(user=sam, minutes=15, cards=3)  # not finished yet
    time = start_time_together(user=alex, minutes=20)
    feed_token = create_feed(user=alex).token
    invitation, invite_token = invite_partner(inviter=make_user("Jo"))
    client.force_login(alex)
    client.get(reverse("questions:today"))  # today's question, chosen once
    args = {
        "catchups": CatchUp.objects.for_user(alex).latest("pk").pk,
        "checkins": CheckIn.objects.history_for(alex).latest("pk").pk,
        "questions": DailyQuestion.objects.history_for(alex).latest("pk").pk,
        "soultalk": talk.pk,
        "soultalk:time_timer": time.pk,
        "rituals": ritual.pk,
        "gratitude": Appreciation.objects.received_by(alex).latest("pk").pk,
        "notes": Note.objects.written_by(alex).latest("pk").pk,
        "couples:revoke": invitation.pk,
        "invite token": invite_token,
        "feed token": feed_token,
    }
    return client, args


def _kwargs(name: str, params: list[str], ids: dict[str, object]) -> dict[str, object]:
    """Path arguments for `name`: a card position, a token, or the id of a real row (by URL
    name first, then by app)."""
    kwargs: dict[str, object] = {}
    for param in params:
        if param == "position":
            kwargs[param] = 1
        elif param == "token":
            kwargs[param] = ids["feed token" if name == "calendars:feed" else "invite token"]
        else:
            kwargs[param] = ids.get(name, ids.get(name.split(":")[0]))
    return kwargs


def test_every_get_leaves_every_row_as_it_was(alex) -> None:
    client, args = alex
    urls = named_urls()
    assert len(urls) > 40  # the walk found the project's URLs
    days = set(DailyQuestion.objects.values_list("pk", flat=True))
    opened = {}
    for name, params in urls:
        url = reverse(name, kwargs=_kwargs(name, params, args))
        before = snapshot()
        response = client.get(url)
        opened[name] = response.status_code
        assert response.status_code < 500, name
        assert snapshot() == before, f"GET {url} ({name}) changed the database"
    assert set(DailyQuestion.objects.values_list("pk", flat=True)) == days
    # Each page with an id in its path was opened on a real row: POST-only ones answer 405.
    assert not [name for name, status in opened.items() if status == 404], opened
    assert opened["soultalk:done"] == 405
