"""Sharing a feeling and being heard: Alex goes from "just tired" to feeling, because and need;
Sam answers through the listening step, sees a hint on a fixing draft and rewrites it; Alex says
it was heard, and Sam sees that."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

BECAUSE = "Work ran late again and I barely saw you 🌧️ — « encore »"


def test_a_feeling_is_shared_heard_and_felt_heard(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE).new_page()
    sam = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex opens Talk from the navigation and starts with a closed "just tired".
    alex.get_by_role("navigation", name="Main").get_by_role("link", name="Talk").click()
    expect(alex.get_by_role("heading", level=1)).to_have_text("Talk")
    alex.get_by_role("link", name="Share a feeling").first.click()
    expect(alex.get_by_role("heading", level=1)).to_have_text("Share a feeling")
    no_horizontal_scroll(alex)
    field(alex, "I feel …").fill("just tired")
    field(alex, "because …").fill(BECAUSE)
    alex.get_by_role("button", name="Share with my partner").click()

    # A gentle nudge, never a block: the words stay, and one more word is a tap away.
    expect(alex.get_by_role("status")).to_contain_text("is a fine place to start")
    expect(field(alex, "because …")).to_have_value(BECAUSE)
    alex.get_by_role("button", name="lonely").click()
    expect(field(alex, "I feel …")).to_have_value("just tired, lonely")
    alex.get_by_role("radio", name="a hug").check()
    alex.get_by_role("button", name="Share with my partner").click()
    expect(alex.locator(".share__feeling")).to_have_text("just tired, lonely")
    expect(alex.locator(".share-card")).to_contain_text(BECAUSE)
    expect(alex.locator(".share-card")).to_contain_text("a hug")

    # Sam sees it waiting on Today (a quiet line, no words) and in Talk.
    sam.goto("/today/")
    expect(sam.get_by_role("link", name="Alex shared how they feel.")).to_be_visible()
    sam.get_by_role("link", name="Alex shared how they feel.").click()
    expect(sam.locator(".share__feeling")).to_have_text("just tired, lonely")

    # Sam starts to fix; a note appears for Sam only, and Sam rewrites.
    heard = field(sam, "What I heard")
    heard.fill("You should just leave work earlier.")
    expect(sam.locator(".hints")).to_contain_text("This reads like advice")
    heard.fill("It sounds like the late nights left you lonely, even at home.")
    expect(sam.locator(".hints")).to_have_count(0)
    field(sam, "One question to understand more").fill("What would make tonight feel better?")
    sam.get_by_role("button", name="Send to Alex").click()
    expect(sam.locator(".reply")).to_contain_text("It sounds like the late nights left you lonely")
    no_horizontal_scroll(sam)

    # Alex reads the reply and says it landed; Sam sees that.
    alex.reload()
    expect(alex.locator(".reply")).to_contain_text("What would make tonight feel better?")
    alex.get_by_role("group", name="Did you feel heard?").get_by_role("button", name="Yes").click()
    expect(alex.get_by_role("button", name="Yes")).to_have_attribute("aria-pressed", "true")
    sam.reload()
    expect(sam.locator(".reply__felt")).to_have_text("They felt heard.")


def test_be_with_me_is_one_tap_and_the_partner_answers_im_here(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE).new_page()
    sam = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)
    alex.goto("/talk/")
    alex.get_by_role("button", name="Be with me").click()
    expect(alex.get_by_role("status").first).to_contain_text("presence, not solutions")
    sam.goto("/talk/")
    waiting = sam.get_by_role("region", name="Waiting for you")
    expect(waiting).to_contain_text("Alex would like you near")
    waiting.get_by_role("button", name="I’m here").click()
    expect(sam.get_by_text("You said you’re here.")).to_be_visible()
    alex.reload()
    expect(alex.get_by_text("said they’re with you")).to_be_visible()


def test_sharing_and_listening_work_without_javascript(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sam = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Picking a word sends the form back with the word added; nothing is shared yet.
    alex.goto("/talk/feel/")
    field(alex, "because …").fill("the dentist is tomorrow")
    alex.get_by_text("Find a word").click()
    alex.get_by_role("button", name="nervous").click()
    expect(field(alex, "I feel …")).to_have_value("nervous")
    expect(field(alex, "because …")).to_have_value("the dentist is tomorrow")
    field(alex, "… or in my own words").fill("you to hold my hand in the waiting room")
    alex.get_by_role("button", name="Share with my partner").click()
    expect(alex.locator(".share-card")).to_contain_text("you to hold my hand in the waiting room")

    # Sam looks the draft over first: the note shows, nothing is sent, the words stay.
    sam.goto("/talk/")
    sam.get_by_role("region", name="Waiting for you").get_by_role(
        "link", name="Read and listen"
    ).click()
    field(sam, "What I heard").fill("Don't worry, it's just a check-up.")
    sam.get_by_role("button", name="Look over my reply").click()
    expect(sam.locator(".hints")).to_contain_text("might make the feeling sound smaller")
    expect(field(sam, "What I heard")).to_have_value("Don't worry, it's just a check-up.")
    field(sam, "What I heard").fill("You’re nervous about tomorrow and want me close.")
    sam.get_by_role("button", name="Send to Alex").click()
    expect(sam.locator(".reply")).to_contain_text("You’re nervous about tomorrow")
    alex.reload()
    alex.get_by_role("button", name="Partly").click()
    expect(alex.get_by_role("button", name="Partly")).to_have_attribute("aria-pressed", "true")
