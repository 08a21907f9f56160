"""Good news, celebrated: Alex shares a win, Sam celebrates it with a question, Alex reads it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

WIN = "I finished the first draft 📖 — « enfin » & שלום"
MORE = "All 212 pages. I printed it just to hold it."
CHEER = "That’s enormous, I’m so proud of you!"


def test_a_win_is_celebrated_with_a_question(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE).new_page()
    sam = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex shares good news, in a line and a little more.
    alex.goto("/talk/moments/")
    expect(alex.get_by_role("heading", level=1)).to_have_text("Wins and struggles")
    no_horizontal_scroll(alex)
    alex.get_by_label("Good news, big or small").check()
    field(alex, "In a line").fill(WIN)
    field(alex, "More, if you like").fill(MORE)
    alex.get_by_role("button", name="Share with Sam").click()
    expect(alex.get_by_role("status")).to_contain_text("Shared.")
    wins = alex.get_by_role("region", name="Our wins")
    expect(wins.locator(".moment__line")).to_have_text(WIN)

    # Sam is told on Today, without a word of it, and opens it.
    sam.goto("/today/")
    waiting = sam.get_by_role("complementary", name="Waiting for you")
    news = waiting.get_by_role("link", name="Alex has good news to tell you.")
    expect(news).to_be_visible()
    news.click()
    expect(sam.get_by_role("heading", level=1)).to_have_text(WIN)
    expect(sam.get_by_text(MORE)).to_be_visible()
    expect(sam.get_by_role("heading", name="Celebrate with Alex")).to_be_visible()
    no_horizontal_scroll(sam)

    # A starter fills the question; Sam writes the cheer in their own words and sends.
    sam.get_by_role("button", name="What was the best moment?").click()
    question = field(sam, "A question so they can tell it again")
    expect(question).to_have_value("What was the best moment?")
    field(sam, "What I feel about it").fill(CHEER)
    sam.get_by_role("button", name="Send to Alex").click()
    card = sam.locator("#moment-card")
    expect(card.get_by_text("You replied")).to_be_visible()
    expect(card.get_by_text(CHEER)).to_be_visible()
    expect(sam.get_by_role("heading", name="Celebrate with Alex")).to_have_count(0)
    expect(sam).to_have_url(re.compile(r"/talk/moments/\d+/$"))  # swapped in place by htmx

    # Alex reads it, from Today, and finds it again in the wins to look back on.
    alex.goto("/today/")
    alex.get_by_role("link", name="Sam answered what you shared.").click()
    expect(alex.get_by_text("Sam replied")).to_be_visible()
    expect(alex.get_by_text(CHEER)).to_be_visible()
    expect(alex.get_by_text("What was the best moment?")).to_be_visible()
    no_horizontal_scroll(alex)
    alex.goto("/talk/moments/")
    wins = alex.get_by_role("region", name="Our wins")
    expect(wins).to_contain_text(CHEER)
    expect(wins).to_contain_text("Sam said")


HARD = "Work was a lot today, and I snapped at my sister"
FIXING = "At least it’s Friday tomorrow."
HEARD = "It sounds like the day wore you thin, and then you felt bad about it."


def test_a_struggle_is_listened_to_without_javascript(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sam = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex shares something hard.
    alex.goto("/talk/moments/")
    alex.get_by_label("Something hard").check()
    field(alex, "In a line").fill(HARD)
    alex.get_by_role("button", name="Share with Sam").click()
    expect(alex.get_by_role("region", name="Hard things, shared")).to_contain_text(HARD)

    # Sam answers through the listening step; the starters are there to read.
    sam.goto("/talk/moments/")
    sam.get_by_role("link", name="Listen to Alex").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text(HARD)
    expect(sam.get_by_text("That sounds heavy…")).to_be_visible()
    field(sam, "What I heard").fill(FIXING)
    sam.get_by_role("button", name="Look over my reply").click()
    expect(sam.get_by_text("A thought before you send")).to_be_visible()
    expect(field(sam, "What I heard")).to_have_value(FIXING)
    field(sam, "What I heard").fill(HEARD)
    sam.get_by_role("button", name="Send to Alex").click()
    expect(sam.get_by_role("status")).to_contain_text("Sent.")
    expect(sam.get_by_text(HEARD)).to_be_visible()
    no_horizontal_scroll(sam)

    # Alex did not feel heard yet; Sam sees that, and the form is open to try again.
    alex.goto("/talk/moments/")
    expect(alex.get_by_text(HARD)).to_have_count(0)  # answered: it has left the page
    alex.goto(sam.url)
    alex.get_by_role("button", name="Not yet").click()
    expect(alex.get_by_role("button", name="Not yet")).to_have_attribute("aria-pressed", "true")
    alex.get_by_role("button", name="Keep this here").click()
    expect(alex.get_by_role("status").first).to_contain_text("Kept here")
    alex.goto("/talk/moments/")
    expect(alex.get_by_role("region", name="Hard things, shared")).to_contain_text(HARD)
    sam.reload()
    expect(sam.get_by_text("They don’t feel heard yet.")).to_be_visible()
    expect(sam.get_by_role("heading", name="Try again")).to_be_visible()
    no_horizontal_scroll(alex)
