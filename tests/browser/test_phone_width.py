"""At 375 px (a small phone, the width we design for first) nothing scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from nearer.couples.operations import space_of
from nearer.questions import operations
from nearer.questions.models import DailyQuestion
from tests.browser.browser_steps import (
    PHONE,
    WAITING,
    answer,
    can_sign_in,
    log_in,
    no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

# Long unbroken words are what usually push a narrow page wider.
ALEX_SAYS = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen, and the smell of rain."
SAM_SAYS = "This one: https://example.com/recipes/the-very-best-lemon-drizzle-cake-we-baked-on-that-rainy-sunday-afternoon"


def test_key_pages_fit_a_375px_screen(
    couple: tuple[User, User],
    solo: User,
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    can_sign_in(solo)

    visitor = new_context(viewport=PHONE).new_page()
    for path, heading in (
        ("/", "A quiet place for two people to grow closer."),
        ("/account/signup/", "Sign Up"),
        ("/account/login/", "Sign In"),
        ("/safety/", None),
    ):
        visitor.goto(path)
        if heading:
            expect(visitor.get_by_role("heading", level=1)).to_have_text(heading)
        no_horizontal_scroll(visitor)

    # Someone on their own: today, and the partner page with a fresh invitation link.
    jo = new_context(viewport=PHONE).new_page()
    log_in(jo, solo)
    no_horizontal_scroll(jo)
    jo.goto("/partner/")
    jo.get_by_role("button", name="Create an invitation link").click()
    invite_link = jo.locator("#invite-link").input_value()
    no_horizontal_scroll(jo)
    visitor.goto(invite_link)
    expect(visitor.get_by_role("link", name="Create my account")).to_be_visible()
    no_horizontal_scroll(visitor)

    # A couple: today before and after answering, then with both answers open.
    alex = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    no_horizontal_scroll(alex)
    answer(alex, ALEX_SAYS)
    expect(alex.get_by_text(WAITING)).to_be_visible()
    no_horizontal_scroll(alex)
    daily = DailyQuestion.objects.get(couple=space_of(sam_user))
    operations.save_answer(user=sam_user, daily=daily, text=SAM_SAYS)
    alex.reload()
    expect(alex.locator(".answer--theirs .answer__text")).to_have_text(SAM_SAYS)
    no_horizontal_scroll(alex)

    for path in (
        "/partner/",
        "/me/",
        "/questions/",
        "/practices/",
        "/practices/gratitude/",
        "/practices/gratitude/jar/",
        "/together/time/",
        "/practices/rituals/",
        "/practices/rituals/month/",
        "/practices/checkins/",
        "/practices/checkins/this-week/",
        "/practices/checkins/history/",
        "/practices/catchups/",
        "/practices/notes/",
        "/practices/kindness/",
        "/me/calendar/",
        "/me/notifications/",
        "/notifications/",
        "/together/",
    ):
        alex.goto(path)
        no_horizontal_scroll(alex)

    alex.get_by_role("button", name="Deal the cards").click()
    expect(alex).to_have_url(re.compile(r"/card/1/$"))
    no_horizontal_scroll(alex)
    alex.get_by_role("link", name="Next card").click()
    expect(alex).to_have_url(re.compile(r"/card/2/$"))
    no_horizontal_scroll(alex)
