"""The things vaultnet knows about: contacts, interactions, promises, cadences, due items.

Plain frozen dataclasses with no I/O, so every other module can share them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from .dates import SPAN_UNITS, add_months

CIRCLES = ("inner", "network", "prospect")
# Where a contact's note says they are no longer someone to keep in touch with (`circle:
# archived`, `status: inactive`, `status: deceased`, `archived: true`, the tag `archived`):
# their circle is this one, and nothing falls due for them.
ARCHIVED = "archived"
# The `type:` (and tags) that say a note is a person.
PERSON_TYPES = frozenset(("person", "people", "contact", "contacts"))
ARCHIVED_WORDS = frozenset(("archived", "archive", "inactive", "deceased", "passed away", "do not contact"))

_NAMED_CADENCES: dict[str, tuple[int, int]] = {
    # name: (days, months)
    "daily": (1, 0),
    "weekly": (7, 0),
    "biweekly": (14, 0),
    "fortnightly": (14, 0),
    "semimonthly": (14, 0),
    "monthly": (0, 1),
    "bimonthly": (0, 2),
    "quarterly": (0, 3),
    "semiannually": (0, 6),
    "semiannual": (0, 6),
    "halfyearly": (0, 6),
    "biannually": (0, 6),
    "yearly": (0, 12),
    "annually": (0, 12),
}
_NO_CADENCE = {"none", "never", "no", "off", "-", ""}
_UNITS = {"d": (1, 0), "w": (7, 0), "m": (0, 1), "q": (0, 3), "y": (0, 12)}
# `14d`, `6 weeks`, `every 2 months`, and the short forms people type: `6mo`, `2 wks`, `1yr`.
_SPELLED = re.compile(rf"^(?:every\s+)?(\d+)\s*({SPAN_UNITS}|q|quarters?)$", re.IGNORECASE)
# `every week`, `every other month`, `twice a year`, or just `month`: as people write them.
_EVERY = re.compile(r"^(?:(?:every|each|once an?)\s+)?(other\s+)?(day|week|month|quarter|year)$")
_EVERY_SPAN = {"day": (1, 0), "week": (7, 0), "month": (0, 1), "quarter": (0, 3), "year": (0, 12)}
# `twice a year`, `3x a month`, `4 times per year`: so many times in a week, month, quarter
# or year (a month is read as four weeks, so `twice a month` is every two weeks).
_TIMES = re.compile(
    r"^(once|twice|thrice|(\d+)\s*(?:x|times))(?:\s+(?:a|an|per|every|each)\s+|\s*/\s*)(week|month|quarter|year)$"
)
_TIMES_COUNT = {"once": 1, "twice": 2, "thrice": 3}
CADENCE_HELP = "weekly, biweekly, monthly, quarterly, yearly, none, or a span like 14d, 6w, 3m"

LIST_SEP = "\x1f"  # joins a list in one index column: the ASCII unit separator, never in a name, email or tag


@dataclass(frozen=True)
class Cadence:
    """How often to be in touch: a number of days plus a number of calendar months."""

    days: int
    months: int
    label: str

    def after(self, start: date) -> date:
        """The date one cadence after `start` (month steps keep the day, clamped); the
        last date there is when that is past the calendar's end (a last contact in 9999)."""
        try:
            return add_months(start, self.months) + timedelta(days=self.days)
        except (OverflowError, ValueError):
            return date.max


def parse_cadence(value: object) -> Cadence | None:
    """Read a cadence as users write it; None means "no cadence"; ValueError if unknown
    or longer than ten years."""
    cadence = _read_cadence(value)
    # A longer cadence is a typo (`99y`), not a plan, and would run off the calendar.
    if cadence is not None and cadence.after(date(2000, 1, 1)) > date(2010, 1, 1):
        raise ValueError(f"cadence {str(value).strip()!r} is longer than ten years (use none for no cadence)")
    return cadence


def _read_cadence(value: object) -> Cadence | None:
    if value is None or value is False:
        return None
    if isinstance(value, bool):
        raise ValueError(f"unknown cadence {value!r} (use {CADENCE_HELP})")
    if isinstance(value, int):
        if value <= 0:
            return None
        return Cadence(value, 0, f"{value}d")
    text = " ".join(str(value).strip().lower().replace("_", " ").split())
    if text in _NO_CADENCE:
        return None
    compact = text.replace("-", "").replace(" ", "")  # bi-weekly, semi annually, half-yearly
    if compact in _NAMED_CADENCES:
        days, months = _NAMED_CADENCES[compact]
        return Cadence(days, months, compact)
    if text.isdigit():  # as the number 14 is read: days
        return Cadence(int(text), 0, f"{int(text)}d") if int(text) > 0 else None
    every = _EVERY.match(text)
    if every:
        days, months = _EVERY_SPAN[every.group(2)]
        return _span(days * 2, months * 2) if every.group(1) else _span(days, months)
    times = _TIMES.match(text)
    if times:
        return _times_a(int(times.group(2)) if times.group(2) else _TIMES_COUNT[times.group(1)], times.group(3))
    match = _SPELLED.match(text)
    if match:
        count = int(match.group(1))
        unit = match.group(2)[0].lower()
        if count <= 0:
            return None
        days, months = _UNITS[unit]
        return Cadence(days * count, months * count, f"{count}{unit}")
    raise ValueError(f"unknown cadence {str(value)!r} (use {CADENCE_HELP})")


def _times_a(count: int, unit: str) -> Cadence | None:
    """`count` times a `unit`: whole months where they divide it, else days."""
    if count <= 0:
        return None
    if count == 1:  # once a month: monthly
        return _span(*_EVERY_SPAN[unit])
    months = {"quarter": 3, "year": 12}.get(unit, 0)
    if months and months % count == 0:
        return _span(0, months // count)
    return _span(max(1, round({"week": 7, "month": 28, "quarter": 91, "year": 365}[unit] / count)), 0)


def _span(days: int, months: int) -> Cadence:
    """A cadence of so many days or months, labelled as the index keeps it (`14d`, `6m`)."""
    return Cadence(days, months, f"{days}d" if days else f"{months}m")


# Contact, DueItem, Interaction and Promise are NamedTuples rather than frozen dataclasses:
# just as immutable, and three times cheaper to build, which counts when a command makes
# tens of thousands of them.


class Interaction(NamedTuple):
    """One dated conversation: a line in a contact's log, a daily note that links them, or a
    meeting note that lists them among its attendees."""

    date: date
    text: str
    path: str
    line: int
    source: str  # "log" (the contact's own note), "daily" (a daily note linking them) or "meeting"


class Promise(NamedTuple):
    """An open `- [ ]` task owed to a contact, with its optional due date."""

    text: str
    due: date | None
    path: str
    line: int


T = TypeVar("T")


class LazyFields(Mapping[str, Any]):
    """Frontmatter fields kept as JSON text until first read: most listings of thousands
    of contacts never look at them."""

    __slots__ = ("_data", "_names", "_text")

    def __init__(self, text: str | Callable[[], str]) -> None:
        self._text = text  # the JSON, or a function that fetches it
        self._data: dict[str, Any] | None = None
        self._names: dict[str, str] | None = None

    def recognised(self) -> dict[str, str]:
        """`recognised_names` of these fields, worked out once."""
        if self._names is None:
            self._names = recognised_names(self._fields())
        return self._names

    def read_once(self, reader: Callable[[], T]) -> T:
        """`reader()`, which reads these fields, without keeping them decoded afterwards
        when they were not before: a pass over every contact of a large network (the
        digest's) then holds one contact's fields at a time, not all of them."""
        held = self._data is not None or not isinstance(self._text, str)
        try:
            return reader()
        finally:
            if not held:
                self._data = self._names = None

    def json_text(self) -> str:
        """The fields as JSON text, without decoding them when they were not yet."""
        if self._data is None:
            return self._text if isinstance(self._text, str) else self._text()
        return json.dumps(self._data, ensure_ascii=False, default=str)

    def _fields(self) -> dict[str, Any]:
        if self._data is None:
            text = self._text if isinstance(self._text, str) else self._text()
            self._data = json.loads(text)
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._fields()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields())

    def __len__(self) -> int:
        return len(self._fields())

    # The dict's own views and lookups: the Mapping defaults go through __getitem__ per
    # key, which `stats` and `list` feel across thousands of contacts.
    def items(self) -> ItemsView[str, Any]:
        return self._fields().items()

    def keys(self) -> KeysView[str]:
        return self._fields().keys()

    def values(self) -> ValuesView[Any]:
        return self._fields().values()

    def get(self, key: str, default: Any = None) -> Any:
        data = self._data  # (asked hundreds of thousands of times by stats and the digest)
        return (data if data is not None else self._fields()).get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._fields()

    def __repr__(self) -> str:
        return repr(self._fields())


# The fields vaultnet reads a meaning from, by the name docs/note-format.md gives them, and other
# names people give them in real vaults (`Company:`, `org:`, `Last Contact:`, `dob:`).
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "fullname", "display_name", "contact_name", "person", "person_name"),
    "company": ("organization", "organisation", "org", "employer", "firm"),
    "role": ("job_title", "jobtitle", "position"),
    "location": ("city",),
    "birthday": ("birthdate", "date_of_birth", "dob"),
    "phone": ("mobile", "phone_number", "telephone", "tel", "cell", "cell_phone", "mobile_phone", "mobile_number"),
    "email": ("email_address", "e_mail_address"),
    "last_contact": (
        *("last_contacted", "last_contact_date", "last_interaction", "last_spoke", "last_talked"),
        *("last_contacted_at", "last_contacted_on", "last_contact_at", "last_contact_on"),
    ),
    "met_on": ("first_met", "date_met", "met_date"),
    "how_met": ("how_we_met", "met_through", "met_via"),
    "cadence": ("frequency", "contact_frequency", "check_in_frequency"),
}
# (Not `type`: a person's note may say `Type: Client` of the relationship, and only
# `type:` as written says what the note is.)
RECOGNISED = frozenset(
    (
        *_OTHER_NAMES,
        *("name", "aliases", "alias", "emails", "email", "e-mail", "mail", "industry", "tags", "tag", "interests"),
        *("offers", "needs", "met_on", "circle", "cadence", "categories", "category", "date", "attendees"),
        *("attendee", "participants", "people", "with", "attended", "status"),
    )
)


# The recognised fields that name things rather than people: a link there (`company:
# [[Acme]]`, `location: [[Berlin]]`) is to a company, place or topic.
THING_FIELDS = frozenset(
    (
        *("company", "role", "location", "industry", "tags", "tag", "interests", "offers", "needs"),
        *("categories", "category", "circle"),
        # How you met names a place, an event or a platform (`How We Met: [[LinkedIn]]`), and
        # the date fields a day (`Birthday: [[February 7th]]`): no person gone missing.
        *("how_met", "birthday", "met_on", "last_contact"),
    )
)


@functools.lru_cache(maxsize=4096)
def field_key(name: str) -> str | None:
    """The recognised field a frontmatter name means, compared as people mean it
    (`Last Contact`, `last-contact`, `lastContact` and `last_contact` alike; `org` for company)."""
    if not name.islower() and not name.isupper():
        name = _CAMEL_HUMP.sub(" ", name)  # `lastContact`, `howMet`, as code-minded templates write keys
    key = "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())
    if key in RECOGNISED:
        return key
    if key.replace("_", "-") in RECOGNISED:  # e-mail
        return key.replace("_", "-")
    return _SYNONYMS.get(key)


_SYNONYMS = {other: key for key, others in _OTHER_NAMES.items() for other in others}
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


def recognised_names(fields: Mapping[str, Any]) -> dict[str, str]:
    """recognised field -> the name `fields` holds it under, where that is another name
    (`Company`, `org`); empty when every name is as docs/note-format.md writes it (the common case).
    A field under its own name wins over another spelling of it, unless it is left empty
    (`company:` from a template, `**Company**:: Acme` in the body); the first spelling
    that says something wins among others."""
    found: dict[str, str] = {}
    for name in fields:
        if name in RECOGNISED or not isinstance(name, str):
            continue
        key = field_key(name)
        if key is None or (key in fields and (not unsaid(fields[key]) or unsaid(fields[name]))):
            continue
        if key not in found or (unsaid(fields[found[key]]) and not unsaid(fields[name])):
            found[key] = name
    return found


def unsaid(value: object) -> bool:
    """True for a field left empty (`company:`, `tags: []`)."""
    return value is None or value == "" or value == []


_ABSENT = object()


class Contact(NamedTuple):
    """A person in the vault, with the dates vaultnet worked out for them."""

    path: str
    name: str
    fields: Mapping[str, Any]
    circle: str | None = None
    cadence: Cadence | None = None
    emails: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    met_on: date | None = None
    birthday: str | None = None  # MM-DD
    last_contact: date | None = None
    first_contact: date | None = None
    next_due: date | None = None
    sort_key: str = ""  # the name, case- and accent-folded
    first_meeting: date | None = None  # a first meeting the note gives evidence of: a follow-up is owed
    # The SUMMARY_FIELDS as `field` gives them, where the index kept them apart (None: read `fields`).
    summary: Mapping[str, Any] | None = None
    company: str | None = None  # the company as `field_text` gives it, where the index kept it (for lists)

    def field(self, key: str) -> Any:
        """A field's value, None when absent; a recognised field under another name
        (`Company:`, `org:`) too."""
        if self.summary is not None and key in SUMMARY_FIELDS:
            return self.summary.get(key)
        fields = self.fields
        value = fields.get(key, _ABSENT)
        if value is not _ABSENT and value is not None and value != "" and value != []:  # (unsaid, inline: it is hot)
            return value
        names = fields.recognised() if isinstance(fields, LazyFields) else recognised_names(fields)
        return _under_another_name(fields, key, value, names)

    def field_text(self, key: str) -> str:
        """A field's value as display text (lists joined by commas), "" when absent."""
        if key == "company" and self.company is not None:
            return self.company
        return display_value(self.field(key))


class Listed(NamedTuple):
    """A contact as `list` shows them: a line of the table."""

    name: str
    path: str
    circle: str | None
    company: str
    last_contact: date | None
    next_due: date | None

    @classmethod
    def of(cls, c: Contact) -> Listed:
        return cls(c.name, c.path, c.circle, c.field_text("company"), c.last_contact, c.next_due)


# The fields that lists, stats, the diversity of the network and introductions read of
# every contact: the index keeps them apart (`summary_of`), so that reading them for
# thousands of people does not decode every note's fields. (query.shape.DIVERSITY_FIELDS
# are all here: a test checks.)
SUMMARY_FIELDS = frozenset(
    (
        *("company", "role", "industry", "location", "offers", "needs", "interests"),
        *("age", "birthday", "born", "birth_year", "nationality", "citizenship", "country_of_origin"),
        *("culture", "ethnicity", "heritage", "languages", "language", "gender", "pronouns"),
        *("experience", "seniority", "level", "career_stage"),
    )
)


def _under_another_name(fields: Mapping[str, Any], key: str, value: Any, names: Mapping[str, str]) -> Any:
    """`Contact.field` where `key` itself says nothing (`value`, or absent)."""
    name = names.get(key)
    return (None if value is _ABSENT else value) if name is None else fields.get(name)


_SUMMARY_ORDER = sorted(SUMMARY_FIELDS)


def summary_of(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The SUMMARY_FIELDS a note's fields say, each as `Contact.field` reads it (the
    same steps, with the other names worked out once: the index does this for every note)."""
    names: Mapping[str, str] | None = None
    found = {}
    for key in _SUMMARY_ORDER:
        value = fields.get(key, _ABSENT)
        if not (value is not _ABSENT and value is not None and value != "" and value != []):
            if names is None:
                names = recognised_names(fields)
            value = _under_another_name(fields, key, value, names)
        if value is not None:
            found[key] = value
    return found


class DueItem(NamedTuple):
    """Something to do for one contact, and why."""

    contact: Contact
    reason: str  # "cadence", "followup", "promise", "birthday"
    due: date
    detail: str
    promise: Promise | None = None

    def overdue_days(self, today: date) -> int:
        """Days past the due date; negative when it is still ahead."""
        return (today - self.due).days


@dataclass(frozen=True)
class Problem:
    """Something wrong in the vault, reported by `check` and by the index."""

    path: str
    line: int | None
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")


def unquoted_link(item: object) -> str | None:
    """`[[x]]` for an item of a list that is a list of one text `x`: how YAML reads a link
    left unquoted (`with: [[Ann]]`, `company: [[Acme Corp|Acme]]`); else None."""
    if type(item) is list and len(item) == 1 and type(item[0]) is str:
        return f"[[{item[0]}]]"
    return None


def display_value(value: object) -> str:
    """Text for showing a frontmatter value: wikilinks unwrapped, lists comma-joined."""
    if type(value) is str and "[[" not in value:
        return value  # the common case, and a cold index asks this for every field
    if value is None:
        return ""
    if type(value) is list:
        try:
            joined = ", ".join(value)  # a list of plain strings, the usual kind, in one step
        except TypeError:
            pass  # numbers, dates, nulls, nested values: item by item below
        else:
            if "[[" not in joined:
                return joined
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        # A link left unquoted is shown as the link it was meant to be.
        return ", ".join(display_value(unquoted_link(v) or v) for v in value if v is not None)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {display_value(v)}" for k, v in value.items())
    if isinstance(value, date):
        return value.isoformat()
    return _LINK.sub(lambda m: m.group(2) or m.group(1).split("#")[0], str(value))
