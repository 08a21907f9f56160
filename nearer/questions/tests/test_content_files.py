"""The question bank in content/ is valid, large enough and balanced; loading is idempotent."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from nearer.lib.foundations import KEYS
from nearer.questions.content import ContentError, read_questions, stats
from nearer.questions.models import Answer, Question
from nearer.tests.factories import make_daily, make_user


def test_files_are_valid_and_large_enough() -> None:
    questions = read_questions()  # raises ContentError listing every problem
    assert len(questions) >= 320
    grid = stats(questions)["by_foundation_depth"]
    for key in KEYS:
        for depth in "1234":
            assert grid[key][depth] >= 10, f"{key} depth {depth} has {grid[key][depth]}"


def test_ids_unique_and_texts_distinct() -> None:
    questions = read_questions()
    assert len({q.key for q in questions}) == len(questions)
    assert len({" ".join(q.text.lower().split()) for q in questions}) == len(questions)
    assert all(q.text.strip() for q in questions)


def test_questions_are_open_single_questions() -> None:
    for q in read_questions():
        assert q.text.endswith("?"), q.key
        assert q.text.count("?") == 1, f"{q.key} asks more than one question"
        assert "!" not in q.text, q.key


def test_every_file_is_one_deck_with_its_prefix() -> None:
    for q in read_questions():
        deck = Path(q.source).stem
        assert q.foundations[0] == deck, q.key


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(Path(settings.CONTENT_DIR), target)
    return target


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("snippet", "problem"),
    [
        (
            'id = "x-1"\ntext = ""\nfoundations = ["safety"]\ndepth = 1\nkind = "memory"\nreask = false\n',
            "empty text",
        ),
        (
            'id = "x-1"\ntext = "Why?"\nfoundations = ["nope"]\ndepth = 1\nkind = "memory"\nreask = false\n',
            "foundations",
        ),
        (
            'id = "x-1"\ntext = "Why?"\nfoundations = ["safety"]\ndepth = 5\nkind = "memory"\nreask = false\n',
            "depth",
        ),
        (
            'id = "x-1"\ntext = "Why?"\nfoundations = ["safety"]\ndepth = 1\nkind = "gossip"\nreask = false\n',
            "kind",
        ),
        (
            'id = "x-1"\ntext = "Why?"\nfoundations = ["safety"]\ndepth = 1\nkind = "memory"\n',
            "missing",
        ),
    ],
)
def test_validator_rejects_bad_entries(
    content_copy: Path, settings, snippet: str, problem: str
) -> None:
    settings.CONTENT_DIR = content_copy
    _write(content_copy / "questions" / "en" / "zz.toml", "[[question]]\n" + snippet)
    with pytest.raises(ContentError, match=problem):
        read_questions()


def test_validator_rejects_duplicate_ids_and_text(content_copy: Path, settings) -> None:
    settings.CONTENT_DIR = content_copy
    first = read_questions()[0]
    _write(
        content_copy / "questions" / "en" / "zz.toml",
        f'[[question]]\nid = "{first.key}"\ntext = "{first.text.upper()}"\n'
        'foundations = ["safety"]\ndepth = 1\nkind = "memory"\nreask = false\n',
    )
    with pytest.raises(ContentError) as excinfo:
        read_questions()
    assert "also in" in str(excinfo.value)
    assert "same text" in str(excinfo.value)


def test_loadcontent_is_idempotent_updates_and_retires(db, content_copy: Path, settings) -> None:
    settings.CONTENT_DIR = content_copy
    out = StringIO()
    call_command("loadcontent", stdout=out)
    total = Question.objects.count()
    assert total == len(read_questions())
    snapshot = list(Question.objects.order_by("key").values())

    out = StringIO()
    call_command("loadcontent", stdout=out)
    assert "created 0, updated 0" in out.getvalue()
    assert list(Question.objects.order_by("key").values()) == snapshot

    deck = content_copy / "questions" / "en" / "safety.toml"
    questions = read_questions()
    victim = next(q for q in questions if q.source == "safety.toml")
    edited = next(q for q in questions if q.source == "safety.toml" and q.key != victim.key)
    text = deck.read_text(encoding="utf-8")
    text = text.replace(edited.text, edited.text[:-1] + ", today?")
    # Remove the victim's whole table.
    tables = text.split("[[question]]")
    tables = [t for t in tables if f'id = "{victim.key}"' not in t]
    _write(deck, "[[question]]".join(tables))

    # The retired question has an answer, which must survive.
    person = make_user()
    daily = make_daily(person, question=Question.objects.get(key=victim.key))
    answer = Answer(daily=daily, author=person)
    answer.text = "Still here."
    answer.save()

    call_command("loadcontent", stdout=StringIO())
    assert Question.objects.get(key=edited.key).text == edited.text[:-1] + ", today?"
    retired = Question.objects.get(key=victim.key)
    assert retired.retired_at is not None
    assert not Question.objects.active().filter(key=victim.key).exists()
    assert Answer.objects.get(pk=answer.pk).text == "Still here."
    assert Question.objects.count() == total  # nothing deleted


def test_content_stats_json_shape() -> None:
    out = StringIO()
    call_command("content_stats", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"total", "by_foundation_depth"}
    assert data["total"] == len(read_questions())
    assert set(data["by_foundation_depth"]) == set(KEYS)
    assert all(set(row) == {"1", "2", "3", "4"} for row in data["by_foundation_depth"].values())
    assert data["by_foundation_depth"] == stats(read_questions())["by_foundation_depth"]
