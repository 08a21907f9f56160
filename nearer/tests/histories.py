"""A varied history for access tests: a previous couple, a current one, solo spaces, others.

Alex and Sam were a couple and unlinked; Sam has been on their own since. Alex was on their
own for a while, then joined Kim, who had answered a few days alone: Alex and Kim are the
current couple. Robin and Kai are
another couple. Every practice that keeps history has rows in every space, in every state
(sealed, shared early, opened, kept private), so each access rule is tested on all of them.

Rows are written directly (with sealed words), not through the operations: the states are
exactly the ones named here, on fixed days, whatever the clock says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone

from nearer.accounts.models import User
from nearer.accounts.sealing import Writing
from nearer.checkins.models import CheckIn, CheckInEntry
from nearer.couples.models import Couple
from nearer.couples.operations import unlink
from nearer.couples.space import space_of
from nearer.gratitude.models import Appreciation
from nearer.lib.foundations import KEYS
from nearer.notes.models import Note
from nearer.questions.models import Answer, DailyQuestion, Question, Response
from nearer.soultalk.models import Keepsake, Talk
from nearer.tests.factories import make_couple, make_user

S = TypeVar("S", bound=Writing)


@dataclass
class Histories:
    alex: User
    sam: User
    kim: User
    robin: User
    kai: User
    # Every row by a short name: "p" the previous couple (Alex and Sam), "c" the current one
    # (Alex and Kim, in what was Kim's solo space "k"), "s" Sam's and "a" Alex's solo spaces,
    # "o" the other couple.
    rows: dict[str, models.Model] = field(default_factory=dict)

    def pks(self, *names: str) -> list[int]:
        """Primary keys of the named rows, sorted (the order `sorted_pks` gives)."""
        return sorted(self.rows[name].pk for name in names)


def sorted_pks(queryset: models.QuerySet) -> list[int]:
    """Primary keys in a stable order, duplicates kept: a duplicate row is a bug too."""
    return sorted(obj.pk for obj in queryset)


def _sealed(row: S, words: str) -> S:
    if isinstance(row, CheckInEntry):
        pulse = dict.fromkeys(KEYS, 3)
        row.set_words(appreciated=words, more_loved=words, closer="", pulse=pulse)
    elif isinstance(row, Appreciation):
        row.set_words(what=words, because="because")
    elif isinstance(row, Response):
        row.parts = {"heard": words}
    else:
        row.text = words  # type: ignore[attr-defined]  # the other kinds of writing keep text
    row.save()
    return row


def build_histories() -> Histories:
    """Needs the question bank."""
    now = timezone.now()
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    question = Question.objects.active().first()
    assert question is not None, "needs the question bank"
    h = Histories(
        alex=make_user("Alex"),
        sam=make_user("Sam"),
        kim=make_user("Kim"),
        robin=make_user("Robin"),
        kai=make_user("Kai"),
    )
    rows = h.rows

    def day(name: str, couple: Couple, ago: int, *, revealed: bool = False) -> DailyQuestion:
        rows[name] = daily = DailyQuestion.objects.create(
            couple=couple,
            date=today - dt.timedelta(days=ago),
            question=question,
            revealed_at=now if revealed else None,
        )
        return daily

    def answer(name: str, daily: DailyQuestion, author: User, *, shared: bool = False) -> Answer:
        row = Answer(daily=daily, author=author, shared_at=now if shared else None)
        rows[name] = _sealed(row, f"answer {name}")
        return row

    def respond(name: str, to: str, author: User) -> None:
        to_answer = rows[to]
        assert isinstance(to_answer, Answer)
        row = Response(answer=to_answer, author=author, nonce=name)
        rows[name] = _sealed(row, f"response {name}")

    def week(name: str, couple: Couple, ago: int, *, revealed: bool = False) -> CheckIn:
        rows[name] = checkin = CheckIn.objects.create(
            couple=couple,
            week=monday - dt.timedelta(weeks=ago),
            revealed_at=now if revealed else None,
        )
        return checkin

    def entry(name: str, checkin: CheckIn, author: User) -> None:
        rows[name] = _sealed(CheckInEntry(checkin=checkin, author=author), f"entry {name}")

    def talk(name: str, couple: Couple, first: User, second: User) -> Talk:
        rows[name] = talk = Talk.objects.create(
            couple=couple, started_by=first, first_asker=first, second_asker=second
        )
        return talk

    def keep(name: str, talk: Talk, author: User, *, shared: bool) -> None:
        row = Keepsake(talk=talk, author=author, shared=shared)
        rows[name] = _sealed(row, f"keepsake {name}")

    def thank(name: str, couple: Couple, author: User, recipient: User, ago: int) -> None:
        date = today - dt.timedelta(days=ago)
        row = Appreciation(couple=couple, author=author, recipient=recipient, date=date)
        rows[name] = _sealed(row, f"thanks {name}")

    def note(name: str, couple: Couple, author: User, recipient: User, *, delivered: bool) -> None:
        moment = now - dt.timedelta(hours=1) if delivered else now + dt.timedelta(days=3)
        row = Note(
            couple=couple,
            author=author,
            recipient=recipient,
            deliver_at=moment,
            delivered_at=moment if delivered else None,
        )
        rows[name] = _sealed(row, f"note {name}")

    alex, sam, kim, robin, kai = h.alex, h.sam, h.kim, h.robin, h.kai

    # Kim, alone at first.
    k = space_of(kim)
    answer("k_day.kim", day("k_day", k, 40), kim)
    day("k_none", k, 39)

    # Alex and Sam, before they unlinked.
    make_couple(alex, sam)
    p = space_of(alex)
    d = day("p_both", p, 30, revealed=True)
    answer("p_both.alex", d, alex)
    answer("p_both.sam", d, sam)
    respond("p_both.r_sam", "p_both.alex", sam)
    respond("p_both.r_alex", "p_both.sam", alex)
    answer("p_alex.alex", day("p_alex", p, 29), alex)
    answer("p_shared.alex", day("p_shared", p, 28), alex, shared=True)
    answer("p_sam.sam", day("p_sam", p, 27), sam)
    day("p_none", p, 26)
    c = week("pw_both", p, 5, revealed=True)
    entry("pw_both.alex", c, alex)
    entry("pw_both.sam", c, sam)
    entry("pw_alex.alex", week("pw_alex", p, 4), alex)
    entry("pw_sam.sam", week("pw_sam", p, 3), sam)
    week("pw_none", p, 2)
    t = talk("pt", p, alex, sam)
    keep("pt.alex", t, alex, shared=True)
    keep("pt.sam", t, sam, shared=False)
    thank("p_thanks.alex", p, alex, sam, 30)
    thank("p_thanks.sam", p, sam, alex, 30)
    note("p_note.alex", p, alex, sam, delivered=True)
    note("p_note.sam", p, sam, alex, delivered=True)
    note("p_note.sam_later", p, sam, alex, delivered=False)
    unlink(user=alex)

    # Sam on their own since; Alex on their own for a while.
    s = space_of(sam)
    answer("s_day.sam", day("s_day", s, 10), sam)
    day("s_none", s, 9)
    a = space_of(alex)
    answer("a_day.alex", day("a_day", a, 10), alex)
    day("a_none", a, 9)

    # Alex and Kim, now.
    make_couple(kim, alex)
    c_space = space_of(alex)
    assert c_space == space_of(kim) == k
    d = day("c_both", k, 5, revealed=True)
    answer("c_both.alex", d, alex)
    answer("c_both.kim", d, kim)
    respond("c_both.r_kim", "c_both.alex", kim)
    respond("c_both.r_alex", "c_both.kim", alex)
    answer("c_kim.kim", day("c_kim", k, 4), kim)
    answer("c_kim_shared.kim", day("c_kim_shared", k, 3), kim, shared=True)
    answer("c_alex.alex", day("c_alex", k, 2), alex)
    day("c_none", k, 1)
    c = week("cw_both", k, 1, revealed=True)
    entry("cw_both.alex", c, alex)
    entry("cw_both.kim", c, kim)
    entry("cw_kim.kim", week("cw_kim", k, 0), kim)
    t = talk("ct", k, kim, alex)
    keep("ct.kim", t, kim, shared=True)
    keep("ct.alex", t, alex, shared=False)
    t = talk("ct2", k, alex, kim)
    keep("ct2.alex", t, alex, shared=True)
    keep("ct2.kim", t, kim, shared=False)
    thank("c_thanks.alex", k, alex, kim, 2)
    thank("c_thanks.kim", k, kim, alex, 2)
    note("c_note.kim", k, kim, alex, delivered=True)
    note("c_note.kim_later", k, kim, alex, delivered=False)
    note("c_note.alex", k, alex, kim, delivered=True)

    # Robin and Kai, another couple with a bit of everything.
    make_couple(robin, kai)
    o = space_of(robin)
    d = day("o_both", o, 5, revealed=True)
    answer("o_both.robin", d, robin)
    answer("o_both.kai", d, kai)
    respond("o_both.r_kai", "o_both.robin", kai)
    answer("o_kai_shared.kai", day("o_kai_shared", o, 4), kai, shared=True)
    c = week("ow_both", o, 1, revealed=True)
    entry("ow_both.robin", c, robin)
    entry("ow_both.kai", c, kai)
    t = talk("ot", o, robin, kai)
    keep("ot.robin", t, robin, shared=True)
    keep("ot.kai", t, kai, shared=True)
    thank("o_thanks.kai", o, kai, robin, 1)
    note("o_note.kai", o, kai, robin, delivered=True)
    return h


# Every access and history QuerySet method that takes a person, by name.
Method = Callable[[User | AnonymousUser], models.QuerySet]
METHODS: dict[str, Method] = {
    "DailyQuestion.for_user": DailyQuestion.objects.for_user,
    "DailyQuestion.history_for": DailyQuestion.objects.history_for,
    "Answer.visible_to": Answer.objects.visible_to,
    "Answer.others_visible_to": Answer.objects.others_visible_to,
    "Response.visible_to": Response.objects.visible_to,
    "CheckIn.for_user": CheckIn.objects.for_user,
    "CheckIn.history_for": CheckIn.objects.history_for,
    "CheckIn.written_in_by": CheckIn.objects.written_in_by,
    "CheckInEntry.visible_to": CheckInEntry.objects.visible_to,
    "CheckInEntry.requests_for": CheckInEntry.objects.requests_for,
    "CheckInEntry.written_by": CheckInEntry.objects.written_by,
    "Talk.for_user": Talk.objects.for_user,
    "Keepsake.visible_to": Keepsake.objects.visible_to,
    "Keepsake.written_by": Keepsake.objects.written_by,
    "Appreciation.visible_to": Appreciation.objects.visible_to,
    "Appreciation.received_by": Appreciation.objects.received_by,
    "Note.visible_to": Note.objects.visible_to,
    "Note.received_by": Note.objects.received_by,
}
