"""Rule-based hints for a listening reply: text in, hints out.

``hints_for`` is the one seam the reply forms call. It reads a draft and notices four habits
that make a person feel less heard, each with a warm suggestion of a reflective opening. A
learned model may replace the rules later behind the same function (docs/decisions/0021).

The rules (case-insensitive; any run of whitespace between words; straight or curly
apostrophes; a phrase only counts as whole words, so "at leastwise" is not "at least" and
"butter" does not start with "but"):

``fixes`` — the draft jumps to solving: "you should" (and "you shouldn't"), "you ought to",
    "why don't you", "just try", "have you tried", "if I were you". Advice before the person
    feels understood tells them the feeling was a problem to clear away.
``minimises`` — the draft makes the feeling smaller: "at least", "don't worry",
    "(it's) not a big deal" / "no big deal", "could be worse" / "could have been worse",
    "look on the bright side". Meant as comfort, these say the feeling is out of proportion.
``turns_to_self`` — the draft moves to the writer's own story: "that happened to me" (also
    "same thing happened to me"), "I remember when I", "me too, I", "that reminds me of when
    I". Sharing can come later; first the story in front of you.
``starts_with_but`` — the draft's first word (after spaces, quotes, punctuation or emoji) is
    "but". Opening with "but" reads as a rebuttal, whatever follows.

Choices:

- At most one hint per rule (its first match), ordered by where they appear in the text, so
  the writer sees a few gentle notes, never a wall of them.
- No negation or quotation handling: "I won't say you should…" and "she said 'at least'" are
  still flagged. Telling real negation from "I'm not saying you should, but…" needs more than
  rules; a hint is only a suggestion the writer can ignore, so a rare extra one costs little.
- Phrases that are also open questions are left out on purpose ("you need to" would flag
  "what do you need to feel better?").
- The text is never logged or stored here; hints are shown only to the writer.
- Patterns are plain alternations with no nested repetition, so a 20,000-character draft
  is read in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HintCode = Literal["fixes", "minimises", "turns_to_self", "starts_with_but"]

KINDS = frozenset({"reply"})


@dataclass(frozen=True, slots=True)
class Hint:
    """One note on a draft: which habit, a suggestion, and where in the text it was seen."""

    code: HintCode
    message: str
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


_APOS = "['\u2019\u2018\u02bc`\u00b4]"  # ' ’ ‘ ʼ ` ´
_NOT_WORD_BEFORE = r"(?<!\w)"
_NOT_WORD_AFTER = r"(?!\w)"


def _phrase(words: str) -> str:
    """A phrase written with single spaces and ' → a pattern: any whitespace, any apostrophe."""
    pattern = re.escape(words).replace(r"\ ", r"\s+").replace("'", _APOS)
    return pattern


def _any_of(*phrases: str) -> re.Pattern[str]:
    alternatives = "|".join(_phrase(p) for p in phrases)
    return re.compile(_NOT_WORD_BEFORE + "(?:" + alternatives + ")" + _NOT_WORD_AFTER, re.I)


_RULES: tuple[tuple[HintCode, re.Pattern[str]], ...] = (
    (
        "fixes",
        _any_of(
            "you should",
            "you shouldn't",
            "you shouldnt",
            "you ought to",
            "why don't you",
            "why dont you",
            "just try",
            "have you tried",
            "if i were you",
        ),
    ),
    (
        "minimises",
        _any_of(
            "at least",
            "don't worry",
            "dont worry",
            "do not worry",
            "not a big deal",
            "no big deal",
            "could be worse",
            "could have been worse",
            "could've been worse",
            "look on the bright side",
        ),
    ),
    (
        "turns_to_self",
        re.compile(
            _NOT_WORD_BEFORE
            + "(?:"
            + "|".join(
                (
                    r"(?:that|this|the\s+same\s+thing|same\s+thing)\s+(?:also\s+)?happened\s+to\s+me",
                    _phrase("i remember when i"),
                    r"me\s+too\s*[,.!;:\u2014\u2013-]?\s*i",
                    _phrase("that reminds me of when i"),
                    _phrase("reminds me of the time i"),
                )
            )
            + ")"
            + _NOT_WORD_AFTER,
            re.I,
        ),
    ),
    # The first word: skip anything that is not a letter or digit (spaces, quotes, emoji).
    ("starts_with_but", re.compile(r"\A[\W_]*(but)" + _NOT_WORD_AFTER, re.I)),
)

_MESSAGES: dict[HintCode, Promise] = {
    "fixes": _(
        "This reads like advice. Before any idea, you could say back what you heard: "
        "“It sounds like …”"
    ),
    "minimises": _(
        "This might make the feeling sound smaller than it is. You could name it instead: "
        "“That sounds really hard, because …”"
    ),
    "turns_to_self": _(
        "This turns toward your own story. You could stay with theirs a little longer: "
        "“What was that like for you?”"
    ),
    "starts_with_but": _(
        "Opening with “but” can sound like a disagreement. You could begin with what you "
        "heard: “So what's been weighing on you is …”"
    ),
}


def hints_for(text: str, *, kind: str = "reply") -> list[Hint]:
    """The hints for a draft ``text`` of the given ``kind``, in the order they appear.

    Never raises for any text; raises ``ValueError`` for an unknown ``kind`` (a caller's bug).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of text: {kind!r}")
    if not text or text.isspace():
        return []
    hints = []
    for code, pattern in _RULES:
        match = pattern.search(text)
        if match is None:
            continue
        start, end = match.span(match.lastindex or 0)
        hints.append(Hint(code=code, message=str(_MESSAGES[code]), start=start, end=end))
    hints.sort(key=lambda hint: hint.start)
    return hints
