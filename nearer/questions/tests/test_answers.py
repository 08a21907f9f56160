"""Answering privately, the reveal, editing until then, responses and "we talked about it"."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.urls import reverse

from nearer.questions.models import Answer, DailyQuestion, Response

LONG_UNICODE = ("Ünïcödé 🌙✨ ще 你好 — «quotes» & <b>tags</b>\n" * 60).strip()


def _today(client, user) -> DailyQuestion:
    client.force_login(user)
    return client.get(reverse("questions:today")).context["daily"]


def test_answer_is_saved_sealed_and_survives_exactly(client, bank, partner_a, partner_b) -> None:
    daily = _today(client, partner_a)
    response = client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": LONG_UNICODE}, follow=True
    )
    assert response.status_code == 200
    answer = Answer.objects.get(daily=daily, author=partner_a)
    assert answer.text == LONG_UNICODE
    assert LONG_UNICODE.encode() not in bytes(answer.body)
    assert "&lt;b&gt;tags&lt;/b&gt;" in response.content.decode()  # escaped, never raw HTML


def test_empty_answer_gets_a_clear_message(client, bank, partner_a) -> None:
    daily = _today(client, partner_a)
    response = client.post(reverse("questions:answer", args=[daily.pk]), {"text": "   "})
    assert response.status_code == 200
    assert "even one line is enough" in response.content.decode()
    assert not Answer.objects.exists()


def test_over_long_answer_is_refused_and_kept_in_the_form(client, bank, partner_a) -> None:
    daily = _today(client, partner_a)
    text = "word " * (settings.NEARER_ANSWER_MAX_LENGTH // 5 + 10)
    response = client.post(reverse("questions:answer", args=[daily.pk]), {"text": text})
    body = response.content.decode()
    assert "longer than we can keep" in body
    assert text.strip()[:200] in body  # what they wrote is still in the form
    assert not Answer.objects.exists()


def test_over_long_answer_htmx_returns_the_fragment_with_the_text(client, bank, partner_a) -> None:
    daily = _today(client, partner_a)
    text = "é" * (settings.NEARER_ANSWER_MAX_LENGTH + 1)
    response = client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": text}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in body
    assert text in body


def test_line_breaks_count_once_as_in_the_box(client, bank, partner_a) -> None:
    """A browser counts a line break as one against the box's limit but sends it as CR LF."""
    daily = _today(client, partner_a)
    text = "line\r\n" * (settings.NEARER_ANSWER_MAX_LENGTH // 5)  # exactly the limit in the box
    response = client.post(reverse("questions:answer", args=[daily.pk]), {"text": text})
    assert response.status_code == 302
    saved = Answer.objects.get(daily=daily, author=partner_a).text
    assert saved == text.replace("\r\n", "\n").strip()


def test_double_submission_creates_one_answer(client, bank, partner_a) -> None:
    daily = _today(client, partner_a)
    for _ in range(2):
        client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Once"})
    assert Answer.objects.filter(daily=daily, author=partner_a).count() == 1


def test_reveal_happens_only_when_both_have_answered(client, bank, partner_a, partner_b) -> None:
    daily = _today(client, partner_a)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Alex’s secret 🌊"})
    daily.refresh_from_db()
    assert daily.revealed_at is None

    client.force_login(partner_b)
    page = client.get(reverse("questions:today")).content.decode()
    assert "Alex’s secret" not in page
    assert "Alex has answered" in page
    page = client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": "Sam’s turn 🌿"}, follow=True
    )
    daily.refresh_from_db()
    assert daily.revealed_at is not None
    body = page.content.decode()
    assert "Alex’s secret 🌊" in body and "Sam’s turn 🌿" in body


def test_author_can_edit_until_the_reveal_but_not_after(client, bank, partner_a, partner_b) -> None:
    daily = _today(client, partner_a)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "First draft"})
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Second draft"})
    assert Answer.objects.get(author=partner_a).text == "Second draft"
    client.force_login(partner_b)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Sam"})
    client.force_login(partner_a)
    response = client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": "Too late"}, follow=True
    )
    assert Answer.objects.get(author=partner_a).text == "Second draft"
    assert "can’t be changed now" in response.content.decode()


def test_solo_person_answers_privately_without_reveal(client, bank, solo) -> None:
    daily = _today(client, solo)
    response = client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": "Just me"}, follow=True
    )
    assert "Kept just for you" in response.content.decode()
    daily.refresh_from_db()
    assert daily.revealed_at is None


def test_someone_alone_is_not_told_about_both_answering(client, bank, solo) -> None:
    daily = _today(client, solo)
    for response in (
        client.get(reverse("questions:today")),
        client.post(reverse("questions:answer", args=[daily.pk]), {"text": " "}),  # with an error
    ):
        page = response.content.decode()
        assert "until you have both answered" not in page
        assert "Only you can read this. If a partner joins you" in page


def test_a_couple_is_told_the_answer_opens_when_both_have_answered(
    client, bank, partner_a, partner_b
) -> None:
    client.force_login(partner_a)
    page = client.get(reverse("questions:today")).content.decode()
    assert "Only you can read this until you have both answered." in page


def _reveal(client, a, b) -> DailyQuestion:
    daily = _today(client, a)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "A says"})
    client.force_login(b)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "B says"})
    return daily


def test_respond_to_partner_answer_once_per_submission(client, bank, partner_a, partner_b) -> None:
    daily = _reveal(client, partner_a, partner_b)
    theirs = Answer.objects.get(daily=daily, author=partner_a)
    nonce = str(uuid.uuid4())
    for _ in range(2):
        client.post(
            reverse("questions:respond", args=[daily.pk]),
            {"answer": theirs.pk, "heard": "That made me smile 😊", "nonce": nonce},
        )
    assert Response.objects.count() == 1
    assert Response.objects.get().text == "That made me smile 😊"
    client.force_login(partner_a)
    assert "That made me smile 😊" in client.get(reverse("questions:today")).content.decode()


def test_cannot_respond_to_own_answer_or_before_reveal(client, bank, partner_a, partner_b) -> None:
    daily = _today(client, partner_a)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "mine"})
    mine = Answer.objects.get(author=partner_a)
    client.force_login(partner_b)
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": mine.pk, "heard": "peek", "nonce": str(uuid.uuid4())},
    )
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_an_empty_response_by_htmx_comes_back_with_its_message(
    client, bank, partner_a, partner_b
) -> None:
    daily = _reveal(client, partner_a, partner_b)
    theirs = Answer.objects.get(daily=daily, author=partner_a)
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": theirs.pk, "heard": "   ", "nonce": str(uuid.uuid4())},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 422  # swapped in by htmx (see base.html's htmx-config)
    assert "<html" not in body
    assert "Write at least one part before sending." in body
    assert not Response.objects.exists()


def test_a_refused_response_says_why_beside_the_form(client, bank, partner_a, partner_b) -> None:
    daily = _today(client, partner_a)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Early words"})
    client.post(reverse("questions:share", args=[daily.pk]))
    theirs = Answer.objects.get(daily=daily, author=partner_a)
    client.force_login(partner_b)
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": theirs.pk, "heard": "Too soon", "nonce": str(uuid.uuid4())},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "You can respond once both answers are open." in response.content.decode()
    assert not Response.objects.exists()


def test_mark_we_talked_about_it(client, bank, partner_a, partner_b) -> None:
    daily = _reveal(client, partner_a, partner_b)
    response = client.post(reverse("questions:talked", args=[daily.pk]), follow=True)
    daily.refresh_from_db()
    assert daily.talked_at is not None
    assert "You talked about this one together." in response.content.decode()


def test_talked_refused_before_reveal(client, bank, partner_a, partner_b) -> None:
    daily = _today(client, partner_a)
    client.post(reverse("questions:talked", args=[daily.pk]))
    daily.refresh_from_db()
    assert daily.talked_at is None


def test_edit_after_reveal_keeps_the_new_words_on_screen(
    client, bank, partner_a, partner_b
) -> None:
    daily = _reveal(client, partner_a, partner_b)
    client.force_login(partner_a)
    response = client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": "A late thought 🌱"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "can’t be changed now" in body
    assert "A late thought 🌱" in body
    assert Answer.objects.get(author=partner_a).text == "A says"


def test_answer_sent_just_after_partner_unlinked_is_saved_privately(
    client, bank, partner_a, partner_b
) -> None:
    from nearer.couples.operations import unlink

    daily = _today(client, partner_a)
    unlink(user=partner_b)
    response = client.post(
        reverse("questions:answer", args=[daily.pk]),
        {"text": "Written while it happened"},
        follow=True,
    )
    assert response.status_code == 200
    assert "stays private" in response.content.decode()
    answer = Answer.objects.get(daily=daily, author=partner_a)
    assert answer.text == "Written while it happened"
    assert not Answer.objects.visible_to(partner_b).filter(pk=answer.pk).exists()
    daily.refresh_from_db()
    assert daily.revealed_at is None


def test_outsider_cannot_answer_another_couples_question(
    client, bank, partner_a, partner_b, outsider
) -> None:
    daily = _today(client, partner_a)
    client.force_login(outsider)
    response = client.post(reverse("questions:answer", args=[daily.pk]), {"text": "intruding"})
    assert response.status_code == 404
    assert not Answer.objects.filter(author=outsider).exists()


def test_author_can_choose_to_share_early(client, bank, partner_a, partner_b, outsider) -> None:
    daily = _today(client, partner_a)
    client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": "Read this before you answer 💌"}
    )
    client.force_login(partner_b)
    assert "Read this before" not in client.get(reverse("questions:today")).content.decode()
    client.force_login(partner_a)
    client.post(reverse("questions:share", args=[daily.pk]))
    client.force_login(partner_b)
    body = client.get(reverse("questions:today")).content.decode()
    assert "Read this before you answer 💌" in body
    assert "shared this early" in body
    daily.refresh_from_db()
    assert daily.revealed_at is None  # B's own answer stays sealed until B writes it
    client.force_login(outsider)
    assert not Answer.objects.visible_to(outsider).filter(daily=daily).exists()


def test_share_early_needs_an_answer_and_only_shares_ones_own(
    client, bank, partner_a, partner_b
) -> None:
    daily = _today(client, partner_a)
    client.force_login(partner_b)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Sam keeps this sealed"})
    client.force_login(partner_a)
    client.post(reverse("questions:share", args=[daily.pk]))  # A has no answer: nothing shared
    assert not Answer.objects.filter(shared_at__isnull=False).exists()
    assert "Sam keeps this sealed" not in client.get(reverse("questions:today")).content.decode()
