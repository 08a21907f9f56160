"""The docs travel with the code: every relative link in the markdown leads to a file in this
repository, and nothing points at documents that live outside a clone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What a clone does not have, or what is built locally (mirrors .gitignore).
SKIP_DIRS = {
    ".git",
    ".venv",
    "__pycache__",
    "var",
    "build",
    "test-results",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    "node_modules",
}

# Built from pieces so this file does not mention what it looks for.
OUTSIDE = "/".join(("..", "shared"))
OLD_NAMES = tuple(name + ".md" for name in ("PRODUCT", "STYLE", "DESIGN"))

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(
    r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE
)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def repo_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in parts):
            continue
        if path.is_file():
            found.append(path)
    return found


def markdown_files() -> list[Path]:
    docs = ROOT / "docs"
    return [
        ROOT / "README.md",
        *sorted(p for p in repo_files() if docs in p.parents and p.suffix == ".md"),
    ]


def relative_links(text: str) -> list[str]:
    text = INLINE_CODE.sub("", FENCE.sub("", text))
    targets = INLINE_LINK.findall(text) + REFERENCE_LINK.findall(text)
    return [t for t in targets if not SCHEME.match(t) and not t.startswith("#")]


def test_relative_links_are_recognised() -> None:
    text = (
        'See [the product](docs/product.md#practices) and ![logo](img/a.svg "Logo"),\n'
        "[web](https://example.org), [mail](mailto:a@b.invalid), [here](#top), `[not](a link)`.\n"
        "[a link\nover two lines](docs/design.md)\n"
        "[ref]: ../style.md\n"
        "```\n[inside](a fence)\n```\n"
    )

    assert relative_links(text) == [
        "docs/product.md#practices",
        "img/a.svg",
        "docs/design.md",
        "../style.md",
    ]


def test_the_docs_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in markdown_files()}

    assert {
        "README.md",
        "docs/product.md",
        "docs/decisions/0001-stack-and-dependencies.md",
    } <= names


@pytest.mark.parametrize("doc", markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_files_in_the_repository(doc: Path) -> None:
    broken = []
    for target in relative_links(doc.read_text(encoding="utf-8")):
        path = target.split("#", 1)[0]
        if not path:
            continue
        resolved = (doc.parent / path).resolve()
        if ROOT not in resolved.parents or not resolved.exists():
            broken.append(target)

    assert broken == []


def test_nothing_points_outside_the_repository() -> None:
    mentions = []
    for path in repo_files():
        data = path.read_bytes()
        if b"\0" in data:
            continue
        text = data.decode("utf-8", errors="replace")
        for needle in (OUTSIDE, *OLD_NAMES):
            if needle in text:
                mentions.append(f"{path.relative_to(ROOT).as_posix()}: {needle}")

    assert mentions == []
