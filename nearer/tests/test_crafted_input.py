"""Crafted input from an outside security test: each once answered 500.

Numbers and dates in a query string or a hidden field now answer 400; a far date typed into
a form comes back as the form with a message beside the field and the person's words still in
it. Either way nothing in the database changes.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from nearer.catchups import operations as catchups
from nearer.catchups.models import CatchUp
from nearer.couples.space import space_of
from nearer.gratitude.operations import appreciate
from nearer.notes import operations as notes
from nearer.notes.models import Note
from nearer.questions import operations as questions
from nearer.questions.models import Answer
from nearer.soultalk import operations as soultalk

NOW = dt.datetime(2027, 3, 20, 12, tzinfo=dt.UTC)
HX = {"HTTP_HX_REQUEST": "true"}
WORDS = "Something I’d like us to talk about 🌱 — « café » & 東京"
# The year 1 overflowed east of UTC (Berlin and Tokyo kept their local mean time then), the
# year 9999 late in the day west of it; just outside 1900-2200 nothing overflows, but it is
# outside the calendar Nearer works in.
ZONES = ["Europe/Berlin", "Asia/Tokyo", "Pacific/Pago_Pago", "UTC"]
FAR = pytest.mark.parametrize(
    ("day", "at", "zone"),
    [
        ("0001-01-01", "00:00", "Europe/Berlin"),
        ("0001-01-01", "08:00", "Asia/Tokyo"),
        ("9999-12-31", "23:59", "Pacific/Pago_Pago"),
        ("1899-12-31", "12:00", "UTC"),
        ("2201-01-01", "12:00", "UTC"),
    ],
)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def snapshot() -> dict[str, list[dict[str, object]]]:
    """Every row of every Nearer model, to show that a request changed nothing."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("nearer.")
    }


@pytest.fixture
def signed_in(client, partner_a, partner_b):
    """Alex, signed in, in a couple that has a little of everything to find."""
    appreciate(author=partner_b, what="the soup", because="I was tired")
    notes.send_note(author=partner_b, text="to Alex")
    client.force_login(partner_a)
    return client


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("notes:index", {"before": "999999999999999999_1"}),
        ("notes:index", {"before": "²_1"}),
        ("notes:index", {"sent_before": "999999999999999999_1"}),
        ("notes:index", {"sent_before": "²_1"}),
        ("notes:index", {"before": "1_99999999999999999999"}),
        ("gratitude:jar", {"after": "²"}),
        ("gratitude:jar", {"after": "9" * 30}),
        ("notes:kindness", {"turn": "²"}),
        ("notes:kindness", {"turn": "٣"}),
        ("rituals:month", {"m": "9999-12"}),
        ("rituals:month", {"m": "0001-01"}),
        ("questions:history", {"before": "0001-01-01_1"}),
        ("checkins:history", {"before": "2027-01-04_²"}),
    ],
)
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_a_crafted_query_answers_400_and_changes_nothing(signed_in, name, query, headers) -> None:
    before = snapshot()
    response = signed_in.get(reverse(name), query, **headers)
    assert response.status_code == 400
    assert "to Alex" not in response.content.decode()
    assert snapshot() == before


@FAR
def test_a_far_day_for_a_new_catchup_is_a_message_beside_the_date(
    signed_in, partner_a, day, at, zone
) -> None:
    partner_a.time_zone = zone
    partner_a.save()
    before = snapshot()
    response = signed_in.post(
        reverse("catchups:index"),
        {"day": day, "at": at, "minutes": "60", "topic": WORDS, "nonce": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["Choose a date within the next two years."]
    assert WORDS in html.unescape(response.content.decode())  # the words are still there
    assert snapshot() == before


@FAR
def test_a_far_day_when_moving_a_catchup_is_a_message_and_the_catchup_stays(
    client, partner_a, partner_b, day, at, zone
) -> None:
    catchup = catchups.plan_catchup(user=partner_a, day=dt.date(2027, 3, 24), at=dt.time(19))
    partner_b.time_zone = zone
    partner_b.save()
    client.force_login(partner_b)
    before = snapshot()
    response = client.post(
        reverse("catchups:detail", args=[catchup.pk]), {"day": day, "at": at, "minutes": "45"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["Choose a date within the next two years."]
    body = response.content.decode()
    assert f'value="{day}"' in body and f'value="{at}"' in body and 'value="45"' in body
    assert snapshot() == before


@FAR
def test_a_far_day_for_a_note_for_later_is_a_message_and_the_note_stays_in_the_form(
    signed_in, partner_a, day, at, zone
) -> None:
    partner_a.time_zone = zone
    partner_a.save()
    before = snapshot()
    response = signed_in.post(
        reverse("notes:index"),
        {"text": WORDS, "day": day, "time": at, "when": "later", "nonce": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["Choose a day within the next year."]
    assert WORDS in html.unescape(response.content.decode())
    assert snapshot() == before


@pytest.mark.parametrize("day", [dt.date.min, dt.date(1, 1, 1), dt.date.max])
@pytest.mark.parametrize("zone", ZONES)
def test_the_operations_refuse_a_far_day_without_overflowing(partner_a, partner_b, zone, day):
    """Beneath the forms, for callers that are not a form (the demo, tasks, tests)."""
    partner_a.time_zone = zone
    partner_a.save()
    with pytest.raises(catchups.CatchUpError) as planned:
        catchups.plan_catchup(user=partner_a, day=day, at=dt.time(0))
    assert planned.value.field == "day"
    with pytest.raises(notes.NoteError) as noted:
        notes.send_note(
            author=partner_a, text=WORDS, deliver_at=dt.datetime.combine(day, dt.time(23, 59))
        )
    assert noted.value.field == "day"
    assert not CatchUp.objects.exists()
    assert not Note.objects.exists()


@pytest.mark.parametrize("position", ["²", "٣", "0", "6", "9" * 30, "1.5", " 2"])
def test_extending_a_timer_with_a_crafted_position_answers_400_and_adds_no_time(
    client, bank, partner_a, partner_b, position
) -> None:
    talk = soultalk.start_talk(user=partner_a, minutes=15, cards=4)
    client.force_login(partner_b)
    before = snapshot()
    response = client.post(reverse("soultalk:extend", args=[talk.pk]), {"position": position})
    assert response.status_code == 400
    assert snapshot() == before
    talk.refresh_from_db()
    assert talk.minutes == 15


def test_extending_a_timer_goes_back_to_the_card_it_came_from(
    client, bank, partner_a, partner_b
) -> None:
    talk = soultalk.start_talk(user=partner_a, minutes=15, cards=4)
    client.force_login(partner_b)
    extend = reverse("soultalk:extend", args=[talk.pk])
    assert client.post(extend, {"position": "3"})["Location"] == reverse(
        "soultalk:card", args=[talk.pk, 3]
    )
    assert client.post(extend)["Location"] == reverse("soultalk:card", args=[talk.pk, 1])
    talk.refresh_from_db()
    assert talk.minutes == 25


@pytest.mark.parametrize("answer", ["abc", "", "²", "0", "-1", "9" * 30])
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_responding_with_a_crafted_answer_id_answers_400_and_saves_nothing(
    client, bank, partner_a, partner_b, answer, headers
) -> None:
    daily = questions.daily_question(couple=space_of(partner_a), date=NOW.date())
    questions.save_answer(user=partner_a, daily=daily, text="A says")
    questions.save_answer(user=partner_b, daily=daily, text="B says")
    assert Answer.objects.count() == 2
    client.force_login(partner_b)
    before = snapshot()
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": answer, "heard": "That made me smile", "nonce": str(uuid.uuid4())},
        **headers,
    )
    assert response.status_code == 400
    assert snapshot() == before
