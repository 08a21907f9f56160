"""No page shown to a signed-in person may be kept by a browser or proxy (issue 7, item 4).

Every URL the project routes is requested as a signed-in partner of a couple with history (the
demo couple), with GET and with POST, and every response must say `no-store`, whatever its
status. A new URL with a parameter this test does not know how to fill fails the test, so new
pages are covered as they arrive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from nearer.accounts.models import User
from nearer.catchups.models import CatchUp
from nearer.checkins.models import CheckIn
from nearer.couples.models import Invitation
from nearer.feelings.models import Share
from nearer.gratitude.models import Appreciation
from nearer.notes.models import Note
from nearer.questions.models import DailyQuestion
from nearer.rituals.models import Ritual
from nearer.soultalk.models import Talk, TimeTogether
from nearer.tests.factories import PASSWORD, make_verified_user

# Which model's row fills a URL's `pk`, by the view's module and name.
PK_SOURCES: dict[str, type[Model]] = {
    "nearer.couples.views.revoke": Invitation,
    "nearer.questions.views": DailyQuestion,
    "nearer.soultalk.views.time_timer": TimeTogether,
    "nearer.soultalk.views": Talk,
    "nearer.gratitude.views": Appreciation,
    "nearer.rituals.views": Ritual,
    "nearer.checkins.views": CheckIn,
    "nearer.catchups.views": CatchUp,
    "nearer.notes.views": Note,
    "nearer.feelings.views": Share,
}


def _routes(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _fill(route: str, pattern: URLPattern, operator: User, feed_token: str) -> str:
    """A concrete path for `route`, with real rows for its parameters."""
    view = f"{pattern.callback.__module__}.{pattern.callback.__name__}"

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "pk":
            source = PK_SOURCES.get(view) or PK_SOURCES.get(pattern.callback.__module__)
            assert source is not None, f"no row known for {route} ({view}): add it to PK_SOURCES"
            return str(source._default_manager.order_by("-pk").values_list("pk", flat=True).first())
        if name == "position":
            return "1"
        if name == "token" and "calendar" in route:
            return feed_token
        if name == "token":
            return "not-a-live-invitation"
        if name in {"object_id", "content_type_id", "id"}:
            return str(operator.pk)
        raise AssertionError(f"no value known for <{name}> in {route}: teach this test")

    path = "/" + route.replace("^", "").replace("$", "")
    # allauth's regular-expression routes
    path = path.replace("(?P<key>[-:\\w]+)", "MQ:no-such-key")
    path = path.replace("(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)", "1-no-such-key")
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "accounts", path)  # the admin's app index
    path = path.replace("(?P<url>.*)", "no-such-page/")  # the admin's catch-all
    path = re.sub(r"<(?:\w+:)?(\w+)>", value, path)
    assert "<" not in path and "(" not in path, f"unfilled parameter in {path}"
    return path


@pytest.fixture
def demo(db) -> tuple[User, User, str]:
    call_command("demo", verbosity=0, stdout=None)
    alex = User.objects.get(email="alex@demo.nearer.invalid")
    operator = User.objects.get(email="sam@demo.nearer.invalid")
    operator.is_staff = operator.is_superuser = True  # reaches the admin's pages too
    operator.save()
    from nearer.calendars import operations as calendars

    return alex, operator, calendars.create_feed(user=alex).token


def test_every_signed_in_response_says_no_store(demo, bank) -> None:
    alex, operator, feed_token = demo
    paths = [
        _fill(route, pattern, operator, feed_token)
        for route, pattern in _routes(get_resolver().url_patterns)
    ]
    assert len(paths) > 80  # the whole project, not a handful
    clients = {}
    for person in (alex, operator):
        clients[person.pk] = Client(raise_request_exception=False)
        clients[person.pk].force_login(person)
    checked = 0
    for method in ("get", "post"):
        for path in paths:
            person = operator if path.startswith("/admin/") else alex
            client = clients[person.pk]
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = getattr(client, method)(path, **headers)
                control = response.get("Cache-Control", "")
                assert "no-store" in control, (
                    f"{method.upper()} {path} → {response.status_code}: {control!r}"
                )
                checked += 1
                if not client.session.get("_auth_user_id"):
                    client.force_login(person)  # signed out by that request: sign back in
    assert checked == 4 * len(paths)


def test_signing_in_and_out_answers_no_store(db) -> None:
    make_verified_user("Noa", "noa@example.com")
    client = Client()
    signed_in = client.post("/account/login/", {"login": "noa@example.com", "password": PASSWORD})
    assert signed_in.status_code == 302 and "no-store" in signed_in["Cache-Control"]
    signed_out = client.post("/account/logout/")
    assert signed_out.status_code == 302 and "no-store" in signed_out["Cache-Control"]


def test_the_calendar_feed_keeps_its_own_short_private_cache(demo) -> None:
    _alex, _operator, feed_token = demo
    response = Client().get(f"/calendar/{feed_token}.ics")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
