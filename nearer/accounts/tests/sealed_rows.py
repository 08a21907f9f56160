"""One row of every model that holds sealed words, written through the operations, and what
each row holds once opened. Needs the question bank and a couple."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from nearer.accounts.models import User
from nearer.accounts.sealing import sealed_fields
from nearer.calendars.operations import create_feed
from nearer.catchups.operations import plan_catchup
from nearer.checkins.operations import reply_to_entry, save_entry
from nearer.lib.foundations import KEYS
from nearer.notes.operations import send_note
from nearer.questions import operations as questions
from nearer.rituals.operations import add_ritual
from nearer.soultalk.operations import keep_line, start_talk
from nearer.tests.factories import a_guess_day, make_daily

WORDS = {
    "answer": "The night we missed the last train 🚆",
    "guess": "You’ll say the night of the storm ⛈️",
    "partner": "Когда ты смеёшься, я дома",
    "response": "That made my whole week",
    "entry_heard": "It sounds like lunch feels lonely 🌧️",
    "appreciated": "You listened without fixing",
    "more_loved": "A call at lunch 🤍",
    "closer": "Walks after dinner",
    "note": "Tea is in the blue flask ☕",
    "keepsake": "We laughed about the kettle",
    "what": "You carried the shopping up",
    "because": "my back was sore all week",
    "topic": "How the move went, 東京 and all",
    "ritual": "Tea on the balcony before work",
    "feeling": "wobbly, a bit raw",
    "feeling_because": "the call with my dad went sideways",
    "need": "a long hug on the sofa",
    "heard": "It sounds like you felt small again 💬",
    "win": "I finally fixed the bike 🚲",
    "win_detail": "Two hours, one tiny spring, שלום",
    "cheer": "No way, you did it yourself!",
}


def write_one_of_each(alex: User, sam: User) -> list[models.Model]:
    """Alex writes one of everything that is sealed (Sam answers too, to open the day)."""
    from nearer.feelings import operations as feelings
    from nearer.gratitude.operations import appreciate
    from nearer.moments import operations as moments

    daily = make_daily(alex, date=a_guess_day(alex))
    answer = questions.save_answer(
        user=alex, daily=daily, text=WORDS["answer"], guess=WORDS["guess"]
    )
    guess = type(answer).objects.get(pk=answer.pk).guess
    sams_answer = questions.save_answer(user=sam, daily=daily, text=WORDS["partner"])
    opened_answer = type(answer).objects.get(pk=sams_answer.pk)  # the day is open now
    response = questions.respond(
        user=alex, answer=opened_answer, parts={"heard": WORDS["response"]}, nonce="n-1"
    )
    entry = save_entry(
        user=alex,
        appreciated=WORDS["appreciated"],
        more_loved=WORDS["more_loved"],
        closer=WORDS["closer"],
        pulse=dict.fromkeys(KEYS, 4),
    )
    partners = save_entry(
        user=sam, appreciated="", more_loved=WORDS["partner"], closer="", pulse={}
    )
    entry_reply = reply_to_entry(
        user=alex,
        entry=type(partners).objects.select_related("checkin").get(pk=partners.pk),
        parts={"heard": WORDS["entry_heard"]},
        nonce="n-2",
    )
    note = send_note(author=alex, text=WORDS["note"])
    talk = start_talk(user=alex, minutes=15, cards=3)
    keepsake = keep_line(user=alex, talk=talk, text=WORDS["keepsake"], shared=True)
    thanks = appreciate(author=alex, what=WORDS["what"], because=WORDS["because"])
    day = timezone.localdate() + dt.timedelta(days=7)
    catchup = plan_catchup(user=alex, day=day, at=dt.time(19), topic=WORDS["topic"])
    ritual = add_ritual(user=alex, title=WORDS["ritual"], idea_key="", days=[0, 3], time=None)
    feed = create_feed(user=alex)
    shared = feelings.share_feeling(
        author=alex,
        feeling=WORDS["feeling"],
        because=WORDS["feeling_because"],
        need=WORDS["need"],
        nonce="f-1",
    )
    theirs = feelings.share_feeling(
        author=sam, feeling="calm", because="", need="rest", nonce="f-2"
    )
    heard = feelings.reply(user=alex, share=theirs, parts={"heard": WORDS["heard"]}, nonce="f-3")
    win = moments.share(
        author=alex, kind="win", line=WORDS["win"], detail=WORDS["win_detail"], nonce="m-1"
    )
    news = moments.share(author=sam, kind="win", line="ok", detail="", nonce="m-2")
    cheer = moments.reply(user=alex, moment=news, parts={"cheer": WORDS["cheer"]}, nonce="m-3")
    return [
        answer,
        guess,
        response,
        entry,
        entry_reply,
        note,
        keepsake,
        thanks,
        catchup,
        ritual,
        feed,
        shared,
        heard,
        win,
        cheer,
    ]


def opened(row: models.Model) -> dict[str, object]:
    """Every sealed value of the row, by attribute, opened by the app."""
    return {d.name: getattr(row, d.name) for d in sealed_fields(type(row))}


def strings(value: object) -> list[str]:
    """The strings in a sealed value (a text, or the leaves of a JSON value)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings(item)]
    return []
