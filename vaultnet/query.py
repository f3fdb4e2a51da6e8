"""Read-only questions about the network, answered from the index as model objects.

`Network` loads the contacts once with the dates worked out (last contact, next due) and
answers: who is due, who matches a query, who can help with X, what the network looks
like, and what is wrong in the vault. It never writes.
"""

from __future__ import annotations

import bisect
import functools
import json
import operator
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .classify import written_as_a_name
from .config import Settings
from .dates import add_months, day_name_reader, next_birthday, optional_date
from .errors import AmbiguousContactError, ContactNotFoundError, QueryError
from .index import CONTACT_ROWS, FTS_COLUMNS, ContactRow, Index
from .model import (
    ARCHIVED,
    LIST_SEP,
    THING_FIELDS,
    Cadence,
    Contact,
    DueItem,
    Interaction,
    LazyFields,
    Problem,
    Promise,
    display_value,
    field_key,
    parse_cadence,
)
from .names import fold, note_title, stem, without_md

if TYPE_CHECKING:
    from .parse import LogEntry  # (the parser itself is imported only when a log is read)

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
_INTRO_WORDS = re.compile(r"\bintro(?:duc\w*|s)?\b", re.IGNORECASE)  # a talk that was an introduction
REASON_ORDER = {"followup": 0, "promise": 1, "cadence": 2, "birthday": 3}
RHYTHMS = ("weekly", "monthly", "quarterly", "yearly", "dormant")
# Distinct days with an interaction in the last 12 months -> rhythm (the first that fits).
RHYTHM_MIN_DAYS = (("weekly", 26), ("monthly", 8), ("quarterly", 3), ("yearly", 1), ("dormant", 0))
FIELD_ALIASES = {
    "tag": "tags",
    "email": "emails",
    "alias": "aliases",
    "interest": "interests",
    "offer": "offers",
    "need": "needs",
    "folder": "path",
}


@functools.lru_cache(maxsize=256)
def _cadence(value: object) -> Cadence | None:
    return parse_cadence(value)


@dataclass(frozen=True)
class SearchHit:
    """A contact that matches a `find`, with where and how well."""

    contact: Contact
    score: float
    fields: tuple[str, ...]
    snippet: str


@dataclass
class NetworkStats:
    """The shape of the network, for `stats` and the digest."""

    total: int
    rhythm: dict[str, int]
    circles: dict[str, int]
    spreads: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


# A field's line, `Attendees: Ann Lee` or `people:: Ann`, as a link's context gives it.
_FIELD_LINE = re.compile(r"[A-Za-z][\w -]{0,30}::? ")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Network:
    """The contacts of an indexed vault as of `today`."""

    def __init__(self, conn: sqlite3.Connection, settings: Settings, today: date) -> None:
        self._conn = conn
        self.settings = settings
        self.today = today
        self._today_iso = today.isoformat()
        # Raw rows, in name order; Contact objects are built only for what is asked about.
        rows = list(map(ContactRow._make, conn.execute(CONTACT_ROWS)))
        # Notes about a person kept in their folder are not people (classify.about_someone).
        self._about: dict[int, int] = dict(conn.execute("SELECT note_id, person FROM about"))
        self._rows = [row for row in rows if row.id not in self._about] if self._about else rows
        self._rows.sort(key=operator.attrgetter("sort_key", "path"))  # cheaper than ORDER BY
        self._ids: dict[str, int] = {row.path: row.id for row in self._rows}
        self._built: dict[int, Contact] = {}
        self._fields_json: dict[int, str] = {}
        self._by_circle = functools.lru_cache(maxsize=None)(settings.cadence_for)

    @classmethod
    def of(cls, index: Index, today: date) -> Network:
        """The network an up-to-date index holds, as of `today`."""
        return cls(index.conn, index.settings, today)

    # --- loading --------------------------------------------------------------------------

    @functools.cached_property
    def contacts(self) -> list[Contact]:
        """Every contact, ordered by name."""
        # Listing everyone: fetch every contact's fields in one query, not one each.
        self._fields_json = dict(self._conn.execute("SELECT id, fields FROM details"))
        return [self._contact(row) for row in self._rows]

    def _fetch_fields(self, note_id: int) -> str:
        found = self._conn.execute("SELECT fields FROM details WHERE id = ?", (note_id,)).fetchone()
        return str(found[0]) if found else "{}"

    def _talk_span(self, talks: str) -> tuple[str | None, str | None]:
        """First and last day with a conversation, up to today (later ones are plans)."""
        if not talks:
            return None, None
        if talks[-10:] <= self._today_iso:
            return talks[:10], talks[-10:]
        dates = talks.split()
        upto = bisect.bisect_right(dates, self._today_iso)
        return (dates[0], dates[upto - 1]) if upto else (None, None)

    def _dates(self, row: ContactRow) -> tuple[Cadence | None, date | None, date | None, date | None]:
        """(cadence, met_on, first contact, last contact) of a contact row."""
        circle, cadence_label, met, stated, talks = row.circle, row.cadence, row.met_on, row.last_contact, row.talks
        if cadence_label is None:
            cadence = self._by_circle(circle)  # not set, or a value `check` reports
        else:
            cadence = _cadence(cadence_label)
        first, last = self._talk_span(talks)
        met_on = date.fromisoformat(met) if met else None
        last_contact = date.fromisoformat(last) if last else None
        # `met_on` says when you first met; mentions before it (in daily notes, say) were
        # not meetings. Without it, the earliest conversation counts.
        first_contact = met_on or (date.fromisoformat(first) if first else None)
        if stated:
            stated_on = date.fromisoformat(stated)
            if stated_on <= self.today and (last_contact is None or stated_on > last_contact):
                last_contact = stated_on
            if not met_on and first_contact is not None and stated_on < first_contact:
                # `last_contact:` before every logged conversation: they are not a first meeting.
                first_contact = stated_on
        return cadence, met_on, first_contact, last_contact

    def _contact(
        self,
        row: ContactRow,
        dates: tuple[Cadence | None, date | None, date | None, date | None] | None = None,
        schedule: tuple[date, str] | None = None,
    ) -> Contact:
        found = self._built.get(row.id)
        if found is not None:
            return found
        note_id, path, name, sort_key, circle, _, _, _, birthday, aliases, emails, tags, _ = row
        cadence, met_on, first_contact, last_contact = dates or self._dates(row)
        if dates is None and circle != ARCHIVED:
            schedule = self._next(cadence, met_on, first_contact, last_contact)
        contact = Contact(
            path=path,
            name=name,
            fields=LazyFields(self._fields_json.get(note_id) or functools.partial(self._fetch_fields, note_id)),
            circle=circle,
            cadence=cadence,
            emails=tuple(emails.split(LIST_SEP)) if emails else (),
            aliases=tuple(aliases.split(LIST_SEP)) if aliases else (),
            tags=tuple(tags.split(LIST_SEP)) if tags else (),
            met_on=met_on,
            birthday=birthday,
            last_contact=last_contact,
            first_contact=first_contact,
            next_due=schedule[0] if schedule else None,
            sort_key=sort_key,
        )
        self._built[row.id] = contact
        return contact

    def _next(
        self, cadence: Cadence | None, met_on: date | None, first: date | None, last: date | None
    ) -> tuple[date, str] | None:
        """(due date, reason) of the next check-in: a follow-up after a first meeting, else
        the cadence; None when nothing is scheduled. Runs for every contact: no strings."""
        if (
            first is not None
            and first <= self.today
            and (last is None or last <= first)
            and (self.today - first).days <= self.settings.followup_window_days
        ):
            return first + timedelta(days=self.settings.followup_days), "followup"
        if cadence is None:
            return None
        start = last or met_on
        return (cadence.after(start) if start else self.today), "cadence"

    @staticmethod
    def _detail(
        reason: str, cadence: Cadence | None, met_on: date | None, first: date | None, last: date | None
    ) -> str:
        """Why a check-in is due, in words."""
        if reason == "followup":
            assert first is not None
            return f"first met {first.isoformat()}, no follow-up logged since"
        assert cadence is not None
        if last is not None:
            return f"{cadence.label}; last contact {last.isoformat()}"
        if met_on is not None:
            return f"{cadence.label}; met {met_on.isoformat()}, nothing logged since"
        return f"{cadence.label}; no contact logged yet"

    def schedule_of(self, c: Contact) -> tuple[date, str, str] | None:
        """The contact's next check-in: (due date, reason, detail), or None."""
        found = None if c.circle == ARCHIVED else self._next(c.cadence, c.met_on, c.first_contact, c.last_contact)
        if found is None:
            return None
        return found[0], found[1], self._detail(found[1], c.cadence, c.met_on, c.first_contact, c.last_contact)

    # --- what is due ----------------------------------------------------------------------

    def promises(self, contact: Contact | None = None) -> dict[str, list[Promise]]:
        """Open promises by contact path (of one contact, or everyone), dated ones first."""
        out: dict[str, list[Promise]] = defaultdict(list)
        sql = (
            "SELECT t.target, t.text, t.due, n.path, t.line FROM tasks t"
            " JOIN notes n ON n.id = t.note_id JOIN contacts c ON c.id = t.target"
        )
        params: tuple[int, ...] = ()
        if contact is not None:
            # (A task in a note about them kept in their folder, `Gift ideas`, is theirs.)
            mine = self._ids[contact.path]
            params = (mine, *(note for note, person in self._about.items() if person == mine))
            sql += f" WHERE t.target IN ({','.join('?' * len(params))})"
        for target, text, due, path, line in self._conn.execute(sql, params):
            row = self._row_of.get(self._about.get(target, target))
            if row is not None:
                out[row.path].append(Promise(text, date.fromisoformat(due) if due else None, path, line))
        for items in out.values():
            items.sort(key=lambda p: (p.due is None, p.due or date.min, p.path, p.line))
        return out

    def due(self, within: timedelta = timedelta(0)) -> list[DueItem]:
        """Everything to do by today + `within`, most overdue first."""
        s = self.settings
        horizon = self.today + within
        birthday_horizon = self.today + max(within, timedelta(days=s.birthday_days))
        items: list[DueItem] = []
        for row in self._rows:
            if row.circle == ARCHIVED:
                continue  # nothing falls due for someone archived (their promises still do)
            # Lean on purpose: this runs for every contact, and most are not due.
            dates = self._dates(row)
            schedule = self._next(*dates)
            if schedule and schedule[0] <= horizon:
                contact = self._contact(row, dates, schedule)
                items.append(DueItem(contact, schedule[1], schedule[0], self._detail(schedule[1], *dates)))
            birthday = row.birthday
            if birthday:
                when = next_birthday(int(birthday[:2]), int(birthday[3:]), self.today)
                if when <= birthday_horizon:
                    detail = f"birthday {when.strftime('%b')} {when.day}"
                    items.append(DueItem(self._contact(row, dates, schedule), "birthday", when, detail))
        promise_horizon = self.today + max(within, timedelta(days=s.promise_days))
        for path, promises in self.promises().items():
            contact = self._by_path(path)
            for promise in promises:
                if promise.due is not None and promise.due <= promise_horizon:
                    items.append(DueItem(contact, "promise", promise.due, promise.text, promise))
        items.sort(key=lambda i: (i.due, REASON_ORDER[i.reason], i.contact.sort_key, i.contact.path, i.detail))
        return items

    def _by_path(self, path: str) -> Contact:
        return self._contact(self._row_of[self._ids[path]])

    @functools.cached_property
    def _row_of(self) -> dict[int, ContactRow]:
        return {row.id: row for row in self._rows}

    # --- one person -----------------------------------------------------------------------

    def lookup(self, name: str) -> Contact:
        """The one contact `name` means: file name, name, alias or email, case- and
        accent-blind; a unique partial match counts. Raises with the closest names."""
        wanted = fold(re.sub(r"^\[\[|\]\]$", "", name.strip()).split("|")[0])
        if wanted.endswith(".md"):
            wanted = wanted[:-3]
        if not wanted:
            raise ContactNotFoundError("give a name, alias or email")
        # Matched on the index rows: only the contact found is built (at 10k contacts,
        # building everyone for one name cost `show` a third of its time).
        known = [(row, self._row_names(row)) for row in self._rows]
        exact = [row for row, names in known if wanted in names]
        if len(exact) == 1:
            return self._contact(exact[0])
        if len(exact) > 1:
            raise AmbiguousContactError(
                f"{name!r} matches {len(exact)} contacts: " + "; ".join(row.path for row in exact),
                hint="use the file name or path to pick one",
            )
        self._refuse_unreadable(wanted)
        words = wanted.split()
        partial = [row for row, names in known if any(_words_prefix(words, n) for n in names)]
        if len(partial) == 1:
            return self._contact(partial[0])
        if partial:
            shown = "; ".join(f"{row.name} ({row.path})" for row in partial[:8])
            more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
            raise AmbiguousContactError(
                f"{name!r} matches {len(partial)} contacts: {shown}{more}", hint="be more specific"
            )
        names = {row.sort_key: row.name for row in self._rows}  # fold(name) -> name
        import difflib  # only for a name nobody has

        close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
        hint = f"did you mean: {', '.join(names[n] for n in close)}" if close else "see `vaultnet list`"
        raise ContactNotFoundError(f"no contact named {name!r}", hint=hint)

    def _refuse_unreadable(self, wanted: str) -> None:
        """Name the problem when `wanted` is the file name of a note that could not be
        read, rather than answer with someone whose name merely starts the same."""
        for path, line, message in self._conn.execute(
            "SELECT n.path, p.line, p.message FROM notes n JOIN problems p ON p.note_id = n.id"
            " WHERE n.kind = 'error' AND p.severity = 'error' ORDER BY n.path, p.line"
        ):
            if wanted in (fold(without_md(path)), fold(note_title(path))):
                raise ContactNotFoundError(f"this note cannot be read: {message}", path=path, line=line)

    @staticmethod
    def _row_names(row: ContactRow) -> set[str]:
        """Every form a contact row answers to: name, file name, path, aliases, emails."""
        path, sort_key, aliases, emails = row.path, row.sort_key, row.aliases, row.emails
        names = {sort_key, fold(note_title(path)), fold(without_md(path))}  # sort_key is fold(name)
        if aliases:
            names.update(fold(a) for a in aliases.split(LIST_SEP))
        if emails:
            names.update(emails.split(LIST_SEP))
        return names

    def daily_tags(self, first: str, last: str) -> list[tuple[str, list[str]]]:
        """The tags of each daily note from day `first` to `last` (ISO), by path."""
        rows = self._conn.execute(
            "SELECT path, tags FROM notes WHERE daily_date BETWEEN ? AND ? AND tags != '' ORDER BY path", (first, last)
        )
        return [(path, tags.split(LIST_SEP)) for path, tags in rows]

    def daily_topic_links(self, first: str, last: str) -> list[tuple[str, str]]:
        """(daily note, linked note) for each link from a daily note of those days to a
        note that is neither a person nor a day: a topic the user wrote about."""
        rows = self._conn.execute(
            "SELECT n.path, t.path FROM links l JOIN notes n ON n.id = l.note_id JOIN notes t ON t.id = l.target"
            " WHERE n.daily_date BETWEEN ? AND ? AND t.kind = 'note' AND t.daily_date IS NULL ORDER BY n.path, l.line",
            (first, last),
        )
        return [(path, target) for path, target in rows]

    def typed_notes(self, kind: str, first: str, last: str) -> list[dict[str, Any]]:
        """The fields of each note saying `type: <kind>` dated from `first` to `last`."""
        rows = self._conn.execute(
            "SELECT fields FROM typed WHERE type = ? AND date BETWEEN ? AND ? ORDER BY id", (kind, first, last)
        )
        return [json.loads(fields) for (fields,) in rows]

    def introduced(self, a: Contact, b: Contact) -> bool:
        """True when either note logs an introduction mentioning the other person."""
        for person, other in ((a, b), (b, a)):
            names = {fold(other.name), *(fold(x) for x in other.aliases)}
            for talk in self.interactions(person):
                if _INTRO_WORDS.search(talk.text) and any(n and n in fold(talk.text) for n in names):
                    return True
        return False

    def interactions(self, contact: Contact) -> list[Interaction]:
        """Every conversation with `contact` up to today, newest first, with where it came from:
        the note's log, daily notes that link them, meeting notes that list them."""
        note_id = self._ids[contact.path]
        found = [Interaction(e.date, e.text, contact.path, e.line, "log") for e in self._log_of(note_id)]
        seen: set[tuple[str, int]] = set()
        for d, text, path, line, daily in self._conn.execute(
            "SELECT l.date, l.text, n.path, l.line, n.daily_date FROM links l JOIN notes n ON n.id = l.note_id"
            " WHERE l.target = ? AND l.date IS NOT NULL AND l.task = 0",
            (note_id,),
        ):
            if (path, line) not in seen:
                seen.add((path, line))
                if daily:
                    shown, title = _strip_bullet(text), note_title(path)
                    what = title[10:].strip(" _.-–—") if _ISO_DAY.match(title) else ""
                    if what and _FIELD_LINE.match(shown or ""):
                        # A meeting named for its day (`2026-11-10 Pricing`) that lists them
                        # (`Attendees: Ann Lee`): what it is called says what it was.
                        shown = what
                    found.append(Interaction(date.fromisoformat(d), shown, path, line, "daily"))
                else:  # a meeting note: what it is called says what the meeting was
                    found.append(Interaction(date.fromisoformat(d), note_title(path), path, line, "meeting"))
        # A meeting planned or a daily note written ahead is no conversation yet (as for `due`).
        found = [i for i in found if i.date.isoformat() <= self._today_iso]
        found.sort(key=lambda i: (i.date, i.path, i.line), reverse=True)
        return found

    def _log_of(self, note_id: int) -> list[LogEntry]:
        """The entries of a contact's log, with their texts, read back from the stored body."""
        from .parse import read_log

        body, body_line = self._conn.execute(
            "SELECT f.body, d.body_line FROM fts f JOIN details d ON d.id = f.rowid WHERE f.rowid = ?", (note_id,)
        ).fetchone()
        return read_log(body, body_line, self.settings.parse_options())

    def _far_ahead(self) -> Iterator[Problem]:
        """Days more than a year ahead in contacts' `met_on`, `last_contact` and logs: a
        year mistyped (2062 for 2026), which counts for nothing until then."""
        # A day more than a year ahead is a typo more often than a plan.
        horizon = add_months(self.today, 12).isoformat()
        for note_id, path, met_on, stated, log_dates in self._conn.execute(
            "SELECT c.id, c.path, c.met_on, c.last_contact, d.log_dates FROM contacts c JOIN details d ON d.id = c.id"
        ):
            for key, value in (("met_on", met_on), ("last_contact", stated)):
                if value and value > horizon:
                    line = self.field_line(self._by_path(path), key)
                    yield Problem(path, line, "warning", f"{key}: {value} is more than a year ahead (a typo?)")
            if log_dates and log_dates.rsplit(" ", 1)[-1] > horizon:  # (sorted: the last is the latest)
                for entry in self._log_of(note_id):
                    day = entry.date.isoformat()
                    if day > horizon:
                        yield Problem(
                            path, entry.line, "warning", f"{day} in the log is more than a year ahead (a typo?)"
                        )

    def field_line(self, contact: Contact, key: str) -> int | None:
        """The line of a frontmatter key in the contact's note."""
        # Read from the note itself: only `check` asks, and only about a few notes.
        from .parse import field_lines, split_frontmatter
        from .scan import read_note

        try:
            text = read_note(self.settings.vault, contact.path).decode("utf-8-sig").replace("\r\n", "\n")
            frontmatter = split_frontmatter(text)[0] or ""
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        return field_lines(frontmatter).get(key)

    # --- lists and search -----------------------------------------------------------------

    def filter(self, terms: Iterable[str]) -> list[Contact]:
        """Contacts matching every query term (`tag:x`, `-industry:y`, `met_on:>2026-01-01`, words)."""
        tests = [self._term(t) for t in terms if t.strip()]
        return [c for c in self.contacts if all(test(c) for test in tests)]

    def _term(self, term: str) -> Callable[[Contact], bool]:
        negate = term.startswith("-") and len(term) > 1
        body = term[1:] if negate else term
        match = re.match(r"^([\w.-]+):(.*)$", body)
        test: Callable[[Contact], bool]
        if match:
            key = FIELD_ALIASES.get(match.group(1).lower(), match.group(1).lower())
            test = self._field_test(key, match.group(2).strip())
        else:
            test = _word_test(fold(body))
        return (lambda c: not test(c)) if negate else test

    def _field_test(self, key: str, raw: str) -> Callable[[Contact], bool]:
        op_match = re.match(r"^(<=|>=|<|>|=)?(.*)$", raw)
        assert op_match is not None
        op, value = op_match.group(1), op_match.group(2).strip()
        if not value:
            return lambda c: bool([v for v in _values(c, key) if v not in (None, "")])
        if op in ("<", ">", "<=", ">="):
            wanted_date = optional_date(value)
            try:
                wanted: Any = wanted_date or float(value)
            except ValueError:
                raise QueryError(f"{key}:{raw}: compare with a date (YYYY-MM-DD) or a number") from None
            compare: Callable[[Any, Any], bool] = _COMPARE[op]

            def ordered(c: Contact) -> bool:
                for v in _values(c, key):
                    got: Any = optional_date(v) if wanted_date else _number(v)
                    if got is not None and compare(got, wanted):
                        return True
                return False

            return ordered
        needle = fold(value.lstrip("#") if key == "tags" else value)
        exact = op == "=" or key in ("circle", "cadence")

        def matches(c: Contact) -> bool:
            for v in _values(c, key):
                text = fold(display_value(v))
                if key == "tags" and (text == needle or text.startswith(needle + "/")):
                    return True
                if key != "tags" and (text == needle if exact else needle in text):
                    return True
            return False

        return matches

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """People who can help with `text`, best first, from fields and note text."""
        words = re.findall(r"\w+", fold(text))
        if not words:
            raise QueryError("give some words to search for, e.g. `vaultnet find fundraising`")
        # One letter ("C++", "a:b") is no word to look for beside others; two letters are
        # an acronym (AI, VC, UX) to match whole, not the start of "air" or "aim".
        words = [w for w in words if len(w) > 1] or words
        # How a question is put ("help with hiring", "intros to investors") is not what it
        # is about: those words found anyone who offers "help".
        words = [w for w in words if w not in _ASKING] or words
        terms = [f'"{w}"*' if len(w) > 2 else f'"{w}"' for w in words]
        rows: list[tuple[Any, ...]] = []
        weights = "10.0, 12.0, 6.0, 5.0, 5.0, 6.0, 5.0, 1.5, 1.0"
        for joiner in (" ", " OR "):
            query = joiner.join(terms)
            rows = self._conn.execute(
                f"SELECT rowid, bm25(fts, {weights}) AS score,"
                " snippet(fts, -1, '**', '**', '…', 12), "
                # A short snippet of the note text alone says whether the words are there.
                f" snippet(fts, {len(FTS_COLUMNS) - 1}, '\x01', '', '', 1), "
                + ", ".join(FTS_COLUMNS[:-1])
                + " FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ?",
                (query, limit),
            ).fetchall()
            if rows or len(words) == 1:
                break
        hits = []
        stems = [stem(w) for w in words]

        def found_in(value: str) -> bool:
            return any(re.search(rf"\b{re.escape(s)}", fold(value)) for s in stems)

        for rowid, score, snippet, in_notes, *columns in rows:
            row = self._row_of.get(rowid)
            if row is None:
                continue
            contact = self._contact(row)
            matched: list[str] = []
            for name, value in zip(FTS_COLUMNS[:-1], columns):
                if name == "other":
                    # `key: value;` for each other field: name the fields the words are in.
                    for part in (value or "").split(";"):
                        key, _, text = part.strip().partition(": ")
                        if key.startswith("aka "):
                            key, text = "aliases", key[4:]
                        if text and found_in(text) and key not in matched:
                            matched.append(key)
                elif found_in(value or ""):
                    matched.append(name)
            if "\x01" in (in_notes or "") or not matched:
                matched.append("notes")
            hits.append(SearchHit(contact, round(-score, 3), tuple(matched), " ".join(snippet.split())))
        hits.sort(key=lambda hit: hit.contact.circle == ARCHIVED)  # (stable) those you are in touch with first
        return hits

    # --- the network as a whole -----------------------------------------------------------

    def stats(self, by: Iterable[str] = ()) -> NetworkStats:
        """Counts by interaction rhythm over the last 12 months, by circle, and the spread
        of industry, location, company and any other fields asked for."""
        since = (self.today - timedelta(days=365)).isoformat()
        days: dict[int, int] = {}
        for row in self._rows:
            dates = row.talks.split()
            days[row.id] = bisect.bisect_right(dates, self._today_iso) - bisect.bisect_right(dates, since)
        rhythm = dict.fromkeys(RHYTHMS, 0)
        circles: Counter[str] = Counter()
        for contact in self.contacts:
            count = days[self._ids[contact.path]]
            rhythm[next(name for name, least in RHYTHM_MIN_DAYS if count >= least)] += 1
            circles[contact.circle or "(none)"] += 1
        order = ["inner", "network", "prospect"]
        circle_counts = {k: circles[k] for k in order if circles[k]}
        circle_counts.update({k: v for k, v in sorted(circles.items()) if k not in order})
        spreads = {key: self.spread(key) for key in dict.fromkeys(["industry", "location", "company", *by])}
        return NetworkStats(len(self.contacts), rhythm, circle_counts, spreads)

    def spread(self, key: str) -> list[tuple[str, int]]:
        """How many contacts have each value of a field, most common first."""
        key = FIELD_ALIASES.get(key.lower(), key.lower())
        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for contact in self.contacts:
            shown_values = [display_value(v) for v in _values(contact, key)]
            values = {fold(shown): shown for shown in shown_values}
            values.pop("", None)
            for folded, shown in values.items():
                counts[folded] += 1
                spelling.setdefault(folded, shown)
            if not values:
                counts["\x00"] += 1
        spelling["\x00"] = "(not set)"
        return sorted(
            ((spelling[k], n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0] == "(not set)", fold(kv[0]))
        )

    def problems(self, scan_problems: Iterable[Problem] = ()) -> list[Problem]:
        """Everything wrong in the vault: unreadable notes, bad values, duplicates, links
        to nobody. Sorted by path and line."""
        found = list(scan_problems)
        found.extend(
            Problem(path, line, severity, message)
            for path, line, severity, message in self._conn.execute(
                "SELECT n.path, p.line, p.severity, p.message FROM problems p JOIN notes n ON n.id = p.note_id"
            )
        )
        by_email: dict[str, list[Contact]] = defaultdict(list)
        by_name: dict[str, list[Contact]] = defaultdict(list)
        for contact in self.contacts:
            for email in contact.emails:
                by_email[email].append(contact)
            by_name[fold(contact.name)].append(contact)
        for email, owners in by_email.items():
            for other in owners[1:]:
                line = self.field_line(other, "emails") or self.field_line(other, "email")
                found.append(
                    Problem(
                        other.path,
                        line,
                        "error",
                        f"email {email} is also on {owners[0].path} (merge the two notes or fix one)",
                    )
                )
        for owners in by_name.values():
            for other in owners[1:]:
                if other.path.casefold() == owners[0].path.casefold():
                    # Made on Linux, or synced from one: Windows and macOS keep one of them.
                    message = (
                        f"{owners[0].path} differs from this only in letter case: on Windows and macOS they"
                        " are one file, so one would be lost (merge them into one note)"
                    )
                else:
                    message = (
                        f"two contacts named {other.name!r}: this and {owners[0].path} (rename one or add an alias)"
                    )
                found.append(Problem(other.path, self.field_line(other, "name"), "error", message))
        found.extend(self._far_ahead())
        is_day = day_name_reader(self.settings.daily_format)
        for path, line, key, folder, text, body_line, written in self._conn.execute(
            "SELECT n.path, l.line, l.key, l.folder, l.text, d.body_line, l.written FROM links l"
            " JOIN notes n ON n.id = l.note_id LEFT JOIN details d ON d.id = n.id"
            " WHERE l.target IS NULL AND (n.kind = 'contact' OR l.date IS NOT NULL)"
        ):
            if is_day(key) is not None:
                continue  # a link to a day with no daily note yet is normal in Obsidian
            in_frontmatter = body_line is not None and line is not None and line < body_line and text
            if in_frontmatter and field_key(text.split(":", 1)[0]) in THING_FIELDS:
                # `company: [[Acme]]`, `location: [[Berlin]]` in a contact's frontmatter: a
                # link to a company, place or topic with no note yet is as normal.
                continue
            name = written or key
            if not in_frontmatter and not written_as_a_name(name):
                # `[[machine learning]]`, `[[The History of Rome]]`: a topic linked before its
                # note is written, as Obsidian users do every day; not someone gone missing.
                continue
            shown = f"{folder}/{name}" if folder else name
            found.append(Problem(path, line, "warning", f"link [[{shown}]] resolves to no note"))
        found.sort(key=lambda p: (p.path, p.line or 0, p.severity, p.message))
        return found


_ASKING = frozenset(
    """
    a an and are as at be by can could for from has have i in into is it its me my of on or our some any someone
    somebody anyone people person the their them they to us we who what with about need needs want wants looking
    find get help helps intro intros introduction introductions
    """.split()
)


def sort_contacts(contacts: list[Contact], by: str) -> list[Contact]:
    """`contacts` by name (as they come), "last" contact (never first, then oldest) or
    next "due" date (soonest first, none last)."""
    if by == "last":
        contacts.sort(key=lambda c: (c.last_contact is not None, c.last_contact or date.min))
    elif by == "due":
        contacts.sort(key=lambda c: (c.next_due is None, c.next_due or date.max))
    return contacts


def _word_test(word: str) -> Callable[[Contact], bool]:
    """A plain query word: found in the name, aliases, emails, tags, path, company or role."""

    def test(c: Contact) -> bool:
        haystack = [c.name, *c.aliases, *c.emails, *c.tags, c.path, c.field_text("company"), c.field_text("role")]
        return any(word in fold(h) for h in haystack)

    return test


def _words_prefix(words: list[str], name: str) -> bool:
    parts = name.split()
    return all(any(p.startswith(w) for p in parts) for w in words)


def _strip_bullet(text: str) -> str:
    return re.sub(r"^(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?", "", text)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


# Query fields vaultnet works out rather than reads from the frontmatter.
_COMPUTED: dict[str, Callable[[Contact], list[Any]]] = {
    "name": lambda c: [c.name, *c.aliases],
    "aliases": lambda c: list(c.aliases),
    "emails": lambda c: list(c.emails),
    "tags": lambda c: list(c.tags),
    "circle": lambda c: [c.circle] if c.circle else [],
    "cadence": lambda c: [c.cadence.label] if c.cadence else [],
    "path": lambda c: [c.path],
    "last_contact": lambda c: [c.last_contact.isoformat()] if c.last_contact else [],
    "next_due": lambda c: [c.next_due.isoformat()] if c.next_due else [],
    "first_contact": lambda c: [c.first_contact.isoformat()] if c.first_contact else [],
}


def _values(c: Contact, key: str) -> list[Any]:
    """A contact's values for a query field: computed ones first, then frontmatter."""
    computed = _COMPUTED.get(key)
    if computed is not None:
        return computed(c)
    value = c.field(key)  # (`Company:`, `org:` for company)
    if value is None:
        value = next((v for name, v in c.fields.items() if name.lower() == key), None)
    if isinstance(value, list):
        return value
    return [value] if value is not None else []
