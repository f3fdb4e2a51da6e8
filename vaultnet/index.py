"""The SQLite cache of the vault, under `.vaultnet/cache/`: the only module that writes SQL.

The cache is disposable. `refresh()` walks the vault, compares each note's
`(mtime_ns, size)` with what is stored, re-parses only what changed and drops what was
deleted, all in one transaction, so two processes at once (a watcher and a command) see
either the old index or the new one. A cache from an unknown schema version, one built with
different settings, or one that SQLite says is damaged is rebuilt from the notes.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import sqlite3
import sys
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .classify import SAID_OF_A_PERSON, PersonRow, about_someone
from .config import ParseOptions, Settings
from .errors import IndexBusyError
from .model import LIST_SEP, Problem, display_value, summary_of
from .names import fold, link_key, lookup_text, without_md
from .scan import FileStamp, read_note, walk
from .version import PARSER_VERSION

if TYPE_CHECKING:
    # The parser is imported only when a note must be read (and PyYAML only when its
    # frontmatter needs more than the fast path).
    from .parse import ParsedNote

INDEX_FILE = "index.sqlite"
PARALLEL_THRESHOLD = 1500  # below this many notes to parse, worker processes cost more than they save
REREAD_ALL_OVER = 1500  # past this many changed notes, three in four of all, every note is read again
PROGRESS_THRESHOLD = 2000  # a build of this many notes takes seconds: worth showing its progress

UNREAD_MTIME = -1  # the stamp of a note that could not be read: never current
FTS_COLUMNS = ("name", "offers", "role", "company", "industry", "interests", "tags", "other", "body")


_SCHEMA_V1 = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE notes(
            id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, mtime_ns INTEGER, size INTEGER,
            kind TEXT NOT NULL, stem_key TEXT NOT NULL, folder_key TEXT NOT NULL, daily_date TEXT,
            tags TEXT NOT NULL DEFAULT '');
        -- Notes that say what they are (`type: event`, …) other than people, with their fields.
        CREATE TABLE typed(id INTEGER PRIMARY KEY, type TEXT NOT NULL, date TEXT, fields TEXT NOT NULL);
        CREATE INDEX typed_type ON typed(type, date);
        CREATE INDEX notes_stem ON notes(stem_key);
        CREATE INDEX notes_daily ON notes(daily_date) WHERE daily_date IS NOT NULL;
        -- One small row per contact: what `due` and `list` read for every contact.
        CREATE TABLE contacts(
            id INTEGER PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, sort_key TEXT NOT NULL,
            circle TEXT, cadence TEXT, met_on TEXT, last_contact TEXT, birthday TEXT,
            aliases TEXT NOT NULL, emails TEXT NOT NULL, tags TEXT NOT NULL,
            talks TEXT NOT NULL DEFAULT '');  -- sorted distinct days of log lines and daily notes
        -- The bulky rest, read for one contact (show) or when fields are asked about.
        -- Log texts are read back from the body in fts (from body_line) for the contact shown;
        -- log_dates (the days of log lines) are what `talks` is made from.
        CREATE TABLE details(
            id INTEGER PRIMARY KEY, fields TEXT NOT NULL, body_line INTEGER NOT NULL, log_dates TEXT NOT NULL);
        CREATE TABLE names(key TEXT NOT NULL, note_id INTEGER NOT NULL);
        CREATE INDEX names_key ON names(key);
        CREATE INDEX names_note ON names(note_id);
        CREATE TABLE links(
            note_id INTEGER NOT NULL, key TEXT NOT NULL, folder TEXT NOT NULL,
            line INTEGER, text TEXT, task INTEGER NOT NULL, target INTEGER,
            date TEXT,  -- a daily (or meeting) note's date: a link there is a conversation that day
            written TEXT);  -- the target's name as written, for `check` to say which link
        CREATE INDEX links_note ON links(note_id);
        CREATE INDEX links_key ON links(key);
        CREATE INDEX links_target ON links(target);
        CREATE INDEX links_talks ON links(target, date) WHERE date IS NOT NULL AND task = 0;
        CREATE TABLE tasks(
            note_id INTEGER NOT NULL, line INTEGER, text TEXT, due TEXT,
            key TEXT, folder TEXT, target INTEGER);
        CREATE INDEX tasks_note ON tasks(note_id);
        CREATE INDEX tasks_key ON tasks(key);
        CREATE INDEX tasks_target ON tasks(target);
        CREATE TABLE problems(
            note_id INTEGER NOT NULL, line INTEGER, severity TEXT NOT NULL, message TEXT NOT NULL);
        CREATE INDEX problems_note ON problems(note_id);
        CREATE VIRTUAL TABLE fts USING fts5(
            name, offers, role, company, industry, interests, tags, other, body,
            tokenize = 'porter unicode61 remove_diacritics 2');
        """


class ContactRow(NamedTuple):
    """A row of the contacts table, as `CONTACT_ROWS` selects it."""

    id: int
    path: str
    name: str
    sort_key: str
    circle: str | None
    cadence: str | None
    met_on: str | None
    last_contact: str | None
    birthday: str | None
    aliases: str  # LIST_SEP-joined
    emails: str  # LIST_SEP-joined
    tags: str  # LIST_SEP-joined
    talks: str  # sorted distinct ISO days, space-separated
    first_met: str | None = None  # ISO day the log says was a first meeting (parse.ParsedNote.first_met)
    kin: int = 0  # 1 for family
    summary: str = "{}"  # JSON: model.summary_of the fields
    company: str = ""  # the company as lists show it (Contact.field_text)


CONTACT_ROWS = f"SELECT {', '.join(ContactRow._fields)} FROM contacts"


# Notes in a contact folder that are about a person rather than one (classify.about_someone):
# note id -> the person's. Worked out from every contact at once, after each refresh.
# Of each contact, what says a follow-up after a first meeting is owed or never is: the
# day its log's earliest entry says was a first meeting, and whether the note says family.
# Of each note, whether it was read without its frontmatter (which could not be read).
_SCHEMA_V2 = """
        CREATE TABLE about(note_id INTEGER PRIMARY KEY, person INTEGER NOT NULL);
        ALTER TABLE contacts ADD COLUMN first_met TEXT;
        ALTER TABLE contacts ADD COLUMN kin INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE notes ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
        """


def _v1(conn: sqlite3.Connection) -> None:
    _run_script(conn, _SCHEMA_V1)


def _v2(conn: sqlite3.Connection) -> None:
    _run_script(conn, _SCHEMA_V2)


# Of each contact, the fields lists, stats and introductions read of everyone
# (model.summary_of), and the forms of its name a typed name is looked up in (names.lookup_text).
_SCHEMA_V3 = """
        ALTER TABLE contacts ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE contacts ADD COLUMN lookup TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN company TEXT NOT NULL DEFAULT '';
        """


def _v3(conn: sqlite3.Connection) -> None:
    _run_script(conn, _SCHEMA_V3)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, and a migration must stay one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# Numbered migrations: MIGRATIONS[n] takes a cache at user_version n to n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)
# Guards against a cache whose tables differ from what this code expects at the same version.
SCHEMA_ID = f"{zlib.crc32((_SCHEMA_V1 + _SCHEMA_V2 + _SCHEMA_V3).encode()):08x}"


class _Rebuild(Exception):
    """The cache cannot be used as it is and is rebuilt from the notes."""


@dataclass
class SyncStats:
    """What a refresh did."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rebuilt: bool = False
    scan_problems: list[Problem] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # temp files a killed writer left

    @property
    def touched(self) -> bool:
        """True when the index changed at all."""
        return bool(self.added or self.changed or self.removed)


def connect(path: Path | str, fresh: bool = False) -> sqlite3.Connection:
    """A connection set up for one writer and many readers at once (WAL).

    A `fresh` file, just created, is first filled in rollback-journal mode and switched
    to WAL after (`Index.refresh`): a cold build then writes its pages once, not once to
    the WAL and again at the checkpoint (a tenth of a second at 10k notes). Until then
    another process waits for the build, as it would for any writer.
    """
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=30000")
    wal = str(path) != ":memory:" and not fresh and _try_wal(conn)
    # In rollback mode NORMAL could, on a power cut, damage the file; FULL cannot.
    conn.execute("PRAGMA synchronous=NORMAL" if wal else "PRAGMA synchronous=FULL")
    return conn


def _try_wal(conn: sqlite3.Connection) -> bool:
    """Put the file in WAL mode; False when it cannot be now (another process is building
    it in rollback-journal mode and holds it: SQLite answers that at once, not after the
    busy timeout). The mode is kept in the file, so one success serves every process."""
    try:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return str(mode).lower() == "wal"


NO_ROOM = (
    "the disk is full: the index is kept in memory for this run (slower); free some space,"
    " and commands that write will say what they could not write"
)


def _rebuilt(why: str) -> str:
    return f"the index cache did not match ({why}): rebuilt it from your notes (it is only a cache)"


def _no_room(exc: sqlite3.Error) -> bool:
    """True for SQLite's "database or disk is full" (or a quota), which no rebuild mends."""
    return "disk is full" in str(exc) or getattr(exc, "sqlite_errorcode", None) == 13  # SQLITE_FULL


def _memory() -> sqlite3.Connection:
    conn = connect(":memory:")
    _migrate(conn)
    return conn


def _busy(exc: sqlite3.OperationalError) -> bool:
    """True for "locked"/"busy": another process holds the file, which is no damage."""
    text = str(exc)
    return "locked" in text or "busy" in text


class Index:
    """An open index for one vault."""

    def __init__(
        self, settings: Settings, conn: sqlite3.Connection, location: Path | None, fresh: bool = False
    ) -> None:
        self.settings = settings
        self.conn = conn
        self.location = location
        self.fresh = fresh  # a new file, not yet in WAL mode (see `connect`)
        # Called as notes are read into the index (done, total), for a build that takes seconds.
        self.progress: Callable[[int, int], None] | None = None
        # Something the user should hear once: the cache was rebuilt, or is kept in memory.
        self.notice: str | None = None

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings) -> Index:
        """Open (creating, migrating or rebuilding as needed) the vault's index; in memory
        when the vault cannot be written or its disk is full."""
        location = _prepare_cache_dir(settings.cache_dir)
        if location is None:
            # The vault is read-only: keep the index in memory for this run.
            return cls(settings, _memory(), None)
        try:
            return cls._open_file(settings, location)
        except sqlite3.OperationalError as exc:
            if not _no_room(exc):
                raise
            index = cls(settings, _memory(), None)
            index.notice = NO_ROOM
            return index

    @classmethod
    def _open_file(cls, settings: Settings, location: Path) -> Index:
        fresh = not location.exists()
        damage = None
        try:
            conn = connect(location, fresh)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise _busy_error(location) from None
            if _no_room(exc):
                raise
            damage = f"SQLite cannot open it: {exc}"
            _remove_db(location)  # not a database SQLite can read: nobody can be using it
            fresh = True
            conn = connect(location, fresh)
        try:
            _migrate(conn)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                conn.close()
                raise _busy_error(location) from None
            if _no_room(exc):
                conn.close()
                raise
            damage = str(exc)
            conn = _start_over(conn, location)
        except (sqlite3.DatabaseError, _Rebuild) as exc:
            damage = str(exc)
            conn = _start_over(conn, location)
        index = cls(settings, conn, location, fresh)
        index.fresh = fresh or not _in_wal(conn)
        if damage:
            index.notice = _rebuilt(damage)
        return index

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def unreadable(self) -> list[Problem]:
        """Why each note that could not be read was left out, by path and line."""
        return self._errors_of("n.kind = 'error'")

    def partly_read(self) -> list[Problem]:
        """Why each note read without its frontmatter (which could not be read) was, by path."""
        return self._errors_of("n.partial = 1 AND p.severity = 'error'")

    def _errors_of(self, where: str) -> list[Problem]:
        rows = self.conn.execute(
            "SELECT n.path, p.line, p.severity, p.message FROM problems p JOIN notes n ON n.id = p.note_id"
            f" WHERE {where} ORDER BY n.path, p.line"
        )
        return [Problem(path, line, severity, message) for path, line, severity, message in rows]

    def reset(self) -> None:
        """Throw the cache's contents away and start empty (used for --rebuild and damage)."""
        if self.location is None:
            self.conn.close()
            self.conn = _memory()
        else:
            self.conn = _start_over(self.conn, self.location)
            self.fresh = self.fresh or not _in_wal(self.conn)

    # --- refreshing -----------------------------------------------------------------------

    def refresh(self, rebuild: bool = False) -> SyncStats:
        """Bring the index up to date with the vault; rebuild it if it is damaged, and
        keep it in memory for this run if the disk is full."""
        try:
            if rebuild:
                self.reset()
            stats = self._sync(rebuilt=rebuild)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise _busy_error(self.location) from None
            stats = self._recover(exc)
        except sqlite3.DatabaseError as exc:
            stats = self._recover(exc)
        if self.fresh:
            self._use_wal()
        return stats

    def _recover(self, exc: sqlite3.DatabaseError) -> SyncStats:
        """Rebuild a damaged cache (it is only a cache); when there is no room to write it,
        read the vault into memory instead, so that reading commands still answer."""
        if not _no_room(exc):
            self.notice = _rebuilt(str(exc))
            try:
                self.reset()
                return self._sync(rebuilt=True)
            except sqlite3.OperationalError as again:
                if not _no_room(again):
                    raise
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self.conn, self.location, self.fresh = _memory(), None, False
        self.notice = NO_ROOM
        return self._sync(rebuilt=True)

    def _use_wal(self) -> None:
        """Switch a freshly built file to WAL, so readers and a writer go on at once."""
        self.fresh = False
        # When another process holds the file, the next connection switches it.
        if _try_wal(self.conn):
            self.conn.execute("PRAGMA synchronous=NORMAL")

    @property
    def fingerprint(self) -> str:
        """What the index was built with: the settings that change a reading, and the parser."""
        return f"{self.settings.fingerprint()}:{PARSER_VERSION}"

    def watched(self) -> bool:
        """True when a running `vaultnet watch` keeps this index current (heartbeat.py):
        a command may then skip the walk."""
        from . import heartbeat

        return self.location is not None and heartbeat.trusted(self.settings.cache_dir, self.fingerprint)

    def _sync(self, rebuilt: bool) -> SyncStats:
        leftovers: list[str] = []
        stamps, scan_problems = walk(self.settings, leftovers)
        conn = self.conn
        stats = SyncStats(rebuilt=rebuilt, scan_problems=scan_problems, leftovers=leftovers)
        fingerprint = self.fingerprint
        if not rebuilt and self._current(stamps, fingerprint):
            # The common case: nothing changed, so no write lock is taken at all.
            stats.unchanged = len(stamps)
            return stats
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != fingerprint:
                if row is not None:
                    stats.rebuilt = True
                _clear(conn)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
            stored = {
                path: (note_id, mtime, size)
                for note_id, path, mtime, size in conn.execute("SELECT id, path, mtime_ns, size FROM notes")
            }
            to_parse: list[FileStamp] = []
            stale_ids: list[int] = []
            for stamp in stamps:
                path, mtime_ns, size = stamp
                old = stored.pop(path, None)
                if old is None:
                    stats.added.append(path)
                    to_parse.append(stamp)
                elif (old[1], old[2]) != (mtime_ns, size):
                    stats.changed.append(path)
                    stale_ids.append(old[0])
                    to_parse.append(stamp)
                else:
                    stats.unchanged += 1
            stats.removed = sorted(stored)
            stale_ids.extend(note_id for note_id, _, _ in stored.values())
            if to_parse or stale_ids:
                full = not stats.unchanged
                if not full and len(stale_ids) > 3 * stats.unchanged and len(to_parse) > REREAD_ALL_OVER:
                    # Most notes changed (a sync that touched all but a few): reading every
                    # note again into emptied tables is quicker than deleting and re-adding
                    # most of them one by one (50k, 90% changed: 15.6 -> 12.9 s; even at 75%).
                    full, to_parse = True, list(stamps)
                affected = set() if full else _keys_of(conn, stale_ids)
                # Contacts whose conversations a change can touch: those the old notes'
                # daily links pointed at, the new notes, and whoever a link now names.
                talkers = set() if full else _daily_targets(conn, stale_ids)
                if full and stale_ids:
                    # Every note changed (a vault copied, restored, or touched): emptying the
                    # tables is far quicker than deleting each note's rows (6 s at 50k).
                    _clear(conn)
                else:
                    _delete(conn, stale_ids)
                # Filling empty tables, it is cheaper to build their indexes afterwards.
                deferred = _drop_indexes(conn) if full and len(to_parse) > PARALLEL_THRESHOLD else []
                new_ids, new_keys, unresolved = self._insert(to_parse, prelink=full)
                for statement in deferred:
                    conn.execute(statement)
                affected |= new_keys
                # A cold build has pointed most links at their notes already; the rest
                # (folders, names and aliases, broken notes) are resolved here.
                retargeted = _resolve(conn, unresolved if full else affected, [] if full else new_ids)
                if not full:
                    talkers |= retargeted | set(new_ids) | _daily_targets(conn, new_ids)
                _update_talks(conn, None if full else talkers)
                _update_about(conn)
            # What the notes table now holds, for the next refresh's quick "nothing changed?".
            # SQLite's binary order of UTF-8 text is Python's order of str, as in walk().
            held = conn.execute("SELECT path, mtime_ns, size FROM notes ORDER BY path").fetchall()
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('stamps', ?)", (_signature(held),))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # (a failed COMMIT may have rolled back already)
                conn.execute("ROLLBACK")
            raise
        return stats

    def _current(self, stamps: list[FileStamp], fingerprint: str) -> bool:
        """True when the index already holds exactly these notes, as they are now."""
        found = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN ('fingerprint', 'stamps')"))
        return found.get("fingerprint") == fingerprint and found.get("stamps") == _signature(stamps)

    def _insert(self, stamps: list[FileStamp], prelink: bool) -> tuple[list[int], set[str], set[str]]:
        """Parse and store notes; return their ids, the names they can be linked by, and
        the link keys still to resolve.

        With `prelink` (the index was empty) a link is pointed at the note of that file
        name as it is stored, known from the paths alone: the later resolution then only
        has the few links that name a folder, a name or alias, or a note that failed.
        """
        conn = self.conn
        first_id = (conn.execute("SELECT max(id) FROM notes").fetchone()[0] or 0) + 1
        jobs = [(first_id + n, path, mtime_ns, size) for n, (path, mtime_ns, size) in enumerate(stamps)]
        new_keys: set[str] = set()
        unresolved: set[str] = set()
        stems = _stem_targets(jobs) if prelink else None
        with _no_gc():
            stored = self._store(jobs, new_keys, stems, unresolved)
        if stems is not None and len(stored) < len(jobs):
            # Notes deleted since the walk: links pointed at them must find another.
            unresolved.update(_path_keys(path)[0] for note_id, path, _, _ in jobs if note_id not in stored)
        return [job[0] for job in jobs], new_keys, unresolved

    def _store(
        self,
        jobs: list[tuple[int, str, int, int]],
        new_keys: set[str],
        stems: dict[str, int] | None,
        unresolved: set[str],
    ) -> set[object]:
        """Parse and insert; return the ids of the notes stored."""
        conn = self.conn
        stored: set[object] = set()
        done = 0
        for rows in _parse_all(self.settings.vault, jobs, self.settings.parse_options()):
            done += len(rows["notes"])  # (a note deleted since the walk has none: the count ends short)
            if self.progress is not None and len(jobs) >= PROGRESS_THRESHOLD:
                self.progress(done, len(jobs))
            stored.update(row[0] for row in rows["notes"])
            new_keys.update(str(row[5]) for row in rows["notes"])
            new_keys.update(str(row[0]) for row in rows["names"])
            if stems is not None:
                _prelink(rows, stems, unresolved)
            for table, batch in rows.items():
                if batch:
                    conn.executemany(_INSERTS[table], batch)
        return stored


Rows = dict[str, list[tuple[object, ...]]]
# One encoder for every note: json.dumps builds a new one per call when given options.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _stem_targets(jobs: list[tuple[int, str, int, int]]) -> dict[str, int]:
    """file-name key -> the note a link without a folder names, as `_pick` would choose
    among file names: the shortest path, then the first in order."""
    best: dict[str, tuple[int, str, int]] = {}
    for note_id, path, _mtime, _size in jobs:
        key = _path_keys(path)[0]
        candidate = (len(path), path, note_id)
        if key not in best or candidate < best[key]:
            best[key] = candidate
    return {key: value[2] for key, value in best.items()}


def _prelink(rows: Rows, stems: dict[str, int], unresolved: set[str]) -> None:
    """Fill in the target of links and tasks without a folder from `stems`; collect the
    keys left for `_resolve` (folders, names and aliases, notes that could not be read)."""
    for row in rows["notes"]:
        if row[4] == "error":
            unresolved.add(str(row[5]))  # its links must go to the next candidate
    _fill_targets(rows["links"], 1, stems, unresolved)
    _fill_targets(rows["tasks"], 4, stems, unresolved)


def _fill_targets(batch: list[tuple[object, ...]], key_at: int, stems: dict[str, int], unresolved: set[str]) -> None:
    """Rows with the link key at `key_at`, its folder after it, and the target last."""
    for n, row in enumerate(batch):
        key = row[key_at]
        if key is None:
            continue  # a task owed to the contact whose note it is in
        target = None if row[key_at + 1] else stems.get(str(key))
        if target is None:
            unresolved.add(str(key))
        else:
            batch[n] = (*row[:-1], target)


def note_rows(rows: Rows, job: tuple[int, str, int, int], note: ParsedNote) -> None:
    """Add the index rows of one parsed note (id, path, stamp given by `job`) to `rows`.

    Runs in the worker processes, so that the main process only has to insert rows.
    """
    note_id, path, mtime_ns, size = job
    stem_key, folder_key = _path_keys(path)
    if note.page:
        stem_key = link_key(note.page)  # a Logseq page is linked by its name, namespace and all
    elif note.folder_note:
        stem_key = link_key(note.folder_note)  # `[[todd-hartley]]` is the folder's own note
    daily = note.daily_date.isoformat() if note.daily_date else None
    rows["notes"].append(
        (
            note_id,
            path,
            mtime_ns,
            size,
            note.kind,
            stem_key,
            folder_key,
            daily,
            LIST_SEP.join(note.tags),
            int(note.frontmatter_error),
        )
    )
    if note.type and note.kind != "contact" and note.kind != "error":
        when = note.get("date")
        iso = when[:10] if isinstance(when, str) and len(when) >= 10 and when[4] == "-" else None
        rows["typed"].append((note_id, note.type, iso, _to_json(note.fields)))
    for problem in note.problems:
        rows["problems"].append((note_id, problem.line, problem.severity, problem.message))
    if note.kind == "error":
        return
    is_contact = note.kind == "contact"
    if is_contact:
        _contact_rows(rows, note_id, path, note)
    # The people a meeting note lists as there (the links on its attendee lines) were
    # talked to on its day; links in a daily note, on the daily note's.
    met = note.meeting_date.isoformat() if note.meeting_date else None
    attendee_lines = note.meeting_lines
    for link in note.links:
        when = met if link.line in attendee_lines else link.day or (None if link.mention else daily)
        rows["links"].append(
            (note_id, link.key, link.folder, link.line, link.text, int(link.in_task), when, link.written, None)
        )
    for task in note.tasks:
        due = task.due.isoformat() if task.due else None
        if is_contact:
            # A task in a person's note is owed to that person; elsewhere it needs a link.
            rows["tasks"].append((note_id, task.line, task.text, due, None, None, note_id))
            continue
        for key, folder in dict.fromkeys((t.key, t.folder) for t in task.targets):
            rows["tasks"].append((note_id, task.line, task.text, due, key, folder, None))


def _contact_rows(rows: Rows, note_id: int, path: str, note: ParsedNote) -> None:
    """The rows a person's note adds: contacts (what every contact is read for), details,
    the names they are linked by, and the text `find` searches."""
    # What due, list and stats need of the log: its days (which `talks` starts as).
    log_dates = " ".join(sorted(set(note.log_days)))
    summary = summary_of(note.fields)
    rows["contacts"].append(
        (
            note_id,
            path,
            note.name,
            fold(note.name),
            note.circle,
            note.cadence,
            note.met_on,
            note.last_contact,
            note.birthday,
            # Lists as unit-separated text: splitting is far cheaper than JSON for 10k rows.
            LIST_SEP.join(note.aliases),
            LIST_SEP.join(note.emails),
            LIST_SEP.join(note.tags),
            log_dates,
            note.first_met,
            int(note.kin),
            _to_json(summary),
            lookup_text(path, note.name, note.aliases, note.emails),
            display_value(summary.get("company")),
        )
    )
    rows["details"].append((note_id, _to_json(note.fields), note.body_line, log_dates))
    for name in {link_key(n) for n in (note.name, *note.aliases) if n}:
        rows["names"].append((name, note_id))
    rows["fts"].append((note_id, *_fts_values(note)))


_FTS_NAMED = ("offers", "role", "company", "industry", "interests")
_FTS_NOT_OTHER = frozenset((*_FTS_NAMED, "name", "tags", "tag", "aliases", "alias"))


def _fts_values(note: ParsedNote) -> list[str]:
    values = [note.name] + [display_value(note.get(k)) for k in _FTS_NAMED]
    values.append(" ".join(note.tags))
    # The other fields as `key: value;` so a snippet from them reads as what it is.
    named = {name for key, name in note.names.items() if key in _FTS_NOT_OTHER}  # `org:` is in company
    other = [
        f"{k}: {display_value(v)};"
        for k, v in note.fields.items()
        if k not in _FTS_NOT_OTHER and k not in named and v is not None and v != "" and v != []
    ]
    values.append(" ".join([*(f"aka {a};" for a in note.aliases), *other]))
    values.append(note.body)
    return values


_INSERTS = {
    "notes": "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "typed": "INSERT INTO typed VALUES (?, ?, ?, ?)",
    "problems": "INSERT INTO problems VALUES (?, ?, ?, ?)",
    "contacts": (
        "INSERT INTO contacts(id, path, name, sort_key, circle, cadence, met_on, last_contact, birthday,"
        " aliases, emails, tags, talks, first_met, kin, summary, lookup, company)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "details": "INSERT INTO details VALUES (?, ?, ?, ?)",
    "names": "INSERT INTO names VALUES (?, ?)",
    "fts": f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})",
    "links": (
        "INSERT INTO links(note_id, key, folder, line, text, task, date, written, target)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "tasks": "INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?)",
}


def _path_keys(path: str) -> tuple[str, str]:
    folder, _, stem = without_md(path).rpartition("/")
    return link_key(stem), link_key(folder)


def _clear(conn: sqlite3.Connection) -> None:
    for table in ("notes", "typed", "contacts", "details", "names", "links", "tasks", "problems", "about"):
        conn.execute(f"DELETE FROM {table}")
    # The search table deletes row by row (1.4 s at 50,000 notes): dropped and made again
    # as it was, it is empty at once.
    (made,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'fts'").fetchone()
    conn.execute("DROP TABLE fts")
    conn.execute(made)


def _signature(stamps: Iterable[tuple[str, int, int]]) -> str:
    """Every stamp in one string: comparing it is cheaper than fetching the notes table."""
    return "\n".join(f"{path}\0{mtime}\0{size}" for path, mtime, size in stamps)


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the indexes of the row tables; return the statements that recreate them."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('names', 'links', 'tasks', 'problems')"
    ).fetchall()
    for name, _sql in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _with_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    _temp_table(conn, "ids", ids)


def _keys_of(conn: sqlite3.Connection, ids: list[int]) -> set[str]:
    """The names by which links may have pointed at these notes."""
    if not ids:
        return set()
    _with_ids(conn, ids)
    keys = {k for (k,) in conn.execute("SELECT stem_key FROM notes WHERE id IN temp.ids")}
    keys |= {k for (k,) in conn.execute("SELECT key FROM names WHERE note_id IN temp.ids")}
    return keys


def _delete(conn: sqlite3.Connection, ids: list[int]) -> None:
    if not ids:
        return
    _with_ids(conn, ids)
    for table, column in (
        ("notes", "id"),
        ("contacts", "id"),
        ("details", "id"),
        ("typed", "id"),
        ("names", "note_id"),
        ("links", "note_id"),
        ("tasks", "note_id"),
        ("problems", "note_id"),
        ("fts", "rowid"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN temp.ids")
    # Links elsewhere that pointed at a deleted note are re-resolved by the caller.


Candidate = tuple[int, int, str, int, str]  # (rank, path length, path, note id, folder key)


def _temp_table(conn: sqlite3.Connection, name: str, values: Iterable[object]) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name}(v PRIMARY KEY)")
    conn.execute(f"DELETE FROM temp.{name}")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)", ((v,) for v in values))


def _resolve(conn: sqlite3.Connection, keys: set[str], new_ids: list[int]) -> set[int]:
    """Point links and tasks at the notes they name, as Obsidian would resolve them.

    Only links naming one of `keys` and the links of the new notes (what a change can
    affect; a cold build has pointed the rest already) are looked at. Returns the notes
    that a link now names or no longer names.
    """
    moved: set[int] = set()
    _temp_table(conn, "rkeys", keys)
    _with_ids(conn, new_ids)
    scope = "(key IN temp.rkeys OR note_id IN temp.ids)"
    scopes = {"links": f" WHERE {scope}", "tasks": f" WHERE key IS NOT NULL AND {scope}"}
    wanted: set[str] = set()
    for table, where in scopes.items():
        wanted |= {k for (k,) in conn.execute(f"SELECT DISTINCT key FROM {table}{where}")}
    candidates = _candidates(conn, wanted)
    for table, where in scopes.items():
        updates = []
        for rowid, key, folder, target in conn.execute(f"SELECT rowid, key, folder, target FROM {table}{where}"):
            found = _pick(candidates.get(key, ()), folder)
            if found != target:
                updates.append((found, rowid))
                moved.update(t for t in (found, target) if t is not None)
        conn.executemany(f"UPDATE {table} SET target = ? WHERE rowid = ?", updates)
    return moved


def _daily_targets(conn: sqlite3.Connection, note_ids: list[int]) -> set[int]:
    """The notes that daily-note links in these notes point at."""
    if not note_ids:
        return set()
    _with_ids(conn, note_ids)
    return {
        t for (t,) in conn.execute("SELECT DISTINCT target FROM links WHERE note_id IN temp.ids AND date IS NOT NULL")
    } - {None}


def _update_talks(conn: sqlite3.Connection, contact_ids: set[int] | None) -> None:
    """Recompute `contacts.talks` (every day with a conversation) for these contacts, or
    for all of them when None: what `due`, `list` and `stats` read without a join.

    A contact is stored with its log days as its talks, so with None (a cold build) only
    those that daily notes mention need a change."""
    where = ""
    if contact_ids is not None:
        if not contact_ids:
            return
        _with_ids(conn, contact_ids)
        where = " AND target IN temp.ids"
    daily: dict[int, set[str]] = defaultdict(set)
    for target, day in conn.execute(
        f"SELECT target, date FROM links WHERE date IS NOT NULL AND task = 0 AND target IS NOT NULL{where}"
    ):
        daily[target].add(day)
    if contact_ids is None:
        _with_ids(conn, daily)
    rows = conn.execute("SELECT id, log_dates FROM details WHERE id IN temp.ids").fetchall()
    conn.executemany(
        "UPDATE contacts SET talks = ? WHERE id = ?",
        [
            (" ".join(sorted(daily[cid].union(log_dates.split()))) if cid in daily else log_dates, cid)
            for cid, log_dates in rows
        ],
    )


def _update_about(conn: sqlite3.Connection) -> None:
    """Store which contact-folder notes are about a person rather than one (see
    classify.about_someone): it depends on every contact, so it is worked out again."""
    conn.execute("DELETE FROM about")
    said = " OR ".join(f"coalesce({column}, '') != ''" for column in SAID_OF_A_PERSON)
    select = f"SELECT id, path, tags, {said} FROM contacts"
    # Rows said of no person, in a sub-folder: most vaults have none, and nothing else is read.
    bare = [PersonRow._make(row) for row in conn.execute(f"{select} WHERE NOT ({said}) AND path LIKE '%/%/%'")]
    if not bare:
        return

    def fields_of(ids: list[int]) -> list[tuple[int, str]]:
        _with_ids(conn, ids)
        return conn.execute("SELECT id, fields FROM details WHERE id IN temp.ids").fetchall()

    people = map(PersonRow._make, conn.execute(f"{select} WHERE {said}"))
    conn.executemany("INSERT INTO about VALUES (?, ?)", about_someone(bare, people, fields_of).items())


def _candidates(conn: sqlite3.Connection, keys: set[str]) -> dict[str, list[Candidate]]:
    """key -> notes it may name, best first: file names before names and aliases, then
    the shortest path (Obsidian prefers the note nearest the vault root)."""
    _temp_table(conn, "ckeys", keys)
    by_stem = "SELECT stem_key, id, path, folder_key FROM notes WHERE kind != 'error' AND stem_key IN temp.ckeys"
    by_name = (
        "SELECT n.key, n.note_id, o.path, o.folder_key FROM names n JOIN notes o ON o.id = n.note_id"
        " WHERE n.key IN temp.ckeys"
    )
    found: dict[str, list[Candidate]] = defaultdict(list)
    for rank, sql in enumerate((by_stem, by_name)):
        for key, note_id, path, folder_key in conn.execute(sql):
            found[key].append((rank, len(path), path, note_id, folder_key))
    for values in found.values():
        values.sort()
    return found


def _pick(candidates: Iterable[Candidate], folder: str) -> int | None:
    for _rank, _length, _path, note_id, folder_key in candidates:
        if not folder or folder_key == folder or folder_key.endswith("/" + folder):
            return note_id
    return None


# --- parsing, in parallel when there is a lot of it ---------------------------------------


TABLES = ("notes", "typed", "contacts", "details", "names", "fts", "links", "tasks", "problems")


def _parse_chunk(vault: str, jobs: list[tuple[int, str, int, int]], opts: ParseOptions) -> Rows:
    """Read and parse some notes into index rows (in a worker process when parallel)."""
    rows: Rows = {table: [] for table in TABLES}
    root = Path(vault)
    with _no_gc():
        _parse_into(rows, root, jobs, opts)
    return rows


def _parse_into(rows: Rows, root: Path, jobs: list[tuple[int, str, int, int]], opts: ParseOptions) -> None:
    from .parse import ParsedNote, parse_note

    for job in jobs:
        path = job[1]
        try:
            data = read_note(root, path, job[3])
        except FileNotFoundError:
            continue  # deleted since the walk; the next refresh drops it
        except OSError as exc:
            note = ParsedNote(path=path, kind="error")
            note.error(None, f"cannot be read: {exc.strerror or exc}")
            # Stored with a stamp no file has, so that the next refresh reads it again:
            # making it readable (chmod) changes neither its mtime nor its size.
            job = (job[0], path, UNREAD_MTIME, job[3])
        else:
            try:
                note = parse_note(path, data, opts, lean=True)
            except Exception as exc:  # a bug of ours must not cost the user the rest of the vault
                note = ParsedNote(path=path, kind="error")
                note.error(None, f"vaultnet failed to read this note ({type(exc).__name__}: {exc}); please report it")
        note_rows(rows, job, note)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector: parsing makes no cycles, but its many small objects
    would set it off again and again over everything alive (a tenth of a cold index)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_all(vault: Path, jobs: list[tuple[int, str, int, int]], opts: ParseOptions) -> Iterator[Rows]:
    """Index rows for every job, from worker processes when there are enough notes."""
    workers = min(os.cpu_count() or 1, 8)
    size = 256
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        for chunk in chunks:
            yield _parse_chunk(str(vault), chunk, opts)
        return
    from concurrent.futures import ProcessPoolExecutor

    try:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with, initargs=(os.getpid(),))
    except (OSError, NotImplementedError):
        for chunk in chunks:
            yield _parse_chunk(str(vault), chunk, opts)
        return
    with pool:
        yield from pool.map(_parse_chunk, [str(vault)] * len(chunks), chunks, [opts] * len(chunks))


def _die_with(parent: int) -> None:
    """Make a worker process end when the command that started it does (killed with -9 or
    TERM, it cannot tell them): left alone, workers would live on holding the cache and
    the command's pipes. Linux ends them at once; elsewhere a thread looks every second."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="vaultnet-parent-watch").start()


# --- the cache folder ---------------------------------------------------------------------


def _prepare_cache_dir(folder: Path) -> Path | None:
    """Create the cache folder (git-ignored); None when the vault cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# vaultnet's disposable index: never commit it\n*\n", encoding="utf-8")
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return folder / INDEX_FILE


def _busy_error(location: Path | None) -> IndexBusyError:
    return IndexBusyError(
        "the index is locked: another vaultnet is updating it (or this file system cannot lock files)",
        path=str(location) if location else None,
        hint="try again in a moment; if it keeps happening, move the vault to a local disk",
    )


def _in_wal(conn: sqlite3.Connection) -> bool:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _start_over(conn: sqlite3.Connection, location: Path) -> sqlite3.Connection:
    """An empty, current cache at `location`, from `conn` open on it.

    Emptied in place, in one transaction, while the file is a sound SQLite database:
    another vaultnet may have it open (a watcher, a command), and deleting files under
    it would break its transaction. Only a file SQLite cannot read is deleted.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
        tables = conn.execute(
            "SELECT name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master"
            " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 2 DESC"
        ).fetchall()
        for name, _virtual in tables:  # virtual tables first: they drop their own shadow tables
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone():
                conn.execute(f'DROP TABLE "{name}"')
        conn.execute("PRAGMA user_version = 0")
        conn.execute("COMMIT")
        _migrate(conn)
        return conn
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if _busy(exc):
            conn.close()
            raise _busy_error(location) from None
    except sqlite3.DatabaseError:
        pass  # not a database SQLite can read: nobody can be using it either
    conn.close()
    _remove_db(location)
    conn = connect(location, fresh=True)
    _migrate(conn)
    return conn


def _remove_db(location: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = str(location) + suffix
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)  # a folder where the cache goes: in vaultnet's own folder
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            os.remove(path)


def _layout(conn: sqlite3.Connection) -> str:
    """A checksum of every table and index as the file declares them: a renamed column, a
    dropped table or index (a cache edited by hand, or damaged) changes it."""
    rows = conn.execute(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return f"{zlib.crc32(repr(rows).encode()):08x}"


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise _Rebuild(f"cache schema {version} is newer than this vaultnet knows")
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _Rebuild("cache was not made by vaultnet")
    if version == SCHEMA_VERSION:
        found = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'layout')"))
        if found.get("schema") != SCHEMA_ID or found.get("layout") != _layout(conn):
            raise _Rebuild("its tables differ from this vaultnet's")
        return
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                conn.execute("COMMIT")
                continue
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_ID,))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (_layout(conn),))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
