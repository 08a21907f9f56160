"""Two partners, two browsers: a question comes back with both earlier answers beside today's,
and on a guess day each guesses the other's answer, shown beside it once both are in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from nearer.questions import operations
from nearer.questions.models import Question
from nearer.tests.factories import make_daily
from tests.browser.browser_steps import PHONE, answer, field, log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

ALEX_THEN = "A flat with a balcony and too many plants 🌿"
SAM_THEN = "בית קטן ליד הים"  # right-to-left, kept exactly
ALEX_NOW = "Any place where we can hear each other think."
SAM_NOW = "A kitchen big enough to dance in."
ALEX_GUESS = "Sam will say somewhere by the sea 🌊"
SAM_GUESS = "Alex will say a quiet room with books"


def test_a_question_comes_back_and_each_guesses_the_others_answer(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alex_user, sam_user = couple
    # Today invites a guess (the live server runs in this process).
    monkeypatch.setattr(operations, "is_guess_day", lambda couple_id, date: True)
    question = Question.objects.active().filter(reask=True, depth=1).order_by("key")[0]
    today = timezone.localdate()
    then = make_daily(alex_user, date=today - dt.timedelta(days=150), question=question)
    operations.save_answer(user=alex_user, daily=then, text=ALEX_THEN)
    operations.save_answer(user=sam_user, daily=then, text=SAM_THEN)
    make_daily(alex_user, date=today, question=question)

    alex = new_context(viewport=PHONE).new_page()
    sam = new_context().new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex sees the question come back, with both answers from last time beside it.
    earlier = alex.get_by_role("region", name="This question came before")
    expect(earlier).to_be_visible()
    expect(earlier.get_by_text(ALEX_THEN)).to_be_visible()
    expect(earlier.get_by_text(SAM_THEN, exact=True)).to_be_visible()
    expect(earlier.get_by_role("heading", name="Sam wrote then")).to_be_visible()
    no_horizontal_scroll(alex)

    # Alex answers, then guesses Sam's answer.
    answer(alex, ALEX_NOW)
    expect(alex.get_by_role("heading", name="How well do you know me?")).to_be_visible()
    field(alex, "Your guess at Sam’s answer").fill(ALEX_GUESS)
    alex.get_by_role("button", name="Save my guess").click()
    expect(alex.get_by_role("heading", name="Your guess")).to_be_visible()
    expect(field(alex, "Your guess at Sam’s answer")).to_have_value(ALEX_GUESS)
    expect(alex.get_by_role("button", name="Change my guess")).to_be_visible()

    # Sam sees nothing of Alex's answer or guess, answers and guesses in one step.
    sam.reload()
    expect(sam.get_by_text("Alex has answered.")).to_be_visible()
    expect(sam.get_by_text(ALEX_GUESS)).to_have_count(0)
    field(sam, "Your answer").fill(SAM_NOW)
    field(sam, "Your guess at Alex’s answer").fill(SAM_GUESS)
    sam.get_by_role("button", name="Save my answer").click()

    # Both open: each guess beside the answer it guessed, and a warm line, no score.
    warm = "Close? Far? Either way, now you know each other a little better."
    mine = sam.locator(".answer--mine")
    expect(mine.get_by_text(SAM_NOW)).to_be_visible()
    expect(mine.get_by_text("Alex’s guess")).to_be_visible()
    expect(mine.get_by_text(ALEX_GUESS)).to_be_visible()
    theirs = sam.locator(".reveal .answer--theirs")
    expect(theirs.get_by_text(ALEX_NOW)).to_be_visible()
    expect(theirs.get_by_text(SAM_GUESS)).to_be_visible()
    expect(sam.get_by_text(warm)).to_be_visible()
    expect(sam.get_by_text(SAM_THEN, exact=True)).to_be_visible()  # last time, still beside

    alex.reload()
    theirs = alex.locator(".reveal .answer--theirs")
    expect(theirs.get_by_text(SAM_NOW)).to_be_visible()
    expect(theirs.get_by_text("Your guess")).to_be_visible()
    expect(theirs.get_by_text(ALEX_GUESS)).to_be_visible()
    expect(alex.locator(".reveal .answer--mine").get_by_text(SAM_GUESS)).to_be_visible()
    expect(alex.get_by_text(warm)).to_be_visible()
    no_horizontal_scroll(alex)
