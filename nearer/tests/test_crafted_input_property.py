"""Property: whatever arrives in a query string or a form post, a page never answers 500.

Every query parameter and form field of the views the security report named (and the other
places that read a number or a date from a request) gets arbitrary text, huge and negative
numbers, digits that are not ASCII, dates and months at the ends of Python's calendar and of
ours, times, and cursors built from all of these, through the test client as a signed-in
partner. The answer may be a page, a form with a message, a redirect, 400 or 404: never 500.

Examples are derandomized (the same inputs every run, so CI cannot flake) and a modest number
per view keeps the suite quick; see docs/decisions/0016-reading-request-input.md.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nearer.catchups.operations import plan_catchup
from nearer.couples.space import space_of
from nearer.lib.schedule import EARLIEST_DAY, LATEST_DAY
from nearer.questions import operations as questions
from nearer.soultalk.operations import start_talk

HX = {"HTTP_HX_REQUEST": "true"}

CALENDAR_ENDS = [
    dt.date.min,
    dt.date(1, 1, 2),
    EARLIEST_DAY - dt.timedelta(days=1),
    EARLIEST_DAY,
    LATEST_DAY,
    LATEST_DAY + dt.timedelta(days=1),
    dt.date(9999, 12, 30),
    dt.date.max,
]
# The year 1 overflowed east of UTC (Berlin and Tokyo kept their local mean time then), the
# year 9999 west of it (Pago Pago). Hypothesis draws the first ones most often.
ZONES = ["Europe/Berlin", "Asia/Tokyo", "Pacific/Pago_Pago", "UTC"]

ends = st.sampled_from(CALENDAR_ENDS)
dates = st.one_of(ends, ends, st.dates())
days = dates.map(dt.date.isoformat)
months = dates.map(lambda d: f"{d.year:04d}-{d.month:02d}")
times = st.times().map(lambda t: t.isoformat(timespec="minutes"))
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**18 - 1]),
).map(str)
huge = st.integers(min_value=19, max_value=400).map(lambda n: "9" * n)
# What str.isdigit() or int() accept beyond plain ASCII digits: "²" passes isdigit() only;
# "٣", "１２", "1_0", " 1" and "+1" pass int().
odd = st.one_of(
    st.sampled_from(["²", "¹²", "①", "٣", "１２", "1_0", " 1", "1 ", "+1", "-1", "1e3", "\x00"]),
    st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=20),
    st.text(alphabet="0123456789²_ +-.e", min_size=1, max_size=25),
)
numberish = st.one_of(numbers, huge, odd)
cursors = st.tuples(st.one_of(days, numberish), numberish).map("_".join)
anything = st.one_of(
    st.text(max_size=60), numbers, huge, odd, ends.map(dt.date.isoformat), months, cursors
)
small = st.integers(min_value=-5, max_value=300).map(str)
uuids = st.uuids().map(str)

# What each field usually holds, so that forms are often valid apart from one odd value and
# the request reaches the code behind the form (a far day only overflowed in a valid form).
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "before": cursors,
    "sent_before": cursors,
    "after": numbers,
    "turn": numbers,
    "kind": st.sampled_from(["", "time", "touch", "words"]),
    "apart": st.sampled_from(["", "1"]),
    "m": months,
    "day": days,
    "at": times,
    "time": times,
    "minutes": st.integers(min_value=30, max_value=60).map(str),  # fits every form
    "topic": st.text(max_size=600),
    "text": st.text(max_size=300).map(lambda words: f"Thank you {words}"),
    "title": st.text(max_size=130),
    "nonce": uuids,
    "when": st.sampled_from(["later", "now"]),
    "idea": st.just(""),
    "days": st.integers(min_value=-1, max_value=7).map(str),
    "weekday": st.integers(min_value=-1, max_value=7).map(str),
    "version": small,
    "cards": st.sampled_from(["3", "4", "5"]),
    "position": st.integers(min_value=1, max_value=5).map(str),
    "shared": st.sampled_from(["", "on"]),
    "answer": numbers,
    "card": st.one_of(small, numbers),
    "heard": st.text(max_size=300).map(lambda words: f"It sounds like {words}"),
    "sense": st.text(max_size=300),
    "check": st.sampled_from(["", "1"]),
    "reply": numbers,
    "felt": st.sampled_from(["yes", "partly", "not_yet"]),
}

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    # The signed-in couple is made once per test; the examples only add rows beside it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def fields(draw: st.DrawFn, *names: str) -> dict[str, str]:
    """A post or query with these fields, each holding what it usually holds, except for a
    few (or none) that hold something odd, anything at all, or are left out. A form that is
    valid apart from one value reaches the code behind it (a far day overflowed only there)."""
    data: dict[str, str | None] = {name: draw(PLAUSIBLE[name]) for name in names}
    for name in draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)):
        data[name] = draw(st.one_of(odd, anything, st.none()))
    return {name: value for name, value in data.items() if value is not None}


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


@pytest.fixture
def alex(client, partner_a, partner_b):
    client.force_login(partner_a)
    return client


@pytest.fixture
def talk(bank, partner_a, partner_b):
    return start_talk(user=partner_a, minutes=15, cards=4)


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("notes:index", ["before", "sent_before"]),
        ("gratitude:jar", ["after"]),
        ("notes:kindness", ["turn", "kind", "apart"]),
        ("rituals:month", ["m"]),
        ("questions:history", ["before"]),
        ("checkins:history", ["before"]),
    ],
)
def test_query_parameters_never_give_a_server_error(alex, name, names) -> None:
    @SETTINGS
    @given(query=fields(*names), htmx=st.booleans())
    def check(query: dict[str, str], htmx: bool) -> None:
        assert_no_server_error(alex.get(reverse(name), query, **(HX if htmx else {})))

    check()


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("catchups:index", ["day", "at", "minutes", "topic", "nonce"]),
        ("notes:index", ["text", "day", "time", "when", "nonce"]),
        ("rituals:index", ["idea", "title", "days", "time"]),
        ("checkins:propose", ["weekday", "time", "version"]),
        ("soultalk:begin", ["minutes", "cards", "nonce"]),
        ("soultalk:time", ["minutes", "nonce"]),
    ],
)
def test_form_posts_never_give_a_server_error(alex, bank, partner_a, name, names) -> None:
    @SETTINGS
    @given(data=fields(*names), zone=st.sampled_from(ZONES))
    def check(data: dict[str, str], zone: str) -> None:
        partner_a.time_zone = zone
        partner_a.save(update_fields=["time_zone"])
        assert_no_server_error(alex.post(reverse(name), data))

    check()


def test_changing_a_catchup_never_gives_a_server_error(alex, partner_a) -> None:
    catchup = plan_catchup(
        user=partner_a, day=dt.date.today() + dt.timedelta(days=7), at=dt.time(19)
    )
    url = reverse("catchups:detail", args=[catchup.pk])

    @SETTINGS
    @given(data=fields("day", "at", "minutes"), zone=st.sampled_from(ZONES))
    def check(data: dict[str, str], zone: str) -> None:
        partner_a.time_zone = zone
        partner_a.save(update_fields=["time_zone"])
        assert_no_server_error(alex.post(url, data))

    check()


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("soultalk:extend", ["position"]),
        ("soultalk:done", ["text", "shared"]),
        ("soultalk:skip", ["card"]),
        ("soultalk:lighter", ["card"]),
    ],
)
def test_soul_talk_posts_never_give_a_server_error(alex, talk, name, names) -> None:
    url = reverse(name, args=[talk.pk])

    @SETTINGS
    @given(data=fields(*names))
    def check(data: dict[str, str]) -> None:
        assert_no_server_error(alex.post(url, data))

    check()


def test_responding_never_gives_a_server_error(client, bank, partner_a, partner_b) -> None:
    daily = questions.daily_question(couple=space_of(partner_a), date=dt.date.today())
    questions.save_answer(user=partner_a, daily=daily, text="A says")
    questions.save_answer(user=partner_b, daily=daily, text="B says")
    client.force_login(partner_b)
    url = reverse("questions:respond", args=[daily.pk])

    @SETTINGS
    @given(data=fields("answer", "heard", "sense", "check", "nonce"), htmx=st.booleans())
    def check(data: dict[str, str], htmx: bool) -> None:
        assert_no_server_error(client.post(url, data, **(HX if htmx else {})))

    check()

    felt = reverse("questions:felt", args=[daily.pk])

    @SETTINGS
    @given(data=fields("reply", "felt"))
    def check_felt(data: dict[str, str]) -> None:
        assert_no_server_error(client.post(felt, data))

    check_felt()


@settings(SETTINGS, max_examples=30)  # nine requests an example
@given(pk=st.one_of(numbers, huge), position=st.one_of(numbers, huge))
def test_ids_in_paths_never_give_a_server_error(alex, talk, pk: str, position: str) -> None:
    """The `<int:pk>` converter takes any run of ASCII digits, however long."""
    if pk.startswith("-") or position.startswith("-"):
        return  # not a path the converter matches
    for path in (
        f"/together/{pk}/card/{position}/",
        f"/together/{talk.pk}/card/{position}/",
        f"/practices/catchups/{pk}/",
        f"/questions/{pk}/",
        f"/practices/checkins/{pk}/",
    ):
        assert_no_server_error(alex.get(path))
    for path in (
        f"/together/{pk}/extend/",
        f"/together/{pk}/skip/",
        f"/together/{pk}/lighter/",
        f"/practices/gratitude/{pk}/landed/",
        f"/practices/notes/{pk}/cancel/",
        f"/practices/rituals/{pk}/done/",
    ):
        assert_no_server_error(alex.post(path))
