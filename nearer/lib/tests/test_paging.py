import datetime as dt

import pytest

from nearer.checkins.models import CheckIn
from nearer.couples.models import Couple
from nearer.lib import params
from nearer.lib.paging import (
    EPOCH,
    date_cursor,
    keyset_page,
    moment_cursor,
    parse_date_cursor,
    parse_moment_cursor,
)

MOMENT = dt.datetime(2027, 1, 4, 21, 30, 15, 123456, tzinfo=dt.UTC)


def test_a_date_cursor_round_trips() -> None:
    assert parse_date_cursor(date_cursor(dt.date(2027, 1, 4), 42)) == (dt.date(2027, 1, 4), 42)


def test_a_moment_cursor_round_trips_to_the_microsecond() -> None:
    assert parse_moment_cursor(moment_cursor(MOMENT, 42)) == (MOMENT, 42)
    assert parse_moment_cursor(moment_cursor(EPOCH, 1)) == (EPOCH, 1)


@pytest.mark.parametrize("value", [None, ""])
def test_no_cursor_means_the_first_page(value) -> None:
    assert parse_date_cursor(value) is None
    assert parse_moment_cursor(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "nonsense",
        "2027-13-01_4",
        "2027-01-04_x",
        "_5",
        "2027-01-04_",
        "2027-01-04",
        "2027-01-04_0",
        "2027-01-04_²",
        "0001-01-01_1",
        "9999-12-31_1",
        "2027-01-04_99999999999999999999",
    ],
)
def test_a_broken_date_cursor_is_a_bad_parameter(value) -> None:
    with pytest.raises(params.BadParameter):
        parse_date_cursor(value)


@pytest.mark.parametrize(
    "value",
    [
        "999999999999999999_1",  # the year 33658: past the end of the calendar
        "9" * 40 + "_1",
        "²_1",
        "1_²",
        "-5_3",
        "1_",
        "_1",
        "12",
        "1_0",
        "1 _1",
        "1_99999999999999999999",
    ],
)
def test_a_broken_moment_cursor_is_a_bad_parameter(value) -> None:
    with pytest.raises(params.BadParameter):
        parse_moment_cursor(value)


# --- keyset_page: one helper for every "show earlier" list -----------------------------------


def _walk(queryset, key: str, size: int) -> tuple[list[list[int]], list[str | None]]:
    """Every page from the first, as lists of ids, and each page's next cursor."""
    pages, cursors, before = [], [], None
    while True:
        page = keyset_page(queryset, key, before, size)
        pages.append([row.pk for row in page.items])
        cursors.append(page.next_cursor)
        if page.next_cursor is None:
            return pages, cursors
        before = page.next_cursor


@pytest.fixture
def weeks(db) -> list[CheckIn]:
    """Seven check-ins over three weeks in seven spaces: several share a week."""
    monday = dt.date(2027, 1, 4)
    return [
        CheckIn.objects.create(couple=Couple.objects.create(), week=monday - dt.timedelta(weeks=n))
        for n in (0, 1, 0, 2, 1, 0, 2)
    ]


def test_pages_newest_first_with_equal_dates_broken_by_id(weeks) -> None:
    pages, cursors = _walk(CheckIn.objects.all(), "week", 3)
    newest_first = sorted(weeks, key=lambda c: (c.week, c.pk), reverse=True)
    assert [pk for page in pages for pk in page] == [c.pk for c in newest_first]
    assert [len(page) for page in pages] == [3, 3, 1]
    last_of_first = newest_first[2]
    assert cursors[0] == date_cursor(last_of_first.week, last_of_first.pk)
    assert cursors[-1] is None


@pytest.mark.parametrize(("rows", "sizes"), [(0, [0]), (1, [1]), (3, [3]), (4, [3, 1])])
def test_a_page_boundary_exactly_full_has_no_next_page(db, rows, sizes) -> None:
    for _n in range(rows):
        CheckIn.objects.create(couple=Couple.objects.create(), week=dt.date(2027, 1, 4))
    pages, cursors = _walk(CheckIn.objects.all(), "week", 3)
    assert [len(page) for page in pages] == sizes
    assert cursors[-1] is None and all(cursors[:-1])


def test_the_queryset_is_narrowed_and_kept(weeks) -> None:
    first = weeks[0].week
    pages, _cursors = _walk(CheckIn.objects.filter(week=first), "week", 2)
    assert sorted(pk for page in pages for pk in page) == sorted(
        c.pk for c in weeks if c.week == first
    )


def test_moments_page_to_the_microsecond(db) -> None:
    moment = dt.datetime(2027, 1, 4, 21, 30, tzinfo=dt.UTC)
    made = [
        Couple.objects.create(created_at=moment + dt.timedelta(microseconds=n % 3))
        for n in range(8)
    ]
    pages, cursors = _walk(Couple.objects.all(), "created_at", 3)
    expected = sorted(made, key=lambda c: (c.created_at, c.pk), reverse=True)
    assert [pk for page in pages for pk in page] == [c.pk for c in expected]
    assert cursors[0] == moment_cursor(expected[2].created_at, expected[2].pk)


@pytest.mark.parametrize(
    ("key", "before"),
    [
        ("week", "nonsense"),
        ("week", "2027-01-04"),
        ("week", "1795651200000000_4"),  # a moment cursor on a list of dates
        ("created_at", "2027-01-04_4"),  # and a date cursor on a list of moments
        ("created_at", "_4"),
    ],
)
def test_a_broken_cursor_is_a_bad_parameter(db, key, before) -> None:
    model = CheckIn if key == "week" else Couple
    with pytest.raises(params.BadParameter):
        keyset_page(model.objects.all(), key, before, 10)


def test_only_dates_and_moments_order_a_page(db) -> None:
    with pytest.raises(TypeError):
        keyset_page(CheckIn.objects.all(), "couple", None, 10)
    with pytest.raises(ValueError, match="at least one"):
        keyset_page(CheckIn.objects.all(), "week", None, 0)
