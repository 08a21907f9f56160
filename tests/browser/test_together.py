"""Soul talk: deal the cards, take turns asking, a quiet countdown, one line to keep."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from nearer.accounts.models import User
from nearer.couples.space import space_of
from nearer.soultalk.models import Talk
from tests.browser.browser_steps import field, log_in

pytestmark = pytest.mark.browser

TURN = re.compile(r"^(Alex|Sam) asks, (Alex|Sam) answers first$")
CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def turn(page: Page) -> tuple[str, str]:
    text = page.locator(".talk-card .turn").inner_text().strip()
    match = TURN.match(text)
    assert match, text
    return match.group(1), match.group(2)


def seconds_left(page: Page) -> int:
    remaining = page.locator("[data-timer] [data-timer-remaining]")
    expect(remaining).to_have_text(CLOCK)  # the script has replaced the no-JS "Until about …"
    match = CLOCK.match(remaining.inner_text().strip())
    assert match
    return int(match.group(1)) * 60 + int(match.group(2))


def test_soul_talk_deals_cards_in_turns_with_a_running_timer(
    couple: tuple[User, User], new_context: Callable[..., BrowserContext]
) -> None:
    alex_user, sam_user = couple
    alex = new_context().new_page()
    log_in(alex, alex_user)

    alex.get_by_role("navigation", name="Main").get_by_role("link", name="Together").click()
    expect(alex.get_by_role("heading", name="Soul talk")).to_be_visible()
    field(alex, "How long").fill("15")
    field(alex, "Questions").select_option("3")
    alex.get_by_role("button", name="Deal the cards").click()

    expect(alex).to_have_url(re.compile(r"/together/\d+/card/1/$"))
    expect(alex.get_by_text("Card 1 of 3")).to_be_visible()
    expect(alex.get_by_text("Phones down now.")).to_be_visible()
    asker, answerer = turn(alex)
    assert {asker, answerer} == {"Alex", "Sam"}

    # The quiet countdown runs from about fifteen minutes.
    expect(alex.locator("[data-timer]")).to_have_class(re.compile(r"\btimer--running\b"))
    first = seconds_left(alex)
    assert 14 * 60 <= first <= 15 * 60
    alex.wait_for_timeout(1500)
    assert seconds_left(alex) < first

    # Turns alternate card by card.
    questions = [alex.locator(".talk-card .question").inner_text()]
    expect(alex.get_by_role("button", name="We’re done for tonight")).to_have_count(0)
    alex.get_by_role("link", name="Next card").click()
    expect(alex.get_by_text("Card 2 of 3")).to_be_visible()
    assert turn(alex) == (answerer, asker)
    questions.append(alex.locator(".talk-card .question").inner_text())
    alex.get_by_role("link", name="Next card").click()
    expect(alex.get_by_text("Card 3 of 3")).to_be_visible()
    assert turn(alex) == (asker, answerer)
    questions.append(alex.locator(".talk-card .question").inner_text())
    assert len(set(questions)) == 3
    expect(alex.get_by_role("link", name="Next card")).to_have_count(0)

    # The end: one line to keep, shared with Sam.
    alex.get_by_role("button", name="We’re done for tonight").click()
    expect(alex).to_have_url(re.compile(r"/together/\d+/keep/$"))
    expect(alex.get_by_role("heading", name="Thank you for making the time")).to_be_visible()

    # Back to the last card: the talk is over, so nothing counts down any more.
    alex.go_back()
    expect(alex.get_by_text("You finished this talk, so the timer has stopped.")).to_be_visible()
    expect(alex.locator("[data-timer]")).to_have_count(0)
    alex.get_by_role("link", name="A line to keep from this talk").click()
    expect(alex.get_by_role("heading", name="Thank you for making the time")).to_be_visible()
    line = "We both want more slow Sundays ☕"
    field(alex, "One line to remember").fill(line)
    field(alex, "Share this line with my partner").check()
    alex.get_by_role("button", name="Keep this line").click()
    expect(alex).to_have_url(re.compile(r"/together/$"))
    expect(alex.get_by_text("Your line is kept.")).to_be_visible()
    kept = alex.locator("section", has=alex.get_by_role("heading", name="Lines you kept"))
    expect(kept.locator("li")).to_have_count(1)
    expect(kept.locator("q")).to_have_text(line)

    sam = new_context().new_page()
    log_in(sam, sam_user)
    sam.goto("/together/")
    expect(sam.locator("li q")).to_have_text([line])
    expect(sam.get_by_text("— Alex,")).to_be_visible()


def test_a_card_too_deep_today_is_skipped_or_swapped_for_a_lighter_one(
    couple: tuple[User, User], new_context: Callable[..., BrowserContext]
) -> None:
    alex_user, _sam_user = couple
    space = space_of(alex_user)
    space.depth = 3
    space.save(update_fields=["depth"])
    alex = new_context().new_page()
    log_in(alex, alex_user)
    alex.goto("/together/")
    field(alex, "Questions").select_option("3")
    alex.get_by_role("button", name="Deal the cards").click()
    expect(alex.get_by_text("Card 1 of 3")).to_be_visible()
    first = alex.locator(".talk-card .question").inner_text()

    # Too deep today: skip it, on to the next card.
    expect(alex.get_by_text("Too deep for today?")).to_be_visible()
    alex.get_by_role("button", name="Skip this one").click()
    expect(alex).to_have_url(re.compile(r"/together/\d+/card/2/$"))
    expect(alex.get_by_text("Card 2 of 3")).to_be_visible()
    second = alex.locator(".talk-card .question").inner_text()
    assert second != first

    # Or something lighter in its place: same card number, another question.
    alex.get_by_role("button", name="Something lighter").click()
    expect(alex).to_have_url(re.compile(r"/together/\d+/card/2/$"))
    expect(alex.get_by_text("Card 2 of 3")).to_be_visible()
    expect(alex.locator(".talk-card .question")).not_to_have_text(second)
    lighter = alex.locator(".talk-card .question").inner_text()
    assert lighter not in (first, second)
    card = Talk.objects.latest("pk").cards.in_deck().select_related("question").get(position=2)
    assert (card.question.text, card.question.depth) == (lighter, 2)  # a step lighter than 3

    # The skipped card waits where it was, marked, with nothing more to tap.
    alex.get_by_role("link", name="Previous card").click()
    expect(alex.locator(".talk-card .question")).to_have_text(first)
    expect(alex.get_by_text("You skipped this one today.")).to_be_visible()
    expect(alex.get_by_role("button", name="Skip this one")).to_have_count(0)
    expect(alex.get_by_role("button", name="Something lighter")).to_have_count(0)
