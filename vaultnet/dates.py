"""Reading dates the many ways notes write them, and calendar arithmetic. Pure functions."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

# Year first, so never ambiguous: `2026-11-03`, `2026/11/03`, `2026.11.03`, a time after it.
_ISO_PREFIX = re.compile(r"^\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:$|[T\s])")
# `27.11.1988` or `27.11.`: dots put the day first wherever they are written; slashes do
# not say which comes first (27/11 or 11/27), so those are not guessed.
_DOTTED_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(?:\d{4})?\s*$")
_SLASHED = re.compile(r"^\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*$")
_MONTH_DAY = re.compile(r"^\s*(?:--)?(\d{1,2})-(\d{1,2})\s*$")
# In English, Obsidian's default locale, whatever the system's.
_MONTH_NAMES = "January February March April May June July August September October November December".split()
_DAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = {form: n for n, name in enumerate(_MONTH_NAMES, 1) for form in (name.lower(), name[:3].lower())}
_MONTHS["sept"] = 9
# The whole names of months and weekdays (`dddd`, `MMMM`, not `ddd`, `MMM`).
# A weekday as written after a day (`2026-11-03 Tue`, `… Tuesday`), lower-cased.
WEEKDAYS = frozenset(
    (*(n.lower() for n in _DAY_NAMES), *(n[:3].lower() for n in _DAY_NAMES), "tues", "weds", "thur", "thurs")
)
_MONTHS_AND_DAYS = frozenset(name.lower() for name in (*_MONTH_NAMES, *_DAY_NAMES))
_SPELLED_DAY = re.compile(r"^\s*([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\s*$")
_DAY_SPELLED = re.compile(r"^\s*(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?(?:,?\s+(\d{4}))?\s*$")


def parse_date(value: object) -> date:
    """A date from a YAML date, datetime or string such as `2026-11-03` or
    `2026-11-03T10:00`; ValueError when it is not one or is impossible (2026-02-30)."""
    found = _date_in(value)
    if found is None:
        raise ValueError(f"not a date: {_shown(value)} (write YYYY-MM-DD)")
    return found


def _date_in(value: object) -> date | None:
    """The date `value` holds, None when it holds none; ValueError when it is impossible."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, list) and len(value) == 1:
        return _date_in(value[0])  # `[[2026-11-02]]` unquoted: YAML reads a list in a list
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[["):  # a link to the day's note: `[[Daily/2026-11-03|Tuesday]]`
            text = text[2:].split("]]")[0].split("|")[0].split("#")[0].rsplit("/", 1)[-1]
        text = text.strip("[]").strip()
        match = _ISO_PREFIX.match(text)
        if match:
            year, _, month, day = match.groups()
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                raise ValueError(f"impossible date {value.strip()!r}") from None
    return None


def _shown(value: object) -> str:
    """A frontmatter value as written, near enough, for a message."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def optional_date(value: object) -> date | None:
    """Like `parse_date` but None for an empty value or anything that is not a date."""
    if value is None or value == "":
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def add_months(start: date, months: int) -> date:
    """`start` moved by whole calendar months, the day clamped to the month's length."""
    if not months:
        return start
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if start.day <= 28:
        return date(year, month, start.day)
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def parse_birthday(value: object) -> tuple[int, int]:
    """(month, day) from `1985-04-12` (or `1985/04/12`), `04-12`, `--04-12`, `April 12`,
    `12 April`, `12th of April` or `12.04.1985`."""
    if isinstance(value, (date, datetime)):
        return value.month, value.day
    if isinstance(value, list) and len(value) == 1:
        return parse_birthday(value[0])  # `[[1988-11-27]]` unquoted
    text = value.strip() if isinstance(value, str) else _shown(value)
    try:
        full = parse_date(text)
        return full.month, full.day
    except ValueError:
        pass
    match = _MONTH_DAY.match(text)
    dotted = _DOTTED_DAY_FIRST.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
    elif dotted:
        day, month = int(dotted.group(1)), int(dotted.group(2))
    else:
        match = _SPELLED_DAY.match(text)
        match2 = _DAY_SPELLED.match(text)
        if match and match.group(1).lower() in _MONTHS:
            month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
        elif match2 and match2.group(2).lower() in _MONTHS:
            month, day = _MONTHS[match2.group(2).lower()], int(match2.group(1))
        elif _SLASHED.match(text):
            raise ValueError(f"birthday {text!r} may be day/month or month/day (write YYYY-MM-DD or MM-DD)")
        else:
            raise ValueError(f"not a birthday: {text!r} (write YYYY-MM-DD or MM-DD)")
    # 2000 is a leap year, so 02-29 is accepted here.
    try:
        date(2000, month, day)
    except ValueError:
        raise ValueError(f"impossible birthday {text!r}") from None
    return month, day


def next_birthday(month: int, day: int, today: date) -> date:
    """The next date, today or later, on which a birthday falls (29 Feb -> 28 Feb)."""
    for year in (today.year, today.year + 1):
        actual = day if day <= 28 else min(day, calendar.monthrange(year, month)[1])
        candidate = date(year, month, actual)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


MAX_SPAN_DAYS = 36500


# The units of a span as people write them (`7d`, `2 wks`, `6mo`, `1yr`); its first letter says which.
SPAN_UNITS = r"d|days?|w|wks?|weeks?|m|mos?|mths?|months?|y|yrs?|years?"
_SPAN = re.compile(rf"\s*(\d+)\s*({SPAN_UNITS})?\s*")


def parse_span(text: str) -> timedelta:
    """A span such as `7d`, `2w`, `3m` (30 days each), `2 weeks`, or a bare number of days."""
    match = _SPAN.fullmatch(text.lower())
    if not match:
        raise ValueError(f"not a span: {text!r} (write e.g. 7d, 2w or 1m)")
    days = int(match.group(1)) * {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}[(match.group(2) or "")[:1]]
    if days > MAX_SPAN_DAYS:
        raise ValueError(f"span too long: {text!r} (at most 100 years)")
    return timedelta(days=days)


# Moment.js tokens that Obsidian's daily-notes format uses, longest first.
_MOMENT_TOKENS: list[tuple[str, str]] = [
    ("YYYY", r"(?P<Y>\d{4})"),
    ("YY", r"(?P<y>\d{2})"),
    ("MMMM", r"(?P<B>[A-Za-z]+)"),
    ("MMM", r"(?P<b>[A-Za-z]+)"),
    ("MM", r"(?P<m>\d{2})"),
    ("M", r"(?P<m>\d{1,2})"),
    ("DDDD", r"(?P<j>\d{3})"),
    ("DD", r"(?P<d>\d{2})"),
    ("Do", r"(?P<d>\d{1,2})(?:st|nd|rd|th)"),
    ("D", r"(?P<d>\d{1,2})"),
    ("dddd", r"[A-Za-z]+"),
    ("ddd", r"[A-Za-z]+"),
    ("dd", r"[A-Za-z]+"),
    ("d", r"\d"),
    ("E", r"\d"),
    ("e", r"\d"),
    # Tokens that name no day but may stand in a daily note's name (a time, a week, a
    # quarter): matched so such names are read, as Moment would have written them.
    ("GGGG", r"\d{4}"),
    ("gggg", r"\d{4}"),
    ("HH", r"\d{2}"),
    ("hh", r"\d{2}"),
    ("mm", r"\d{2}"),
    ("ss", r"\d{2}"),
    ("WW", r"\d{2}"),
    ("ww", r"\d{2}"),
    ("H", r"\d{1,2}"),
    ("h", r"\d{1,2}"),
    ("m", r"\d{1,2}"),
    ("s", r"\d{1,2}"),
    ("W", r"\d{1,2}"),
    ("w", r"\d{1,2}"),
    ("Q", r"[1-4]"),
    ("A", r"[AP]M"),
    ("a", r"[ap]m"),
]


def moment_regex(fmt: str) -> str:
    """A regex (unanchored) for names written in a Moment.js format (as in
    `.obsidian/daily-notes.json`), with named groups for the parts of the day."""
    pattern = []
    seen: set[str] = set()
    i = 0
    while i < len(fmt):
        if fmt[i] == "[":
            end = fmt.find("]", i)
            end = len(fmt) if end < 0 else end
            pattern.append(re.escape(fmt[i + 1 : end]))
            i = end + 1
            continue
        for token, regex in _MOMENT_TOKENS:
            if fmt.startswith(token, i):
                group = re.search(r"\?P<(\w)>", regex)
                if group and group.group(1) in seen:
                    # A repeated field (YYYY/MM/YYYY-MM-DD) must match the same text again.
                    regex = f"(?P={group.group(1)})"
                elif group:
                    seen.add(group.group(1))
                pattern.append(regex)
                i += len(token)
                break
        else:
            pattern.append(re.escape(fmt[i]))
            i += 1
    return "".join(pattern)


def names_a_day(fmt: str) -> bool:
    """True when names in this Moment.js format say the year, the month and the day."""
    groups = set(re.compile(moment_regex(fmt)).groupindex)
    has_month_day = "d" in groups and bool({"m", "B", "b"} & groups)
    return bool({"Y", "y"} & groups) and ("j" in groups or has_month_day)


def moment_date(match: re.Match[str]) -> date | None:
    """The day a match of `moment_regex` names; None when it names none (or none real)."""
    parts = match.groupdict()
    try:
        year = int(parts["Y"]) if parts.get("Y") else 2000 + int(parts["y"])
        if parts.get("j"):
            return date(year, 1, 1) + timedelta(days=int(parts["j"]) - 1)
        if parts.get("m"):
            month = int(parts["m"])
        else:
            month = _MONTHS[(parts.get("B") or parts.get("b") or "").lower()]
        return date(year, month, int(parts["d"]))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_name_reader(fmt: str) -> Callable[[str], date | None]:
    """Reads the day a link names by a daily note's file name: `2026-11-03`, or a name in
    the daily notes' format `fmt` (its last part, as links name notes by file name)."""
    named = moment_parser(fmt.rsplit("/", 1)[-1])

    def read(name: str) -> date | None:
        if _ISO_DAY.fullmatch(name):
            try:
                return date.fromisoformat(name)
            except ValueError:
                return None
        return named(name)

    return read


def _words(names: list[str], extra: tuple[str, ...] = ()) -> str:
    """An alternation of names and their three-letter forms, longest first."""
    words = {n.lower() for n in names} | {n[:3].lower() for n in names} | set(extra)
    return "|".join(sorted(words, key=len, reverse=True))


# Around a day at the start of a log line: bold or italic, then a separator before the text.
DAY_LEAD = r"(?:\*\*|__|\*|_)?"
DAY_TAIL = r"(?:\*\*|__|\*|_)?[ \t]*(?:[:：—–|,]|-(?!\d)|\.(?!\d))?[ \t]*"


@functools.cache
def _written_day() -> re.Pattern[str]:
    """A day written out at the start of a log line, as people type it (in English,
    Obsidian's default locale): `Nov 3, 2026: coffee`, `3 November 2026 — lunch`, `Tuesday,
    November 3rd, 2026`, `03.11.2026` (dots put the day first, as for birthdays); not
    `11/03/2026` (day or month first? see AMBIGUOUS_DAY). Compiled on first use: every
    command imports this module, few read logs."""
    return re.compile(
        rf"^{DAY_LEAD}(?P<ln>\[\[)?"  # or a link to the day's note, as Logseq writes one
        rf"(?:(?P<wd>{_words(_DAY_NAMES, ('tues', 'thur', 'thurs'))})(?P<ws>\.?,?[ \t]+))?"
        rf"(?:(?P<m1>{_words(_MONTH_NAMES, ('sept',))})(?P<s1>\.?[ \t]+)(?P<d1>\d{{1,2}})(?P<o1>st|nd|rd|th)?"
        r"(?P<s2>,?[ \t]+)(?P<y1>\d{4})"
        rf"|(?P<d2>\d{{1,2}})(?P<o2>st|nd|rd|th)?(?P<s3>\.?[ \t]+)(?P<m2>{_words(_MONTH_NAMES, ('sept',))})"
        r"(?P<s4>\.?,?[ \t]+)(?P<y2>\d{4})"
        r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4}))"
        r"(?(ln)(?:#[^\[\]|\n]*)?(?:\|[^\]\n]*)?\]\]|(?![^\W_]))"
        rf"{DAY_TAIL}",
        re.IGNORECASE,
    )


# `11/03/2026 call`: a day whose day and month could be either way round.
_SLASHED_DAY = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2\d{4}(?![\d/-])")


def slashed_order(text: str) -> str | None:
    """How a note writes days as `03/11/2026` or `03-11-2026`: "dmy" or "mdy", as its
    days that can be read one way only say (`25/11/2026`: day first); None when they
    say nothing, or both."""
    day_first = month_first = False
    for first, _, second in _SLASHED_DAY.findall(text):
        a, b = int(first), int(second)
        day_first |= 12 < a <= 31 and 1 <= b <= 12
        month_first |= 12 < b <= 31 and 1 <= a <= 12
    return "dmy" if day_first and not month_first else "mdy" if month_first and not day_first else None


def slashed_readings(written: str, separator: str) -> dict[str, date]:
    """The days `03/11/2026` can be: "dmy" and/or "mdy" -> the day, where there is one."""
    first, second, year = (int(part) for part in written.split(separator))
    valid: dict[str, date] = {}
    for order, (month, day) in (("dmy", (second, first)), ("mdy", (first, second))):
        if year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            valid[order] = date(year, month, day)
    return valid


def slashed_day(content: str, order: str | None) -> tuple[date, re.Match[str]] | None:
    """The day a text opens with written as `25/11/2026` (one reading only) or as
    `03/11/2026` read in `order`, with the match; None otherwise."""
    found = AMBIGUOUS_DAY.match(content) if content[:3].lstrip("*_")[:1].isdigit() else None
    if found is None:
        return None
    chosen = slashed_choice(slashed_readings(found.group(1), found.group(2)), order)
    return (chosen, found) if chosen is not None else None


def slashed_choice(valid: dict[str, date], order: str | None) -> date | None:
    """Of a day's `slashed_readings`, the one there is, else the one `order` says."""
    return next(iter(valid.values())) if len(valid) == 1 else valid.get(order or "")


AMBIGUOUS_DAY = re.compile(rf"^{DAY_LEAD}(\d{{1,2}}([/-])\d{{1,2}}\2\d{{4}})(?!\d)")  # `11/03/2026`, `03-11-2026`


def day_at_start(content: str) -> tuple[date | None, str, str, str] | None:
    """The day `content` starts with when written out (see _written_day): (the day, or
    None when there is no such day, as `Feb 30, 2026`; the rest of the text; the day as
    written; the Moment.js format it is written in, to write another day so). None when
    it starts with no such day."""
    first = content[:4].lstrip("*_[")[:1]
    if not first.isalnum():
        return None
    match = _written_day().match(content)
    if match is None:
        return None
    parts = match.groupdict()
    written = match.group(0).strip(" \t:：—–|,-.*_[]")
    fmt = ""
    if parts["wd"]:
        fmt = ("dddd" if parts["wd"].lower() in _MONTHS_AND_DAYS else "ddd") + parts["ws"]
    if parts["m3"]:
        day, month, year = parts["d3"], parts["m3"], parts["y3"]
        fmt += ("DD" if len(day) == 2 else "D") + "." + ("MM" if len(month) == 2 else "M") + ".YYYY"
        number = int(month)
    else:
        first_month = parts["m1"] is not None
        name = parts["m1"] if first_month else parts["m2"]
        day = parts["d1"] if first_month else parts["d2"]
        year = parts["y1"] if first_month else parts["y2"]
        number = _MONTHS[name.lower()]
        month_token = "MMMM" if name.lower() in _MONTHS_AND_DAYS else "MMM"
        day_token = "Do" if parts["o1" if first_month else "o2"] else "D"
        if first_month:
            fmt += f"{month_token}{parts['s1']}{day_token}{parts['s2']}YYYY"
        else:
            fmt += f"{day_token}{parts['s3']}{month_token}{parts['s4']}YYYY"
    try:
        when: date | None = date(int(year), number, int(day))
    except ValueError:
        when = None
    return when, content[match.end() :], written, fmt


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day_tokens(day: date) -> list[tuple[str, str]]:
    """The Moment.js tokens that name a day, longest first, written for `day` (in
    English, Obsidian's default locale, whatever the system's)."""
    weekday = day.weekday()
    return [
        ("YYYY", f"{day.year:04d}"),
        ("YY", f"{day.year % 100:02d}"),
        ("MMMM", _MONTH_NAMES[day.month - 1]),
        ("MMM", _MONTH_NAMES[day.month - 1][:3]),
        ("MM", f"{day.month:02d}"),
        ("M", str(day.month)),
        ("DDDD", f"{day.timetuple().tm_yday:03d}"),
        ("DD", f"{day.day:02d}"),
        ("Do", _ordinal(day.day)),
        ("D", str(day.day)),
        ("dddd", _DAY_NAMES[weekday]),
        ("ddd", _DAY_NAMES[weekday][:3]),
        ("dd", _DAY_NAMES[weekday][:2]),
        ("d", str((weekday + 1) % 7)),  # Sunday is 0
        ("E", str(weekday + 1)),
        ("e", str((weekday + 1) % 7)),
    ]


def moment_format(day: date, fmt: str) -> str | None:
    """`day` written in a Moment.js format (as a daily note is named); None when the format
    holds a token that is not about the day (a time, a week), which a day cannot fill in."""
    tokens = _day_tokens(day)
    out: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "[":
            end = fmt.find("]", i)
            end = len(fmt) if end < 0 else end
            out.append(fmt[i + 1 : end])
            i = end + 1
            continue
        for token, written in tokens:
            if fmt.startswith(token, i):
                out.append(written)
                i += len(token)
                break
        else:
            if any(fmt.startswith(token, i) for token, _ in _MOMENT_TOKENS):
                return None  # HH, WW, Q…: not something a day says
            out.append(fmt[i])
            i += 1
    return "".join(out)


def moment_parser(fmt: str) -> Callable[[str], date | None]:
    """A function that reads a date from a file path written in a Moment.js format
    (as in `.obsidian/daily-notes.json`), or returns None when the path does not match."""
    compiled = re.compile(moment_regex(fmt) + r"\Z", re.IGNORECASE)

    def parse(text: str) -> date | None:
        match = compiled.match(text)
        return moment_date(match) if match else None

    return parse


def spoken_day(text: str, today: date) -> date | None:
    """A day as people type it, from `today`: `today`, `yesterday`, `last tuesday`,
    `next friday`, `in 2 weeks`, `3 days ago` (parsedatetime reads them); None when the
    words name no day."""
    import parsedatetime  # (only when a day is typed so)

    calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    start = datetime(today.year, today.month, today.day, 12)
    found, context = calendar.parseDT(text.strip(), sourceTime=start)
    return found.date() if context.hasDate else None
