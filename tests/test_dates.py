"""dates: the ways notes write a day, spans and birthdays, and calendar arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultnet.dates import (
    add_months,
    day_at_start,
    moment_format,
    moment_parser,
    next_birthday,
    optional_date,
    parse_birthday,
    parse_date,
    parse_span,
)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("2026/11/03", date(2026, 11, 3)),
        ("2026-11-03T09:30:00", date(2026, 11, 3)),
        (date(2026, 11, 3), date(2026, 11, 3)),
    ],
)
def test_a_day_is_read_as_frontmatter_writes_it(written: object, day: date) -> None:
    assert parse_date(written) == day


@pytest.mark.parametrize("written", ["", "soon", "2026-13-01", "2026-02-30", None])
def test_what_is_no_day_is_none(written: object) -> None:
    assert optional_date(written) is None


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # the month's last day, not an error
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_are_added_by_the_calendar(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("written", "month_day"),
    [
        ("1988-11-27", (11, 27)),
        ("11-27", (11, 27)),
        ("--11-27", (11, 27)),
        ("November 27", (11, 27)),
        ("27 November", (11, 27)),
        ("27th of November", (11, 27)),
        ("27.11.1988", (11, 27)),
        ("02-29", (2, 29)),
    ],
)
def test_birthdays_are_read_in_the_forms_people_write(written: str, month_day: tuple[int, int]) -> None:
    assert parse_birthday(written) == month_day


@pytest.mark.parametrize("written", ["11/03", "02-30", "someday"])
def test_a_birthday_that_cannot_be_read_one_way_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        parse_birthday(written)


def test_a_leap_day_birthday_falls_on_the_28th_in_other_years() -> None:
    assert next_birthday(2, 29, date(2026, 1, 1)) == date(2026, 2, 28)
    assert next_birthday(2, 29, date(2027, 12, 1)) == date(2028, 2, 29)
    assert next_birthday(11, 23, date(2026, 11, 23)) == date(2026, 11, 23)  # today counts
    assert next_birthday(11, 22, date(2026, 11, 23)) == date(2027, 11, 22)


@pytest.mark.parametrize(
    ("written", "days"), [("7d", 7), ("2w", 14), ("2 weeks", 14), ("3m", 90), ("1y", 365), ("10", 10)]
)
def test_spans(written: str, days: int) -> None:
    assert parse_span(written) == timedelta(days=days)


@pytest.mark.parametrize("written", ["", "soon", "-3d", "200y"])
def test_a_span_that_is_none_or_too_long_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        parse_span(written)


@pytest.mark.parametrize(
    ("fmt", "name", "day"),
    [
        ("YYYY-MM-DD", "2026-11-03", date(2026, 11, 3)),
        ("DD.MM.YYYY", "03.11.2026", date(2026, 11, 3)),
        ("MMMM Do, YYYY", "November 3rd, 2026", date(2026, 11, 3)),
        ("YYYY/MM/YYYY-MM-DD", "2026/11/2026-11-03", date(2026, 11, 3)),
        ("YYYY-MM-DD", "2026-11-31", None),
        ("YYYY-MM-DD", "meeting notes", None),
    ],
)
def test_a_daily_notes_format_reads_its_names(fmt: str, name: str, day: date | None) -> None:
    assert moment_parser(fmt)(name) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
@pytest.mark.parametrize("fmt", ["YYYY-MM-DD", "DD.MM.YYYY", "MMMM Do, YYYY", "YYYY/MM/DD dddd"])
def test_a_day_written_in_a_format_reads_back_as_that_day(fmt: str, day: date) -> None:
    written = moment_format(day, fmt)
    assert written is not None
    assert moment_parser(fmt)(written) == day


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Nov 3, 2026: coffee", date(2026, 11, 3)),
        ("November 3rd, 2026 — call", date(2026, 11, 3)),
        ("3 November 2026 lunch", date(2026, 11, 3)),
        ("Tue, Nov 3, 2026 call", date(2026, 11, 3)),
    ],
)
def test_a_day_written_out_in_english_starts_a_log_line(line: str, day: date) -> None:
    found = day_at_start(line)
    assert found is not None
    assert found[0] == day


def test_a_sentence_is_no_day() -> None:
    assert day_at_start("November was busy") is None
