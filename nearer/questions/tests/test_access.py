"""Who may see and do what on the daily question: the access matrix.

Four personas for every page and action in questions/urls.py: the author (Alex), the partner
(Sam) before and after the reveal, someone from another couple (Robin), and an anonymous
visitor. The key rule: a sealed answer never appears in any response to the partner before the
reveal — full page, htmx fragment, history or detail — and never to anyone outside the couple.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from nearer.couples.models import Couple
from nearer.couples.operations import unlink
from nearer.couples.space import space_of
from nearer.questions import operations
from nearer.questions.models import Answer, DailyQuestion, Guess, Response
from nearer.tests.factories import make_daily

# Distinctive sentences, each with a short mark that would survive partial leaks too.
A_WORDS = "Alex 🌊 versiegelt: die Möwe über dem Hafen, 海の記憶"
B_WORDS = "Sam 🌿 сокровенное: the lantern we never lit, 灯籠"
R_WORDS = "Réponse 💌 von Sam: 我也记得那只海鸥"
MARKS = {A_WORDS: "海の記憶", B_WORDS: "灯籠", R_WORDS: "那只海鸥"}

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _midday():
    """Far from midnight, so 'today' is the same day for the fixtures and the views."""
    with time_machine.travel(NOON, tick=True):
        yield


@pytest.fixture
def daily(bank, partner_a, partner_b) -> DailyQuestion:
    return make_daily(partner_a)


@pytest.fixture
def sealed(daily, partner_a) -> Answer:
    """Alex has answered; Sam has not: Alex's answer is sealed."""
    return operations.save_answer(user=partner_a, daily=daily, text=A_WORDS)


@pytest.fixture
def revealed(sealed, daily, partner_b) -> DailyQuestion:
    operations.save_answer(user=partner_b, daily=daily, text=B_WORDS)
    daily.refresh_from_db()
    assert daily.is_revealed
    return daily


def text_of(response) -> str:
    return response.content.decode()


def assert_absent(response, *sentences: str) -> None:
    body = text_of(response)
    for sentence in sentences:
        assert sentence not in body, f"leaked {sentence!r}"
        assert MARKS[sentence] not in body, f"leaked part of {sentence!r}"


def assert_present(response, *sentences: str) -> None:
    body = text_of(response)
    for sentence in sentences:
        assert sentence in body, f"missing {sentence!r}"


def _state(daily: DailyQuestion) -> tuple:
    """Everything a stray request could change about the day."""
    daily.refresh_from_db()
    answers = sorted((a.author_id, a.text, a.shared_at) for a in Answer.objects.filter(daily=daily))
    return (
        daily.question_id,
        daily.lighter,
        daily.revealed_at,
        daily.talked_at,
        Couple.objects.get(pk=daily.couple_id).depth,
        tuple(answers),
        Response.objects.count(),
        Guess.objects.count(),
    )


# Every page and action of questions/urls.py. `pk` is the couple's daily question, `answer` an
# answer the persona is trying to respond to.
ENDPOINTS = {
    "today": ("get", lambda pk: reverse("questions:today"), lambda answer: {}),
    "history": ("get", lambda pk: reverse("questions:history"), lambda answer: {}),
    "detail": ("get", lambda pk: reverse("questions:detail", args=[pk]), lambda answer: {}),
    "detail-edit": (
        "get",
        lambda pk: reverse("questions:detail", args=[pk]) + "?edit=1",
        lambda answer: {},
    ),
    "answer-empty": (
        "post",
        lambda pk: reverse("questions:answer", args=[pk]),
        lambda answer: {"text": "   "},
    ),
    "lighter": ("post", lambda pk: reverse("questions:lighter", args=[pk]), lambda answer: {}),
    "share": ("post", lambda pk: reverse("questions:share", args=[pk]), lambda answer: {}),
    "respond": (
        "post",
        lambda pk: reverse("questions:respond", args=[pk]),
        lambda answer: {"answer": answer, "heard": "peek 👀", "nonce": str(uuid.uuid4())},
    ),
    "talked": ("post", lambda pk: reverse("questions:talked", args=[pk]), lambda answer: {}),
    "guess": (
        "post",
        lambda pk: reverse("questions:guess", args=[pk]),
        lambda answer: {"guess": "peek 👀"},
    ),
    "depth": ("post", lambda pk: reverse("questions:depth"), lambda answer: {"action": "lighter"}),
}
DAILY_SCOPED = [
    "detail",
    "detail-edit",
    "answer-empty",
    "lighter",
    "share",
    "respond",
    "talked",
    "guess",
]


def _send(client, name: str, daily_pk: int, answer_pk: int | None, *, htmx: bool, follow: bool):
    method, url, data = ENDPOINTS[name]
    extra = HX if htmx else {}
    return getattr(client, method)(url(daily_pk), data(answer_pk), follow=follow, **extra)


# --- Anonymous -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_anonymous_is_sent_to_login_and_nothing_leaks_or_changes(
    client, revealed, sealed, name, htmx
) -> None:
    before = _state(revealed)
    response = _send(client, name, revealed.pk, sealed.pk, htmx=htmx, follow=False)
    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"].startswith(f"{login}?next=")
    assert_absent(response, A_WORDS, B_WORDS)
    assert _state(revealed) == before


# --- The author --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["today", "detail"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_author_sees_their_own_sealed_answer(client, sealed, partner_a, name, htmx) -> None:
    client.force_login(partner_a)
    response = _send(client, name, sealed.daily_id, None, htmx=htmx, follow=False)
    assert response.status_code == 200
    assert_present(response, A_WORDS)
    assert "opens when your partner has answered too" in text_of(response)
    assert ("<html" in text_of(response)) is not htmx


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_author_history_lists_the_day_once_with_their_answer(
    client, sealed, partner_a, htmx
) -> None:
    client.force_login(partner_a)
    response = client.get(reverse("questions:history"), **(HX if htmx else {}))
    body = text_of(response)
    assert body.count(reverse("questions:detail", args=[sealed.daily_id])) == 1
    assert body.count("You answered.") == 1
    assert "Sam answered." not in body


def test_author_can_edit_before_the_reveal_and_see_the_new_words(client, sealed, partner_a) -> None:
    client.force_login(partner_a)
    edit = client.get(reverse("questions:detail", args=[sealed.daily_id]) + "?edit=1")
    assert A_WORDS in text_of(edit)  # prefilled in the form
    response = client.post(
        reverse("questions:answer", args=[sealed.daily_id]), {"text": "Neu 🐚"}, **HX
    )
    assert response.status_code == 200
    assert "Neu 🐚" in text_of(response)
    assert Answer.objects.get(pk=sealed.pk).text == "Neu 🐚"


def test_author_cannot_respond_to_their_own_answer(client, revealed, sealed, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        reverse("questions:respond", args=[revealed.pk]),
        {"answer": sealed.pk, "heard": "talking to myself", "nonce": str(uuid.uuid4())},
    )
    assert response.status_code == 404
    assert not Response.objects.exists()


# --- The partner before the reveal ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_partner_never_sees_a_sealed_answer_anywhere(client, sealed, partner_b, name, htmx) -> None:
    daily = sealed.daily
    client.force_login(partner_b)
    before = _state(daily)
    response = _send(client, name, daily.pk, sealed.pk, htmx=htmx, follow=True)
    assert response.status_code in {200, 404, 422}
    assert_absent(response, A_WORDS)
    # Nothing Sam can do opens Alex's answer or answers for them.
    assert _state(daily) == before  # still sealed, not shared, nothing answered for Sam
    assert not Answer.objects.filter(author=partner_b).exists()


def test_partner_is_told_only_that_the_author_answered(client, sealed, partner_b) -> None:
    client.force_login(partner_b)
    body = text_of(client.get(reverse("questions:today")))
    assert "Alex has answered" in body
    history = text_of(client.get(reverse("questions:history")))
    assert "Alex answered." not in history
    assert "No answers yet." in history


def test_partner_cannot_respond_to_a_sealed_answer(client, sealed, partner_b) -> None:
    client.force_login(partner_b)
    response = client.post(
        reverse("questions:respond", args=[sealed.daily_id]),
        {"answer": sealed.pk, "heard": "peek", "nonce": str(uuid.uuid4())},
        **HX,
    )
    assert response.status_code == 404
    assert_absent(response, A_WORDS)
    assert not Response.objects.exists()


def test_partner_sees_an_answer_shared_early_and_outsider_still_does_not(
    client, sealed, partner_a, partner_b, outsider
) -> None:
    client.force_login(partner_a)
    client.post(reverse("questions:share", args=[sealed.daily_id]))
    client.force_login(partner_b)
    assert_present(client.get(reverse("questions:today"), **HX), A_WORDS)
    client.force_login(outsider)
    assert client.get(reverse("questions:detail", args=[sealed.daily_id])).status_code == 404
    assert_absent(client.get(reverse("questions:today")), A_WORDS)


# --- The partner after the reveal ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["today", "detail"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_partner_sees_both_answers_after_the_reveal(
    client, revealed, partner_b, name, htmx
) -> None:
    client.force_login(partner_b)
    response = _send(client, name, revealed.pk, None, htmx=htmx, follow=False)
    assert response.status_code == 200
    assert_present(response, A_WORDS, B_WORDS)


def test_the_answer_that_completes_the_pair_returns_both_in_the_fragment(
    client, sealed, partner_b
) -> None:
    client.force_login(partner_b)
    response = client.post(
        reverse("questions:answer", args=[sealed.daily_id]), {"text": B_WORDS}, **HX
    )
    assert response.status_code == 200
    assert "<html" not in text_of(response)
    assert_present(response, A_WORDS, B_WORDS)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_history_after_the_reveal_names_both_once(
    client, revealed, partner_a, partner_b, htmx
) -> None:
    client.force_login(partner_b)
    body = text_of(client.get(reverse("questions:history"), **(HX if htmx else {})))
    assert body.count("You answered.") == 1
    assert body.count("Alex answered.") == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_partner_responds_after_the_reveal_and_the_author_reads_it(
    client, revealed, sealed, partner_a, partner_b, htmx
) -> None:
    client.force_login(partner_b)
    response = client.post(
        reverse("questions:respond", args=[revealed.pk]),
        {"answer": sealed.pk, "heard": R_WORDS, "nonce": str(uuid.uuid4())},
        follow=True,
        **(HX if htmx else {}),
    )
    assert response.status_code == 200
    assert_present(response, R_WORDS)
    assert Response.objects.get().answer == sealed
    client.force_login(partner_a)
    assert_present(client.get(reverse("questions:detail", args=[revealed.pk])), R_WORDS)


def test_either_partner_marks_talked_after_the_reveal(client, revealed, partner_b) -> None:
    client.force_login(partner_b)
    response = client.post(reverse("questions:talked", args=[revealed.pk]), follow=True)
    revealed.refresh_from_db()
    assert revealed.talked_at is not None
    assert "You talked about this one together." in text_of(response)


# --- Someone from another couple -----------------------------------------------------------------


@pytest.mark.parametrize("name", DAILY_SCOPED)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("stage", ["sealed", "revealed"])
def test_outsider_gets_404_for_the_couples_question_and_sees_no_words(
    client, request, sealed, outsider, name, htmx, stage
) -> None:
    daily = request.getfixturevalue(stage) if stage == "revealed" else sealed.daily
    before = _state(daily)
    client.force_login(outsider)
    response = _send(client, name, daily.pk, sealed.pk, htmx=htmx, follow=False)
    assert response.status_code == 404
    assert_absent(response, A_WORDS, B_WORDS)
    assert daily.question.text not in text_of(response)
    assert _state(daily) == before
    assert not Answer.objects.filter(author=outsider).exists()


@pytest.mark.parametrize("name", ["today", "history", "depth"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_outsiders_own_pages_show_nothing_of_the_couple(
    client, revealed, outsider, name, htmx
) -> None:
    before = _state(revealed)
    client.force_login(outsider)
    response = _send(client, name, revealed.pk, None, htmx=htmx, follow=True)
    assert response.status_code == 200
    assert_absent(response, A_WORDS, B_WORDS)
    assert reverse("questions:detail", args=[revealed.pk]) not in text_of(response)
    assert _state(revealed) == before


def test_outsider_cannot_respond_with_their_own_answer_on_the_couples_day(
    client, revealed, outsider
) -> None:
    own = operations.save_answer(user=outsider, daily=make_daily(outsider), text="Robin’s own")
    client.force_login(outsider)
    response = client.post(
        reverse("questions:respond", args=[revealed.pk]),
        {"answer": own.pk, "heard": "sneaky", "nonce": str(uuid.uuid4())},
    )
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_outsider_depth_change_touches_only_their_own_space(
    client, daily, partner_a, outsider
) -> None:
    couple = space_of(partner_a)
    couple.depth = 3
    couple.save()
    theirs = space_of(outsider)
    theirs.depth = 2
    theirs.save()
    client.force_login(outsider)
    client.post(reverse("questions:depth"), {"action": "lighter"})
    couple.refresh_from_db()
    theirs.refresh_from_db()
    assert couple.depth == 3
    assert theirs.depth == 1


def test_depth_refuses_to_redirect_off_site(client, daily, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        reverse("questions:depth"), {"action": "lighter", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:today")


# --- After unlinking -----------------------------------------------------------------------------


def _respond(daily, sealed, partner_b) -> Response:
    answer = Answer.objects.select_related("daily").get(pk=sealed.pk)  # fresh: now revealed
    return operations.respond(user=partner_b, answer=answer, parts={"heard": R_WORDS}, nonce="n1")


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_after_unlink_each_sees_only_their_own_words(
    client, revealed, sealed, partner_a, partner_b, htmx
) -> None:
    _respond(revealed, sealed, partner_b)
    unlink(user=partner_a)
    extra = HX if htmx else {}

    client.force_login(partner_a)
    page = client.get(reverse("questions:detail", args=[revealed.pk]), **extra)
    assert page.status_code == 200
    assert_present(page, A_WORDS)
    assert_absent(page, B_WORDS, R_WORDS)
    history = client.get(reverse("questions:history"), **extra)
    assert text_of(history).count("You answered.") == 1
    assert "Sam answered." not in text_of(history)
    assert_absent(client.get(reverse("questions:today"), **extra), A_WORDS, B_WORDS, R_WORDS)

    client.force_login(partner_b)
    page = client.get(reverse("questions:detail", args=[revealed.pk]), **extra)
    assert page.status_code == 200
    assert_present(page, B_WORDS)
    assert_absent(page, A_WORDS)
    history = client.get(reverse("questions:history"), **extra)
    assert "Alex answered." not in text_of(history)


@pytest.mark.parametrize("name", ["respond", "talked", "lighter", "share"])
def test_after_unlink_the_old_day_takes_no_shared_actions(
    client, revealed, sealed, partner_a, partner_b, name
) -> None:
    unlink(user=partner_b)
    before = _state(revealed)
    for person in (partner_a, partner_b):
        client.force_login(person)
        response = _send(client, name, revealed.pk, sealed.pk, htmx=False, follow=False)
        assert response.status_code == 404
        assert_absent(response, A_WORDS, B_WORDS)
    assert _state(revealed) == before


def test_unanswered_old_day_disappears_for_both_after_unlink(
    client, daily, partner_a, partner_b
) -> None:
    unlink(user=partner_a)
    for person in (partner_a, partner_b):
        client.force_login(person)
        assert client.get(reverse("questions:detail", args=[daily.pk])).status_code == 404


# --- The QuerySet scoping methods ----------------------------------------------------------------


def _ids(qs) -> list[int]:
    """Primary keys in a stable order, duplicates kept: a duplicate row is a bug too."""
    return sorted(obj.pk for obj in qs)


def test_answer_visible_to(sealed, daily, partner_a, partner_b, outsider) -> None:
    anonymous = AnonymousUser()
    assert _ids(Answer.objects.visible_to(partner_a)) == [sealed.pk]
    assert _ids(Answer.objects.visible_to(partner_b)) == []
    assert _ids(Answer.objects.visible_to(outsider)) == []
    assert _ids(Answer.objects.visible_to(anonymous)) == []

    theirs = operations.save_answer(user=partner_b, daily=daily, text=B_WORDS)
    both = sorted([sealed.pk, theirs.pk])
    assert _ids(Answer.objects.visible_to(partner_a)) == both
    assert _ids(Answer.objects.visible_to(partner_b)) == both
    assert _ids(Answer.objects.visible_to(outsider)) == []
    assert _ids(Answer.objects.visible_to(anonymous)) == []

    unlink(user=partner_b)
    assert _ids(Answer.objects.visible_to(partner_a)) == [sealed.pk]
    assert _ids(Answer.objects.visible_to(partner_b)) == [theirs.pk]
    assert _ids(Answer.objects.visible_to(outsider)) == []


def test_answer_shared_early_is_visible_to_the_partner_only(
    sealed, daily, partner_a, partner_b, outsider
) -> None:
    operations.share_early(user=partner_a, daily=daily)
    assert _ids(Answer.objects.visible_to(partner_b)) == [sealed.pk]
    assert _ids(Answer.objects.visible_to(outsider)) == []
    unlink(user=partner_a)
    assert _ids(Answer.objects.visible_to(partner_b)) == []
    assert _ids(Answer.objects.visible_to(partner_a)) == [sealed.pk]


def test_response_visible_to(revealed, sealed, partner_a, partner_b, outsider) -> None:
    response = _respond(revealed, sealed, partner_b)
    assert _ids(Response.objects.visible_to(partner_b)) == [response.pk]  # its author
    assert _ids(Response.objects.visible_to(partner_a)) == [response.pk]  # written for Alex
    assert _ids(Response.objects.visible_to(outsider)) == []
    assert _ids(Response.objects.visible_to(AnonymousUser())) == []
    unlink(user=partner_a)
    assert _ids(Response.objects.visible_to(partner_b)) == [response.pk]
    assert _ids(Response.objects.visible_to(partner_a)) == []


def test_daily_question_for_user_and_history_for(bank, partner_a, partner_b, outsider) -> None:
    couple = space_of(partner_a)
    both = make_daily(partner_a)
    only_sam = make_daily(partner_a, date=both.date - dt.timedelta(days=1))
    nobody = make_daily(partner_a, date=both.date - dt.timedelta(days=2))
    robins = make_daily(outsider)
    operations.save_answer(user=partner_a, daily=both, text="a")
    operations.save_answer(user=partner_b, daily=both, text="b")
    operations.save_answer(user=partner_b, daily=only_sam, text="b only")
    ours = sorted([both.pk, only_sam.pk, nobody.pk])
    anonymous = AnonymousUser()

    for person in (partner_a, partner_b):
        assert _ids(DailyQuestion.objects.for_user(person)) == ours
        assert _ids(DailyQuestion.objects.history_for(person)) == ours
    assert _ids(DailyQuestion.objects.for_user(outsider)) == [robins.pk]
    assert _ids(DailyQuestion.objects.history_for(outsider)) == [robins.pk]
    assert _ids(DailyQuestion.objects.for_user(anonymous)) == []
    assert _ids(DailyQuestion.objects.history_for(anonymous)) == []

    unlink(user=partner_a)
    assert DailyQuestion.objects.filter(couple=couple).count() == 3  # nothing deleted
    for person in (partner_a, partner_b):
        assert _ids(DailyQuestion.objects.for_user(person)) == []
    # Each keeps the days they answered themselves, and only those.
    assert _ids(DailyQuestion.objects.history_for(partner_a)) == [both.pk]
    assert _ids(DailyQuestion.objects.history_for(partner_b)) == sorted([both.pk, only_sam.pk])
    assert _ids(DailyQuestion.objects.history_for(outsider)) == [robins.pk]
