"""What the writing commands do to notes, planned before anything is written.

Each command builds a list of `Change`s (a file, what it held when read, what it will
hold), checked first for everything that makes vaultnet refuse to write. Then either
`--dry-run` prints their diffs, or `apply` writes them through `notefile`, each one atomic
and compare-and-swap.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import notefile
from .config import Settings
from .dates import AMBIGUOUS_DAY, WEEKDAYS, day_at_start, moment_format, slashed_day, slashed_order
from .edits import (
    BOM,
    DayOf,
    add_entry,
    add_fields,
    add_lines,
    has_section,
    last_entry,
    log_line,
    log_words,
    set_field,
    task_line,
    tick_task,
)
from .errors import UsageError, VaultnetError
from .model import Contact
from .names import DATE_AT_END, fold, note_title
from .notefile import Snapshot, WriteRefusedError
from .parse import named_day_reader, parse_note

TASK_HEADINGS = ("Promises", "Tasks", "To do", "Todo")
_GIT_BUSY = {
    "MERGE_HEAD": "a merge",
    "rebase-merge": "a rebase",
    "rebase-apply": "a rebase",
    "CHERRY_PICK_HEAD": "a cherry-pick",
    "REVERT_HEAD": "a revert",
}
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class Change:
    """One file to write: its snapshot as read (None for a new file) and its new bytes."""

    path: Path
    before: Snapshot | None
    after: bytes

    def diff(self, vault: Path) -> str:
        """A unified diff of the change, with vault-relative paths."""
        name = self.path.relative_to(vault).as_posix()
        old = self.before.data.decode("utf-8", errors="replace") if self.before else ""
        new = self.after.decode("utf-8", errors="replace")
        lines = difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile="/dev/null" if self.before is None else f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def git_operation(vault: Path) -> str | None:
    """The git operation under way in the repository holding the vault, if any."""
    for folder in (vault, *vault.parents):
        git = folder / ".git"
        if git.is_file():  # a worktree: "gitdir: <path>"
            target = git.read_text(encoding="utf-8", errors="replace").partition("gitdir:")[2].strip()
            git = (folder / target).resolve() if target else git
        if git.is_dir():
            for marker, name in _GIT_BUSY.items():
                if (git / marker).exists():
                    return name
            return None
    return None


def _refuse_if_unsafe(settings: Settings, path: Path) -> None:
    notefile.check_target(path, settings.vault)
    busy = git_operation(settings.vault)
    if busy:
        raise WriteRefusedError(
            f"the vault is in the middle of {busy}; vaultnet writes nothing until git is done",
            path=str(path),
            hint="finish or abort it first; `git status` says how",
        )


def read_for_edit(settings: Settings, path: Path) -> Snapshot:
    """Read a note that is about to be edited, refusing the ones vaultnet must not touch."""
    _refuse_if_unsafe(settings, path)
    snapshot = notefile.read(path)
    try:
        snapshot.data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        # Read (UTF-16 from Notepad, say) but never written back in another encoding.
        raise WriteRefusedError(
            "is not saved as UTF-8; vaultnet edits only UTF-8 notes",
            path=str(path),
            hint="re-save it as UTF-8, as Obsidian and most editors write notes, and run the command again",
        ) from None
    note = parse_note(path.relative_to(settings.vault).as_posix(), snapshot.data, settings.parse_options())
    unreadable = note.kind == "error" or note.frontmatter_error
    for problem in note.problems:
        if problem.severity == "error" and (unreadable or "conflict" in problem.message):
            raise WriteRefusedError(
                f"{problem.message}; vaultnet will not edit it until that is fixed",
                path=str(path),
                line=problem.line,
            )
    return snapshot


# Every character Python ends a line at (str.splitlines): any of them in a value would add
# lines of its own to the note (a task, a heading, a second entry).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def one_line(value: str | None, what: str) -> None:
    """Refuse a value given on the command line that is empty or more than one line."""
    if value is None:
        return
    if not value.strip():
        raise UsageError(f"{what} is empty", hint="say what to write")
    if any(c in _LINE_BREAKS for c in value):
        raise UsageError(
            f"{what} holds a line break: it would write lines of its own into the note",
            hint="give it on one line",
        )


def log_change(
    settings: Settings,
    contact: Contact,
    when: date,
    text: str,
    via: str | None = None,
    promise: str | None = None,
    due: date | None = None,
) -> Change:
    """A dated line under the contact's log heading (made at the end if missing), a task
    for a promise, and `last_contact:` moved forward if the note has that field."""
    for value, what in ((text, "the text to log"), (via, "--via"), (promise, "--promise")):
        one_line(value, what)
    path = settings.vault / contact.path
    snapshot = read_for_edit(settings, path)
    promised = [task_line(promise, due)] if promise else []
    # The promise goes right under the conversation it was made in, unless the note keeps
    # its promises in a section of their own.
    apart = bool(promised) and has_section(snapshot.data, TASK_HEADINGS)
    # (Days such as 03/11/2026 are read as the note's own that can be read one way only say.)
    order = slashed_order(snapshot.data.decode("utf-8", "replace")) or settings.day_order
    day_of = log_day_of(settings.daily_format, order)
    # The day written as the log's latest entry writes its own (`[[2026-11-03]]`, …).
    sample = last_entry(snapshot.data, settings.log_headings, day_of)
    day = written_day(when, sample, settings, day_of)
    closing = _closing_day(sample, day_of)
    entry = (
        f"- {log_words(text, via)}{closing[0]}{when.isoformat()}{closing[1]}"
        if closing
        else log_line(when, text, via, day)
    )
    row = (day, log_words(text, via))  # where the log is a table
    data = add_entry(snapshot.data, entry, [] if apart else promised, settings.log_headings, day_of=day_of, row=row)
    if apart:
        data = add_lines(data, promised, TASK_HEADINGS)
    data = set_field(data, "last_contact", when.isoformat())
    return Change(path, snapshot, data)


def _closing_day(sample: str | None, day_of: DayOf) -> tuple[str, str] | None:
    """What stands before and after the day that closes the log's latest entry (` (` and
    `)` for `coffee (2026-11-03)`), to write a new one so; None when it opens with its day."""
    if sample is None or _ISO_AT_START.match(sample) or day_of(sample):
        return None
    closing = DATE_AT_END.search(sample)
    if closing is None or closing.start() == 0:
        return None
    before, _, after = closing.group(0).partition(next(g for g in closing.groups() if g))
    return before, after


def log_day_of(fmt: str, order: str | None = None) -> DayOf:
    """Reads a log entry's day written otherwise than YYYY-MM-DD: as daily notes in `fmt`
    are named, or written out (`Nov 3, 2026`, `03.11.2026`), or with slashes or dashes
    (`25/11/2026`; `03/11/2026` in `order`, "dmy" or "mdy"), as the parser reads them."""
    read = named_day_reader(fmt)

    def day_of(content: str) -> str | None:
        found = read(content) if read is not None else None
        when = found[0] if found is not None else None
        if found is None:
            spelled = day_at_start(content)
            when = spelled[0] if spelled is not None else None
        if found is None and when is None:
            slashed = slashed_day(content, order)
            when = slashed[0] if slashed is not None else None
        return when.isoformat() if when is not None else None

    return day_of


_ISO_AT_START = re.compile(r"(?:\*\*|__|\[|\()?(\d{4}-\d{2}-\d{2})")
_ISO_WEEKDAY = re.compile(r"\d{4}-\d{2}-\d{2}[ \t]+([A-Za-z]+)")


def _slashed_format(sample: str, day_of: DayOf | None) -> str | None:
    """The Moment format of a day written `25/11/2026` or `3-11-2026` that opens `sample`,
    where `day_of` reads which of day and month comes first; else None."""
    found = AMBIGUOUS_DAY.match(sample)
    iso = day_of(sample) if found is not None and day_of is not None else None
    if found is None or iso is None:
        return None
    separator = found.group(2)
    first, second, _ = found.group(1).split(separator)
    day = date.fromisoformat(iso)
    day_first = (day.day, day.month) == (int(first), int(second))
    padded = len(first) == 2 and len(second) == 2
    d, m = ("DD", "MM") if padded else ("D", "M")
    return separator.join((d, m) if day_first else (m, d)) + separator + "YYYY"


def written_day(when: date, sample: str | None, settings: Settings, day_of: DayOf | None = None) -> str:
    """`when` written as `sample` (the text of the log's latest entry) writes its day: a
    link or not, to the daily note by its path or its name, in ISO form or as the daily
    notes are named (`day_of` reads those). Plain ISO when the log has no dated entry."""
    iso = when.isoformat()
    if sample is None:
        return iso
    fmt = settings.daily_format
    linked = sample.startswith("[[")
    target = sample[2:].split("]]", 1)[0].split("|", 1)[0].split("#", 1)[0] if linked else sample
    folder, _, written = target.rpartition("/")
    # A link names the whole note (`[[2026-11-03 Tuesday]]` is a note named so); a plain
    # day only starts the line.
    iso_written = _ISO_AT_START.fullmatch(written) if linked else _ISO_AT_START.match(written)
    if not linked and not iso_written:
        spelled = day_at_start(sample)  # `Nov 3, 2026`: written so again
        if spelled is not None:
            return moment_format(when, spelled[3]) or iso
        slashed = _slashed_format(sample, day_of)  # `25/11/2026`: so again
        if slashed is not None:
            return moment_format(when, slashed) or iso
    name = iso if iso_written else (moment_format(when, fmt.rsplit("/", 1)[-1]) or iso)
    weekday = _ISO_WEEKDAY.fullmatch(written) if linked and not iso_written else None
    if weekday is not None and weekday.group(1).lower() in WEEKDAYS:
        # `[[2026-11-03 Tue]]`: daily notes named with their weekday, whatever the settings say.
        name = moment_format(when, "YYYY-MM-DD " + ("dddd" if len(weekday.group(1)) > 4 else "ddd")) or name
    if linked and not iso_written and not folder:
        read = named_day_reader(fmt)
        spelled = day_at_start(written) if read is None or read(written) is None else None
        if spelled is not None:  # `[[Nov 3rd, 2026]]`, as Logseq links a journal page
            name = moment_format(when, spelled[3]) or name
    if not linked:
        return name
    if not folder:
        return f"[[{name}]]"
    # A link by the note's path: where it is the path of that day's daily note, the new
    # one links to this day's (whose folder may differ: `Journal/2026/11/…`).
    sample_day = iso_written.group(1) if iso_written else (day_of(sample) if day_of else None)
    if sample_day:
        paths = [moment_format(date.fromisoformat(sample_day), fmt), moment_format(when, fmt)]
        daily = settings.daily_folder.strip("/")
        if None not in paths and fold(target) == fold("/".join(p for p in (daily, paths[0]) if p)):
            return "[[" + "/".join(p for p in (daily, paths[1]) if p) + "]]"
    return f"[[{folder}/{name}]]"


def intro_changes(settings: Settings, a: Contact, b: Contact, when: date) -> list[Change]:
    """`introduced to [[B]]` logged on A's note and `introduced to [[A]]` on B's."""
    from .render import link_to

    return [
        log_change(settings, person, when, f"introduced to {link_to(other.path, other.name)}")
        for person, other in ((a, b), (b, a))
    ]


def file_name_for(name: str) -> str:
    """A safe file name for a person: NFC; no path separators, `..`, characters that break
    Obsidian links or Windows; not a reserved Windows name; at most 100 characters."""
    cleaned = unicodedata.normalize("NFC", name)
    for bad in '\\/:*?"<>|#^[]':
        cleaned = cleaned.replace(bad, " ")
    cleaned = " ".join("".join(ch for ch in cleaned if ch.isprintable()).split())
    cleaned = cleaned.strip(". ")[:100].rstrip(". ")
    if not cleaned:
        raise VaultnetError(f"{name!r} makes no usable file name", hint="give the person's name in letters")
    if cleaned.split(".")[0].casefold() in _WINDOWS_RESERVED:
        cleaned += " (contact)"
    return cleaned + ".md"


def _yaml_scalar(value: str) -> str:
    """A string as YAML that reads back as that string: plain when it can be, quoted when not."""
    from .yamlfm import HANDLER

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # (a day, as Obsidian writes a date property; vaultnet reads it as one)
    try:
        if value.strip() == value and HANDLER.load(f"k: {value}") == {"k": value}:
            return value
    except Exception:
        pass
    return json.dumps(value, ensure_ascii=False)


def _yaml_value(value: object) -> str:
    """`_yaml_scalar` for a template's `quote`, and a list (several emails an import
    brought) as a flow sequence: a template of the user's written before lists came
    still writes YAML that reads back."""
    if isinstance(value, list | tuple):
        return json.dumps([str(item) for item in value], ensure_ascii=False)
    return _yaml_scalar(str(value))


class TakenNames:
    """The names a new contact note must not take, case- and accent-blind: each contact's
    name, note title and aliases, and the file names already in the contact folder. Built
    once, so that an import of thousands checks each name in constant time."""

    def __init__(self, settings: Settings, contacts: list[Contact]) -> None:
        self.folder = settings.vault / (settings.contact_folders[0] if settings.contact_folders else "People")
        self.people = {
            key: contact
            for contact in contacts
            for key in (fold(contact.name), fold(note_title(contact.path)), *(fold(a) for a in contact.aliases))
        }
        self.files = {fold(p.name) for p in self.folder.iterdir()} if self.folder.is_dir() else set()

    def claim(self, name: str) -> Path:
        """The path of a new note for `name`, which no one else may take after; VaultnetError
        when the person, or a note of that file name, exists already."""
        contact = self.people.get(fold(name))
        if contact is not None:
            raise VaultnetError(
                f"{contact.name} already exists: {contact.path}",
                hint="use `vaultnet log` to add to it, or give a different name",
            )
        path = self.folder / file_name_for(name)
        if fold(path.name) in self.files:
            raise VaultnetError(f"a note named {path.name!r} exists already in {self.folder.name}/", path=str(path))
        self.files.add(fold(path.name))
        return path


def add_change(settings: Settings, env: Any, today: date, name: str, taken: TakenNames, **fields: Any) -> Change:
    """A new contact note from the `contact` template, refusing a person who exists."""
    from .render import render

    one_line(name, "the name")
    for key, value in fields.items():
        if key == "notes":
            continue  # (the notes an import brings: lines of text, quoted in the body)
        for item in value if isinstance(value, list | tuple) else [value]:
            one_line(item, f"--{key.rstrip('s')}")
    path = taken.claim(name)
    _refuse_if_unsafe(settings, path)
    context = ContactTemplate(
        name=name,
        today=today,
        fields={k: v for k, v in fields.items() if v not in (None, "", ())},
        quote=_yaml_value,
    )
    return Change(path, None, render(env, "contact.md.j2", context).encode("utf-8"))


def fields_change(settings: Settings, contact: Contact, fields: dict[str, Any]) -> Change:
    """The fields a known contact's note lacks, added to its frontmatter (an import's new
    facts); nothing the user wrote changes. WriteRefusedError when the result would not
    read back as the same fields plus these (a frontmatter written in a way vaultnet will
    not extend: a flow mapping, say)."""
    from .yamlfm import FrontmatterError

    path = settings.vault / contact.path
    snapshot = read_for_edit(settings, path)
    entries = {
        key: [f"{key}:", *(f"  - {_yaml_scalar(str(v))}" for v in value)]
        if isinstance(value, list)
        else [f"{key}: {_yaml_scalar(str(value))}"]
        for key, value in fields.items()
    }
    after = add_fields(snapshot.data, entries)
    try:
        before_fields, after_fields = (_frontmatter_of(data) for data in (snapshot.data, after))
    except (FrontmatterError, ValueError):
        before_fields, after_fields = None, None
    wanted = {**{k: v for k, v in (before_fields or {}).items() if k not in fields}, **fields}
    if after_fields is None or _said(after_fields) != _said(wanted):
        raise WriteRefusedError("its frontmatter is written in a way vaultnet will not add to", path=str(path))
    return Change(path, snapshot, after)


def _said(fields: dict[str, Any]) -> dict[str, Any]:
    """Fields as compared after an edit: empty ones left out, days as ISO text."""

    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    return {k: plain(v) for k, v in fields.items() if v not in (None, "")}


def _frontmatter_of(data: bytes) -> dict[str, Any]:
    """A note's frontmatter as read (empty when it has none); ValueError or FrontmatterError
    when it cannot be read."""
    from .parse import split_frontmatter
    from .yamlfm import load

    frontmatter = split_frontmatter(data.removeprefix(BOM).decode("utf-8"))[0]
    value = load(frontmatter) if frontmatter is not None else {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class ContactTemplate:
    """What the `contact` template is given: `name`, `today`, `fields` (email, company,
    role, circle, cadence, tags, met), and `quote` (makes a value safe in YAML)."""

    name: str
    today: date
    fields: dict[str, Any]
    quote: Any


def apply(changes: list[Change], staged_one: Any = None) -> list[Path]:
    """Write the changes as one step (new files created, edited files compare-and-swapped):
    when one cannot be written, none is. `staged_one` is called as each is staged."""
    try:
        return notefile.write_all([notefile.Write(c.path, c.after, c.before) for c in changes], staged_one)
    except FileExistsError as exc:
        raise WriteRefusedError("exists already; nothing written", path=str(exc)) from None


def tick_change(settings: Settings, relative: str, line: int, task_text: str, when: date) -> Change:
    """The open task at `line` of the note at `relative` (a promise listed in the digest)
    ticked, dated `when`; WriteRefusedError where it cannot be found as it was listed."""
    path = settings.vault / relative
    snapshot = read_for_edit(settings, path)
    try:
        after = tick_task(snapshot.data, line, task_text, when)
    except ValueError as exc:
        raise WriteRefusedError(f"{exc}; tick it there yourself", path=str(path), line=line) from None
    return Change(path, snapshot, after)
