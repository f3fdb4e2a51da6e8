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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from ..config import Settings
from ..dates import next_birthday
from ..errors import AmbiguousContactError, ContactNotFoundError
from ..index import CONTACT_ROWS, ContactRow, Index
from ..model import (
    ARCHIVED,
    LIST_SEP,
    SUMMARY_FIELDS,
    Cadence,
    Contact,
    DueItem,
    Interaction,
    LazyFields,
    Listed,
    Problem,
    Promise,
    parse_cadence,
)
from ..names import LOOKUP_SEP, fold, note_title, without_md
from . import checks, language, maybe_due, search, shape
from .search import SearchHit
from .shape import NetworkStats

if TYPE_CHECKING:
    from ..parse import LogEntry  # (the parser itself is imported only when a log is read)

# Everyone built, the fields of this many contacts are fetched one query each before the
# rest are fetched at once: a listing reads them all, the digest those of a few (and
# everyone's, held, is tens of megabytes at 50,000).
BULK_AFTER = 64
# The contacts one of whose forms of name (names.lookup_text) is the one given, separators and all.
_BY_FORM = "SELECT id FROM contacts WHERE instr(lookup, ?) ORDER BY id"
_INTRO_WORDS = re.compile(r"\bintro(?:duc\w*|s)?\b", re.IGNORECASE)  # a talk that was an introduction
REASON_ORDER = {"followup": 0, "promise": 1, "cadence": 2, "birthday": 3}


@functools.lru_cache(maxsize=256)
def _cadence(value: object) -> Cadence | None:
    return parse_cadence(value)


# A field's line, `Attendees: Ann Lee` or `people:: Ann`, as a link's context gives it.
_FIELD_LINE = re.compile(r"[A-Za-z][\w -]{0,30}::? ")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Balance(NamedTuple):
    """What you gave one person and asked of them, as your notes say."""

    gave: int
    asked: int
    received: int
    last_gave: date | None
    last_asked: date | None
    last_received: date | None
    asked_since_gave: int  # asks since you last gave (all of them, when you never gave)


# A conversation that says it was a giving or an asking: `gave: …`, `coffee: asked him for …`.
_GIVE_OR_ASK = re.compile(
    r"(?:[\w -]{1,20}:\s*)?(gave|asked|received)\b|.*?\[(gave|asked|received)::", re.IGNORECASE
)  # (`gave: …`, `coffee: asked him …`, or a Dataview field in the line: `[asked:: a referral]`)
_KIND = {"gave": "gave", "asked": "asked", "received": "received"}


class TallyRow(NamedTuple):
    """What `stats` counts of each contact: the columns of the contacts table it reads."""

    id: int
    path: str
    name: str
    sort_key: str
    circle: str | None
    tags: str  # LIST_SEP-joined
    talks: str  # sorted distinct ISO days, space-separated


class Dates(NamedTuple):
    """What the dates of a contact come to as of today."""

    cadence: Cadence | None
    met_on: date | None
    first_contact: date | None  # `met_on`, else the earliest conversation
    last_contact: date | None  # the latest conversation up to today, or `last_contact:` if later
    first_meeting: date | None  # a first meeting the note gives evidence of (see _first_meeting)


def _is_owner(row: ContactRow, name: str, email: str) -> bool:
    """True for the vault owner's own note, by `[user] name` (folded: a name, alias or file
    name) or `email` in the config: nobody is due to themselves."""
    return bool(
        (name and (name == row.sort_key or name == fold(note_title(row.path)) or name in _folded(row.aliases)))
        or (email and email in row.emails.split(LIST_SEP))
    )


def _folded(joined: str) -> set[str]:
    return {fold(part) for part in joined.split(LIST_SEP)} if joined else set()


class Network:
    """The contacts of an indexed vault as of `today`."""

    def __init__(self, conn: sqlite3.Connection, settings: Settings, today: date) -> None:
        self._conn = conn
        self.settings = settings
        self.today = today
        self._today_iso = today.isoformat()
        # Notes about a person kept in their folder are not people (classify.about_someone).
        self._about: dict[int, int] = dict(conn.execute("SELECT note_id, person FROM about"))
        self._built: dict[int, Contact] = {}
        self._one_row: dict[int, ContactRow | None] = {}  # rows read one at a time (see _row)
        self._fields_json: dict[int, str] = {}
        self._everyone = False  # every contact was built: fetch fields for all at once (see BULK_AFTER)
        self._fetched = 0  # contacts whose fields were fetched one by one
        self._by_circle = functools.lru_cache(maxsize=None)(settings.cadence_for)

    # Every contact's row is read only by what asks about everyone (due, list, stats, the
    # digest): one person (`show`, `log`) is found and read through the index alone, which
    # at 50,000 contacts is most of what such a command costs.

    @functools.cached_property
    def _rows(self) -> list[ContactRow]:
        """Every contact's row, in name order; Contact objects are built only for what is asked about."""
        rows = list(map(ContactRow._make, self._conn.execute(CONTACT_ROWS)))
        if self._about:
            rows = [row for row in rows if row.id not in self._about]
        rows.sort(key=operator.attrgetter("sort_key", "path"))  # cheaper than ORDER BY
        return rows

    @functools.cached_property
    def _ids(self) -> dict[str, int]:
        return {row.path: row.id for row in self._rows}

    @functools.cached_property
    def _owner(self) -> set[int]:
        """The notes that are the vault owner's own (see _is_owner), found through the index."""
        name, email = fold(self.settings.user_name.strip()), self.settings.user_email.strip().lower()
        rows = self._answering(name) if name else []
        if email:
            ids = [i for (i,) in self._conn.execute("SELECT id FROM contacts WHERE instr(emails, ?)", (email,))]
            self._read_rows(ids)
            rows += [row for row in map(self._row, ids) if row is not None]
        return {row.id for row in rows if _is_owner(row, name, email)}

    def _id_of(self, path: str) -> int | None:
        """The id of the contact whose note is at `path`."""
        if "_rows" in self.__dict__:
            return self._ids.get(path)
        found = self._conn.execute("SELECT id FROM notes WHERE path = ? AND kind = 'contact'", (path,)).fetchone()
        return found[0] if found and found[0] not in self._about else None

    def _row_of_id(self, note_id: int) -> ContactRow:
        row = self._row(note_id)
        assert row is not None
        return row

    def _read_rows(self, ids: Iterable[int]) -> None:
        """Read the rows of these contacts in one query, for `_row` to give."""
        if "_rows" in self.__dict__:
            return
        wanted = sorted(set(ids) - self._one_row.keys())
        if wanted:
            self._one_row.update(dict.fromkeys(wanted))  # (None for a note that is no contact)
            self._rows_where("id IN (SELECT value FROM json_each(?))", (json.dumps(wanted),))

    def _rows_where(self, where: str, params: Any) -> list[ContactRow]:
        """The rows of the contacts (not notes about someone) an SQL condition holds for,
        kept for `_row` to give."""
        found = self._conn.execute(f"{CONTACT_ROWS} WHERE {where}", params)
        rows = [row for row in map(ContactRow._make, found) if row.id not in self._about]
        self._one_row.update((row.id, row) for row in rows)
        return rows

    def _row(self, note_id: int) -> ContactRow | None:
        """One contact's row, from those read already or from the index."""
        if "_rows" in self.__dict__:
            return self._row_of.get(note_id)
        if note_id not in self._one_row:
            self._read_rows((note_id,))
        return self._one_row[note_id]

    @classmethod
    def of(cls, index: Index, today: date) -> Network:
        """The network an up-to-date index holds, as of `today`."""
        return cls(index.conn, index.settings, today)

    # --- loading --------------------------------------------------------------------------

    @functools.cached_property
    def contacts(self) -> list[Contact]:
        """Every contact, ordered by name."""
        # Listing everyone: the first contact whose fields are read fetches everyone's in
        # one query, not one each (and a listing that reads none, from the summary, none).
        self._everyone = True
        return [self._contact(row) for row in self._rows]

    def read_all_fields(self) -> None:
        """Fetch every contact's fields at once, for a listing about to show them all."""
        if not self._fields_json:
            self._fields_json = dict(self._conn.execute("SELECT id, fields FROM details"))
        self._everyone = True

    def _fetch_fields(self, note_id: int) -> str:
        if self._everyone and (self._fields_json or self._fetched >= BULK_AFTER):
            if not self._fields_json:
                self._fields_json = dict(self._conn.execute("SELECT id, fields FROM details"))
            return self._fields_json.get(note_id) or "{}"
        self._fetched += 1
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

    def _dates(self, row: ContactRow) -> Dates:
        """The dates of a contact row, worked out (see Dates)."""
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
        first_meeting = self._first_meeting(row, met_on, first)
        if stated:
            stated_on = date.fromisoformat(stated)
            if stated_on <= self.today and (last_contact is None or stated_on > last_contact):
                last_contact = stated_on
            if not met_on and first_contact is not None and stated_on < first_contact:
                # `last_contact:` before every logged conversation: they are not a first meeting.
                first_contact, first_meeting = stated_on, None
        return Dates(cadence, met_on, first_contact, last_contact, first_meeting)

    def _first_meeting(self, row: ContactRow, met_on: date | None, first_talk: str | None) -> date | None:
        """The day of a first meeting the note gives evidence of, after which a follow-up is
        owed: `met_on`, else a log whose earliest entry says so (`met at`, `first call`)
        with no conversation before it. None for the inner circle, family, anyone archived
        and the vault's owner, whom no one follows up after a first meeting."""
        if row.circle in ("inner", ARCHIVED) or row.kin or row.id in self._owner:
            return None
        if met_on is not None:
            return met_on
        if row.first_met is not None and first_talk is not None and row.first_met <= first_talk:
            return date.fromisoformat(row.first_met)
        return None

    def _contact(
        self, row: ContactRow, dates: Dates | None = None, schedule: tuple[date, str] | None = None
    ) -> Contact:
        found = self._built.get(row.id)
        if found is not None:
            return found
        dates = dates or self._dates(row)
        schedule = schedule or self._scheduled(row, dates)
        contact = Contact(
            path=row.path,
            name=row.name,
            fields=LazyFields(self._fields_json.get(row.id) or functools.partial(self._fetch_fields, row.id)),
            circle=row.circle,
            cadence=dates.cadence,
            emails=tuple(row.emails.split(LIST_SEP)) if row.emails else (),
            aliases=tuple(row.aliases.split(LIST_SEP)) if row.aliases else (),
            tags=tuple(row.tags.split(LIST_SEP)) if row.tags else (),
            met_on=dates.met_on,
            birthday=row.birthday,
            last_contact=dates.last_contact,
            first_contact=dates.first_contact,
            next_due=schedule[0] if schedule else None,
            sort_key=row.sort_key,
            first_meeting=dates.first_meeting,
            summary=LazyFields(row.summary),
            company=row.company,
        )
        self._built[row.id] = contact
        return contact

    def _scheduled(self, row: ContactRow, dates: Dates) -> tuple[date, str] | None:
        """(due date, reason) of the contact's next check-in; None for anyone archived and
        for you, whom nothing falls due for."""
        return None if row.circle == ARCHIVED or row.id in self._owner else self._next(dates)

    def listing(self) -> list[Listed]:
        """Everyone as `list` shows them, in name order, from the index's rows alone:
        building a Contact for each of 50,000 people was a third of listing them."""
        listed = []
        for row in self._rows:
            dates = self._dates(row)
            schedule = self._scheduled(row, dates)
            due = schedule[0] if schedule else None
            listed.append(Listed(row.name, row.path, row.circle, row.company, dates.last_contact, due))
        return listed

    def _next(self, dates: Dates) -> tuple[date, str] | None:
        """(due date, reason) of the next check-in: a follow-up after a first meeting, else
        the cadence; None when nothing is scheduled. Runs for every contact: no strings."""
        first, last = dates.first_meeting, dates.last_contact
        if (
            first is not None
            and first <= self.today
            and (last is None or last <= first)
            and (self.today - first).days <= self.settings.followup_window_days
        ):
            return first + timedelta(days=self.settings.followup_days), "followup"
        if dates.cadence is None:
            return None
        start = last or dates.met_on
        return (dates.cadence.after(start) if start else self.today), "cadence"

    @staticmethod
    def _detail(reason: str, dates: Dates) -> str:
        """Why a check-in is due, in words."""
        if reason == "followup":
            assert dates.first_meeting is not None
            return f"first met {dates.first_meeting.isoformat()}, no follow-up logged since"
        cadence, last = dates.cadence, dates.last_contact
        assert cadence is not None
        if last is not None:
            return f"{cadence.label}; last contact {last.isoformat()}"
        if dates.met_on is not None:
            return f"{cadence.label}; met {dates.met_on.isoformat()}, nothing logged since"
        return f"{cadence.label}; no contact logged yet"

    def schedule_of(self, c: Contact) -> tuple[date, str, str] | None:
        """The contact's next check-in: (due date, reason, detail), or None."""
        if c.circle == ARCHIVED or self.is_owner(c):
            return None
        dates = Dates(c.cadence, c.met_on, c.first_contact, c.last_contact, c.first_meeting)
        found = self._next(dates)
        if found is None:
            return None
        return found[0], found[1], self._detail(found[1], dates)

    def never_followed_up(self, contact: Contact) -> str:
        """Why no first-meeting follow-up is ever owed to `contact`, or "" (see _first_meeting)."""
        row = self._row(self._id_of(contact.path) or 0)
        assert row is not None
        if row.id in self._owner:
            return "this is you (`[user]` in the config)"
        if row.circle == ARCHIVED:
            return "archived"
        if row.circle == "inner":
            return "in the inner circle"
        if row.kin:
            return "family, as the note says"
        return ""

    def note_path(self, key: str) -> str | None:
        """The path of the note a link key names (`ann lee`, or a path), shortest first."""
        found = self._conn.execute(
            "SELECT path FROM notes WHERE stem_key = ? OR lower(path) IN (?, ?) ORDER BY length(path), path LIMIT 1",
            (key, key, key + ".md"),
        ).fetchone()
        return str(found[0]) if found else None

    def about_whom(self, path: str) -> Contact | None:
        """The person a note about someone, kept in their folder, is about."""
        found = self._conn.execute(
            "SELECT a.person FROM about a JOIN notes n ON n.id = a.note_id WHERE n.path = ?", (path,)
        )
        row = found.fetchone()
        person = self._row(row[0]) if row else None
        return self._contact(person) if person is not None else None

    def mentioning(self, phrases: Iterable[str]) -> list[Contact]:
        """The contacts whose note's text holds any of `phrases` (stemmed, as `find` reads)."""
        query = "body : (" + " OR ".join('"' + p.replace('"', "") + '"' for p in phrases) + ")"
        ids = [rowid for (rowid,) in self._conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (query,))]
        return [self._contact(self._row_of[i]) for i in sorted(ids) if i in self._row_of]

    def may_say_on(self, day: date, phrase: str) -> set[str]:
        """The paths of the contacts a conversation of `day` may say `phrase` to: their
        note's text holds it, or a line linking them that day does. A superset, to read
        the conversations of only these rather than of everyone talked to that day."""
        query = 'body : "' + phrase.replace('"', "") + '"'
        ids = {rowid for (rowid,) in self._conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (query,))}
        ids |= {
            target
            for (target,) in self._conn.execute(
                "SELECT target FROM links WHERE date = ? AND instr(lower(text), ?)", (day.isoformat(), phrase.lower())
            )
        }
        return {row.path for i in ids if (row := self._row(self._about.get(i, i))) is not None}

    def note_paths(self, kind: str) -> list[str]:
        """The paths of the notes of one kind ("note", "daily", "contact"), sorted."""
        return [path for (path,) in self._conn.execute("SELECT path FROM notes WHERE kind = ? ORDER BY path", (kind,))]

    def mentions_of(self, contact: Contact) -> list[tuple[str, int, date]]:
        """(day's note, line, day) of each link to `contact` in a day's note that is not a
        conversation (nor an open task: that is a promise)."""
        rows = self._conn.execute(
            "SELECT n.path, l.line, n.daily_date FROM links l JOIN notes n ON n.id = l.note_id"
            " WHERE l.target = ? AND l.date IS NULL AND l.task = 0 AND n.daily_date IS NOT NULL"
            " ORDER BY n.daily_date DESC, n.path, l.line",
            (self._id_of(contact.path),),
        )
        return [(path, line, date.fromisoformat(day)) for path, line, day in rows if line is not None]

    def balance(self, contact: Contact) -> Balance:
        """What you gave `contact` and asked of them, from the conversations that say so
        (`gave: …`, `asked: …`, `received: …`; an introduction you logged counts as given)."""
        counts: dict[str, list[date]] = {"gave": [], "asked": [], "received": []}
        for talk in self.interactions(contact):
            kind = _GIVE_OR_ASK.match(talk.text)
            if kind:
                counts[_KIND[(kind.group(1) or kind.group(2)).lower()]].append(talk.date)
            elif talk.text.lower().startswith("introduced to"):
                counts["gave"].append(talk.date)
        last_gave = max(counts["gave"], default=None)
        asked_since = sum(1 for day in counts["asked"] if last_gave is None or day > last_gave)
        return Balance(
            len(counts["gave"]), len(counts["asked"]), len(counts["received"]),
            last_gave, max(counts["asked"], default=None), max(counts["received"], default=None), asked_since,
        )  # fmt: skip

    def one_way(self, least: int = 2) -> list[tuple[Contact, Balance]]:
        """The people you asked of at least `least` times since you last gave them anything."""
        found = [(c, self.balance(c)) for c in self.mentioning(("asked",)) if not self.is_owner(c)]
        return sorted(
            ((c, b) for c, b in found if b.asked_since_gave >= least),
            key=lambda pair: (-pair[1].asked_since_gave, pair[0].sort_key),
        )

    def linked_from(self, contact: Contact) -> list[str]:
        """The contacts' notes that link to `contact` (whom they know), by path."""
        rows = self._conn.execute(
            "SELECT DISTINCT n.path FROM links l JOIN notes n ON n.id = l.note_id"
            " WHERE l.target = ? AND n.kind = 'contact' AND l.note_id != l.target ORDER BY n.path",
            (self._id_of(contact.path),),
        )
        return [path for (path,) in rows]

    def contact_at(self, path: str) -> Contact | None:
        """The contact whose note is at `path`, if it is one."""
        note_id = self._id_of(path)
        row = self._row(note_id) if note_id is not None else None
        return self._contact(row) if row is not None else None

    def tiers_moved(self, since: date) -> list[tuple[Contact, str, str]]:
        """(person, tier as of `since`, tier now) for everyone whose tier of the tally
        (daily … dormant, see shape.RHYTHM_MIN_DAYS) changed since that day."""
        return shape.tiers_moved(self, since)

    def linked_paths(self) -> set[str]:
        """The paths of every note some note links to (outside what vaultnet wrote in notes)."""
        rows = self._conn.execute("SELECT DISTINCT t.path FROM links l JOIN notes t ON t.id = l.target")
        return {path for (path,) in rows}

    def reconnected(self, first: date, last: date, quiet_days: int) -> list[Contact]:
        """The people talked to between `first` and `last` (ISO days of the index) after
        `quiet_days` or more without a conversation, by name."""
        found = []
        for row in self._rows:
            days = row.talks.split()
            at = bisect.bisect_left(days, first.isoformat())
            if at == 0 or at >= len(days) or days[at] > last.isoformat() or row.circle == ARCHIVED:
                continue
            if (date.fromisoformat(days[at]) - date.fromisoformat(days[at - 1])).days >= quiet_days:
                found.append(self._contact(row))
        return [c for c in found if not self.is_owner(c)]

    def is_owner(self, contact: Contact) -> bool:
        """True for the vault owner's own note (`[user] name` or `email` in the config)."""
        return self._id_of(contact.path) in self._owner

    def introducible(self) -> list[Contact]:
        """The people introductions are made among: those you are in touch with (a
        conversation logged), not prospects, anyone archived, or yourself."""
        return [
            c
            for c in self.contacts
            if c.circle not in ("prospect", ARCHIVED) and c.last_contact is not None and not self.is_owner(c)
        ]

    # --- what is due ----------------------------------------------------------------------

    def promises(self, contact: Contact | None = None) -> dict[str, list[Promise]]:
        """Open promises by contact path (of one contact, or everyone but you), dated ones first."""
        mine = None if contact is None else self._id_of(contact.path) or 0
        return {self._row_of_id(row_id).path: items for row_id, items in self._promises(mine).items()}

    def _promises(self, person: int | None) -> dict[int, list[Promise]]:
        """Open promises by contact id (to `person`, or to everyone but you), dated ones first."""
        out: dict[int, list[Promise]] = defaultdict(list)
        sql = (
            "SELECT t.target, t.text, t.due, n.path, t.line FROM tasks t"
            " JOIN notes n ON n.id = t.note_id JOIN contacts c ON c.id = t.target"
        )
        params: tuple[int, ...] = ()
        if person is not None:
            # (A task in a note about them kept in their folder, `Gift ideas`, is theirs.)
            params = (person, *(note for note, about in self._about.items() if about == person))
            sql += f" WHERE t.target IN ({','.join('?' * len(params))})"
        found = self._conn.execute(sql, params).fetchall()
        self._read_rows(self._about.get(target, target) for target, *_ in found)  # (at once)
        for target, text, due, path, line in found:
            row = self._row(self._about.get(target, target))
            if row is not None and (person is not None or row.id not in self._owner):  # (your own to-dos)
                out[row.id].append(Promise(text, date.fromisoformat(due) if due else None, path, line))
        for items in out.values():
            items.sort(key=lambda p: (p.due is None, p.due or date.min, p.path, p.line))
        return out

    def due(self, within: timedelta = timedelta(0)) -> list[DueItem]:
        """Everything to do by today + `within`, most overdue first."""
        s = self.settings
        horizon = self.today + within
        birthday_horizon = self.today + max(within, timedelta(days=s.birthday_days))
        items: list[DueItem] = []
        rows = self._rows if "_rows" in self.__dict__ else self._maybe_due(horizon, birthday_horizon)
        for row in rows:
            if row.circle == ARCHIVED or row.id in self._owner:
                continue  # nothing falls due for someone archived (their promises still do), nor you
            # Lean on purpose: this runs for every contact, and most are not due.
            dates = self._dates(row)
            schedule = self._next(dates)
            if schedule and schedule[0] <= horizon:
                contact = self._contact(row, dates, schedule)
                items.append(DueItem(contact, schedule[1], schedule[0], self._detail(schedule[1], dates)))
            birthday = row.birthday
            if birthday:
                when = next_birthday(int(birthday[:2]), int(birthday[3:]), self.today)
                if when <= birthday_horizon:
                    detail = f"birthday {when.strftime('%b')} {when.day}"
                    items.append(DueItem(self._contact(row, dates, schedule), "birthday", when, detail))
        promise_horizon = self.today + max(within, timedelta(days=s.promise_days))
        for row_id, promises in self._promises(None).items():
            contact = self._contact(self._row_of_id(row_id))
            for promise in promises:
                if promise.due is not None and promise.due <= promise_horizon:
                    items.append(DueItem(contact, "promise", promise.due, promise.text, promise))
        items.sort(key=lambda i: (i.due, REASON_ORDER[i.reason], i.contact.sort_key, i.contact.path, i.detail))
        return items

    def _maybe_due(self, horizon: date, birthday_horizon: date) -> list[ContactRow]:
        """The rows of the contacts something may fall due for by `horizon` (a birthday by
        `birthday_horizon`): more than are due, never fewer (see maybe_due)."""
        where, params = maybe_due.condition(
            self._conn, self.today, horizon, birthday_horizon, self.settings.followup_window_days,
            by_label=_cadence, by_circle=self._by_circle,
        )  # fmt: skip
        return self._rows_where(where, params)

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
        # The index finds the forms a name was typed in (names.lookup_text): every
        # contact's row is read only for a name no one has exactly (a partial one).
        exact = self._answering(wanted)
        if len(exact) == 1:
            return self._contact(exact[0])
        if len(exact) > 1:
            raise AmbiguousContactError(
                f"{name!r} matches {len(exact)} contacts: " + "; ".join(row.path for row in exact),
                hint="use the file name or path to pick one",
            )
        self._refuse_unreadable(wanted)
        # Matched on the index rows: only the contact found is built.
        by_path = "/" in wanted
        known = [(row, self._row_names(row, by_path)) for row in self._rows]
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

    def summary_counts(self, key: str) -> list[tuple[Any, int]]:
        """(value, how many people have it) for each value of one summary field among
        everyone but you (None: not said); see summary_groups."""
        return [(values[0], count) for values, count in self.summary_groups((key,))]

    def summary_groups(self, keys: Sequence[str]) -> list[tuple[list[Any], int]]:
        """(values of `keys`, how many people have those) for each different set of values
        of these summary fields among everyone but you, None for not said; grouped by
        SQLite, in the order of the first person by name to have each set, as a pass over
        everyone would meet them."""
        paths, owner = [_summary_path(key) for key in keys], sorted(self._owner)
        # Given two paths or more, json_extract gives a JSON array of the values: each
        # value as JSON text (a string quoted, a list a list), read once per row.
        if len(paths) == 1:
            paths *= 2
        rows = self._conn.execute(
            f"SELECT json_extract(summary, {', '.join('?' * len(paths))}) AS value, count(*),"
            " min(sort_key || char(0) || path) AS first FROM contacts"
            f" WHERE id NOT IN (SELECT note_id FROM about) AND id NOT IN ({','.join('?' * len(owner))})"
            " GROUP BY value ORDER BY first",
            (*paths, *owner),
        )
        return [(json.loads(value)[: len(keys)], count) for value, count, _first in rows]

    @functools.cached_property
    def people_rows(self) -> list[TallyRow]:
        """What counting the network reads of everyone but you (see _is_owner), in name
        order, without building a Contact for each (nor reading every column, when the
        rows were not read already)."""
        if "_rows" in self.__dict__:
            rows = [TallyRow(r.id, r.path, r.name, r.sort_key, r.circle, r.tags, r.talks) for r in self._rows]
        else:
            rows = list(map(TallyRow._make, self._conn.execute(f"SELECT {', '.join(TallyRow._fields)} FROM contacts")))
            rows.sort(key=operator.attrgetter("sort_key", "path"))
        return [row for row in rows if row.id not in self._owner and row.id not in self._about]

    def answering_to(self, name: str) -> list[Contact]:
        """The contacts one of whose forms of name (name, file name, alias, email) is
        `name`, case- and accent-blind: found through the index, not by reading everyone."""
        return [self._contact(row) for row in self._answering(fold(name))]

    def _answering(self, folded: str) -> list[ContactRow]:
        """The rows of the contacts one of whose forms of name is `folded`, in name order."""
        ids = [i for (i,) in self._conn.execute(_BY_FORM, (LOOKUP_SEP + folded + LOOKUP_SEP,))]
        self._read_rows(ids)  # (at once: a common name is several people)
        rows = [row for row in map(self._row, ids) if row is not None]
        return sorted(rows, key=operator.attrgetter("sort_key", "path"))

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
    def _row_names(row: ContactRow, by_path: bool) -> set[str]:
        """Every form a contact row answers to, for a partial name: name, file name,
        aliases, emails, and the path when `by_path` (what was typed holds a `/`). Folded
        only where they differ from the name, which is already."""
        path, sort_key, aliases, emails = row.path, row.sort_key, row.aliases, row.emails
        names = {sort_key}  # sort_key is fold(name)
        title = note_title(path)
        if title != row.name:
            names.add(fold(title))
        if by_path:
            names.add(fold(without_md(path)))
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
        note_id = self._id_of(contact.path) or 0
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
                elif text and not _FIELD_LINE.match(_strip_bullet(text)):
                    # A line under a day's heading in a journal of its own: what it says.
                    found.append(Interaction(date.fromisoformat(d), _strip_bullet(text), path, line, "journal"))
                else:  # a meeting note: what it is called says what the meeting was
                    found.append(Interaction(date.fromisoformat(d), note_title(path), path, line, "meeting"))
        # A meeting planned or a daily note written ahead is no conversation yet (as for `due`).
        found = [i for i in found if i.date.isoformat() <= self._today_iso]
        found.sort(key=lambda i: (i.date, i.path, i.line), reverse=True)
        return found

    def _log_of(self, note_id: int) -> list[LogEntry]:
        """The entries of a contact's log, with their texts, read back from the stored body."""
        from ..parse import read_log

        body, body_line = self._conn.execute(
            "SELECT f.body, d.body_line FROM fts f JOIN details d ON d.id = f.rowid WHERE f.rowid = ?", (note_id,)
        ).fetchone()
        return read_log(body, body_line, self.settings.parse_options())

    # --- asked of the whole network (each answered in a module of its own) ------------

    def filter(self, terms: Iterable[str]) -> list[Contact]:
        """Contacts matching every query term (`tag:x`, `-industry:y`, `met_on:>2026-01-01`, words)."""
        matches = language.matcher(terms)
        return [c for c in self.contacts if matches(c)]

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """People who can help with `text`, best first, from fields and note text."""
        return search.search(self, text, limit)

    def stats(self, by: Iterable[str] = ()) -> NetworkStats:
        """Counts by rhythm, by circle, and the spread of some fields (see `shape.stats`)."""
        return shape.stats(self, by)

    def spread(self, key: str) -> list[tuple[str, int]]:
        """How many contacts have each value of a field, most common first."""
        return shape.spread(self, key)

    def problems(self, scan_problems: Iterable[Problem] = ()) -> list[Problem]:
        """Everything wrong in the vault, sorted by path and line (see `checks.problems`)."""
        return checks.problems(self, scan_problems)

    def field_line(self, contact: Contact, key: str) -> int | None:
        """The line of a frontmatter key in the contact's note."""
        return checks.field_line(self, contact, key)


def _summary_path(key: str) -> str:
    """The JSON path of a summary field (model.SUMMARY_FIELDS) in the index's summary column."""
    assert key in SUMMARY_FIELDS and key.isidentifier()
    return f"$.{key}"


def _words_prefix(words: list[str], name: str) -> bool:
    parts = name.split()
    return all(any(p.startswith(w) for p in parts) for w in words)


def _strip_bullet(text: str) -> str:
    return re.sub(r"^(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?", "", text)
