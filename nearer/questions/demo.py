"""The daily question's part of the demo couple: three weeks of answers, replies and talks."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from nearer.listening.models import FeltHeard
from nearer.listening.operations import mark_felt

from . import operations as questions
from .models import Answer, DailyQuestion, Question, Response

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple

# Written for the demo: short, memory-shaped answers that sit naturally under memory questions.
ALEX = [
    "The first thing that came to mind was that rainy afternoon we spent reading in the café. I felt completely unhurried.",
    "Probably the summer I learned to cook properly. I burned a lot of rice, and I was proud anyway.",
    "Walking home after the concert, when neither of us wanted the evening to end.",
    "My grandmother’s kitchen. It smelled of oranges and there was always a radio on.",
    "The day I finally said out loud what I wanted to study. My hands were shaking.",
    "Honestly, last Sunday. Nothing special happened, and that was the point.",
    "A long train ride where I watched the fields and didn’t check my phone once.",
    "When a friend turned up with soup while I was ill. I still think about that.",
    "The first time I swam in the sea in October. Freezing, and I loved it.",
    "Getting lost in a city I didn’t know and deciding it didn’t matter.",
    "Laughing so hard at the dinner table that I had to leave the room.",
    "The quiet morning after we moved the furniture around and everything felt new.",
    "The moment I realised I wasn’t afraid of the dark any more.",
    "Teaching my little cousin to ride a bike, and her face when it worked.",
]
SAM = [
    "I remember that café too. You kept reading me the best lines out loud.",
    "Building a treehouse with my neighbour. It was crooked and perfect.",
    "That night on the bridge when we talked until the street lights went off.",
    "Saturday mornings at the market with my dad, choosing the ripest peaches.",
    "Passing my driving test on the third try. I cried in the car park.",
    "The picnic where the wind took every napkin and we didn’t care.",
    "Singing badly in the car on the way to the coast.",
    "A teacher who stayed late to help me and never made me feel slow.",
    "The first snow in the new flat. We just stood at the window.",
    "Finding the old photo box and spending an evening on the floor with it.",
    "The time I fixed the bike myself and rode it round the block three times.",
    "A thunderstorm we watched from the porch, counting the seconds.",
    "My first pay cheque. I bought everyone ice cream.",
    "Hearing you laugh from the next room while I was cooking.",
]
# On one guess day, Alex guesses Sam's answer before the two open ("how well do you know me").
GUESS = "You’ll say something from when you were little, and it will involve food."
# Sam's replies, through the listening step's parts.
RESPONSES = [
    {
        "heard": "It sounds like that moment still feels warm to you, even now.",
        "ask": "What do you remember most about it?",
    },
    {
        "heard": "I didn’t know that about you. It sounds like it mattered a lot.",
        "sense": "It makes sense it stayed with you.",
        "ask": "Tell me more tonight?",
    },
    {"heard": "That made me smile all afternoon. You sound so free in it."},
]


def demo(couple: DemoCouple) -> None:
    """Three weeks of questions: most answered by both, some talked about, a few quiet days,
    and one guess at the partner's answer."""
    alex, sam = couple.alex, couple.sam
    guessed = False
    memories = list(Question.objects.active().filter(kind="memory", depth__lte=2).order_by("key"))
    couple.rng.shuffle(memories)
    for offset, question in zip(range(21, 0, -1), memories, strict=False):
        day = couple.today - dt.timedelta(days=offset)
        daily = DailyQuestion.objects.create(couple=couple.couple, date=day, question=question)
        if offset % 5 == 0:
            continue  # a quiet day: that's fine
        guess = ""
        if not guessed and offset % 4 != 1 and questions.is_guess_day(couple.couple.pk, day):
            guess, guessed = GUESS, True
        questions.save_answer(user=alex, daily=daily, text=ALEX[offset % len(ALEX)], guess=guess)
        if offset % 4 != 1:
            questions.save_answer(user=sam, daily=daily, text=SAM[offset % len(SAM)])
            daily.refresh_from_db()
            if offset % 3 == 0:
                theirs = Answer.objects.get(daily=daily, author=alex)
                reply = questions.respond(
                    user=sam,
                    answer=theirs,
                    parts=RESPONSES[offset % 3],
                    nonce=str(uuid.uuid4()),
                )
                if offset % 2 == 0:
                    mark_felt(Response.objects.all(), reply.pk, FeltHeard.YES)
            if offset % 2 == 0:
                questions.mark_talked(user=alex, daily=daily)
