"""Wall-clock scheduling across time zones and daylight saving."""

from __future__ import annotations

import datetime as dt

import pytest

from nearer.lib import schedule

LONDON = schedule.zone("Europe/London")
NEW_YORK = schedule.zone("America/New_York")
TOKYO = schedule.zone("Asia/Tokyo")
UTC = dt.UTC
UTC_ZONE = schedule.zone("UTC")


def test_a_local_time_becomes_the_right_utc_moment_in_winter_and_summer() -> None:
    assert schedule.at_local(dt.date(2027, 1, 10), dt.time(19), LONDON) == dt.datetime(
        2027, 1, 10, 19, tzinfo=UTC
    )
    assert schedule.at_local(dt.date(2027, 7, 11), dt.time(19), LONDON) == dt.datetime(
        2027, 7, 11, 18, tzinfo=UTC
    )


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    # London skips 01:00–02:00 on 28 March 2027.
    day = dt.date(2027, 3, 28)
    assert schedule.nonexistent(day, dt.time(1, 30), LONDON)
    assert not schedule.nonexistent(day, dt.time(2, 30), LONDON)
    moment = schedule.at_local(day, dt.time(1, 30), LONDON)
    assert moment.astimezone(LONDON).time() == dt.time(2, 30)


def test_a_repeated_autumn_time_means_the_first_one() -> None:
    day = dt.date(2027, 10, 31)  # London repeats 01:00–02:00
    assert not schedule.nonexistent(day, dt.time(1, 30), LONDON)
    assert schedule.at_local(day, dt.time(1, 30), LONDON) == dt.datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )


def test_next_weekly_keeps_the_wall_time_across_daylight_saving() -> None:
    # Sundays 19:00 in London, asked on Saturday 27 March 2027 (the night before the switch).
    after = dt.datetime(2027, 3, 27, 12, tzinfo=UTC)
    first = schedule.next_weekly(after=after, weekdays=[6], at=dt.time(19), tz=LONDON)
    assert first == dt.datetime(2027, 3, 28, 18, tzinfo=UTC)  # BST from that morning
    before = schedule.next_weekly(
        after=after - dt.timedelta(days=7), weekdays=[6], at=dt.time(19), tz=LONDON
    )
    assert before == dt.datetime(2027, 3, 21, 19, tzinfo=UTC)


def test_next_weekly_is_strictly_after_and_respects_zones_east_of_utc() -> None:
    # Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    after = dt.datetime(2027, 1, 10, 22, tzinfo=UTC)  # Monday 07:00 in Tokyo
    got = schedule.next_weekly(after=after, weekdays=[0], at=dt.time(8), tz=TOKYO)
    assert got == dt.datetime(2027, 1, 10, 23, tzinfo=UTC)
    again = schedule.next_weekly(after=got, weekdays=[0], at=dt.time(8), tz=TOKYO)
    assert again == got + dt.timedelta(days=7)


def test_next_weekly_with_several_days_and_none() -> None:
    after = dt.datetime(2027, 1, 6, 9, tzinfo=UTC)  # Wednesday
    got = schedule.next_weekly(after=after, weekdays=[0, 4], at=dt.time(8), tz=LONDON)
    assert got == dt.datetime(2027, 1, 8, 8, tzinfo=UTC)  # Friday
    assert schedule.next_weekly(after=after, weekdays=[], at=dt.time(8), tz=LONDON) is None


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (dt.time(21, 59), False),
        (dt.time(22, 0), True),
        (dt.time(3, 0), True),
        (dt.time(7, 59), True),
        (dt.time(8, 0), False),
        (dt.time(12, 0), False),
    ],
)
def test_quiet_hours_across_midnight(local: dt.time, quiet: bool) -> None:
    moment = schedule.at_local(dt.date(2027, 1, 10), local, NEW_YORK)
    assert schedule.in_quiet_hours(moment, NEW_YORK, dt.time(22), dt.time(8)) is quiet


def test_quiet_hours_within_a_day_and_none() -> None:
    moment = schedule.at_local(dt.date(2027, 1, 10), dt.time(13, 30), LONDON)
    assert schedule.in_quiet_hours(moment, LONDON, dt.time(13), dt.time(14))
    assert not schedule.in_quiet_hours(moment, LONDON, dt.time(9), dt.time(9))


def test_after_quiet_hours_waits_until_they_end_locally() -> None:
    late = schedule.at_local(dt.date(2027, 1, 10), dt.time(23, 15), NEW_YORK)
    held = schedule.after_quiet_hours(late, NEW_YORK, dt.time(22), dt.time(8))
    assert held == schedule.at_local(dt.date(2027, 1, 11), dt.time(8), NEW_YORK)
    early = schedule.at_local(dt.date(2027, 1, 11), dt.time(6), NEW_YORK)
    assert schedule.after_quiet_hours(early, NEW_YORK, dt.time(22), dt.time(8)) == held
    noon = schedule.at_local(dt.date(2027, 1, 11), dt.time(12), NEW_YORK)
    assert schedule.after_quiet_hours(noon, NEW_YORK, dt.time(22), dt.time(8)) == noon


def test_unknown_zone_falls_back_to_utc() -> None:
    assert schedule.zone("Mars/Olympus_Mons").key == "UTC"


def test_week_of_is_monday() -> None:
    assert schedule.week_of(dt.date(2027, 1, 10)) == dt.date(2027, 1, 4)
    assert schedule.week_of(dt.date(2027, 1, 4)) == dt.date(2027, 1, 4)


@pytest.mark.parametrize("day", [dt.date.min, dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date.max])
def test_days_at_the_ends_of_the_calendar_are_out_of_range_not_an_overflow(day) -> None:
    # Near the years 1 and 9999 a time zone's offset overflows Python's datetime.
    east, west = schedule.zone("Asia/Tokyo"), schedule.zone("Pacific/Honolulu")
    for tz in (east, west, UTC_ZONE):
        with pytest.raises(schedule.OutOfRange):
            schedule.nonexistent(day, dt.time(0), tz)
        with pytest.raises(schedule.OutOfRange):
            schedule.at_local(day, dt.time(23, 59), tz)


def test_the_ends_of_the_supported_range_still_compute() -> None:
    for tz in (TOKYO, NEW_YORK, schedule.zone("Pacific/Kiritimati")):
        for day, at in (
            (schedule.EARLIEST_DAY, dt.time(0)),
            (schedule.LATEST_DAY, dt.time(23, 59)),
        ):
            assert not schedule.nonexistent(day, at, tz)
            assert schedule.at_local(day, at, tz).astimezone(tz).date() == day
