import datetime as dt

import pytest

from nearer.lib import params
from nearer.lib.paging import (
    EPOCH,
    date_cursor,
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
