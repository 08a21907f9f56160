"""Ritual ideas from content/rituals/<locale>/ideas.toml (our own writing)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

WHEN = ("morning", "daytime", "evening", "weekly", "any")
KEYS = {"id", "title", "description", "when", "minutes", "together"}


@dataclass(frozen=True)
class RitualIdea:
    key: str
    title: str
    description: str
    when: str
    minutes: int
    together: bool


class ContentError(ValueError):
    pass


def ideas_file(locale: str = "en") -> Path:
    return Path(settings.CONTENT_DIR) / "rituals" / locale / "ideas.toml"


def read_ideas(locale: str = "en") -> list[RitualIdea]:
    """All ritual ideas, validated; raises ContentError listing every problem."""
    data = tomllib.loads(ideas_file(locale).read_text(encoding="utf-8"))
    problems: list[str] = []
    ideas: list[RitualIdea] = []
    seen: set[str] = set()
    titles: set[str] = set()
    for index, entry in enumerate(data.get("idea", []), start=1):
        where = f"ideas.toml #{index}"
        if set(entry) != KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(KEYS)}")
            continue
        if entry["id"] in seen or entry["title"].lower() in titles:
            problems.append(f"{where}: duplicate id or title")
        seen.add(entry["id"])
        titles.add(entry["title"].lower())
        if not entry["title"].strip() or not entry["description"].strip():
            problems.append(f"{where}: empty title or description")
        if entry["when"] not in WHEN:
            problems.append(f"{where}: when must be one of {WHEN}")
        if not isinstance(entry["minutes"], int) or not 1 <= entry["minutes"] <= 120:
            problems.append(f"{where}: minutes must be 1–120")
        if not isinstance(entry["together"], bool):
            problems.append(f"{where}: together must be true or false")
        ideas.append(
            RitualIdea(
                key=entry["id"],
                title=entry["title"],
                description=entry["description"],
                when=entry["when"],
                minutes=entry["minutes"],
                together=entry["together"],
            )
        )
    if problems:
        raise ContentError("\n".join(problems))
    return ideas


@cache
def ideas_by_key(locale: str = "en") -> dict[str, RitualIdea]:
    return {idea.key: idea for idea in read_ideas(locale)}
