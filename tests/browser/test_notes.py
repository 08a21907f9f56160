"""A loving note for later: Alex schedules it, Sam sees nothing until the worker delivers it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from nearer.notifications.operations import sweep
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll, shows_in_html

pytestmark = pytest.mark.browser

NOTE = (
    "Look under your pillow tonight 🌙 — « je t’aime » & 東京, Donaudampfschifffahrtsgesellschaft"
)


def test_a_note_for_later_arrives_when_the_worker_delivers_it(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE).new_page()
    sam = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex writes a note to arrive in two hours (Alex's clock is UTC).
    alex.goto("/practices/notes/")
    expect(alex.get_by_role("heading", level=1)).to_have_text("Loving notes")
    no_horizontal_scroll(alex)
    at = timezone.now() + dt.timedelta(hours=2)
    field(alex, "Your note").fill(NOTE)
    field(alex, "Day").fill(at.date().isoformat())
    field(alex, "Time").fill(at.strftime("%H:%M"))
    alex.get_by_role("button", name="Deliver it later").click()
    expect(alex.get_by_role("status")).to_contain_text("Kept for later.")
    scheduled = alex.get_by_role("region", name="Waiting to be delivered")
    expect(scheduled.locator(".note__text")).to_have_text(NOTE)
    expect(scheduled).to_contain_text(f"at {at:%H:%M}, your time.")
    expect(scheduled.get_by_role("button", name="Cancel this note")).to_be_visible()
    no_horizontal_scroll(alex)

    # Sam sees nothing of it, even after a sweep, until its time.
    sam.goto("/practices/notes/")
    expect(sam.get_by_text("Notes from your partner will gather here.")).to_be_visible()
    assert not shows_in_html(sam, NOTE)
    assert sweep()["notes"] == 0
    sam.reload()
    assert not shows_in_html(sam, NOTE)

    # Its time comes; the worker's sweep delivers it.
    midday.shift(dt.timedelta(hours=2, minutes=1))
    assert sweep()["notes"] == 1
    sam.reload()
    received = sam.get_by_role("region", name="For you")
    expect(received.locator(".note__text")).to_have_text(NOTE)
    expect(received).to_contain_text("From Alex,")
    no_horizontal_scroll(sam)
    sam.goto("/notifications/")
    expect(sam.get_by_text("Alex left you a note.")).to_be_visible()

    # Alex sees it among the sent notes, and nothing about whether Sam has read it.
    alex.reload()
    expect(alex.get_by_role("region", name="Waiting to be delivered")).to_have_count(0)
    sent = alex.get_by_role("region", name="You sent")
    expect(sent.locator(".note__text")).to_have_text(NOTE)
    expect(sent).not_to_contain_text(re.compile("read|opened|seen", re.IGNORECASE))

    # Kindness ideas: "Show me others" swaps in a new handful in place.
    sam.goto("/practices/kindness/")
    no_horizontal_scroll(sam)
    ideas = sam.locator("#kindness-ideas .idea__text")
    expect(ideas).to_have_count(3)
    first = ideas.all_inner_texts()
    sam.get_by_role("link", name="Show me others").click()
    expect(ideas.first).not_to_have_text(first[0])
    expect(ideas).to_have_count(3)
    assert not set(ideas.all_inner_texts()) & set(first)
    expect(sam).to_have_url(re.compile(r"/practices/kindness/$"))  # swapped in place by htmx
    sam.get_by_role("link", name="Touch").click()
    expect(sam).to_have_url(re.compile(r"\?kind=touch$"))
    no_horizontal_scroll(sam)
