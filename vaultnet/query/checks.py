"""`vaultnet check`'s rules over the whole network: what the parser could not see in one
note alone (duplicates, links to nobody, days far ahead), beside what it stored."""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..classify import written_as_a_name
from ..dates import add_months, day_name_reader, moment_parser
from ..model import THING_FIELDS, Contact, Problem, field_key
from ..names import fold, note_title

if TYPE_CHECKING:
    from .network import Network


def problems(net: Network, scan_problems: Iterable[Problem] = ()) -> list[Problem]:
    """Everything wrong in the vault: unreadable notes, bad values, duplicates, links
    to nobody. Sorted by path and line."""
    found = list(scan_problems)
    found.extend(
        Problem(path, line, severity, message)
        for path, line, severity, message in net._conn.execute(
            "SELECT n.path, p.line, p.severity, p.message FROM problems p JOIN notes n ON n.id = p.note_id"
        )
    )
    by_email: dict[str, list[Contact]] = defaultdict(list)
    by_name: dict[str, list[Contact]] = defaultdict(list)
    for contact in net.contacts:
        for email in contact.emails:
            by_email[email].append(contact)
        by_name[fold(contact.name)].append(contact)
    for email, owners in by_email.items():
        for other in owners[1:]:
            line = field_line(net, other, "emails") or field_line(net, other, "email")
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
                message = f"two contacts named {other.name!r}: this and {owners[0].path} (rename one or add an alias)"
            found.append(Problem(other.path, field_line(net, other, "name"), "error", message))
    found.extend(far_ahead(net))
    found.extend(unread_days(net))
    if not net.settings.logseq:  # (in Logseq a link makes its page: none leads nowhere)
        found.extend(_links_to_nobody(net))
    found.sort(key=lambda p: (p.path, p.line or 0, p.severity, p.message))
    return found


def _links_to_nobody(net: Network) -> Iterator[Problem]:
    """Links where a person is meant (in a contact's note, a day's note, a meeting's
    attendees) that resolve to no note; not a topic linked before its note is written."""
    is_day = day_name_reader(net.settings.daily_format)
    for path, line, key, folder, text, body_line, written in net._conn.execute(
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
        yield Problem(path, line, "warning", f"link [[{shown}]] resolves to no note")


def far_ahead(net: Network) -> Iterator[Problem]:
    """Days more than a year ahead in contacts' `met_on`, `last_contact` and logs: a
    year mistyped (2062 for 2026), which counts for nothing until then."""
    # A day more than a year ahead is a typo more often than a plan.
    horizon = add_months(net.today, 12).isoformat()
    for note_id, path, met_on, stated, log_dates in net._conn.execute(
        "SELECT c.id, c.path, c.met_on, c.last_contact, d.log_dates FROM contacts c JOIN details d ON d.id = c.id"
    ):
        for key, value in (("met_on", met_on), ("last_contact", stated)):
            if value and value > horizon:
                contact = net.contact_at(path)  # (None for a note about someone: not a contact)
                line = field_line(net, contact, key) if contact is not None else None
                yield Problem(path, line, "warning", f"{key}: {value} is more than a year ahead (a typo?)")
        if log_dates and log_dates.rsplit(" ", 1)[-1] > horizon:  # (sorted: the last is the latest)
            for entry in net._log_of(note_id):
                day = entry.date.isoformat()
                if day > horizon:
                    yield Problem(path, entry.line, "warning", f"{day} in the log is more than a year ahead (a typo?)")


def field_line(net: Network, contact: Contact, key: str) -> int | None:
    """The line of a frontmatter key in the contact's note."""
    # Read from the note itself: only `check` asks, and only about a few notes.
    from ..parse import field_lines, split_frontmatter
    from ..scan import read_note

    try:
        text = read_note(net.settings.vault, contact.path).decode("utf-8-sig").replace("\r\n", "\n")
        frontmatter = split_frontmatter(text)[0] or ""
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return field_lines(frontmatter).get(key)


# Ways people name a day's note, tried on notes no setting reads as days.
DAY_FORMATS = (
    *("MMMM Do, YYYY, dddd", "dddd, MMMM Do, YYYY", "MMMM Do, YYYY", "MMMM D, YYYY", "MMM Do, YYYY", "MMM D, YYYY"),
    *("D MMMM YYYY", "dddd, D MMMM YYYY", "DD-MM-YYYY", "DD.MM.YYYY", "MM-DD-YYYY", "YYYY_MM_DD", "YYYYMMDD"),
    *("YYYY-MM-DD dddd", "YYYY-MM-DD ddd", "YYYY.MM.DD", "DD MMM YYYY"),
)
_MOST_SILENT = 0.8  # of the people with no conversation at all, for the hint
_FEW_DAYS = 5  # notes named as days, at the least, for the hint


def unread_days(net: Network) -> list[Problem]:
    """A hint when most people have no conversation while many notes are named as days in
    a format no setting reads (`April 21st, 2022, Thursday.md`, from a vault whose daily
    notes settings vaultnet did not find): the daily notes' format to set."""
    people = net.contacts
    silent = sum(1 for c in people if c.last_contact is None)
    if len(people) < 3 or silent < _MOST_SILENT * len(people):
        return []
    titles = [(path, note_title(path)) for path in net.note_paths("note")]
    best: tuple[int, str, list[str]] = (0, "", [])
    for fmt in DAY_FORMATS:
        read = moment_parser(fmt)
        named = [path for path, title in titles if read(title) is not None]
        if len(named) > best[0]:
            best = (len(named), fmt, named)
    count, fmt, named = best
    if count < _FEW_DAYS:
        return []
    folder = Counter(posixpath.dirname(path) for path in named).most_common(1)[0][0]
    setting = f'[daily] format = "{fmt}"' + (f' and folder = "{folder}"' if folder else "")
    return [
        Problem(
            named[0],
            None,
            "warning",
            f"{count} notes are named for days as this one is, but are not read as daily notes, and {silent} of"
            f" {len(people)} people have no conversation: set {setting} in .vaultnet/config.toml",
        )
    ]
