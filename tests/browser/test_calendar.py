"""Catch-ups and the private calendar: plan one, make a link, subscribe, turn it off."""

from __future__ import annotations

import datetime as dt
import re
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import BrowserContext, expect
from pytest_django.live_server_helper import LiveServer

from nearer.accounts.models import User
from nearer.catchups.models import CatchUp
from nearer.checkins import operations as checkins
from nearer.couples.operations import space_of
from nearer.rituals import operations as rituals
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll, shows_in_html

pytestmark = pytest.mark.browser

OWN_RITUAL = "Tea on the balcony, just the two of us 🫖"
TOPIC = "How the new rhythm of our weeks feels — and the trip to 東京 we keep postponing"


def _fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Like a calendar app: no cookies, no session, only the link."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own live server)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_plan_a_catchup_and_subscribe_to_the_calendar(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
    live_server: LiveServer,
) -> None:
    alex_user, sam_user = couple
    for person in (alex_user, sam_user):
        person.time_zone = "Europe/Berlin"
        person.save(update_fields=["time_zone"])
    ritual = rituals.add_ritual(
        user=sam_user, title=OWN_RITUAL, idea_key="", days=[1, 4], time=dt.time(7, 30)
    )
    tomorrow = (timezone.now().astimezone(alex_user.zone) + dt.timedelta(days=1)).date()
    plan = checkins.plan_of(space_of(alex_user))
    checkins.propose_time(user=alex_user, weekday=6, at=dt.time(19), seen_version=plan.version)
    checkins.accept_time(user=sam_user, seen_version=plan.version + 1)

    alex = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)

    # Alex plans a catch-up on their own clock, with a few words about what to talk about.
    alex.goto("/practices/catchups/")
    expect(alex.get_by_role("heading", level=1)).to_have_text("Catch-ups")
    no_horizontal_scroll(alex)
    field(alex, "Date").fill(tomorrow.isoformat())
    field(alex, "Time").fill("19:30")
    field(alex, "How long").fill("90")
    field(alex, "What we might talk about (optional)").fill(TOPIC)
    alex.get_by_role("button", name="Plan this catch-up").click()
    expect(alex).to_have_url(re.compile(r"/practices/catchups/\d+/$"))
    expect(alex.get_by_text("Planned. Your partner will find it in Nearer.")).to_be_visible()
    expect(alex.locator(".catchup__topic")).to_have_text(TOPIC)
    expect(alex.get_by_role("heading", name="A guide for the conversation")).to_be_visible()
    no_horizontal_scroll(alex)
    catchup = CatchUp.objects.get()
    assert catchup.starts_at.astimezone(alex_user.zone).time() == dt.time(19, 30)

    # Sam sees it too, on the list.
    sam = new_context(viewport=PHONE).new_page()
    log_in(sam, sam_user)
    sam.goto("/practices/catchups/")
    expect(sam.locator(".catchup__topic")).to_have_text(TOPIC)
    no_horizontal_scroll(sam)

    # Alex makes a calendar link and reads it from the page.
    alex.goto("/me/calendar/")
    expect(alex.get_by_role("heading", level=1)).to_have_text("Your calendar")
    no_horizontal_scroll(alex)
    alex.get_by_role("button", name="Create my calendar link").click()
    link_field = alex.locator("#calendar-link")
    expect(link_field).to_have_attribute("readonly", "")
    url = link_field.input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/calendar/[\w-]{40,}\.ics", url)
    webcal = alex.locator("#calendar-webcal").input_value()
    assert webcal == "webcal://" + url.split("://", 1)[1]
    link_field.focus()  # selected whole, ready to copy
    assert link_field.evaluate(
        "el => el.selectionStart === 0 && el.selectionEnd === el.value.length"
    )
    no_horizontal_scroll(alex)

    # A calendar app fetches it with nothing but the link.
    status, headers, body = _fetch(url)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(body)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"ritual-{ritual.pk}", f"catchup-{catchup.pk}", f"checkin-{plan.pk}"}
    checkin = events[f"checkin-{plan.pk}"]
    assert str(checkin["SUMMARY"]) == "Weekly check-in · Nearer"
    assert checkin["RRULE"]["BYDAY"] == ["SU"]
    assert checkin["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert checkin.decoded("DTSTART").time() == dt.time(19)
    meeting = events[f"catchup-{catchup.pk}"]
    assert str(meeting["SUMMARY"]) == "Catch-up · Nearer"
    assert meeting["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert meeting.decoded("DTSTART") == catchup.starts_at
    assert meeting.decoded("DURATION") == dt.timedelta(minutes=90)
    weekly = events[f"ritual-{ritual.pk}"]
    assert weekly["RRULE"]["BYDAY"] == ["TU", "FR"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    unfolded = body.replace(b"\r\n ", b"")
    for words in (OWN_RITUAL, TOPIC, "東京"):
        assert words.encode() not in unfolded
    assert not shows_in_html(alex, TOPIC)  # the calendar page shows no one's words either

    # Turning it off stops it at once.
    alex.get_by_role("button", name="Turn the link off").click()
    expect(alex.get_by_text("Turned off. The link has stopped working.")).to_be_visible()
    expect(alex.locator("#calendar-link")).to_have_count(0)
    status, _headers, body = _fetch(url)
    assert status == 410
    assert "turned off in Nearer" in body.decode()
    no_horizontal_scroll(alex)
