"""Words at rest: after a journey, a dump of the whole database holds none of the sentences."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from nearer.lib import crypto
from nearer.lib.foundations import KEYS
from nearer.lib.practices import sealed_models  # as each practice declares them
from nearer.questions import operations as questions
from nearer.questions.content import read_questions
from nearer.questions.models import Answer
from nearer.questions.operations import load_questions
from nearer.tests.factories import make_couple, make_user

from .sealed_rows import opened, strings

SENTENCES = [
    "I still think about the night we missed the last train 🚆",
    "Когда ты смеёшься, я чувствую себя дома",
    "What scares me most is being a burden to you",
    "That answer made my whole week",
    "We promised to swim in the sea before winter 🌊",
    "You stayed up to help me practise my talk",
    "you believe in me more loudly than I do",
    "Hold my hand when we walk into the party 🎈",
    "Ты улыбаешься глазами, когда устал",
    "How the move went, and the summer in 東京",
    "Tea on the balcony before work ☕",
    "the quiet after the phone call with my brother",
    "It sounds like that call left you feeling very alone 🫂",
    "My guess: you’ll say the lake at dawn 🌅",
    "My first solo bike ride to the coast 🚲",
    "Forty kilometres, and the wind was behind me all the way back",
    "No way! What was the best bit of the ride?",
    "It sounds like the week asked a lot of you, مفهوم 🌧️",
]


def _dump() -> str:
    """A text dump of every table: pg_dump on PostgreSQL, iterdump on SQLite, else raw rows."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    if shutil.which("pg_dump"):
        command = [
            "pg_dump",
            "--data-only",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rows: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


@pytest.mark.django_db(transaction=True)
def test_database_dump_holds_none_of_the_words(client, monkeypatch) -> None:
    load_questions(questions=read_questions())
    monkeypatch.setattr(questions, "is_guess_day", lambda couple_id, date: True)
    a = make_user("Alex", email="alex-dump@example.com")
    b = make_user("Sam", email="sam-dump@example.com")
    make_couple(a, b)

    client.force_login(a)
    daily = client.get(reverse("questions:today")).context["daily"]
    client.post(
        reverse("questions:answer", args=[daily.pk]), {"text": SENTENCES[0], "guess": SENTENCES[13]}
    )
    client.force_login(b)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": SENTENCES[1]})
    theirs = Answer.objects.get(author=a)
    client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": theirs.pk, "heard": SENTENCES[3], "nonce": str(uuid.uuid4())},
    )
    client.post(reverse("gratitude:index"), {"what": SENTENCES[5], "because": SENTENCES[6]})
    client.post(reverse("soultalk:begin"), {"minutes": 15, "cards": 3})
    from nearer.soultalk.models import Talk

    talk = Talk.objects.get()
    client.post(reverse("soultalk:done", args=[talk.pk]), {"text": SENTENCES[4], "shared": "on"})

    client.post(reverse("notes:index"), {"text": SENTENCES[2], "when": "now"})
    pulse = {f"pulse_{key}": 4 for key in KEYS}
    client.post(
        reverse("checkins:write"),
        {"appreciated": SENTENCES[8], "more_loved": SENTENCES[7], "closer": "", **pulse},
    )
    from nearer.checkins.models import CheckIn, EntryReply

    client.force_login(a)
    client.post(reverse("checkins:write"), {"appreciated": "", "more_loved": "", "closer": ""})
    checkin = CheckIn.objects.get()
    assert checkin.is_revealed
    client.post(
        reverse("checkins:reply", args=[checkin.pk]),
        {"heard": SENTENCES[17], "nonce": str(uuid.uuid4())},
    )
    assert EntryReply.objects.get(author=a).parts == {"heard": SENTENCES[17]}
    client.force_login(b)

    day = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    client.post(
        reverse("catchups:index"),
        {"day": day, "at": "19:00", "minutes": "60", "topic": SENTENCES[9]},
    )
    client.post(reverse("rituals:index"), {"title": SENTENCES[10], "days": ["0", "3"]})
    client.post(reverse("calendars:create"))
    client.force_login(a)
    client.post(
        reverse("feelings:feel"),
        {
            "nonce": str(uuid.uuid4()),
            "feeling": "hollow, far away",
            "because": SENTENCES[11],
            "need_own": "a slow walk by the canal",
        },
    )
    from nearer.feelings.models import Share

    client.force_login(b)
    client.post(
        reverse("feelings:reply", args=[Share.objects.get().pk]),
        {"nonce": str(uuid.uuid4()), "heard": SENTENCES[12]},
    )

    client.force_login(a)
    client.post(
        reverse("moments:index"),
        {"nonce": str(uuid.uuid4()), "kind": "win", "line": SENTENCES[14], "detail": SENTENCES[15]},
    )
    from nearer.moments.models import Moment

    client.force_login(b)
    client.post(
        reverse("moments:reply", args=[Moment.objects.get().pk]),
        {"nonce": str(uuid.uuid4()), "cheer": SENTENCES[16]},
    )

    # The words really went in, and can be read back by the app.
    assert Answer.objects.get(author=b).text == SENTENCES[1]
    from nearer.checkins.models import CheckInEntry

    assert CheckInEntry.objects.get(author=b).more_loved == SENTENCES[7]
    from nearer.notes.models import Note

    assert Note.objects.get(author=b).text == SENTENCES[2]

    # Every model that holds sealed words has rows here; what they hold is what was written.
    stored: list[str] = []
    for model in sealed_models():
        rows = list(model._default_manager.all())
        assert rows, f"the journey writes no {model.__name__}"
        for row in rows:
            stored += [text for value in opened(row).values() for text in strings(value) if text]
    assert set(SENTENCES) <= set(stored)

    dump = _dump()
    assert "alex-dump@example.com" in dump  # the dump is real
    for sentence in SENTENCES + stored:
        for fragment in (sentence, sentence[:20], sentence.encode().hex()[:40]):
            assert fragment not in dump, f"found {fragment!r} in the database dump"


def test_data_keys_are_stored_wrapped(db) -> None:
    person = make_user()
    assert len(person.data_key) == 32
    assert person.wrapped_data_key is not None
    assert person.data_key not in bytes(person.wrapped_data_key)


def test_words_cannot_be_read_with_another_key(db) -> None:
    a, b = make_user(), make_user()
    sealed = crypto.seal_text("private", a.data_key, b"x")
    assert crypto.unseal_text(sealed, a.data_key, b"x") == "private"
    with pytest.raises(Exception):  # noqa: B017,PT011 - cryptography raises InvalidTag
        crypto.unseal_text(sealed, b.data_key, b"x")


def test_master_key_is_required_and_validated() -> None:
    with pytest.raises(crypto.MasterKeyError):
        crypto.parse_master_key("")
    with pytest.raises(crypto.MasterKeyError):
        crypto.parse_master_key("dG9vIHNob3J0")
    assert len(crypto.parse_master_key(crypto.encode_key(crypto.generate_key()))) == 32
