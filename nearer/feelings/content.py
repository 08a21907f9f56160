"""Feelings content from content/feelings/<locale>/ (our own writing), for "share a feeling"
(practice 12).

Three files: `vocabulary.toml` (feeling words in eight families, mild to intense), `needs.toml`
(what might help) and `nudge.toml` (short, closed answers that get a gentle nudge). They are read
and validated when needed, like the ritual and kindness ideas; `problems()` lists everything
wrong, with the file and the entry.

This package holds only the content for now: no models, no practice.py, and it is not in
INSTALLED_APPS. The practice app comes with issue 9.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# In the order a picker shows them.
FAMILIES = {
    "joy": _("Joy"),
    "sadness": _("Sadness"),
    "fear": _("Fear"),
    "anger": _("Anger"),
    "shame": _("Shame"),
    "love": _("Love"),
    "calm": _("Calm"),
    "overwhelm": _("Overwhelm"),
}
INTENSITIES = {1: _("mild"), 2: _("medium"), 3: _("intense")}
MAX_LINE = 90  # characters in a meaning or a need's line

VOCABULARY, NEEDS, NUDGE = "vocabulary.toml", "needs.toml", "nudge.toml"
FEELING_KEYS = {"id", "word", "family", "intensity", "meaning"}
NEED_KEYS = {"id", "text", "line"}
FEELING_ID = re.compile(r"feel-([a-z]+)-(\d{2})")
NEED_ID = re.compile(r"need-\d{2}")
# Stripped from both ends before comparing an answer with the closed starts.
EDGES = " \t\r\n.,;:!?…-–—~'\"“”()"


@dataclass(frozen=True)
class Feeling:
    key: str
    word: str
    family: str
    intensity: int
    meaning: str

    @property
    def family_label(self) -> str:
        return str(FAMILIES[self.family])

    @property
    def intensity_label(self) -> str:
        return str(INTENSITIES[self.intensity])


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    feelings: tuple[Feeling, ...]  # mild to intense, in file order within an intensity


@dataclass(frozen=True)
class Need:
    key: str
    text: str
    line: str


@dataclass(frozen=True)
class Content:
    vocabulary: tuple[Feeling, ...]
    needs: tuple[Need, ...]
    closed_starts: frozenset[str]
    by_word: Mapping[str, Feeling]


class ContentError(ValueError):
    pass


def folder(locale: str = "en") -> Path:
    return Path(settings.CONTENT_DIR) / "feelings" / locale


def normalise(text: str) -> str:
    """Lowercase, one space between words, no punctuation around: how closed starts compare."""
    text = text.replace("\u2019", "'").casefold()
    return " ".join(text.split()).strip(EDGES)


def _load(path: Path) -> tuple[dict[str, Any], list[str]]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), []
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path.name}: cannot be read: {exc}"]


def _where(name: str, index: int, entry: object) -> str:
    key = entry.get("id") if isinstance(entry, dict) else None
    return f"{name} #{index} ({key})" if isinstance(key, str) and key else f"{name} #{index}"


def _line_problems(where: str, field: str, value: object) -> list[str]:
    """A short line of text: one line, not too long, no full stop at the end."""
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: {field} must be a non-empty string"]
    if "\n" in value or value != value.strip():
        return [f"{where}: {field} must be one line without spaces around it"]
    problems = []
    if len(value) > MAX_LINE:
        problems.append(f"{where}: {field} is {len(value)} characters, at most {MAX_LINE}")
    if value.endswith("."):
        problems.append(f"{where}: {field} must not end with a full stop")
    return problems


def _entries(data: dict[str, Any], name: str, table: str) -> tuple[list[Any], list[str]]:
    entries = data.get(table)
    if not isinstance(entries, list) or not entries:
        return [], [f"{name}: no [[{table}]] entries"]
    extra = sorted(set(data) - {table})
    return entries, [f"{name}: unknown top-level keys {extra}"] if extra else []


def _read_vocabulary(path: Path) -> tuple[list[Feeling], list[str]]:
    data, problems = _load(path)
    if problems:
        return [], problems
    entries, problems = _entries(data, VOCABULARY, "feeling")
    feelings: list[Feeling] = []
    ids: set[str] = set()
    words: dict[str, str] = {}  # casefolded word -> its family
    for index, entry in enumerate(entries, start=1):
        where = _where(VOCABULARY, index, entry)
        if not isinstance(entry, dict) or set(entry) != FEELING_KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(FEELING_KEYS)}")
            continue
        found: list[str] = []
        key, word, family, intensity = (entry[k] for k in ("id", "word", "family", "intensity"))
        if family not in FAMILIES:
            found.append(f"{where}: family must be one of {list(FAMILIES)}")
        match = FEELING_ID.fullmatch(key) if isinstance(key, str) else None
        if not match or match.group(1) != family:
            found.append(f"{where}: id must be feel-<family>-nn with its own family")
        elif key in ids:
            found.append(f"{where}: duplicate id {key!r}")
        if not isinstance(word, str) or not word.strip() or word != " ".join(word.split()):
            found.append(f"{where}: word must be a non-empty string on one line")
        elif word != word.lower():
            found.append(f"{where}: word must be lowercase")
        elif word.casefold() in words:
            found.append(f"{where}: word {word!r} is already in {words[word.casefold()]}")
        if type(intensity) is not int or intensity not in INTENSITIES:
            found.append(f"{where}: intensity must be 1 (mild), 2 (medium) or 3 (intense)")
        found += _line_problems(where, "meaning", entry["meaning"])
        if isinstance(key, str):
            ids.add(key)
        if isinstance(word, str) and word.strip() and isinstance(family, str):
            words.setdefault(word.casefold(), family)
        problems += found
        if not found:
            feelings.append(Feeling(key, word, family, intensity, entry["meaning"]))
    if feelings:
        spread = {(f.family, f.intensity) for f in feelings}
        for family in FAMILIES:
            for intensity, label in INTENSITIES.items():
                if (family, intensity) not in spread:
                    problems.append(f"{VOCABULARY}: {family} has no {label} ({intensity}) feeling")
    return feelings, problems


def _read_needs(path: Path) -> tuple[list[Need], list[str]]:
    data, problems = _load(path)
    if problems:
        return [], problems
    entries, problems = _entries(data, NEEDS, "need")
    needs: list[Need] = []
    ids: set[str] = set()
    texts: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = _where(NEEDS, index, entry)
        if not isinstance(entry, dict) or set(entry) != NEED_KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(NEED_KEYS)}")
            continue
        found: list[str] = []
        key, text = entry["id"], entry["text"]
        if not isinstance(key, str) or not NEED_ID.fullmatch(key):
            found.append(f"{where}: id must be need-nn")
        elif key in ids:
            found.append(f"{where}: duplicate id {key!r}")
        text_problems = _line_problems(where, "text", text)
        found += text_problems
        if not text_problems and normalise(text) in texts:
            found.append(f"{where}: duplicate text")
        found += _line_problems(where, "line", entry["line"])
        if isinstance(key, str):
            ids.add(key)
        if isinstance(text, str):
            texts.add(normalise(text))
        problems += found
        if not found:
            needs.append(Need(key, text, entry["line"]))
    return needs, problems


def _read_nudge(path: Path) -> tuple[frozenset[str], list[str]]:
    data, problems = _load(path)
    if problems:
        return frozenset(), problems
    starts = data.get("closed_starts")
    if set(data) != {"closed_starts"} or not isinstance(starts, list) or not starts:
        return frozenset(), [f"{NUDGE}: needs exactly one key, closed_starts, a non-empty list"]
    seen: set[str] = set()
    for index, start in enumerate(starts, start=1):
        where = f"{NUDGE} closed_starts #{index}"
        if not isinstance(start, str) or not normalise(start):
            problems.append(f"{where}: must be a non-empty string")
        elif start != normalise(start):
            problems.append(f"{where}: {start!r} must be written as {normalise(start)!r}")
        elif start in seen:
            problems.append(f"{where}: duplicate {start!r}")
        else:
            seen.add(start)
    return frozenset(seen), problems


def _read(locale: str) -> tuple[Content, list[str]]:
    where = folder(locale)
    feelings, vocabulary_problems = _read_vocabulary(where / VOCABULARY)
    needs, needs_problems = _read_needs(where / NEEDS)
    starts, nudge_problems = _read_nudge(where / NUDGE)
    read = Content(
        vocabulary=tuple(feelings),
        needs=tuple(needs),
        closed_starts=starts,
        by_word={f.word.casefold(): f for f in feelings},
    )
    return read, vocabulary_problems + needs_problems + nudge_problems


def problems(locale: str = "en") -> list[str]:
    """Every problem in the locale's three files, each naming its file and entry."""
    return _read(locale)[1]


@cache
def content(locale: str = "en") -> Content:
    """The validated content; raises ContentError listing every problem."""
    read, found = _read(locale)
    if found:
        raise ContentError("\n".join(found))
    return read


def vocabulary(locale: str = "en") -> tuple[Feeling, ...]:
    return content(locale).vocabulary


@cache
def families(locale: str = "en") -> tuple[Family, ...]:
    """The eight families in picker order, each with its feelings from mild to intense."""
    feelings = vocabulary(locale)
    return tuple(
        Family(
            key=key,
            label=str(label),
            feelings=tuple(
                sorted((f for f in feelings if f.family == key), key=lambda f: f.intensity)
            ),
        )
        for key, label in FAMILIES.items()
    )


def needs(locale: str = "en") -> tuple[Need, ...]:
    return content(locale).needs


def find(word: str, locale: str = "en") -> Feeling | None:
    """The feeling with this word, ignoring case and surrounding spaces (accents count)."""
    return content(locale).by_word.get(" ".join(word.split()).casefold())


def is_closed_start(text: str, locale: str = "en") -> bool:
    """Whether an answer is one of the short, closed ones ("fine", "just tired") that get a
    gentle nudge to say a little more. The whole answer is compared, so "fine, but..." is not."""
    return normalise(text) in content(locale).closed_starts
