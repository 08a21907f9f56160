"""Reading numbers and dates from a request: strict ASCII digits, sane ranges, 400 otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import BadRequest

from nearer.lib import params
from nearer.lib.schedule import EARLIEST_DAY, LATEST_DAY

# Not a plain run of ASCII digits, though "²" passes str.isdigit() and "٣", "１２", "1_000",
# " 12" and "+12" pass int().
NOT_PLAIN_DIGITS = [
    "²",
    "1²",
    "٣",
    "１２",
    "1_000",
    " 12",
    "12 ",
    "+12",
    "-1",
    "1e3",
    "12.0",
    "0x1f",
]


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_value_is_none(value) -> None:
    for read in (params.integer, params.identifier, params.day, params.month):
        assert read(value) is None


def test_plain_digits_are_read() -> None:
    assert params.integer("0") == 0
    assert params.integer("007") == 7
    assert params.integer("42", low=1, high=42) == 42
    assert params.identifier(str(params.MAX_ID)) == params.MAX_ID


@pytest.mark.parametrize("value", NOT_PLAIN_DIGITS)
def test_anything_but_ascii_digits_is_a_bad_parameter(value) -> None:
    with pytest.raises(params.BadParameter):
        params.integer(value)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [("0", 1, 10), ("11", 1, 10), ("9" * 19, 0, params.MAX_ID), ("9" * 20, 0, 10**30)],
)
def test_numbers_out_of_range_or_too_long_are_bad_parameters(value, low, high) -> None:
    with pytest.raises(params.BadParameter):
        params.integer(value, low=low, high=high)


def test_an_id_starts_at_one_and_fits_a_bigint() -> None:
    for value in ("0", str(params.MAX_ID + 1), "9" * 400):
        with pytest.raises(params.BadParameter):
            params.identifier(value)


def test_a_bad_parameter_is_a_bad_request_and_does_not_repeat_the_value() -> None:
    with pytest.raises(BadRequest) as caught:
        params.integer("secret²")
    assert "secret" not in str(caught.value)  # the message is logged with the path


def test_days_are_iso_dates_within_the_calendar() -> None:
    assert params.day("2027-03-24") == dt.date(2027, 3, 24)
    assert params.day(EARLIEST_DAY.isoformat()) == EARLIEST_DAY
    assert params.day(LATEST_DAY.isoformat()) == LATEST_DAY


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01",
        "9999-12-31",
        (EARLIEST_DAY - dt.timedelta(days=1)).isoformat(),
        (LATEST_DAY + dt.timedelta(days=1)).isoformat(),
        "2027-02-30",
        "2027-13-01",
        "0000-01-01",
        "2027-3-24",
        "20270324",
        "2027-W12-3",
        "2027-03-24T00:00",
        "２０２７-03-24",
        "2027-0²-24",
        " 2027-03-24",
    ],
)
def test_other_days_are_bad_parameters(value) -> None:
    with pytest.raises(params.BadParameter):
        params.day(value)


def test_months_are_year_and_month_within_the_calendar() -> None:
    assert params.month("2027-03") == dt.date(2027, 3, 1)
    assert params.month(f"{LATEST_DAY.year}-12") == dt.date(LATEST_DAY.year, 12, 1)
    for value in ("9999-12", "0001-01", "2027-13", "2027-00", "2027-3", "2027-03-01", "²027-03"):
        with pytest.raises(params.BadParameter):
            params.month(value)
