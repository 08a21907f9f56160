"""The core flows with JavaScript switched off: plain forms and links, full page loads."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from tests.browser.browser_steps import WAITING, answer, field, log_in, shows_in_html

pytestmark = pytest.mark.browser

ALEX_SAYS = "Sunday mornings with the window open and nowhere to be. ☀️"
SAM_SAYS = "When you saved me the last piece of cake without saying so."
ALEX_REPLIES = "I’d do it again, every time."


def test_answer_wait_reveal_reply_and_soul_talk_without_javascript(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(java_script_enabled=False).new_page()
    sam = new_context(java_script_enabled=False).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex answers with a plain form post and lands back on today, waiting.
    answer(alex, ALEX_SAYS)
    expect(alex).to_have_url(re.compile(r"/today/$"))
    expect(alex.get_by_text("Your answer is saved.")).to_be_visible()
    expect(alex.get_by_text(WAITING)).to_be_visible()
    expect(alex.locator(".answer--mine .answer__text")).to_have_text(ALEX_SAYS)

    # Sam hears that Alex has answered, and nothing more.
    sam.reload()
    expect(sam.get_by_text("Alex has answered.")).to_be_visible()
    assert not shows_in_html(sam, ALEX_SAYS)
    assert "Sunday mornings" not in sam.content()

    # Sam answers: both answers open, for both.
    answer(sam, SAM_SAYS)
    expect(sam).to_have_url(re.compile(r"/today/$"))
    expect(sam.locator(".answer--mine .answer__text")).to_have_text(SAM_SAYS)
    expect(sam.locator(".answer--theirs .answer__text")).to_have_text(ALEX_SAYS)
    alex.reload()
    expect(alex.get_by_text(WAITING)).to_have_count(0)
    expect(alex.locator(".answer--mine .answer__text")).to_have_text(ALEX_SAYS)
    expect(alex.locator(".answer--theirs .answer__text")).to_have_text(SAM_SAYS)

    # Alex replies to Sam's answer through the listening step, looking it over first (the
    # words come back, nothing is sent); each sees the reply once.
    field(alex, "What I heard").fill(ALEX_REPLIES)
    alex.get_by_role("button", name="Look over my reply").click()
    expect(field(alex, "What I heard")).to_have_value(ALEX_REPLIES)
    expect(alex.locator(".reply")).to_have_count(0)
    alex.get_by_role("button", name="Send to Sam").click()
    expect(alex.locator(".reply")).to_have_count(1)
    expect(alex.locator(".reply__who")).to_have_text("You replied")
    expect(alex.locator(".reply")).to_contain_text(ALEX_REPLIES)
    sam.reload()
    expect(sam.locator(".reply")).to_have_count(1)
    expect(sam.locator(".reply__who")).to_have_text("Alex replied")
    expect(sam.locator(".reply")).to_contain_text(ALEX_REPLIES)
    sam.get_by_role("group", name="Did you feel heard?").get_by_role("button", name="Yes").click()
    alex.reload()
    expect(alex.get_by_text("They felt heard.")).to_be_visible()

    # Soul talk: deal, see whose turn it is and a plain end time, turn the card.
    alex.goto("/together/")
    alex.get_by_role("button", name="Deal the cards").click()
    expect(alex).to_have_url(re.compile(r"/together/\d+/card/1/$"))
    expect(alex.locator("[data-timer-remaining]")).to_have_text(
        re.compile(r"^Until about \d{2}:\d{2}$")
    )
    first = alex.locator(".talk-card .turn").inner_text()
    match = re.fullmatch(r"(Alex|Sam) asks, (Alex|Sam) answers first", first)
    assert match and match.group(1) != match.group(2)
    alex.get_by_role("link", name="Next card").click()
    expect(alex).to_have_url(re.compile(r"/card/2/$"))
    expect(alex.locator(".talk-card .turn")).to_have_text(
        f"{match.group(2)} asks, {match.group(1)} answers first"
    )
