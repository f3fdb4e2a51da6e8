"""One note's bytes -> what vaultnet needs from it. Pure: no file system, no index.

The parser is deliberately forgiving about how people write (CRLF, a byte-order mark,
`* ` or `- ` bullets, dates in brackets or bold) and strict about what it cannot read
(bad encoding, unclosed or broken frontmatter): those become an error `Problem` with the
line, and the note is skipped by everything else.
"""

from __future__ import annotations

import functools
import posixpath
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import yaml

from .dates import moment_parser, parse_birthday, parse_date
from .model import CIRCLES, Problem, parse_cadence
from .names import fold, link_key
from .yamlfm import HANDLER

# Bump when parse_note's output (or what the index derives from it) changes: caches
# built by another version are re-parsed.
PARSER_VERSION = 3
PERSON_TYPES = {"person", "contact", "people"}
MAX_TEXT = 1000  # characters kept of one log line or mention in the index


@dataclass(frozen=True)
class ParseOptions:
    """The settings that change how a note is read (picklable, for worker processes)."""

    contact_folders: tuple[str, ...] = ("People",)
    log_headings: tuple[str, ...] = ("Log",)
    daily_folder: str = "Daily"
    daily_format: str = "YYYY-MM-DD"


@dataclass(frozen=True)
class Link:
    """A `[[wikilink]]` or Markdown link to another note."""

    key: str  # link_key of the target's file name, without .md
    folder: str  # link_key of the folder part written in the link ("" when none)
    line: int
    text: str  # the line it stands on, tidied, for showing as context
    in_task: bool = False  # on an open `- [ ]` task: a to-do, not a conversation


@dataclass(frozen=True)
class LogEntry:
    """A dated line under a log heading of a contact's note."""

    date: date
    line: int
    text: str


@dataclass(frozen=True)
class Task:
    """An open `- [ ]` task; `targets` are the people it names (empty: the note's owner)."""

    line: int
    text: str
    due: date | None
    targets: tuple[Link, ...] = ()


@dataclass
class ParsedNote:
    """Everything the index stores about one note."""

    path: str
    kind: str  # "contact", "daily", "note", or "error" (unreadable: skipped)
    fields: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    name: str = ""
    daily_date: date | None = None
    aliases: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: str = ""
    log: list[LogEntry] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int | None, message: str) -> None:
        """Record an error-level problem."""
        self.problems.append(Problem(self.path, line, "error", message))

    def warn(self, line: int | None, message: str) -> None:
        """Record a warning-level problem."""
        self.problems.append(Problem(self.path, line, "warning", message))


# --- text helpers -------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_TASK = re.compile(r"^\[(.)\][ \t]*(.*)$")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")
_COMMENT = re.compile(r"%%.*?%%")
_WIKILINK = re.compile(r"!?\[\[([^\[\]]+?)\]\]")
_MDLINK = re.compile(r"!?\[[^\]]*\]\(<?([^)<>]+?\.md)>?(?:#[^)]*)?\)", re.IGNORECASE)
_TAG = re.compile(r"(?:(?<=\s)|^)#((?:[^\W\d]|\d+[^\W\d])[\w/-]*)")
_DATE_AT_START = re.compile(
    r"^(?:\*\*|__|\*|_)?"
    r"(?:\[\[(\d{4})[-/.](\d{2})[-/.](\d{2})(?:\|[^\]]*)?\]\]"
    r"|\[(\d{4})[-/.](\d{2})[-/.](\d{2})\]\([^)]*\)"
    r"|(\d{4})[-/.](\d{2})[-/.](\d{2})(?!\d))"
    r"(?:\*\*|__|\*|_)?"
    r"[ \t]*(?:[:—–|,]|-(?!\d)|\.(?!\d))?[ \t]*"
)
_DUE = re.compile(
    r"(?:📅|🗓️?)\s*(\d{4}-\d{2}-\d{2})"
    r"|[\[(]due::\s*(\d{4}-\d{2}-\d{2})[\])]"
    r"|@due\((\d{4}-\d{2}-\d{2})\)"
)
_OPEN_TASK_MARKS = {" ", "/"}
_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")
_NON_MD_EXT = re.compile(r"\.(?!md$)[A-Za-z0-9]{1,5}$", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s<>(),;:\[\]\"']+@[^\s<>(),;:\[\]\"']+\.[^\s<>(),;:\[\]\"']+")


def tidy(text: str, limit: int = MAX_TEXT) -> str:
    """A line made readable on one line: links unwrapped, spaces collapsed, trimmed."""
    text = _WIKILINK.sub(lambda m: _link_label(m.group(1)), text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link_label(inner: str) -> str:
    inner = inner.replace("\\|", "|")
    target, _, shown = inner.partition("|")
    return shown or target.split("#")[0].split("^")[0]


def _target_link(target: str, line: int, text: str) -> Link | None:
    """A Link from a link target as written (`People/Jane Doe#Work`), or None for files."""
    target = target.split("#", 1)[0].split("^", 1)[0].strip()
    if not target or _NON_MD_EXT.search(target):
        return None
    if target.lower().endswith(".md"):
        target = target[:-3]
    folder, _, stem = target.replace("\\", "/").rpartition("/")
    parts = [p for p in folder.split("/") if p not in ("", ".", "..")]
    return Link(link_key(stem), link_key("/".join(parts)), line, text)


def links_in(text: str, line: int, context: str | None = None) -> list[Link]:
    """Every wikilink and Markdown link to a note in one line of text."""
    found: list[Link] = []
    ctx = tidy(context if context is not None else text)
    for match in _WIKILINK.finditer(text):
        inner = match.group(1).replace("\\|", "|")
        link = _target_link(inner.partition("|")[0], line, ctx)
        if link:
            found.append(link)
    if "](" in text:
        for match in _MDLINK.finditer(text):
            target = urllib.parse.unquote(match.group(1))
            if "://" in target:
                continue
            link = _target_link(target, line, ctx)
            if link:
                found.append(link)
    return found


def _strip_code(text: str) -> str:
    if "`" in text:
        text = _INLINE_CODE.sub("", text)
    if "%%" in text:
        text = _COMMENT.sub("", text)
    return text


def _string_list(value: object) -> list[str]:
    """A list of strings from a YAML list, or a string split on commas."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            out.extend(_string_list(item))
        return out
    if isinstance(value, dict):
        return []
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _unlink(text: str) -> str:
    """`[[Jane Doe|Jane]]` -> `Jane Doe`; other text unchanged."""
    match = re.fullmatch(r"\s*\[\[([^\]]+)\]\]\s*", text)
    return _link_label(match.group(1)) if match else text.strip()


def json_safe(value: Any) -> Any:
    """Frontmatter values made storable as JSON: dates as ISO text, keys as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN has no JSON form
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- decoding and frontmatter -------------------------------------------------------------


def decode(data: bytes) -> tuple[str | None, str | None, int | None]:
    """(text, error, line): UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None, None
        except UnicodeDecodeError:
            return None, "not valid UTF-16 text (re-save the file as UTF-8)", None
    try:
        return data.decode("utf-8"), None, None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (
            None,
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be read (re-save the file as UTF-8)",
            line,
        )


def split_frontmatter(text: str) -> tuple[str | None, str, int]:
    """(frontmatter or None, body, line number of the body's first line).

    Raises ValueError when the note opens a frontmatter block and never closes it.
    """
    if not text.startswith("---"):
        return None, text, 1
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != "---":
        return None, text, 1
    pos = first_end + 1
    line_no = 2
    while first_end >= 0 and pos <= len(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip() in ("---", "..."):
            body = "" if end < 0 else text[end + 1 :]
            return text[first_end + 1 : pos], body, line_no + 1
        if end < 0:
            break
        pos = end + 1
        line_no += 1
    raise ValueError("frontmatter opened with --- on line 1 is never closed")


def _field_lines(fm: str) -> dict[str, int]:
    """The line (in the note) of each top-level key, for pointing at problems."""
    lines: dict[str, int] = {}
    for number, line in enumerate(fm.split("\n"), start=2):
        match = re.match(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#:'"-][^:]*?))[ \t]*:(?:[ \t]|$)""", line)
        if match:
            key = match.group(1) or match.group(2) or match.group(3)
            lines.setdefault(key, number)
    return lines


# --- the parser ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _daily_parser(fmt: str) -> Callable[[str], date | None]:
    return moment_parser(fmt)


def _in_folder(path: str, folder: str) -> bool:
    folder = folder.strip("/")
    if folder in ("", "."):
        return True
    return path.casefold().startswith(folder.casefold() + "/")


def _heading_key(text: str) -> str:
    return fold(re.sub(r"[^\w\s]", " ", text))


def daily_date_of(path: str, opts: ParseOptions) -> date | None:
    """The date of a daily note from its path, or None when it is not one."""
    stem_path = path[:-3] if path.lower().endswith(".md") else path
    folder = opts.daily_folder.strip("/")
    if _in_folder(path, folder):
        inside = stem_path[len(folder) + 1 :] if folder not in ("", ".") else stem_path
        found = _daily_parser(opts.daily_format)(inside)
        if found:
            return found
        if folder not in ("", "."):
            # A note in the daily folder named by ISO date, whatever the configured format.
            found = _daily_parser("YYYY-MM-DD")(posixpath.basename(stem_path))
            if found:
                return found
    found = _daily_parser("YYYY-MM-DD")(posixpath.basename(stem_path))
    return found


def parse_note(path: str, data: bytes, opts: ParseOptions) -> ParsedNote:
    """Read one note (path relative to the vault, with `/`) into a ParsedNote."""
    note = ParsedNote(path=path, kind="note")
    text, problem, line = decode(data)
    if text is None:
        note.kind = "error"
        note.error(line, problem or "cannot be read")
        return note
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _find_conflicts(text, note)
    try:
        fm, body, body_line = split_frontmatter(text)
    except ValueError as exc:
        note.kind = "error"
        note.error(1, f"{exc} (add a line with --- where the frontmatter ends)")
        return note
    meta: Any = {}
    if fm is not None and fm.strip():
        try:
            meta = HANDLER.load(fm)
        except yaml.MarkedYAMLError as exc:
            # The context mark is where the broken construct starts (an opening quote or
            # bracket); the problem mark is often only where the parser gave up.
            mark = exc.context_mark or exc.problem_mark
            last_line = 1 + max(1, fm.count("\n"))  # the last line inside the frontmatter
            where = min(mark.line + 2, last_line) if mark is not None else 1
            reason = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                reason = f"{exc.context}: {exc.problem}"
            note.kind = "error"
            note.error(where, f"frontmatter is not valid YAML: {reason} (fix or quote the value)")
            return note
        except yaml.YAMLError as exc:
            note.kind = "error"
            note.error(1, f"frontmatter is not valid YAML: {exc}")
            return note
        except (ValueError, TypeError, RecursionError) as exc:
            note.kind = "error"
            note.error(1, f"frontmatter is not valid YAML: {exc}")
            return note
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            note.kind = "error"
            note.error(2, "frontmatter must be `key: value` lines, not a single value or a list")
            return note
    fields: dict[str, Any] = json_safe(meta)
    note.fields = fields
    note.field_lines = _field_lines(fm) if fm else {}
    note.body = body
    stem = posixpath.basename(path)
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    note.kind = _kind_of(path, fields, opts)
    if note.kind == "note":
        note.daily_date = daily_date_of(path, opts)
        if note.daily_date:
            note.kind = "daily"
    if note.kind == "contact":
        _read_contact_fields(note, meta, stem)
    _frontmatter_links(note, meta)
    _scan_body(note, body, body_line, opts)
    return note


def _kind_of(path: str, fields: dict[str, Any], opts: ParseOptions) -> str:
    types = {link_key(_unlink(t)) for t in _string_list(fields.get("type"))}
    if types & PERSON_TYPES:
        return "contact"
    if any(_in_folder(path, folder) for folder in opts.contact_folders):
        # A note in People/ that says it is something else (a company, an index) is not a person.
        return "note" if types else "contact"
    return "note"


def _find_conflicts(text: str, note: ParsedNote) -> None:
    start = None
    for number, line in enumerate(text.split("\n"), start=1):
        if start is None and _CONFLICT_START.match(line):
            start = number
        elif start is not None and _CONFLICT_END.match(line):
            note.error(start, "git conflict markers (<<<<<<< … >>>>>>>): resolve the merge")
            start = None


def _read_contact_fields(note: ParsedNote, meta: dict[str, Any], stem: str) -> None:
    fields = note.fields
    lines = note.field_lines
    name = fields.get("name")
    note.name = _unlink(str(name)) if isinstance(name, (str, int)) and str(name).strip() else stem
    note.aliases = [_unlink(a) for a in _string_list(fields.get("aliases", fields.get("alias")))]
    emails: list[str] = []
    for key in ("emails", "email", "e-mail", "mail"):
        for value in _string_list(fields.get(key)):
            found = _EMAIL.findall(value)
            if not found:
                note.warn(lines.get(key), f"{key}: {value!r} is not an email address")
            emails.extend(e.lower() for e in found)
    note.emails = list(dict.fromkeys(emails))
    tags: list[str] = []
    for key in ("tags", "tag"):
        for value in _string_list(fields.get(key)):
            tags.extend(t.lstrip("#") for t in value.split() if t.lstrip("#"))
    note.tags = tags
    if "cadence" in fields:
        try:
            parse_cadence(fields["cadence"])
        except ValueError as exc:
            note.error(lines.get("cadence"), str(exc))
    circle = fields.get("circle")
    if circle is not None and str(circle).strip().lower() not in CIRCLES:
        note.warn(lines.get("circle"), f"unknown circle {circle!r} (use {', '.join(CIRCLES)})")
    if fields.get("birthday") not in (None, ""):
        try:
            parse_birthday(meta["birthday"])
        except ValueError as exc:
            note.error(lines.get("birthday"), str(exc))
    for key, value in meta.items():
        if (isinstance(value, str) and re.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}(\s|T|$)", value)) or (
            key in ("met_on", "last_contact") and value not in (None, "")
        ):
            try:
                parse_date(value)
            except ValueError as exc:
                note.error(lines.get(str(key)), f"{key}: {exc}")


def _frontmatter_links(note: ParsedNote, meta: dict[str, Any]) -> None:
    for key, value in meta.items():
        for item in _string_list(value) if not isinstance(value, str) else [value]:
            if "[[" in item or "](" in item:
                line = note.field_lines.get(str(key), 1)
                note.links.extend(links_in(item, line, f"{key}: {item}"))


def _scan_body(note: ParsedNote, body: str, first_line: int, opts: ParseOptions) -> None:
    """One pass over the body: links, tags, log entries, open tasks."""
    is_contact = note.kind == "contact"
    log_names = {_heading_key(h) for h in opts.log_headings}
    fence: str | None = None
    log_level = 0  # heading level of the log section we are in; 0 when outside one
    heading_links: list[Link] = []
    parents: list[tuple[int, list[Link]]] = []  # (indent, links) of enclosing list items
    current: LogEntry | None = None
    current_indent = -1
    from_heading = False  # the open entry is a dated sub-heading: paragraphs belong to it
    tags: list[str] = []

    def finish_entry() -> None:
        nonlocal current
        if current is not None:
            note.log.append(current)
            current = None

    for number, raw in enumerate(body.split("\n"), start=first_line):
        if fence is not None:
            if raw.lstrip().startswith(fence):
                fence = None
            continue
        fence_match = _FENCE.match(raw)
        if fence_match:
            fence = fence_match.group(1)
            finish_entry()
            continue
        line = _strip_code(raw)
        heading = _HEADING.match(line)
        if heading:
            finish_entry()
            level = len(heading.group(1))
            title = heading.group(2)
            heading_links = links_in(title, number)
            note.links.extend(heading_links)
            parents = []
            if log_level and level <= log_level:
                log_level = 0
            if is_contact and not log_level and _heading_key(title) in log_names:
                log_level = level
            elif is_contact and log_level and level > log_level:
                current = _log_entry(note, title, number)
                current_indent, from_heading = -1, True
            continue
        if "#" in line:
            tags.extend(_TAG.findall(line))
        found = links_in(line, number) if ("[[" in line or "](" in line) else []
        item = _ITEM.match(line)
        indent = -1
        content = line.strip()
        if item:
            indent = len(item.group(1).expandtabs(4))
            content = item.group(2)
            while parents and parents[-1][0] >= indent:
                parents.pop()
        task = _TASK.match(content) if item else None
        if task and task.group(1) in _OPEN_TASK_MARKS:
            found = [replace(link, in_task=True) for link in found]
            note.links.extend(found)
            targets: list[Link] = list(found)
            if not targets and not is_contact:
                for _, parent_links in reversed(parents):
                    if parent_links:
                        targets = parent_links
                        break
                else:
                    targets = heading_links
            note.tasks.append(Task(number, task_text(task.group(2)), _due_of(task.group(2)), tuple(targets)))
        else:
            note.links.extend(found)
        if item:
            parents.append((indent, found))
        if not log_level:
            continue
        if not content:
            continue
        if current is not None and (
            indent > current_indent
            or (not item and raw[:1].isspace())
            or (from_heading and not _DATE_AT_START.match(content))
        ):
            # An indented child or continuation line belongs to the entry above it.
            current = LogEntry(current.date, current.line, tidy(f"{current.text} {content}"))
            continue
        finish_entry()
        if task:
            continue
        current = _log_entry(note, content, number)
        current_indent, from_heading = indent, False
    finish_entry()
    if is_contact:
        for tag in tags:
            if tag not in note.tags:
                note.tags.append(tag)


_TASK_FIELDS = re.compile(
    r"\s*(?:[📅🗓⏳🛫➕✅❌]\ufe0f?\s*\d{4}-\d{2}-\d{2}|[\[(]\w+::[^\])]*[\])]|@due\([^)]*\)|[⏫🔼🔽⏬🔺])"
)


def task_text(text: str) -> str:
    """A task's words without its Tasks/Dataview date and priority markers."""
    return tidy(_TASK_FIELDS.sub("", text))


def _log_entry(note: ParsedNote, content: str, number: int) -> LogEntry | None:
    match = _DATE_AT_START.match(content)
    if not match:
        return None
    groups = [g for g in match.groups() if g is not None]
    year, month, day = (int(g) for g in groups[:3])
    try:
        when = date(year, month, day)
    except ValueError:
        note.error(number, f"impossible date {year:04d}-{month:02d}-{day:02d} in the log")
        return None
    return LogEntry(when, number, tidy(content[match.end() :]))


def _due_of(text: str) -> date | None:
    match = _DUE.search(text)
    if not match:
        return None
    value = next(g for g in match.groups() if g)
    try:
        return parse_date(value)
    except ValueError:
        return None
