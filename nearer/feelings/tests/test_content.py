"""Feelings content: the shipped vocabulary, needs and closed starts, and the validator."""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import pytest

from nearer.feelings import content
from nearer.feelings.content import FAMILIES, INTENSITIES, MAX_LINE, ContentError


@pytest.fixture
def fresh_cache():
    content.content.cache_clear()
    yield
    content.content.cache_clear()


# --- The shipped files ---------------------------------------------------------------------


def test_the_shipped_files_validate() -> None:
    assert content.problems() == []
    assert content.content() is content.content()  # read once


def test_enough_feelings_in_every_family_from_mild_to_intense() -> None:
    feelings = content.vocabulary()
    assert len(feelings) >= 96
    per_family = Counter(f.family for f in feelings)
    assert set(per_family) == set(FAMILIES)
    assert min(per_family.values()) >= 12
    spread = Counter((f.family, f.intensity) for f in feelings)
    assert all(spread[(family, i)] >= 1 for family in FAMILIES for i in INTENSITIES)


def test_families_come_in_picker_order_mild_to_intense() -> None:
    families = content.families()
    assert [f.key for f in families] == list(FAMILIES)
    assert families[0].label == "Joy"
    for family in families:
        assert all(f.family == family.key for f in family.feelings)
        intensities = [f.intensity for f in family.feelings]
        assert intensities == sorted(intensities)
    assert sum(len(f.feelings) for f in families) == len(content.vocabulary())


def test_ids_are_unique_and_stable_shaped() -> None:
    feelings = content.vocabulary()
    keys = [f.key for f in feelings]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(rf"feel-{f.family}-\d\d", f.key) for f in feelings)
    need_keys = [n.key for n in content.needs()]
    assert len(need_keys) == len(set(need_keys))
    assert all(re.fullmatch(r"need-\d\d", key) for key in need_keys)


def test_no_word_is_in_two_families() -> None:
    words = [f.word.casefold() for f in content.vocabulary()]
    assert len(words) == len(set(words))


def test_meanings_and_need_lines_are_short_single_lines_without_a_full_stop() -> None:
    lines = [f.meaning for f in content.vocabulary()]
    lines += [n.line for n in content.needs()] + [n.text for n in content.needs()]
    for line in lines:
        assert "\n" not in line and line == line.strip()
        assert 0 < len(line) <= MAX_LINE, line
        assert not line.endswith("."), line
    assert len({line.casefold() for line in lines}) == len(lines)


def test_enough_needs_and_closed_starts() -> None:
    needs = content.needs()
    assert len(needs) >= 12
    texts = {n.text for n in needs}
    assert {"to be heard", "a hug", "help with something", "time alone"} <= texts
    assert {"fine", "just tired", "whatever", "ok", "nothing"} <= content.content().closed_starts


def test_find_ignores_case_and_spaces() -> None:
    found = content.find("  Self-Conscious ")
    assert found is not None
    assert (found.family, found.family_label, found.intensity_label) == ("shame", "Shame", "mild")
    assert content.find("HAPPY") == content.find("happy")
    happy = content.find("happy")
    assert happy is not None
    assert happy.family == "joy"
    assert content.find("hungry") is None
    assert content.find("") is None


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("fine", True),
        ("Fine.", True),
        ("  FINE!! ", True),
        ("just   tired", True),
        ("Just tired…", True),
        ("I\u2019m fine", True),
        ("whatever", True),
        ("ok", True),
        ("Nothing.", True),
        ("", False),
        ("fine, but work was hard today", False),
        ("tired of waiting for the call", False),
        ("okay-ish, a bit nervous about tomorrow", False),
        ("happy", False),
    ],
)
def test_is_closed_start(text, closed) -> None:
    assert content.is_closed_start(text) is closed


# --- The validator -------------------------------------------------------------------------


def _feeling(key: str, word: str, family: str, intensity: object, meaning: str) -> str:
    value = intensity if isinstance(intensity, str) else repr(intensity)
    return (
        f'[[feeling]]\nid = "{key}"\nword = "{word}"\nfamily = "{family}"\n'
        f'intensity = {value}\nmeaning = "{meaning}"\n\n'
    )


def _complete_vocabulary() -> str:
    """Each family with one feeling of each intensity: the smallest valid vocabulary."""
    return "".join(
        _feeling(f"feel-{family}-0{i}", f"{family} {i}", family, i, f"Meaning {family} {i}")
        for family in FAMILIES
        for i in INTENSITIES
    )


GOOD_NEEDS = '[[need]]\nid = "need-01"\ntext = "a hug"\nline = "Arms around me"\n'
GOOD_NUDGE = 'closed_starts = ["fine", "just tired"]\n'


def _write(tmp_path, settings, vocabulary: str, needs: str = GOOD_NEEDS, nudge: str = GOOD_NUDGE):
    folder = tmp_path / "feelings" / "en"
    folder.mkdir(parents=True)
    (folder / "vocabulary.toml").write_text(vocabulary, encoding="utf-8")
    (folder / "needs.toml").write_text(needs, encoding="utf-8")
    (folder / "nudge.toml").write_text(nudge, encoding="utf-8")
    settings.CONTENT_DIR = tmp_path


def test_a_small_good_set_loads(tmp_path, settings, fresh_cache) -> None:
    _write(tmp_path, settings, _complete_vocabulary())
    assert content.problems() == []
    assert len(content.vocabulary()) == 24
    joy = content.find("Joy 3")
    assert joy is not None
    assert joy.key == "feel-joy-03"
    [need] = content.needs()
    assert (need.key, need.text, need.line) == ("need-01", "a hug", "Arms around me")
    assert content.is_closed_start("Just tired.")


BROKEN_FEELINGS = (
    _feeling("feel-joy-01", "sunny", "joy", 1, "Bright")  # fine
    + _feeling("feel-joy-01", "beaming", "joy", 2, "Bright too")  # duplicate id
    + _feeling("feel-calm-02", "SUNNY", "calm", 2, "Shouty")  # not lowercase
    + _feeling("feel-calm-03", "sunny", "calm", 3, "Again")  # word in another family
    + _feeling("feel-joy-05", "glum", "gloom", 1, "Unknown family")  # family, and so its id
    + _feeling("feel-fear-1", "edgy", "fear", 1, "Short number")  # id shape
    + _feeling("feel-fear-06", "jumpy", "fear", 4, "Too intense")  # intensity
    + _feeling("feel-fear-07", "shaky", "fear", "true", "Not a number")  # intensity type
    + _feeling("feel-fear-08", "", "fear", 1, "No word")  # empty word
    + _feeling("feel-fear-09", "wobbly", "fear", 1, "Ends with a stop.")  # full stop
    + _feeling("feel-fear-10", "tense", "fear", 1, "x" * (MAX_LINE + 1))  # too long
    + _feeling("feel-fear-11", "taut", "fear", 1, "")  # empty meaning
    + '[[feeling]]\nid = "feel-fear-12"\nword = "split"\nfamily = "fear"\nintensity = 1\n'
    + 'meaning = """Two\nlines"""\n\n'  # two lines
    + '[[feeling]]\nid = "feel-fear-13"\nword = "extra"\nfamily = "fear"\nintensity = 1\n'
    + 'meaning = "Has more"\nmood = "odd"\n\n'  # an unknown key
)


def test_the_validator_lists_every_problem_in_the_vocabulary(tmp_path, settings) -> None:
    _write(tmp_path, settings, BROKEN_FEELINGS)
    found = content.problems()
    assert found[:14] == [
        "vocabulary.toml #2 (feel-joy-01): duplicate id 'feel-joy-01'",
        "vocabulary.toml #3 (feel-calm-02): word must be lowercase",
        "vocabulary.toml #4 (feel-calm-03): word 'sunny' is already in joy",
        "vocabulary.toml #5 (feel-joy-05): family must be one of "
        "['joy', 'sadness', 'fear', 'anger', 'shame', 'love', 'calm', 'overwhelm']",
        "vocabulary.toml #5 (feel-joy-05): id must be feel-<family>-nn with its own family",
        "vocabulary.toml #6 (feel-fear-1): id must be feel-<family>-nn with its own family",
        "vocabulary.toml #7 (feel-fear-06): intensity must be 1 (mild), 2 (medium) or 3 (intense)",
        "vocabulary.toml #8 (feel-fear-07): intensity must be 1 (mild), 2 (medium) or 3 (intense)",
        "vocabulary.toml #9 (feel-fear-08): word must be a non-empty string on one line",
        "vocabulary.toml #10 (feel-fear-09): meaning must not end with a full stop",
        f"vocabulary.toml #11 (feel-fear-10): meaning is {MAX_LINE + 1} characters, at most {MAX_LINE}",
        "vocabulary.toml #12 (feel-fear-11): meaning must be a non-empty string",
        "vocabulary.toml #13 (feel-fear-12): meaning must be one line without spaces around it",
        "vocabulary.toml #14 (feel-fear-13): keys must be exactly "
        "['family', 'id', 'intensity', 'meaning', 'word']",
    ]
    # Only "sunny" (joy, mild) was valid: every other family and intensity is missing.
    spread = found[14:]
    assert len(spread) == len(FAMILIES) * len(INTENSITIES) - 1
    assert "vocabulary.toml: joy has no medium (2) feeling" in spread
    assert "vocabulary.toml: joy has no mild (1) feeling" not in spread


def test_the_validator_lists_every_problem_in_needs_and_nudges(tmp_path, settings) -> None:
    needs = textwrap.dedent(
        """\
        extra = 1

        [[need]]
        id = "need-01"
        text = "a hug"
        line = "Arms around me"

        [[need]]
        id = "need-01"
        text = "A  hug"
        line = "Again."

        [[need]]
        id = "hug"
        text = ""
        line = "No text"

        [[need]]
        id = "need-04"
        text = "rest"
        """
    )
    nudge = 'closed_starts = ["fine", "Fine.", "ok", "ok", 3]\n'
    _write(tmp_path, settings, _complete_vocabulary(), needs=needs, nudge=nudge)
    assert content.problems() == [
        "needs.toml: unknown top-level keys ['extra']",
        "needs.toml #2 (need-01): duplicate id 'need-01'",
        "needs.toml #2 (need-01): duplicate text",
        "needs.toml #2 (need-01): line must not end with a full stop",
        "needs.toml #3 (hug): id must be need-nn",
        "needs.toml #3 (hug): text must be a non-empty string",
        "needs.toml #4 (need-04): keys must be exactly ['id', 'line', 'text']",
        "nudge.toml closed_starts #2: 'Fine.' must be written as 'fine'",
        "nudge.toml closed_starts #4: duplicate 'ok'",
        "nudge.toml closed_starts #5: must be a non-empty string",
    ]


@pytest.mark.parametrize(
    ("vocabulary", "needs", "nudge", "problem"),
    [
        ("", GOOD_NEEDS, GOOD_NUDGE, "vocabulary.toml: no [[feeling]] entries"),
        ("[[feeling]\nid = 1", GOOD_NEEDS, GOOD_NUDGE, "vocabulary.toml: cannot be read"),
        (None, "title = 'none'", GOOD_NUDGE, "needs.toml: no [[need]] entries"),
        (None, GOOD_NEEDS, "", "nudge.toml: needs exactly one key"),
        (None, GOOD_NEEDS, "closed_starts = []", "nudge.toml: needs exactly one key"),
    ],
)
def test_an_empty_or_unreadable_file_is_a_problem(
    tmp_path, settings, fresh_cache, vocabulary, needs, nudge, problem
) -> None:
    if vocabulary is None:
        vocabulary = _complete_vocabulary()
    _write(tmp_path, settings, vocabulary, needs=needs, nudge=nudge)
    [found] = content.problems()
    assert found.startswith(problem)
    with pytest.raises(ContentError, match=re.escape(problem)):
        content.vocabulary()


def test_a_missing_file_is_a_problem(tmp_path, settings, fresh_cache) -> None:
    _write(tmp_path, settings, _complete_vocabulary())
    (tmp_path / "feelings" / "en" / "nudge.toml").unlink()
    [found] = content.problems()
    assert found.startswith("nudge.toml: cannot be read")
    with pytest.raises(ContentError):
        content.is_closed_start("fine")
