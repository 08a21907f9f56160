"""Kindness ideas from content/kindness/<locale>/ideas.toml (our own writing)."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

KINDS = {
    "help": _("A helping hand"),
    "words": _("Kind words"),
    "time": _("Time for them"),
    "touch": _("Touch"),
    "surprise": _("Small surprises"),
    "care": _("Care"),
}
COSTS = ("free", "small")
KEYS = {"id", "text", "kind", "cost", "apart"}


@dataclass(frozen=True)
class KindnessIdea:
    key: str
    text: str
    kind: str
    cost: str
    apart: bool

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


class ContentError(ValueError):
    pass


def ideas_file(locale: str = "en") -> Path:
    return Path(settings.CONTENT_DIR) / "kindness" / locale / "ideas.toml"


def _problems_of(index: int, entry: object, ids: set[str], texts: set[str]) -> list[str]:
    where = f"ideas.toml #{index}"
    if not isinstance(entry, dict) or set(entry) != KEYS:
        return [f"{where}: keys must be exactly {sorted(KEYS)}"]
    problems = []
    key, text = entry["id"], entry["text"]
    if not isinstance(key, str) or not key.strip():
        problems.append(f"{where}: id must be a non-empty string")
    elif key in ids:
        problems.append(f"{where}: duplicate id {key!r}")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: text must be a non-empty string")
    elif " ".join(text.lower().split()) in texts:
        problems.append(f"{where}: duplicate text")
    if entry["kind"] not in KINDS:
        problems.append(f"{where}: kind must be one of {sorted(KINDS)}")
    if entry["cost"] not in COSTS:
        problems.append(f"{where}: cost must be one of {list(COSTS)}")
    if not isinstance(entry["apart"], bool):
        problems.append(f"{where}: apart must be true or false")
    return problems


def read_ideas(locale: str = "en") -> list[KindnessIdea]:
    """All kindness ideas, validated; raises ContentError listing every problem."""
    path = ideas_file(locale)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path}: {exc}") from exc
    entries = data.get("idea", [])
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{path}: no [[idea]] entries")
    problems: list[str] = []
    ideas: list[KindnessIdea] = []
    ids: set[str] = set()
    texts: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        found = _problems_of(index, entry, ids, texts)
        problems.extend(found)
        if isinstance(entry, dict) and set(entry) == KEYS:
            ids.add(entry["id"])
            if isinstance(entry["text"], str):
                texts.add(" ".join(entry["text"].lower().split()))
        if not found:
            ideas.append(
                KindnessIdea(
                    key=entry["id"],
                    text=entry["text"].strip(),
                    kind=entry["kind"],
                    cost=entry["cost"],
                    apart=entry["apart"],
                )
            )
    if problems:
        raise ContentError("\n".join(problems))
    return ideas


@cache
def kindness_ideas(locale: str = "en") -> tuple[KindnessIdea, ...]:
    return tuple(read_ideas(locale))


@dataclass(frozen=True)
class Selection:
    ideas: list[KindnessIdea]
    turn: int  # which handful of the day's order this is
    turns: int  # how many different handfuls there are


def selection(
    *, seed: str, kind: str = "", apart: bool = False, turn: int = 0, count: int = 3
) -> Selection:
    """A handful of ideas: the same for the same seed (a person and a day), `turn` for others.

    The day's order is one shuffle of the whole list; filters keep that order, so a filter
    shows a stable handful too. Turns wrap around once every idea has been shown.
    """
    order = list(kindness_ideas())
    random.Random(seed).shuffle(order)
    pool = [i for i in order if (not kind or i.kind == kind) and (not apart or i.apart)]
    turns = max(1, -(-len(pool) // count))
    turn %= turns
    return Selection(ideas=pool[turn * count : (turn + 1) * count], turn=turn, turns=turns)
