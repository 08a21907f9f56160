"""Every page a couple opens day to day keeps to the query budget, however long their history.

A load test counted 15 queries on Today and 12 on a question's page, some of them growing with
what was on the page. Here one couple has used every practice for a week and another for two
years, with the same things waiting for them today (see lived.py); each page is opened twice
and the second visit's queries are counted. Each count keeps to `QUERY_BUDGET`, and is the
same for both couples: nothing grows with history. Each page must also show what it is for,
so that a page that quietly shows less cannot pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nearer.lib.paging import date_cursor, moment_cursor
from nearer.questions.models import DailyQuestion
from nearer.soultalk.operations import start_talk
from nearer.tests.factories import make_couple, make_user

from .budget import QUERY_BUDGET
from .lived import GUESSED, THEN, Life, live_together

HISTORIES = {"a week": 7, "two years": 730}


def _yesterday(life: Life) -> str:
    day = DailyQuestion.objects.get(couple=life.couple, date=life.today.date - dt.timedelta(1))
    return reverse("questions:detail", args=[day.pk])


def _last_talk(life: Life) -> int:
    """A talk of tonight's, on top of the history: its card page offers skip and swap."""
    return start_talk(user=life.alex, minutes=15, cards=4, nonce=TONIGHT).pk


TONIGHT = "5b0c9b5e-7a34-4f7e-9a3e-2b0f2a3b6d10"


def _earlier(name: str, key: str, cursor: Callable[[Life], str]) -> Callable[[Life], str]:
    return lambda life: f"{reverse(name)}?{key}={cursor(life)}"


def _today_cursor(life: Life) -> str:
    return date_cursor(life.today.date, 1)


def _now_cursor(life: Life) -> str:
    return moment_cursor(timezone.now(), 1)


# Page: (its address for a couple, whether asked for by htmx, words it must show).
PAGES: dict[str, tuple[Callable[[Life], str], bool, list[str]]] = {
    "today": (
        lambda life: reverse("questions:today"),
        False,
        [
            "Sam has answered. Both answers open",
            "Sam is thinking of you",
            "Waiting for you",
            "I’m ready for deeper questions",
            # A question that comes back: both earlier answers beside today's.
            "This question came before, on",
            THEN["Alex"],
            "Sam wrote then",
            THEN["Sam"],
        ],
    ),
    "a question": (
        _yesterday,
        False,
        [
            "Sam wrote a few honest lines",
            "Sam replied",
            # Each guess beside the answer it guessed, with the warm line.
            GUESSED["Alex"],
            "Sam’s guess",
            GUESSED["Sam"],
            "now you know each other a little better",
            # Replies through the listening step, and whether they left Alex feeling heard.
            "It sounds like that day still feels close to you.",
            "Did you feel heard?",
            "What did it teach you?",
            "They felt heard.",
        ],
    ),
    "today's question": (
        lambda life: reverse("questions:detail", args=[life.today.pk]),
        False,
        ["Sam has answered.", THEN["Alex"], THEN["Sam"]],
    ),
    "question history": (lambda life: reverse("questions:history"), False, ["Sam answered."]),
    "question history, earlier": (
        _earlier("questions:history", "before", _today_cursor),
        True,
        ["Sam answered."],
    ),
    "check-in": (
        lambda life: reverse("checkins:index"),
        False,
        ["Sundays at 19:00", "Write my check-in", "Earlier weeks"],
    ),
    "check-in, write": (lambda life: reverse("checkins:write"), False, ["Did this happen?"]),
    "check-in, a week": (
        lambda life: reverse("checkins:detail", args=[life.last_checkin.pk]),
        False,
        [
            "You listened when it mattered.",
            "How close you each felt",
            "Sam answered yours",
            "It sounds like a call at lunch would help you feel close.",
            "Did you feel heard?",
            "They felt heard.",
        ],
    ),
    "check-in history": (
        lambda life: reverse("checkins:history"),
        False,
        ["Your pulse, week by week", "Opened together."],
    ),
    "check-in history, earlier": (
        _earlier("checkins:history", "before", _today_cursor),
        True,
        ["Opened together."],
    ),
    "gratitude": (lambda life: reverse("gratitude:index"), False, ["You waited up"]),
    "the jar": (lambda life: reverse("gratitude:jar"), False, ["From Sam"]),
    "loving notes": (
        lambda life: reverse("notes:index"),
        False,
        ["For when you land.", "A short note, sent with love."],
    ),
    "loving notes, earlier received": (
        _earlier("notes:index", "before", _now_cursor),
        True,
        ["From Sam"],
    ),
    "loving notes, earlier sent": (
        _earlier("notes:index", "sent_before", _now_cursor),
        True,
        ["A short note, sent with love."],
    ),
    "kindness": (lambda life: reverse("notes:kindness"), False, ["What Sam asked for"]),
    "rituals": (lambda life: reverse("rituals:index"), False, ["Coffee together before work"]),
    "rituals, the month": (
        lambda life: reverse("rituals:month"),
        False,
        ["Coffee together before work"],
    ),
    "catch-ups": (lambda life: reverse("catchups:index"), False, ["Plans for the summer"]),
    "a catch-up": (
        lambda life: reverse("catchups:detail", args=[life.catchup.pk]),
        False,
        ["Plans for the summer", "planned by Sam"],
    ),
    "soul talk": (lambda life: reverse("soultalk:start"), False, ["Lines you kept"]),
    "soul talk, a card": (
        lambda life: reverse("soultalk:card", args=[_last_talk(life), 2]),
        False,
        ["Card 2 of 4", "Skip this one", "Something lighter"],
    ),
    "time together": (lambda life: reverse("soultalk:time"), False, ["phones away, in"]),
    "notifications": (
        lambda life: reverse("notifications:list"),
        False,
        ["Sam planned a catch-up", "Sam left you a note."],
    ),
    "talk": (
        lambda life: reverse("feelings:index"),
        False,
        ["Waiting for you", "nervous", "Share a feeling", "stretched thin"],
    ),
    "share a feeling": (lambda life: reverse("feelings:feel"), False, ["I feel …", "overwhelmed"]),
    "a shared feeling": (
        lambda life: reverse("feelings:detail", args=[life.feeling.pk]),
        False,
        [
            "Sam feels",
            "stretched thin",
            "running on empty",
            "They felt heard.",
            "Say a little more",
        ],
    ),
    "shared feelings": (
        lambda life: reverse("feelings:history"),
        False,
        ["stretched thin", "nervous"],
    ),
    "shared feelings, earlier": (
        _earlier("feelings:history", "before", _now_cursor),
        True,
        ["stretched thin"],
    ),
    "me": (lambda life: reverse("accounts:me"), False, ["About you"]),
    "wins and struggles": (
        lambda life: reverse("moments:index"),
        False,
        ["Sam’s news today", "Celebrate with Sam", "Sam’s day was hard", "So glad for you!"],
    ),
    "wins and struggles, earlier": (
        _earlier("moments:index", "before", _now_cursor),
        True,
        ["Sam’s news today", "So glad for you!"],
    ),
    "a win": (
        lambda life: reverse("moments:detail", args=[life.moments["win"].pk]),
        False,
        ["Sam’s news today", "Celebrate with Sam", "No way — tell me everything!"],
    ),
    "a struggle": (
        lambda life: reverse("moments:detail", args=[life.moments["struggle"].pk]),
        False,
        ["Sam’s day was hard", "Listen to Sam", "That sounds heavy…"],
    ),
    "a struggle, answered": (
        lambda life: reverse("moments:detail", args=[life.moments["heard"].pk]),
        False,
        ["Alex’s week was a lot", "It sounds like you’re worn out.", "Keep this here"],
    ),
}


def _queries(client: Client, life: Life) -> dict[str, int]:
    client.force_login(life.alex)
    counts = {}
    for name, (address, htmx, words) in PAGES.items():
        url = address(life)
        headers = {"HX-Request": "true"} if htmx else {}
        client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, name
        body = response.content.decode()
        for expected in words:
            assert expected in body, (name, expected)
        counts[name] = len(queries)
    return counts


def test_every_daily_page_keeps_to_the_budget_however_long_the_history(client, bank) -> None:
    counts = {}
    for label, days in HISTORIES.items():
        alex, sam = make_user("Alex"), make_user("Sam")
        make_couple(alex, sam)
        counts[label] = _queries(client, live_together(alex, sam, days=days))
    over = {
        (label, page): n
        for label, pages in counts.items()
        for page, n in pages.items()
        if n > QUERY_BUDGET
    }
    assert over == {}, f"over the budget of {QUERY_BUDGET} queries: {over}"
    grew = {
        page: (n, counts["two years"][page])
        for page, n in counts["a week"].items()
        if counts["two years"][page] != n
    }
    assert grew == {}, f"a week's count and two years' differ: {grew}"
