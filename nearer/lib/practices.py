"""The practice contract: what each practice declares once, and everything else reads.

A practice (the weekly check-in, gratitude, loving notes, ...) is a Django app with a module
`practice.py` that calls `register(Practice(...))`. The hubs read this registry instead of naming
apps: notifications (kinds and their wordless sentences, reminder sources, jobs that fall due),
the calendar feed (events), Today (what a practice shows there), the navigation and the
Practices page, the demo command, and the tests that check sealed words stay sealed (in the
admin and at rest). Adding a practice is its own app plus one line in `INSTALLED_APPS`
(docs/decisions/0019-practice-contract.md).

This module is at the bottom floor: it imports no app. Practices' callables receive the models
they need (a couple, a user) from the hub that calls them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from django.db import models
    from icalendar import Event

    from nearer.accounts.models import User
    from nearer.couples.http import SignedInRequest
    from nearer.couples.models import Couple

# Which tab of the main navigation a practice's pages belong to.
TABS = ("today", "together", "talk", "practices", "me")


@dataclass(frozen=True)
class Kind:
    """One kind of notification: a fixed sentence, never anything a person wrote.

    Placeholders: {name} (the partner), {time} and {date} (of the notification's moment, on the
    reader's clock). `reminder` kinds come from a reminder source and may be dropped when late.
    """

    key: str
    text: str | Promise
    reminder: bool = False


@dataclass(frozen=True)
class Reminders:
    """Scheduled things of a practice that a person can ask to be reminded of.

    `sources_in(couple)` lists the ids of the couple's current things; `next_event(id, after)`
    is the start of that thing's next occurrence strictly after `after` (None when there is
    none, e.g. a cancelled or past catch-up). The reminder (of notification kind `kind`) comes
    `lead` before the start and points to `url_name`.
    """

    kind: str
    lead: dt.timedelta
    url_name: str
    sources_in: Callable[[Couple], Iterable[int]]
    next_event: Callable[[int, dt.datetime], dt.datetime | None]


@dataclass(frozen=True)
class Entry:
    """A card on the Practices page (a practice may have more than one, e.g. soul talk)."""

    title: str | Promise
    blurb: str | Promise
    url_name: str


@dataclass(frozen=True)
class TodayPart:
    """Something a practice shows on Today: a template and its context."""

    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class DemoCouple:
    """Who the demo couple are, for each practice's part of their history (`nearer demo`)."""

    alex: User
    sam: User
    couple: Couple
    today: dt.date
    rng: random.Random


@dataclass(frozen=True)
class Practice:
    """Everything the rest of Nearer needs to know about one practice.

    - `app`: the app label; also the key of the practice in notification preferences.
    - `title`: its name for people (preferences, notification settings).
    - `tab`: the tab of the main navigation its pages light up.
    - `entries`: its cards on the Practices page, in order.
    - `kinds`: its notification kinds. A practice with kinds can be heard about (preferences).
    - `reminders`: its reminder source, when it has times people can be reminded of.
    - `due_jobs`: idempotent functions the sweep calls with `now`, returning how many things
      they did (e.g. delivering notes that fell due).
    - `calendar`: the person's events of this practice for their calendar feed (times and
      our own names only, never their words), given the person and the feed's `now`.
    - `today`: what it shows on Today for this request, or None.
    - `demo`: writes its part of the demo couple's history (`nearer demo`).
    - `sealed`: labels ("app.Model") of its models that hold what people write.
    - `order`: where it stands among the others (navigation, Practices page, preferences).
    """

    app: str
    title: str | Promise
    tab: str = "practices"
    entries: tuple[Entry, ...] = ()
    kinds: tuple[Kind, ...] = ()
    reminders: Reminders | None = None
    due_jobs: tuple[Callable[[dt.datetime], int], ...] = ()
    calendar: Callable[[User, dt.datetime], Iterable[Event]] | None = None
    today: Callable[[SignedInRequest], TodayPart | None] | None = None
    demo: Callable[[DemoCouple], None] | None = None
    sealed: tuple[str, ...] = ()
    order: int = 100

    def __post_init__(self) -> None:
        if self.tab not in TABS:
            raise ValueError(f"{self.app}: tab must be one of {TABS}")
        keys = {kind.key for kind in self.kinds}
        if self.reminders is not None and self.reminders.kind not in keys:
            raise ValueError(f"{self.app}: reminder kind {self.reminders.kind!r} is not declared")


_REGISTRY: dict[str, Practice] = {}
_discovered = False


def register(practice: Practice) -> Practice:
    """Called once by each practice's `practice.py` (imported by `discover`)."""
    if practice.app in _REGISTRY and _REGISTRY[practice.app] != practice:
        raise ValueError(f"The practice {practice.app!r} is registered twice.")
    for other in _REGISTRY.values():
        clash = {k.key for k in other.kinds} & {k.key for k in practice.kinds}
        if other.app != practice.app and clash:
            raise ValueError(f"Notification kinds {sorted(clash)} are declared twice.")
    _REGISTRY[practice.app] = practice
    return practice


def discover() -> None:
    """Import every installed app's `practice` module, once (after the apps are ready)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("practice")
        _discovered = True


def practices() -> list[Practice]:
    """Every registered practice, in order."""
    discover()
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.app))


def practice(app: str) -> Practice:
    discover()
    return _REGISTRY[app]


def kinds() -> dict[str, tuple[Practice, Kind]]:
    """Every notification kind, with the practice it belongs to."""
    return {kind.key: (p, kind) for p in practices() for kind in p.kinds}


def heard_about() -> list[Practice]:
    """Practices a person can hear about (they have notification kinds)."""
    return [p for p in practices() if p.kinds]


def remindable() -> list[Practice]:
    """Practices with times a person can be reminded of."""
    return [p for p in practices() if p.reminders is not None]


def due_jobs() -> Iterator[tuple[str, Callable[[dt.datetime], int]]]:
    """Every practice's jobs that fall due, named by practice (and function, when several)."""
    for p in practices():
        for job in p.due_jobs:
            yield (p.app if len(p.due_jobs) == 1 else f"{p.app}.{job.__name__}"), job


def sealed_models() -> list[type[models.Model]]:
    """The models that hold what people write, as the practices (and accounts) declare them."""
    from django.apps import apps

    labels = [label for p in practices() for label in p.sealed]
    return [apps.get_model(label) for label in labels]


def tab_of(app: str) -> str:
    """The navigation tab for pages of `app` ("" when the app is not a practice)."""
    discover()
    found = _REGISTRY.get(app)
    return found.tab if found else ""
