"""Private calendar feeds: a secret link per person, times only, from the current space."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import zoneinfo

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar, Component, vRecur

from nearer.calendars import feed as feed_module
from nearer.calendars import operations
from nearer.calendars.models import CalendarFeed
from nearer.catchups import operations as catchups
from nearer.checkins.models import CheckinPlan
from nearer.couples.operations import unlink
from nearer.couples.space import space_of
from nearer.rituals import operations as rituals
from nearer.rituals.content import read_ideas

UTC = dt.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = dt.datetime(2027, 3, 20, 12, tzinfo=UTC)  # Saturday; London moves to BST on the 28th
PAGE = reverse("calendars:page")
OWN_RITUAL = "Tea on the balcony with our 🐈 before work"
TOPIC = "Whether to visit Ruth in Lisbon 🌊 this spring"
GONE = "This calendar link was turned off in Nearer. You can make a new one on the Me page."


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def londoners(partner_a, partner_b):
    for person in (partner_a, partner_b):
        person.time_zone = "Europe/London"
        person.save()
    return partner_a, partner_b


def _feed_path(user) -> tuple[CalendarFeed, str]:
    feed = operations.create_feed(user=user)
    return feed, reverse("calendars:feed", kwargs={"token": feed.token})


def _parse(response) -> Calendar:
    assert response.status_code == 200, response.content
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, Component]:
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def _rule(event: Component) -> vRecur:
    rule = event["RRULE"]
    assert isinstance(rule, vRecur)
    return rule


def _unfolded(content: bytes) -> bytes:
    return content.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def _everything(a, b):
    """Alex's own-words ritual on Sundays, an idea ritual, an untimed one, a catch-up with a
    topic, a cancelled one, and a weekly check-in agreed for Sundays at 19:00 London time."""
    own = rituals.add_ritual(user=a, title=OWN_RITUAL, idea_key="", days=[6], time=dt.time(8))
    idea = read_ideas()[0]
    from_idea = rituals.add_ritual(
        user=b, title="", idea_key=idea.key, days=[0, 2, 4], time=dt.time(7, 30)
    )
    untimed = rituals.add_ritual(user=a, title="Hug hello", idea_key="", days=[1], time=None)
    catchup = catchups.plan_catchup(
        user=a, day=dt.date(2027, 3, 24), at=dt.time(19), minutes=90, topic=TOPIC
    )
    cancelled = catchups.plan_catchup(user=b, day=dt.date(2027, 3, 26), at=dt.time(18))
    catchups.cancel(user=a, catchup=cancelled)
    plan = CheckinPlan.objects.create(
        couple=space_of(a),
        weekday=6,
        time=dt.time(19),
        time_zone="Europe/London",
        agreed_at=dt.datetime(2027, 3, 14, 20, tzinfo=UTC),  # a Sunday, after the slot
    )
    return {
        "own": own,
        "idea": from_idea,
        "idea_title": idea.title,
        "untimed": untimed,
        "catchup": catchup,
        "cancelled": cancelled,
        "plan": plan,
    }


# --- The page --------------------------------------------------------------------------------


def test_create_show_and_replace_a_link(client, partner_a) -> None:
    client.force_login(partner_a)
    body = client.get(PAGE).content.decode()
    assert "Create my calendar link" in body
    assert "never anyone’s words" in body
    assert "Rituals without one aren’t included" in body
    assert "data-select-on-focus" not in body

    client.post(reverse("calendars:create"))
    feed = CalendarFeed.objects.get()
    token = feed.token
    assert re.fullmatch(r"[\w-]{40,}", token)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.encode() not in bytes(feed.sealed_token)
    response = client.get(PAGE)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    body = response.content.decode()
    https = f"http://testserver/calendar/{token}.ics"
    assert f'value="{https}"' in body
    assert f'value="webcal://testserver/calendar/{token}.ics"' in body
    assert body.count("data-select-on-focus") == 2
    assert "Turning it off stops it at once." in body

    # A new link: the old one stops at once.
    client.post(reverse("calendars:create"))
    assert CalendarFeed.objects.active().count() == 1
    new = CalendarFeed.objects.active().get()
    assert new.pk != feed.pk
    assert client.get(f"/calendar/{token}.ics").status_code == 410
    assert client.get(f"/calendar/{new.token}.ics").status_code == 200
    assert new.token in client.get(PAGE).content.decode()


def test_turn_it_off(client, partner_a) -> None:
    feed, path = _feed_path(partner_a)
    client.force_login(partner_a)
    response = client.post(reverse("calendars:revoke"), follow=True)
    assert "Turned off. The link has stopped working." in response.content.decode()
    assert feed.token not in response.content.decode()
    assert "Create my calendar link" in response.content.decode()
    client.logout()
    gone = client.get(path)
    assert gone.status_code == 410
    assert gone["Content-Type"] == "text/plain; charset=utf-8"
    assert gone.content.decode().strip() == GONE


def test_one_active_link_per_person_in_the_database(partner_a) -> None:
    operations.create_feed(user=partner_a)
    second = CalendarFeed(user=partner_a)
    second.token = "another-token-of-sufficient-length-123"
    with pytest.raises(IntegrityError):
        second.save()


def test_page_access(client, partner_a, partner_b) -> None:
    feed = operations.create_feed(user=partner_a)
    for url in (PAGE,):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    for url in (reverse("calendars:create"), reverse("calendars:revoke")):
        assert client.post(url).status_code == 302
    assert CalendarFeed.objects.count() == 1 and CalendarFeed.objects.get().is_active
    assert not CalendarFeed.objects.for_user(AnonymousUser()).exists()

    # The partner sees and changes only their own link, never Alex's.
    client.force_login(partner_b)
    assert feed.token not in client.get(PAGE).content.decode()
    client.post(reverse("calendars:revoke"))
    feed.refresh_from_db()
    assert feed.is_active
    client.post(reverse("calendars:create"))
    feed.refresh_from_db()
    assert feed.is_active
    assert list(CalendarFeed.objects.for_user(partner_a)) == [feed]
    assert client.get(reverse("calendars:create")).status_code == 405


# --- The feed --------------------------------------------------------------------------------


def test_the_feed_has_the_couples_times_and_nobodys_words(client, londoners) -> None:
    a, b = londoners
    things = _everything(a, b)
    _feed, path = _feed_path(b)
    response = client.get(path)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Robots-Tag"] == "noindex"
    calendar = _parse(response)
    assert str(calendar["PRODID"]) == "-//Nearer//Nearer//EN"
    assert str(calendar["X-WR-CALNAME"]) == "Nearer"
    events = _events(calendar)
    plan, own, idea, catchup = things["plan"], things["own"], things["idea"], things["catchup"]
    assert set(events) == {
        f"checkin-{plan.pk}",
        f"ritual-{own.pk}",
        f"ritual-{idea.pk}",
        f"catchup-{catchup.pk}",
    }  # not the untimed ritual, not the cancelled catch-up
    for event in events.values():
        assert str(event["UID"]).endswith("@127.0.0.1")
        assert "DTSTAMP" in event
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert "/practices/" in str(event["DESCRIPTION"]) or "http" in str(event["DESCRIPTION"])

    checkin = events[f"checkin-{plan.pk}"]
    assert str(checkin["SUMMARY"]) == "Weekly check-in · Nearer"
    assert _rule(checkin)["FREQ"] == ["WEEKLY"] and _rule(checkin)["BYDAY"] == ["SU"]
    # The first Sunday 19:00 on or after the agreement (Sunday 14 March, 20:00).
    assert checkin.decoded("DTSTART") == dt.datetime(2027, 3, 21, 19, tzinfo=LONDON)
    assert checkin.decoded("DURATION") == dt.timedelta(minutes=30)

    ritual = events[f"ritual-{own.pk}"]
    assert str(ritual["SUMMARY"]) == "Ritual · Nearer"
    assert _rule(ritual)["BYDAY"] == ["SU"]
    assert ritual.decoded("DTSTART") == dt.datetime(2027, 3, 21, 8, tzinfo=LONDON)
    from_idea = events[f"ritual-{idea.pk}"]
    assert str(from_idea["SUMMARY"]) == f"{things['idea_title']} · Nearer"
    assert _rule(from_idea)["BYDAY"] == ["MO", "WE", "FR"]
    assert from_idea.decoded("DTSTART") == dt.datetime(2027, 3, 22, 7, 30, tzinfo=LONDON)

    meeting = events[f"catchup-{catchup.pk}"]
    assert str(meeting["SUMMARY"]) == "Catch-up · Nearer"
    assert "RRULE" not in meeting
    assert meeting.decoded("DTSTART") == dt.datetime(2027, 3, 24, 19, tzinfo=LONDON)
    assert meeting.decoded("DURATION") == dt.timedelta(minutes=90)
    assert f"/practices/catchups/{catchup.pk}/" in str(meeting["DESCRIPTION"])

    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]

    content = response.content
    for words in (OWN_RITUAL, TOPIC, "Hug hello"):
        assert words.encode() not in content
        assert words.encode() not in _unfolded(content)
    assert b"Lisbon" not in _unfolded(content)


def test_weekly_events_keep_their_wall_time_across_the_clock_change(client, londoners) -> None:
    a, b = londoners
    things = _everything(a, b)
    _feed, path = _feed_path(a)
    events = _events(_parse(client.get(path)))
    for uid, wall in ((f"ritual-{things['own'].pk}", 8), (f"checkin-{things['plan'].pk}", 19)):
        event = events[uid]
        start = event.decoded("DTSTART")
        rule = rrulestr(_rule(event).to_ical().decode(), dtstart=start)
        first = list(rule[:3])
        assert [d.date() for d in first] == [
            dt.date(2027, 3, 21),
            dt.date(2027, 3, 28),
            dt.date(2027, 4, 4),
        ]
        assert all(d.astimezone(LONDON).hour == wall for d in first)
        in_utc = [d.astimezone(UTC).hour for d in first]
        assert in_utc == [wall, wall - 1, wall - 1]  # GMT, then BST


def test_each_partner_sees_times_on_the_clock_they_were_chosen_on(client, partner_a, partner_b):
    partner_b.time_zone = "Asia/Tokyo"
    partner_b.save()
    catchup = catchups.plan_catchup(
        user=partner_b, day=dt.date(2027, 3, 25), at=dt.time(9), minutes=60
    )
    _feed, path = _feed_path(partner_a)
    response = client.get(path)
    event = _events(_parse(response))[f"catchup-{catchup.pk}"]
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART").astimezone(UTC) == dt.datetime(2027, 3, 25, 0, tzinfo=UTC)
    assert b"BEGIN:VTIMEZONE" in response.content and b"TZID:Asia/Tokyo" in response.content


def test_old_catchups_fall_out_of_the_feed(client, partner_a, partner_b, clock) -> None:
    catchup = catchups.plan_catchup(
        user=partner_a, day=dt.date(2027, 3, 24), at=dt.time(19), minutes=60
    )
    _feed, path = _feed_path(partner_a)
    uid = f"catchup-{catchup.pk}"
    clock.move_to(dt.datetime(2027, 4, 15, tzinfo=UTC))
    assert uid in _events(_parse(client.get(path)))  # three weeks ago: still there
    clock.move_to(dt.datetime(2027, 5, 1, tzinfo=UTC))
    assert uid not in _events(_parse(client.get(path)))


def test_unknown_odd_and_revoked_links(client, partner_a) -> None:
    feed, path = _feed_path(partner_a)
    for odd in (
        "nope",
        "x" * 43,
        "a" * 5000,
        "%C3%A9t%C3%A9-is-not-a-token-at-all-but-long",
        "%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00",
        feed.token_hash,
    ):
        response = client.get(f"/calendar/{odd}.ics")
        assert response.status_code == 404, odd
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "couldn’t find this calendar link" in response.content.decode()
    # A slash is not even our address: Django's own 404, still no crash.
    assert client.get("/calendar/..%2F..%2Fetc%2Fpasswd.ics").status_code == 404
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
    operations.revoke_feed(user=partner_a)
    response = client.get(path)
    assert response.status_code == 410
    assert response.content.decode().strip() == GONE
    assert response["X-Robots-Tag"] == "noindex"


def test_a_deactivated_account_has_no_feed(client, partner_a) -> None:
    _feed, path = _feed_path(partner_a)
    partner_a.is_active = False
    partner_a.save()
    assert client.get(path).status_code == 410


def test_only_the_current_space_is_in_the_feed(client, londoners, outsider) -> None:
    a, b = londoners
    things = _everything(a, b)
    _feed, b_path = _feed_path(b)
    _feed, outsider_path = _feed_path(outsider)
    assert not _events(_parse(client.get(outsider_path)))
    assert len(_events(_parse(client.get(b_path)))) == 4

    unlink(user=a)
    response = client.get(b_path)
    assert not _events(_parse(response))  # the link still works; the shared things are gone
    mine = rituals.add_ritual(user=b, title="Walk", idea_key="", days=[5], time=dt.time(9))
    assert set(_events(_parse(client.get(b_path)))) == {f"ritual-{mine.pk}"}
    assert f"catchup-{things['catchup'].pk}".encode() not in client.get(b_path).content


def test_the_feed_costs_the_same_queries_however_full(client, londoners) -> None:
    a, b = londoners
    _everything(a, b)
    _feed, path = _feed_path(a)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for n in range(12):
        rituals.add_ritual(user=a, title=f"r{n}", idea_key="", days=[n % 7], time=dt.time(8))
        catchups.plan_catchup(
            user=b, day=dt.date(2027, 4, 1) + dt.timedelta(days=n), at=dt.time(20), minutes=60
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert len(_events(_parse(response))) == 4 + 24
    assert len(many) == len(few)


def test_the_token_is_never_logged(client, partner_a, caplog, monkeypatch) -> None:
    feed, path = _feed_path(partner_a)
    token = feed.token
    caplog.set_level(logging.DEBUG)
    client.get(path)
    operations.revoke_feed(user=partner_a)
    client.get(path)
    client.get(f"/calendar/{token[::-1]}.ics")

    # Even an error while building a feed, which Django logs with the path, keeps it out.
    live = operations.create_feed(user=partner_a)

    def broken(*args, **kwargs):
        raise RuntimeError("something went wrong")

    monkeypatch.setattr("nearer.calendars.views.calendar_for", broken)
    client.raise_request_exception = False
    response = client.get(reverse("calendars:feed", kwargs={"token": live.token}))
    assert response.status_code == 500
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Internal Server Error: /calendar/[redacted].ics" in logged
    for secret in (token, token[::-1], live.token):
        assert secret not in logged


def test_feed_module_sanity(partner_a) -> None:
    """A person with nothing scheduled gets an empty, valid calendar."""
    calendar = feed_module.calendar_for(partner_a)
    parsed = Calendar.from_ical(calendar.to_ical())
    assert parsed.walk("VEVENT") == [] and parsed.walk("VTIMEZONE") == []
    assert str(parsed["VERSION"]) == "2.0"
