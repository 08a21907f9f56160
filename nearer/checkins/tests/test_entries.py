"""Writing a check-in: sealed until both are in, opened side by side, last week's wish back."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.checkins import operations
from nearer.checkins.models import CheckIn, CheckInEntry
from nearer.couples.operations import unlink
from nearer.couples.space import read_space, space_of
from nearer.lib.foundations import KEYS
from nearer.notifications.models import Notification

UTC = dt.UTC
WRITE = reverse("checkins:write")
INDEX = reverse("checkins:index")
HISTORY = reverse("checkins:history")
WEDNESDAY = dt.datetime(2027, 1, 6, 12, tzinfo=UTC)

ALEX_WORDS = {
    "appreciated": "You made soup when I was ill 🍲, and sat with me",
    "more_loved": "Ask me about my day before we start planning tomorrow",
    "closer": "Walk together on Saturday morning",
}
SAM_WORDS = {
    "appreciated": "Ты всегда слушаешь до конца",
    "more_loved": "A hug when I get home, before anything else",
    "closer": "Cook something new together",
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def _form(
    words: dict[str, str], pulse: int | dict[str, int] = 4, **extra: str
) -> dict[str, object]:
    values = pulse if isinstance(pulse, dict) else dict.fromkeys(KEYS, pulse)
    return {**words, **{f"pulse_{k}": v for k, v in values.items()}, **extra}


def _write(client, user, words, pulse=4, **extra):
    client.force_login(user)
    return client.post(WRITE, _form(words, pulse, **extra), follow=True)


def test_sealed_until_both_have_written(client, partner_a, partner_b) -> None:
    response = _write(client, partner_a, ALEX_WORDS)
    body = response.content.decode()
    assert "Your check-in is in. It opens when Sam has done theirs too." in body
    checkin = CheckIn.objects.get()
    assert checkin.revealed_at is None
    entry = CheckInEntry.objects.get()
    assert entry.appreciated == ALEX_WORDS["appreciated"]
    assert ALEX_WORDS["appreciated"].encode() not in bytes(entry.body)

    client.force_login(partner_b)
    for url in (INDEX, WRITE, HISTORY, reverse("checkins:detail", args=[checkin.pk])):
        page = client.get(url).content.decode()
        for words in ALEX_WORDS.values():
            assert words not in page, url
    assert not CheckInEntry.objects.visible_to(partner_b).exists()
    assert not Notification.objects.filter(user=partner_b, kind="checkin_open").exists()


def test_both_in_opens_side_by_side_with_a_guided_talk(client, partner_a, partner_b) -> None:
    _write(client, partner_a, ALEX_WORDS, pulse=dict.fromkeys(KEYS, 4) | {"safety": 2})
    response = _write(client, partner_b, SAM_WORDS, pulse=5)
    checkin = CheckIn.objects.get()
    assert checkin.revealed_at is not None
    assert response.redirect_chain[-1][0] == reverse("checkins:detail", args=[checkin.pk])
    body = response.content.decode()
    for words in (*ALEX_WORDS.values(), *SAM_WORDS.values()):
        assert words in body
    assert "Talk it through" in body
    assert "Your pulses differ most on emotional safety." in body
    assert Notification.objects.get(user=partner_a, kind="checkin_open").actor == partner_b

    client.force_login(partner_a)
    body = client.get(reverse("checkins:detail", args=[checkin.pk])).content.decode()
    assert SAM_WORDS["more_loved"] in body
    client.post(reverse("checkins:talked", args=[checkin.pk]))
    checkin.refresh_from_db()
    assert checkin.talked_at is not None


def test_a_pulse_out_of_range_is_refused_and_nothing_typed_is_lost(
    client, partner_a, partner_b
) -> None:
    data = _form(ALEX_WORDS) | {"pulse_repair": "9"}
    client.force_login(partner_a)
    body = client.post(WRITE, data).content.decode()
    assert "Choose how close you felt here, from 1 to 5." in body
    for words in ALEX_WORDS.values():
        assert words in body
    assert 'name="pulse_safety" value="4"' in body and "checked" in body
    assert not CheckInEntry.objects.exists()


def test_ratings_may_be_left_as_the_page_says(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    assert "Leave any prompt or rating empty" in client.get(WRITE).content.decode()
    _write(client, partner_a, ALEX_WORDS, pulse={"safety": 2, "repair": 5})
    assert CheckInEntry.objects.get().pulse == {"safety": 2, "repair": 5}
    _write(client, partner_b, SAM_WORDS, pulse={})  # no ratings at all
    checkin = CheckIn.objects.get()
    assert checkin.revealed_at is not None

    for person in (partner_a, partner_b):
        client.force_login(person)
        body = client.get(reverse("checkins:detail", args=[checkin.pk])).content.decode()
        assert "Talk it through" in body
        assert "There are no pulses to set side by side this week." in body
        assert body.count("not rated") == 8 + 6  # Sam left all eight, Alex six
        history = client.get(HISTORY).content.decode()
        assert "Your pulse, week by week" in history
    # Editing keeps the ratings given and leaves the others empty.
    client.force_login(partner_a)
    CheckIn.objects.update(revealed_at=None)
    page = client.get(WRITE).content.decode()
    assert (
        'name="pulse_safety" value="2" class="pulse-choice" id="id_pulse_safety_1" checked' in page
    )
    assert page.count(" checked") == 2


def _pulse_step(body: str) -> str:
    return body.split("Look at your pulses together")[1].split("</li>")[0]


def test_the_guide_looks_only_at_what_both_rated(client, partner_a, partner_b) -> None:
    _write(client, partner_a, ALEX_WORDS, pulse={"safety": 1, "repair": 5, "support": 4})
    response = _write(client, partner_b, SAM_WORDS, pulse={"safety": 5, "support": 4})
    step = _pulse_step(response.content.decode())
    assert "Your pulses differ most on emotional safety." in step
    assert "repair" not in step


@pytest.mark.parametrize(
    ("alex", "sam", "said", "never"),
    [
        (4, 4, "You both gave every foundation the same rating this week", "felt close on"),
        (1, 1, "You both gave every foundation the same rating this week", "apart on"),
        (3, 5, "Your pulses are just as far apart on every foundation", "differ most on"),
        (4, 5, "You both felt close on every foundation:", "felt close on communication"),
        (2, 1, "You both felt further apart on every foundation", "apart on communication"),
    ],
)
def test_the_guide_names_no_foundations_when_none_stand_out(
    client, partner_a, partner_b, alex, sam, said, never
) -> None:
    _write(client, partner_a, ALEX_WORDS, pulse=alex)
    step = _pulse_step(_write(client, partner_b, SAM_WORDS, pulse=sam).content.decode())
    assert said in step
    assert never not in step


def test_prompts_may_be_left_for_saying_out_loud(client, partner_a, partner_b) -> None:
    _write(client, partner_a, {"appreciated": "", "more_loved": "", "closer": ""}, pulse=3)
    entry = CheckInEntry.objects.get()
    assert entry.appreciated == "" and entry.pulse == dict.fromkeys(KEYS, 3)


def test_over_long_words_are_refused_and_kept(client, partner_a, partner_b) -> None:
    long = "ü" * 2001
    body = _write(client, partner_a, {**ALEX_WORDS, "closer": long}).content.decode()
    assert "Keep it under 2000 characters. Your words are still here." in body
    assert long in body
    assert not CheckInEntry.objects.exists()


def test_long_unicode_survives_exactly(client, partner_a, partner_b) -> None:
    text = ("Wir 🌍 sind — “zusammen” ∞ 家族 " * 60)[:2000].strip()
    _write(client, partner_a, {**ALEX_WORDS, "appreciated": text})
    assert CheckInEntry.objects.get().appreciated == text


def test_a_double_submission_makes_one_entry(client, partner_a, partner_b) -> None:
    _write(client, partner_a, ALEX_WORDS)
    _write(client, partner_a, ALEX_WORDS)
    assert CheckInEntry.objects.count() == 1
    assert CheckIn.objects.count() == 1


def test_changing_it_before_the_reveal_but_not_after(client, partner_a, partner_b) -> None:
    _write(client, partner_a, ALEX_WORDS)
    client.force_login(partner_a)
    assert ALEX_WORDS["closer"] in client.get(WRITE).content.decode()  # prefilled
    _write(client, partner_a, {**ALEX_WORDS, "closer": "Dance in the kitchen"})
    assert CheckInEntry.objects.get().closer == "Dance in the kitchen"
    _write(client, partner_b, SAM_WORDS)
    with pytest.raises(operations.CheckinError):
        operations.save_entry(
            user=partner_a,
            appreciated="x",
            more_loved="y",
            closer="z",
            pulse=dict.fromkeys(KEYS, 1),
            checkin_id=CheckIn.objects.get().pk,
        )
    assert CheckInEntry.objects.get(author=partner_a).closer == "Dance in the kitchen"


def test_last_weeks_wish_comes_back_to_the_partner(client, partner_a, partner_b, clock) -> None:
    _write(client, partner_a, ALEX_WORDS)
    _write(client, partner_b, SAM_WORDS)
    clock.move_to(WEDNESDAY + dt.timedelta(days=7))
    client.force_login(partner_a)
    form = client.get(WRITE).content.decode()
    assert "Did this happen?" in form
    assert "Sam said this would help them feel more loved: “A hug when I get home" in form
    _write(client, partner_a, ALEX_WORDS, followup="partly")
    client.force_login(partner_b)
    form = client.get(WRITE).content.decode()
    assert "Alex said this would help them feel more loved: “Ask me about my day" in form
    response = _write(client, partner_b, SAM_WORDS, followup="yes")
    body = response.content.decode()
    assert "Last week’s wishes" in body
    assert "Alex says: partly." in body
    assert "You said: yes." in body
    assert "Look back at last week" in body


def test_after_a_few_quiet_weeks_it_starts_fresh(client, partner_a, partner_b, clock) -> None:
    _write(client, partner_a, ALEX_WORDS)
    _write(client, partner_b, SAM_WORDS)
    clock.move_to(WEDNESDAY + dt.timedelta(days=35))
    client.force_login(partner_a)
    body = client.get(WRITE).content.decode()
    assert "Did this happen?" not in body
    assert "streak" not in body.lower()


def test_a_late_sunday_and_an_early_monday_meet_in_one_check_in(
    client, partner_a, partner_b, clock
) -> None:
    clock.move_to(dt.datetime(2027, 1, 10, 23, 30, tzinfo=UTC))  # Sunday night
    _write(client, partner_a, ALEX_WORDS)
    clock.move_to(dt.datetime(2027, 1, 11, 7, 0, tzinfo=UTC))  # Monday morning
    _write(client, partner_b, SAM_WORDS)
    checkin = CheckIn.objects.get()
    assert checkin.week == dt.date(2027, 1, 4)
    assert checkin.revealed_at is not None


def test_partners_far_apart_share_one_week(client, partner_a, partner_b, clock) -> None:
    partner_a.time_zone = "Asia/Tokyo"
    partner_a.save()
    partner_b.time_zone = "America/Los_Angeles"
    partner_b.save()
    # Monday 08:00 in Tokyo is still Sunday afternoon in Los Angeles.
    clock.move_to(dt.datetime(2027, 1, 10, 23, 0, tzinfo=UTC))
    _write(client, partner_a, ALEX_WORDS)
    _write(client, partner_b, SAM_WORDS)
    assert CheckIn.objects.count() == 1
    assert CheckIn.objects.get().is_revealed


def test_another_couple_and_anonymous_see_nothing(client, partner_a, partner_b, outsider) -> None:
    _write(client, partner_a, ALEX_WORDS)
    _write(client, partner_b, SAM_WORDS)
    checkin = CheckIn.objects.get()
    detail = reverse("checkins:detail", args=[checkin.pk])
    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    assert client.post(reverse("checkins:talked", args=[checkin.pk])).status_code == 404
    assert ALEX_WORDS["closer"] not in client.get(HISTORY).content.decode()
    assert not CheckInEntry.objects.visible_to(outsider).exists()
    assert not CheckInEntry.objects.visible_to(AnonymousUser()).exists()
    assert not CheckIn.objects.history_for(AnonymousUser()).exists()
    client.logout()
    for url in (INDEX, WRITE, HISTORY, detail):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    response = client.post(WRITE, _form(ALEX_WORDS))
    assert response.status_code == 302
    assert CheckInEntry.objects.count() == 2
    checkin.refresh_from_db()
    assert checkin.talked_at is None


def test_after_unlinking_each_keeps_only_their_own(client, partner_a, partner_b) -> None:
    _write(client, partner_a, ALEX_WORDS)
    _write(client, partner_b, SAM_WORDS)
    checkin = CheckIn.objects.get()
    unlink(user=partner_b)
    assert list(CheckInEntry.objects.visible_to(partner_a)) == [
        CheckInEntry.objects.get(author=partner_a)
    ]
    client.force_login(partner_a)
    body = client.get(reverse("checkins:detail", args=[checkin.pk])).content.decode()
    assert ALEX_WORDS["closer"] in body
    assert SAM_WORDS["closer"] not in body
    assert client.post(reverse("checkins:talked", args=[checkin.pk])).status_code == 404
    assert client.get(WRITE).status_code == 302  # no partner: back to the explanation


def test_the_entry_scoping_by_person(partner_a, partner_b, outsider) -> None:
    operations.save_entry(
        user=partner_a, appreciated="a", more_loved="b", closer="c", pulse=dict.fromkeys(KEYS, 2)
    )
    mine = CheckInEntry.objects.get()
    assert list(CheckInEntry.objects.visible_to(partner_a)) == [mine]
    assert not CheckInEntry.objects.visible_to(partner_b).exists()
    assert not CheckInEntry.objects.requests_for(partner_b).exists()
    operations.save_entry(
        user=partner_b, appreciated="d", more_loved="e", closer="f", pulse=dict.fromkeys(KEYS, 5)
    )
    assert CheckInEntry.objects.visible_to(partner_b).count() == 2
    assert list(CheckInEntry.objects.requests_for(partner_b)) == [mine]
    assert not CheckInEntry.objects.visible_to(outsider).exists()


def test_history_shows_each_weeks_pulse_with_steady_queries(
    client, partner_a, partner_b, clock
) -> None:
    def week(n: int) -> None:
        clock.move_to(WEDNESDAY + dt.timedelta(days=7 * n))
        operations.save_entry(
            user=partner_a,
            appreciated="a",
            more_loved="",
            closer="",
            pulse=dict.fromkeys(KEYS, 1 + n % 5),
        )
        operations.save_entry(
            user=partner_b, appreciated="b", more_loved="", closer="", pulse=dict.fromkeys(KEYS, 3)
        )

    week(0)
    client.force_login(partner_a)
    client.get(HISTORY)
    with CaptureQueriesContext(connection) as few:
        body = client.get(HISTORY).content.decode()
    assert "Your pulse, week by week" in body
    for n in range(1, 20):
        week(n)
    client.force_login(partner_a)  # months later: a fresh session
    client.get(HISTORY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HISTORY)
    assert len(many) == len(few)
    body = response.content.decode()
    assert "Show earlier" in body
    assert "Opened together." in body
    more = client.get(
        HISTORY + f"?before={response.context['next_cursor']}", HTTP_HX_REQUEST="true"
    )
    fragment = more.content.decode()
    assert "<html" not in fragment and "Week of" in fragment
    assert "Your pulse, week by week" not in fragment
    assert "streak" not in body.lower() and "missed" not in body.lower()


def test_the_weeks_clock_read_from_the_space_is_the_same(partner_a, partner_b) -> None:
    """Without an agreed time, weeks turn over on the clock of whoever was there first."""
    partner_a.time_zone = "Asia/Tokyo"
    partner_a.save()
    partner_b.time_zone = "America/Los_Angeles"
    partner_b.save()
    couple = space_of(partner_a)
    for person in (partner_a, partner_b):
        members = read_space(person).memberships
        assert operations.couple_zone(couple, members=members) == "Asia/Tokyo"
    assert operations.couple_zone(couple) == "Asia/Tokyo"
