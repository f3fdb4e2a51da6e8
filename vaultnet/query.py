"""Read-only questions about the network, answered from the index as model objects.

`Network` loads the contacts once with the dates worked out (last contact, next due) and
answers: who is due, who matches a query, who can help with X, what the network looks
like, and what is wrong in the vault. It never writes.
"""

from __future__ import annotations

import difflib
import json
import operator
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .config import Settings
from .dates import next_birthday, optional_date, parse_birthday
from .errors import AmbiguousContactError, ContactNotFoundError, QueryError
from .index import FTS_COLUMNS
from .model import Contact, DueItem, Interaction, Problem, Promise, display_value, parse_cadence
from .names import fold

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
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

_INTERACTION_DATES = """
    SELECT note_id AS cid, date AS d FROM log WHERE date <= :today AND date > :since
    UNION ALL
    SELECT l.target AS cid, n.daily_date AS d FROM links l JOIN notes n ON n.id = l.note_id
    WHERE n.daily_date IS NOT NULL AND n.daily_date <= :today AND n.daily_date > :since
      AND l.target IS NOT NULL AND l.task = 0
"""


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


class Network:
    """The contacts of an indexed vault as of `today`."""

    def __init__(self, conn: sqlite3.Connection, settings: Settings, today: date) -> None:
        self.conn = conn
        self.settings = settings
        self.today = today
        self._ids: dict[str, int] = {}
        self._lines: dict[int, dict[str, int]] = {}
        self.contacts = self._load()
        self.by_id = {self._ids[c.path]: c for c in self.contacts}

    # --- loading --------------------------------------------------------------------------

    def _load(self) -> list[Contact]:
        spans: dict[int, tuple[str, str]] = {
            cid: (first, last)
            for cid, first, last in self.conn.execute(
                f"SELECT cid, min(d), max(d) FROM ({_INTERACTION_DATES}) GROUP BY cid",
                {"today": self.today.isoformat(), "since": ""},
            )
        }
        contacts = []
        for note_id, path, name, fields_json, aliases, emails, tags, lines in self.conn.execute(
            "SELECT n.id, n.path, c.name, c.fields, c.aliases, c.emails, c.tags, c.lines"
            " FROM contacts c JOIN notes n ON n.id = c.id"
        ):
            fields: dict[str, Any] = json.loads(fields_json)
            first, last = spans.get(note_id, (None, None))
            contact = self._contact(path, name, fields, first, last)
            contact = _with(
                contact,
                aliases=tuple(json.loads(aliases)),
                emails=tuple(json.loads(emails)),
                tags=tuple(json.loads(tags)),
            )
            self._ids[path] = note_id
            self._lines[note_id] = json.loads(lines)
            contacts.append(contact)
        contacts.sort(key=lambda c: (fold(c.name), c.path))
        return contacts

    def _contact(self, path: str, name: str, fields: dict[str, Any], first: str | None, last: str | None) -> Contact:
        circle_raw = fields.get("circle")
        circle = str(circle_raw).strip().lower() if circle_raw not in (None, "") else None
        try:
            cadence = parse_cadence(fields["cadence"]) if "cadence" in fields else self.settings.cadence_for(circle)
        except ValueError:
            cadence = self.settings.cadence_for(circle)
        met_on = optional_date(fields.get("met_on"))
        stated = optional_date(fields.get("last_contact"))
        last_contact = optional_date(last)
        if stated and stated <= self.today and (last_contact is None or stated > last_contact):
            last_contact = stated
        # `met_on` says when you first met; mentions before it (in daily notes, say) were
        # not meetings. Without it, the earliest logged conversation counts.
        first_contact = met_on or optional_date(first)
        birthday = fields.get("birthday")
        contact = Contact(
            path=path,
            name=name,
            fields=fields,
            circle=circle,
            cadence=cadence,
            met_on=met_on,
            birthday=str(birthday) if birthday not in (None, "") else None,
            last_contact=last_contact,
            first_contact=first_contact,
        )
        schedule = self._schedule(contact)
        return _with(contact, next_due=schedule[0] if schedule else None)

    def _schedule(self, c: Contact) -> tuple[date, str, str] | None:
        """(due date, reason, detail) of the next check-in: a follow-up after a first
        meeting, else the cadence; None when nothing is scheduled."""
        s = self.settings
        first = c.first_contact
        if (
            first is not None
            and first <= self.today
            and (c.last_contact is None or c.last_contact <= first)
            and (self.today - first).days <= s.followup_window_days
        ):
            return (
                first + timedelta(days=s.followup_days),
                "followup",
                f"first met {first.isoformat()}, no follow-up logged since",
            )
        if c.cadence is None:
            return None
        if c.last_contact is not None:
            return (
                c.cadence.after(c.last_contact),
                "cadence",
                f"{c.cadence.label}; last contact {c.last_contact.isoformat()}",
            )
        if c.met_on is not None:
            return (
                c.cadence.after(c.met_on),
                "cadence",
                f"{c.cadence.label}; met {c.met_on.isoformat()}, nothing logged since",
            )
        return self.today, "cadence", f"{c.cadence.label}; no contact logged yet"

    # --- what is due ----------------------------------------------------------------------

    def promises(self) -> dict[str, list[Promise]]:
        """Open promises by contact path, dated ones first."""
        out: dict[str, list[Promise]] = defaultdict(list)
        for target, text, due, path, line in self.conn.execute(
            "SELECT t.target, t.text, t.due, n.path, t.line FROM tasks t"
            " JOIN notes n ON n.id = t.note_id JOIN contacts c ON c.id = t.target"
        ):
            contact = self.by_id.get(target)
            if contact is not None:
                out[contact.path].append(Promise(text, optional_date(due), path, line))
        for items in out.values():
            items.sort(key=lambda p: (p.due is None, p.due or date.min, p.path, p.line))
        return out

    def due(self, within: timedelta = timedelta(0)) -> list[DueItem]:
        """Everything to do by today + `within`, most overdue first."""
        s = self.settings
        horizon = self.today + within
        items: list[DueItem] = []
        for contact in self.contacts:
            schedule = self._schedule(contact)
            if schedule and schedule[0] <= horizon:
                items.append(DueItem(contact, schedule[1], schedule[0], schedule[2]))
            if contact.birthday:
                try:
                    month, day = parse_birthday(contact.fields.get("birthday"))
                except ValueError:
                    pass
                else:
                    when = next_birthday(month, day, self.today)
                    if when <= self.today + max(within, timedelta(days=s.birthday_days)):
                        items.append(DueItem(contact, "birthday", when, f"birthday {when.strftime('%b')} {when.day}"))
        promise_horizon = self.today + max(within, timedelta(days=s.promise_days))
        for path, promises in self.promises().items():
            contact = self._by_path(path)
            for promise in promises:
                if promise.due is not None and promise.due <= promise_horizon:
                    items.append(DueItem(contact, "promise", promise.due, promise.text, promise))
        items.sort(key=lambda i: (i.due, REASON_ORDER[i.reason], fold(i.contact.name), i.contact.path, i.detail))
        return items

    def _by_path(self, path: str) -> Contact:
        return self.by_id[self._ids[path]]

    # --- one person -----------------------------------------------------------------------

    def lookup(self, name: str) -> Contact:
        """The one contact `name` means: file name, name, alias or email, case- and
        accent-blind; a unique partial match counts. Raises with the closest names."""
        wanted = fold(re.sub(r"^\[\[|\]\]$", "", name.strip()).split("|")[0])
        if wanted.endswith(".md"):
            wanted = wanted[:-3]
        if not wanted:
            raise ContactNotFoundError("give a name, alias or email")
        exact = [c for c in self.contacts if wanted in self._names(c)]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousContactError(
                f"{name!r} matches {len(exact)} contacts: " + "; ".join(c.path for c in exact),
                hint="use the file name or path to pick one",
            )
        words = wanted.split()
        partial = [c for c in self.contacts if any(_words_prefix(words, n) for n in self._names(c))]
        if len(partial) == 1:
            return partial[0]
        if partial:
            shown = "; ".join(f"{c.name} ({c.path})" for c in partial[:8])
            more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
            raise AmbiguousContactError(
                f"{name!r} matches {len(partial)} contacts: {shown}{more}", hint="be more specific"
            )
        names = {fold(c.name): c.name for c in self.contacts}
        close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
        hint = f"did you mean: {', '.join(names[n] for n in close)}" if close else "see `vaultnet list`"
        raise ContactNotFoundError(f"no contact named {name!r}", hint=hint)

    @staticmethod
    def _names(c: Contact) -> set[str]:
        stem = c.path.rsplit("/", 1)[-1]
        stem = stem[:-3] if stem.lower().endswith(".md") else stem
        names = {fold(c.name), fold(stem), fold(c.path[:-3] if c.path.lower().endswith(".md") else c.path)}
        names.update(fold(a) for a in c.aliases)
        names.update(c.emails)
        return names

    def interactions(self, contact: Contact) -> list[Interaction]:
        """Every logged conversation with `contact`, newest first, with where it came from."""
        note_id = self._ids[contact.path]
        found = [
            Interaction(date.fromisoformat(d), text, contact.path, line, "log")
            for d, line, text in self.conn.execute("SELECT date, line, text FROM log WHERE note_id = ?", (note_id,))
        ]
        seen: set[tuple[str, int]] = set()
        for d, text, path, line in self.conn.execute(
            "SELECT n.daily_date, l.text, n.path, l.line FROM links l JOIN notes n ON n.id = l.note_id"
            " WHERE l.target = ? AND n.daily_date IS NOT NULL AND l.task = 0",
            (note_id,),
        ):
            if (path, line) not in seen:
                seen.add((path, line))
                found.append(Interaction(date.fromisoformat(d), _strip_bullet(text), path, line, "daily"))
        found.sort(key=lambda i: (i.date, i.path, i.line), reverse=True)
        return found

    def field_line(self, contact: Contact, key: str) -> int | None:
        """The line of a frontmatter key in the contact's note."""
        return self._lines.get(self._ids[contact.path], {}).get(key)

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
        rows: list[tuple[Any, ...]] = []
        weights = "10.0, 12.0, 6.0, 5.0, 5.0, 6.0, 5.0, 1.5, 1.0"
        for joiner in (" ", " OR "):
            query = joiner.join(f'"{w}"*' for w in words)
            rows = self.conn.execute(
                f"SELECT rowid, bm25(fts, {weights}) AS score,"
                " snippet(fts, -1, '**', '**', '…', 12), "
                + ", ".join(FTS_COLUMNS[:-1])
                + " FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ?",
                (query, limit),
            ).fetchall()
            if rows or len(words) == 1:
                break
        hits = []
        for rowid, score, snippet, *columns in rows:
            contact = self.by_id.get(rowid)
            if contact is None:
                continue
            stems = [_stem(w) for w in words]
            matched = tuple(
                name
                for name, value in zip(FTS_COLUMNS[:-1], columns)
                if any(re.search(rf"\b{re.escape(s)}", fold(value or "")) for s in stems)
            )
            matched = tuple("fields" if m == "other" else m for m in matched) or ("notes",)
            hits.append(SearchHit(contact, round(-score, 3), matched, " ".join(snippet.split())))
        return hits

    # --- the network as a whole -----------------------------------------------------------

    def stats(self, by: Iterable[str] = ()) -> NetworkStats:
        """Counts by interaction rhythm over the last 12 months, by circle, and the spread
        of industry, location, company and any other fields asked for."""
        since = self.today - timedelta(days=365)
        days = dict(
            self.conn.execute(
                f"SELECT cid, count(DISTINCT d) FROM ({_INTERACTION_DATES}) GROUP BY cid",
                {"today": self.today.isoformat(), "since": since.isoformat()},
            ).fetchall()
        )
        rhythm = dict.fromkeys(RHYTHMS, 0)
        circles: Counter[str] = Counter()
        for contact in self.contacts:
            count = days.get(self._ids[contact.path], 0)
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
            values = {fold(display_value(v)): display_value(v) for v in _values(contact, key)}
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
            for path, line, severity, message in self.conn.execute(
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
                found.append(
                    Problem(
                        other.path,
                        self.field_line(other, "name"),
                        "error",
                        f"two contacts named {other.name!r}: this and {owners[0].path} (rename one or add an alias)",
                    )
                )
        for path, line, key, folder in self.conn.execute(
            "SELECT n.path, l.line, l.key, l.folder FROM links l JOIN notes n ON n.id = l.note_id"
            " WHERE l.target IS NULL AND (n.kind = 'contact' OR n.daily_date IS NOT NULL)"
        ):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
                continue  # a link to a day with no daily note yet is normal in Obsidian
            shown = f"{folder}/{key}" if folder else key
            found.append(Problem(path, line, "warning", f"link [[{shown}]] resolves to no note"))
        found.sort(key=lambda p: (p.path, p.line or 0, p.severity, p.message))
        return found


def _with(contact: Contact, **changes: Any) -> Contact:
    from dataclasses import replace

    return replace(contact, **changes)


def _stem(word: str) -> str:
    """A rough stem for labelling which fields matched (FTS5's porter stemmer does the
    real matching): `engineers` -> `engineer`, `fundraising` -> `fundrais`."""
    for suffix in ("ings", "ing", "ers", "er", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


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


def _values(c: Contact, key: str) -> list[Any]:
    """A contact's values for a query field: computed ones first, then frontmatter."""
    computed: dict[str, Callable[[], list[Any]]] = {
        "name": lambda: [c.name, *c.aliases],
        "aliases": lambda: list(c.aliases),
        "emails": lambda: list(c.emails),
        "tags": lambda: list(c.tags),
        "circle": lambda: [c.circle] if c.circle else [],
        "cadence": lambda: [c.cadence.label] if c.cadence else [],
        "path": lambda: [c.path],
        "last_contact": lambda: [c.last_contact.isoformat()] if c.last_contact else [],
        "next_due": lambda: [c.next_due.isoformat()] if c.next_due else [],
        "first_contact": lambda: [c.first_contact.isoformat()] if c.first_contact else [],
    }
    if key in computed:
        return computed[key]()
    for name, value in c.fields.items():
        if name.lower() == key:
            if isinstance(value, list):
                return value
            return [value] if value is not None else []
    return []
