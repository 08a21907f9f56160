"""Kindness ideas: the content file, a few ideas a day, "show me others", and what the partner
asked for in check-ins."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from nearer.checkins.models import CheckIn, CheckInEntry
from nearer.couples.operations import unlink
from nearer.couples.space import space_of
from nearer.lib.foundations import KEYS
from nearer.notes import content
from nearer.notes.content import KINDS, ContentError, kindness_ideas, read_ideas
from nearer.tests.factories import make_couple, make_user

URL = reverse("notes:kindness")
DAY = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)
WEEK = dt.date(2026, 11, 2)  # a Monday


@pytest.fixture(autouse=True)
def _day():
    with time_machine.travel(DAY, tick=False):
        yield


@pytest.fixture
def fresh_cache():
    kindness_ideas.cache_clear()
    yield
    kindness_ideas.cache_clear()


# --- The content file ----------------------------------------------------------------------


def test_ideas_file_is_valid_and_large_enough() -> None:
    ideas = read_ideas()
    assert len(ideas) >= 40
    assert {i.kind for i in ideas} == set(KINDS)
    assert {i.cost for i in ideas} == {"free", "small"}
    assert {i.apart for i in ideas} == {True, False}
    assert len({i.key for i in ideas}) == len(ideas)
    assert all("!" not in i.text for i in ideas)
    assert all(len(i.text.split()) <= 25 for i in ideas)


GOOD = """
[[idea]]
id = "kind-001"
text = "Make them a cup of tea."
kind = "care"
cost = "free"
apart = false
"""

BROKEN = (
    GOOD
    + """
[[idea]]
id = "kind-001"
text = "Something else entirely."
kind = "care"
cost = "free"
apart = false

[[idea]]
id = "kind-003"
text = "make them  a cup of TEA."
kind = "care"
cost = "free"
apart = false

[[idea]]
id = "kind-004"
text = "Sing to them."
kind = "serenade"
cost = "expensive"
apart = "yes"

[[idea]]
id = "kind-005"
text = "   "
kind = "words"
cost = "free"
apart = true

[[idea]]
id = "kind-006"
text = "No cost given."
kind = "words"
apart = true

[[idea]]
id = "kind-007"
text = "An extra key."
kind = "words"
cost = "free"
apart = true
mood = "sunny"
"""
)


def _content_dir(tmp_path, text: str, settings):
    folder = tmp_path / "kindness" / "en"
    folder.mkdir(parents=True)
    (folder / "ideas.toml").write_text(text, encoding="utf-8")
    settings.CONTENT_DIR = tmp_path


def test_the_validator_lists_every_problem(tmp_path, settings, fresh_cache) -> None:
    _content_dir(tmp_path, BROKEN, settings)
    with pytest.raises(ContentError) as caught:
        kindness_ideas()
    problems = str(caught.value).splitlines()
    assert problems == [
        "ideas.toml #2: duplicate id 'kind-001'",
        "ideas.toml #3: duplicate text",
        "ideas.toml #4: kind must be one of ['care', 'help', 'surprise', 'time', 'touch', 'words']",
        "ideas.toml #4: cost must be one of ['free', 'small']",
        "ideas.toml #4: apart must be true or false",
        "ideas.toml #5: text must be a non-empty string",
        "ideas.toml #6: keys must be exactly ['apart', 'cost', 'id', 'kind', 'text']",
        "ideas.toml #7: keys must be exactly ['apart', 'cost', 'id', 'kind', 'text']",
    ]


@pytest.mark.parametrize("text", ["", "[[idea]\nid = 1", "title = 'no ideas'"])
def test_an_empty_or_unreadable_file_is_an_error(tmp_path, settings, fresh_cache, text) -> None:
    _content_dir(tmp_path, text, settings)
    with pytest.raises(ContentError):
        read_ideas()


def test_a_good_file_loads(tmp_path, settings, fresh_cache) -> None:
    _content_dir(tmp_path, GOOD, settings)
    [idea] = kindness_ideas()
    assert (idea.key, idea.text, idea.kind, idea.cost, idea.apart) == (
        "kind-001",
        "Make them a cup of tea.",
        "care",
        "free",
        False,
    )


# --- The page ------------------------------------------------------------------------------


def _ideas(response) -> list[str]:
    return [i.key for i in response.context["picked"].ideas]


def test_a_stable_handful_a_day(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    first = client.get(URL)
    assert first.status_code == 200
    picked = first.context["picked"].ideas
    assert len(picked) == 3
    body = first.content.decode()
    assert all(html.escape(i.text) in body for i in picked)
    assert _ideas(client.get(URL)) == _ideas(first)
    with time_machine.travel(DAY + dt.timedelta(days=1), tick=False):
        assert _ideas(client.get(URL)) != _ideas(first)


def test_show_me_others_as_a_page_and_as_a_fragment(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    first = client.get(URL)
    body = first.content.decode()
    assert 'href="?turn=1"' in body and 'hx-get="?turn=1"' in body
    assert "Show me others" in body
    page = client.get(URL + "?turn=1")
    assert "<html" in page.content.decode()
    assert not set(_ideas(page)) & set(_ideas(first))
    text = client.get(URL + "?turn=1", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in text
    assert all(html.escape(i.text) in text for i in page.context["picked"].ideas)
    assert not any(html.escape(i.text) in text for i in first.context["picked"].ideas)
    assert 'hx-get="?turn=2"' in text


def test_others_go_round_every_idea(client, partner_a) -> None:
    client.force_login(partner_a)
    seen: list[str] = []
    for turn in range(17):
        seen += _ideas(client.get(f"{URL}?turn={turn}"))
    assert sorted(seen) == sorted(i.key for i in kindness_ideas())
    assert _ideas(client.get(f"{URL}?turn=17")) == _ideas(client.get(URL))  # round again


def test_filter_by_kind_and_apart(client, partner_a) -> None:
    client.force_login(partner_a)
    touch = client.get(URL + "?kind=touch")
    assert {i.kind for i in touch.context["picked"].ideas} == {"touch"}
    assert 'aria-current="true">Touch<' in touch.content.decode()
    apart = client.get(URL + "?apart=1")
    assert all(i.apart for i in apart.context["picked"].ideas)
    both = client.get(URL + "?kind=time&apart=1")
    assert all(i.kind == "time" and i.apart for i in both.context["picked"].ideas)
    assert 'href="?kind=time&amp;apart=1&amp;turn=1"' in both.content.decode()
    assert client.get(URL + "?kind=nonsense").context["picked"].ideas  # an unknown kind: any
    assert client.get(URL + "?turn=x").status_code == 400  # a turn is a number (lib/params.py)


def test_someone_on_their_own_gets_ideas(client, solo) -> None:
    client.force_login(solo)
    response = client.get(URL)
    assert len(response.context["picked"].ideas) == 3
    assert "asked for" not in response.content.decode()


# --- What the partner asked for ------------------------------------------------------------


def _entry(author, week=WEEK, more_loved="", revealed=True, couple=None) -> CheckInEntry:
    checkin, _created = CheckIn.objects.get_or_create(
        couple=couple or space_of(author),
        week=week,
        defaults={"revealed_at": timezone.now() if revealed else None},
    )
    entry = CheckInEntry(author=author, checkin=checkin)
    entry.set_words(
        appreciated="You listened.",
        more_loved=more_loved,
        closer="More walks.",
        pulse=dict.fromkeys(KEYS, 3),
    )
    entry.save()
    return entry


def test_the_partners_request_is_shown_with_its_week(client, partner_a, partner_b) -> None:
    _entry(partner_b, more_loved="A hug when I get home from a late shift 🤍")
    _entry(partner_a, more_loved="ALEX OWN REQUEST")
    client.force_login(partner_a)
    body = client.get(URL).content.decode()
    assert "A hug when I get home from a late shift 🤍" in body
    assert "Sam said this would help them feel more loved (week of 2 November)" in body
    assert "ALEX OWN REQUEST" not in body
    client.force_login(partner_b)
    assert "ALEX OWN REQUEST" in client.get(URL).content.decode()


def test_only_the_newest_few_non_empty_requests(client, partner_a, partner_b) -> None:
    for weeks_ago in range(6):
        text = "" if weeks_ago == 0 else f"request from {weeks_ago} weeks ago"
        _entry(partner_b, week=WEEK - dt.timedelta(weeks=weeks_ago), more_loved=text)
    client.force_login(partner_a)
    body = client.get(URL).content.decode()
    for weeks_ago in (1, 2, 3):
        assert f"request from {weeks_ago} weeks ago" in body
    assert "request from 4 weeks ago" not in body
    assert body.index("from 1 weeks") < body.index("from 2 weeks") < body.index("from 3 weeks")


def test_requests_that_are_not_yours_to_see_never_show(
    client, partner_a, partner_b, outsider
) -> None:
    _entry(partner_b, more_loved="NOT OPENED YET", revealed=False)
    _entry(outsider, more_loved="ANOTHER COUPLE", week=WEEK - dt.timedelta(weeks=1))
    client.force_login(partner_a)
    body = client.get(URL).content.decode()
    assert "NOT OPENED YET" not in body and "ANOTHER COUPLE" not in body
    assert "In the weekly check-in, each of you can say what would help" in body


def test_requests_from_before_unlinking_never_show(client, partner_a, partner_b) -> None:
    _entry(partner_b, more_loved="FROM OUR OLD SPACE")
    unlink(user=partner_a)
    client.force_login(partner_a)
    assert "FROM OUR OLD SPACE" not in client.get(URL).content.decode()
    make_couple(partner_a, partner_b)  # together again, in a new space
    assert "FROM OUR OLD SPACE" not in client.get(URL).content.decode()
    newcomer = make_user("Noor")
    client.force_login(newcomer)
    assert "FROM OUR OLD SPACE" not in client.get(URL).content.decode()


def test_selection_keeps_the_days_order_under_filters() -> None:
    everything = content.selection(seed="7:2026-11-10", count=100).ideas
    touch = content.selection(seed="7:2026-11-10", kind="touch", count=100).ideas
    assert touch == [i for i in everything if i.kind == "touch"]
