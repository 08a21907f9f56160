"""The listening hints: a table of replies of our own, and the seam's promises."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nearer.listening.hints import Hint, hints_for

NONE: set[str] = set()

# Good listening: reflecting, validating, asking open questions. None of these get a hint.
GOOD = [
    "It sounds like the meeting left you feeling invisible.",
    "That makes so much sense, after the week you've had.",
    "What was the hardest part of today for you?",
    "I can hear how tired you are. Of course you're worn out.",
    "So you felt let down when she didn't call back. That would hurt me too.",
    "What do you need to feel a little better tonight?",
    "Tell me more about what happened with your brother?",
    "It makes sense you're worried about the results.",
    "I'm really glad you told me. How long have you been carrying this?",
    "You sound proud of yourself, and you earned every bit of it.",
    "The butter story made me laugh, and I can tell it was a relief.",
    "Butter in the pan, and then the fire alarm?! What did you feel in that moment?",
    "I'm sitting with what you said: it felt unfair, and it was.",
    "At leastwise that's how I heard it: you felt alone in the room.",
    "Which part is weighing on you most right now?",
]

CASES = [
    # fixes
    ("You should just talk to your boss tomorrow.", {"fixes"}),
    ("why don't you take a day off?", {"fixes"}),
    ("Why don’t you call her?", {"fixes"}),  # curly apostrophe
    ("Have you tried going to bed earlier?", {"fixes"}),
    ("Just try to ignore him.", {"fixes"}),
    ("YOU   SHOULD    rest", {"fixes"}),  # shouting and extra spaces
    ("you\nshould\trest", {"fixes"}),  # any whitespace
    ("Honestly you shouldn’t let it get to you.", {"fixes"}),
    ("If I were you I'd quit.", {"fixes"}),
    # minimises
    ("At least you still have the weekend.", {"minimises"}),
    ("Don't worry, it'll pass.", {"minimises"}),
    ("Dont worry about it 🙂", {"minimises"}),
    ("It's not a big deal, really.", {"minimises"}),
    ("It’s no big deal!", {"minimises"}),
    ("Well, it could be worse.", {"minimises"}),
    ("It could’ve been worse though", {"minimises"}),
    # turns to oneself
    ("That happened to me last year.", {"turns_to_self"}),
    ("The same thing happened to me at my old job.", {"turns_to_self"}),
    ("I remember when I lost my first job.", {"turns_to_self"}),
    ("Me too, I hate Mondays.", {"turns_to_self"}),
    ("me too i never sleep before a trip", {"turns_to_self"}),
    # starts with but
    ("But you said you liked it there.", {"starts_with_but"}),
    ("  but  why?", {"starts_with_but"}),
    ("😅 But it was your idea.", {"starts_with_but"}),
    ("“But you promised,” I remember.", {"starts_with_but"}),
    ("Butter makes everything better.", NONE),  # not the word "but"
    ("It was hard, but you did it.", NONE),  # "but" later is fine
    # word boundaries
    ("At leastwise we agree on dinner.", NONE),
    ("Your shoulders must ache after carrying that.", NONE),
    ("You should've seen it coming.", {"fixes"}),  # hindsight advice counts
    ("Adjust trying times", NONE),  # "just try" inside other words
    # mixed
    (
        "But at least you tried. You should just relax. That happened to me too.",
        {"starts_with_but", "minimises", "fixes", "turns_to_self"},
    ),
    ("Don't worry. Have you tried yoga?", {"minimises", "fixes"}),
    # Negations are still flagged: a hint is a suggestion, and "I won't say you should,
    # but…" usually goes on to advise anyway (see the module docstring).
    ("I won't say you should leave him.", {"fixes"}),
    ("I'm not saying don't worry.", {"minimises"}),
    # Quotes are not parsed: a quoted phrase is flagged like any other.
    ("She told you 'you should apologise'? That sounds so unfair.", {"fixes"}),
    # empty
    ("", NONE),
    ("   \n\t  ", NONE),
]


@pytest.mark.parametrize("text", GOOD)
def test_good_listening_gets_no_hint(text):
    assert hints_for(text) == []


@pytest.mark.parametrize(("text", "codes"), CASES)
def test_hints_for_examples(text, codes):
    assert {hint.code for hint in hints_for(text)} == codes


def test_there_are_enough_examples():
    assert len(GOOD) >= 10
    assert len(GOOD) + len(CASES) >= 30


def test_span_points_at_the_phrase():
    text = "Oh no. Why  don’t you sleep in?"
    [hint] = hints_for(text)
    assert text[hint.start : hint.end] == "Why  don’t you"
    assert hint.span == (hint.start, hint.end)


def test_but_span_is_the_word_only():
    text = "  😅 But why"
    [hint] = hints_for(text)
    assert text[hint.start : hint.end] == "But"


def test_one_hint_per_code_at_the_first_match():
    text = "You should rest. You should eat. At least sleep. At least try."
    hints = hints_for(text)
    assert [hint.code for hint in hints] == ["fixes", "minimises"]
    assert hints[0].start == 0
    assert hints[1].start == text.index("At least")


def test_hints_are_in_text_order():
    text = "That happened to me. Don't worry. You should rest."
    assert [hint.code for hint in hints_for(text)] == ["turns_to_self", "minimises", "fixes"]


def test_each_code_has_its_own_warm_message():
    text = "But at least you tried. You should relax. That happened to me."
    hints = hints_for(text)
    messages = {hint.code: hint.message for hint in hints}
    assert len(messages) == 4
    assert len(set(messages.values())) == 4
    assert all(isinstance(message, str) and "“" in message for message in messages.values())


def test_hint_is_frozen():
    [hint] = hints_for("you should")
    assert isinstance(hint, Hint)
    with pytest.raises(AttributeError):
        hint.code = "minimises"


def test_unknown_kind_is_a_callers_bug():
    with pytest.raises(ValueError, match="unknown kind"):
        hints_for("hello", kind="poem")


def test_very_long_text_returns():
    text = ("It sounds hard. " * 1250)[:19_991] + " at least"
    assert len(text) >= 20_000
    hints = hints_for(text)
    assert [(hint.code, text[hint.start : hint.end]) for hint in hints] == [
        ("minimises", "at least")
    ]


def test_long_text_of_spaces_and_near_misses_returns():
    text = "you " * 5_000 + "me too " * 10
    assert len(text) >= 20_000
    assert hints_for(text) == []


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_unicode(text):
    hints = hints_for(text)
    assert len({hint.code for hint in hints}) == len(hints)
    for hint in hints:
        assert 0 <= hint.start < hint.end <= len(text)
