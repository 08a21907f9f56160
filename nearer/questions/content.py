"""Reading and checking the question files in content/questions/<locale>/*.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from django.conf import settings

from nearer.lib.foundations import KEYS, KINDS

REQUIRED = {"id", "text", "foundations", "depth", "kind", "reask"}
OPTIONAL = {"framing"}
MAX_WORDS = 40


@dataclass(frozen=True)
class QuestionData:
    key: str
    text: str
    foundations: tuple[str, ...]
    depth: int
    kind: str
    reask: bool
    framing: str = ""
    source: str = field(default="", compare=False)


class ContentError(ValueError):
    pass


def question_files(locale: str = "en") -> list[Path]:
    return sorted((Path(settings.CONTENT_DIR) / "questions" / locale).glob("*.toml"))


def _check(entry: dict[str, object], where: str) -> list[str]:
    problems = []
    keys = set(entry)
    if missing := REQUIRED - keys:
        problems.append(f"{where}: missing {sorted(missing)}")
    if unknown := keys - REQUIRED - OPTIONAL:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    if problems:
        return problems
    text = entry["text"]
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: empty text")
    elif text != text.strip() or "  " in text:
        problems.append(f"{where}: stray whitespace in text")
    elif len(text.split()) > MAX_WORDS:
        problems.append(f"{where}: text over {MAX_WORDS} words")
    foundations = entry["foundations"]
    if (
        not isinstance(foundations, list)
        or not foundations
        or any(f not in KEYS for f in foundations)
        or len(set(foundations)) != len(foundations)
    ):
        problems.append(f"{where}: foundations must be distinct keys of {KEYS}")
    if entry["depth"] not in (1, 2, 3, 4) or isinstance(entry["depth"], bool):
        problems.append(f"{where}: depth must be 1–4")
    if entry["kind"] not in KINDS:
        problems.append(f"{where}: kind must be one of {KINDS}")
    if not isinstance(entry["reask"], bool):
        problems.append(f"{where}: reask must be true or false")
    if "framing" in entry and (
        not isinstance(entry["framing"], str) or not entry["framing"].strip()
    ):
        problems.append(f"{where}: framing, when present, must be text")
    return problems


def read_questions(locale: str = "en") -> list[QuestionData]:
    """All questions of a locale, validated; raises ContentError listing every problem."""
    problems: list[str] = []
    questions: list[QuestionData] = []
    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    files = question_files(locale)
    if not files:
        raise ContentError(f"No question files for locale {locale!r} in {settings.CONTENT_DIR}.")
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        if set(data) != {"question"} or not isinstance(data["question"], list):
            problems.append(f"{path.name}: expected only [[question]] tables")
            continue
        for index, entry in enumerate(data["question"], start=1):
            where = f"{path.name} #{index} ({entry.get('id', '?')})"
            entry_problems = _check(entry, where)
            problems.extend(entry_problems)
            if entry_problems:
                continue
            key, text = entry["id"], entry["text"]
            if key in seen_ids:
                problems.append(f"{where}: id {key} also in {seen_ids[key]}")
            seen_ids[key] = where
            normalised = " ".join(text.lower().split())
            if normalised in seen_text:
                problems.append(f"{where}: same text as {seen_text[normalised]}")
            seen_text[normalised] = where
            questions.append(
                QuestionData(
                    key=key,
                    text=text,
                    foundations=tuple(entry["foundations"]),
                    depth=entry["depth"],
                    kind=entry["kind"],
                    reask=entry["reask"],
                    framing=entry.get("framing", ""),
                    source=path.name,
                )
            )
    if problems:
        raise ContentError("\n".join(problems))
    return questions


class Stats(TypedDict):
    total: int
    by_foundation_depth: dict[str, dict[str, int]]  # foundation -> depth "1"-"4" -> count


def stats(questions: list[QuestionData]) -> Stats:
    grid = {key: {str(d): 0 for d in (1, 2, 3, 4)} for key in KEYS}
    for question in questions:
        for foundation in question.foundations:
            grid[foundation][str(question.depth)] += 1
    return {"total": len(questions), "by_foundation_depth": grid}
