"""Two partners, two browsers: sign up, invite, answer apart, open together."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
import time_machine
from django.core.mail import EmailMessage
from playwright.sync_api import BrowserContext, expect
from pytest_django.live_server_helper import LiveServer

from nearer.accounts.models import User
from tests.browser.browser_steps import (
    TODAY,
    WAITING,
    answer,
    field,
    log_in,
    question_text,
    shows_in_html,
    sign_up,
    verify_email,
)

pytestmark = pytest.mark.browser

# Non-BMP emoji, a ZWJ sequence, accents, CJK, guillemets and an ampersand: all must come back exactly.
ALEX_SAYS = (
    "The night we missed the last train 🚆 and walked home — 2 a.m., « café » & 東京 dreams 👩‍❤️‍👨"
)
SAM_SAYS = "Dancing badly in the kitchen while the rice burned."


def test_two_partners_sign_up_link_and_open_answers_together(
    bank: None,
    live_server: LiveServer,
    new_context: Callable[..., BrowserContext],
    mailoutbox: list[EmailMessage],
    midday: time_machine.Coordinates,
) -> None:
    alex = new_context().new_page()
    sam = new_context().new_page()

    # Alex finds Nearer, starts alone and verifies the email address.
    alex.goto("/")
    expect(alex.get_by_role("heading", level=1)).to_have_text(
        "A quiet place for two people to grow closer."
    )
    alex.get_by_role("link", name="Start on your own").click()
    sign_up(alex, email="alex@example.com", name="Alex", time_zone="Europe/Berlin")
    verify_email(alex, mailoutbox, "alex@example.com")
    expect(alex).to_have_url(TODAY)
    expect(alex.get_by_role("heading", name="Today’s question")).to_be_visible()
    user = User.objects.get(email="alex@example.com")
    assert (user.display_name, user.time_zone) == ("Alex", "Europe/Berlin")

    # Me → partner page → an invitation link, shown once in a read-only field.
    alex.get_by_role("navigation", name="Main").get_by_role("link", name="Me").click()
    alex.get_by_role("link", name="Invite my partner").click()
    expect(alex).to_have_url(re.compile(r"/partner/$"))
    alex.get_by_role("button", name="Create an invitation link").click()
    link_field = alex.locator("#invite-link")
    expect(link_field).to_have_attribute("readonly", "")
    invite_link = link_field.input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/join/[\w-]{20,}/", invite_link)

    # Sam opens the link, creates an account, verifies and accepts.
    sam.goto(invite_link)
    expect(sam.get_by_role("heading", level=1)).to_have_text(
        "Alex would like to share Nearer with you"
    )
    sam.get_by_role("link", name="Create my account").click()
    sign_up(sam, email="sam@example.com", name="Sam", time_zone="Europe/Berlin")
    verify_email(sam, mailoutbox, "sam@example.com")
    sam.get_by_role("button", name="Link with Alex").click()
    expect(sam).to_have_url(TODAY)
    expect(sam.get_by_text("You’re linked.")).to_be_visible()

    # Both see the same question.
    alex.goto("/today/")
    assert question_text(alex) == question_text(sam) != ""

    # Sam answers first: the answer is in, sealed, and nothing of Alex's is on the page.
    answer(sam, SAM_SAYS)
    expect(sam.get_by_role("status").filter(has_text=WAITING)).to_be_visible()
    expect(sam.locator(".answer--mine .answer__text")).to_have_text(SAM_SAYS)
    assert not shows_in_html(sam, ALEX_SAYS)
    sam.reload()
    expect(sam.get_by_text(WAITING)).to_be_visible()

    # Alex learns that Sam has answered, but not what.
    alex.reload()
    expect(alex.get_by_text("Sam has answered.")).to_be_visible()
    assert not shows_in_html(alex, SAM_SAYS)
    assert "rice burned" not in alex.content()
    expect(alex.get_by_role("button", name="Something lighter today")).to_have_count(0)

    # Alex answers: both answers open, for both of them.
    answer(alex, ALEX_SAYS)
    expect(alex.locator(".answer--mine .answer__text")).to_have_text(ALEX_SAYS)
    expect(alex.locator(".answer--theirs .answer__text")).to_have_text(SAM_SAYS)
    for page, mine, theirs, partner in (
        (alex, ALEX_SAYS, SAM_SAYS, "Sam"),
        (sam, SAM_SAYS, ALEX_SAYS, "Alex"),
    ):
        page.reload()
        expect(page.locator(".answer--mine .answer__text")).to_have_text(mine)
        expect(page.locator(".answer--theirs .answer__who")).to_have_text(partner)
        expect(page.locator(".answer--theirs .answer__text")).to_have_text(theirs)
        expect(page.get_by_text(WAITING)).to_have_count(0)
        assert shows_in_html(page, ALEX_SAYS)
        assert shows_in_html(page, SAM_SAYS)

    # Earlier questions: today's, answered by both, each named once.
    sam.get_by_role("link", name="Earlier questions").click()
    expect(sam.locator(".history__item")).to_have_count(1)
    who_answered = sam.locator(".history__item").inner_text()
    assert who_answered.count("You answered.") == 1
    assert who_answered.count("Alex answered.") == 1


def test_on_a_later_day_one_asks_for_something_lighter(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context().new_page()
    sam = new_context().new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)
    first_day = question_text(alex)
    assert question_text(sam) == first_day
    answer(alex, "A first answer, so the day is not empty.")
    expect(alex.get_by_text(WAITING)).to_be_visible()

    midday.shift(dt.timedelta(days=1))

    alex.goto("/today/")
    second_day = question_text(alex)
    assert second_day not in ("", first_day)
    expect(alex.get_by_text("A lighter question, as asked for.")).to_have_count(0)
    alex.get_by_role("button", name="Something lighter today").click()
    expect(alex.get_by_text("Here’s something lighter for today, for both of you.")).to_be_visible()
    expect(alex.get_by_text("A lighter question, as asked for.")).to_be_visible()
    lighter = question_text(alex)
    assert lighter not in ("", first_day, second_day)

    sam.goto("/today/")
    assert question_text(sam) == lighter
    expect(sam.get_by_text("A lighter question, as asked for.")).to_be_visible()
    expect(field(sam, "Your answer")).to_be_editable()
