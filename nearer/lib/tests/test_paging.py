import datetime as dt

import pytest

from nearer.lib.paging import date_cursor, parse_date_cursor


def test_a_cursor_round_trips() -> None:
    assert parse_date_cursor(date_cursor(dt.date(2027, 1, 4), 42)) == (dt.date(2027, 1, 4), 42)


@pytest.mark.parametrize("value", [None, "", "nonsense", "2027-13-01_4", "2027-01-04_x", "_5"])
def test_a_broken_cursor_means_the_first_page(value) -> None:
    assert parse_date_cursor(value) is None
