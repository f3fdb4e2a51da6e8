"""One note's bytes -> what vaultnet needs from it. Pure: no file system, no index.

The parser is deliberately forgiving about how people write (CRLF, a byte-order mark,
`* ` or `- ` bullets, dates in brackets or bold) and strict about what it cannot read
(bad encoding, unclosed or broken frontmatter): those become an error `Problem` with the
line, and the note is skipped by everything else.
"""

from __future__ import annotations

import bisect
import functools
import math
import posixpath
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from .classify import (
    CATEGORY_FIELDS,
    conflict_original,
    daily_date_of,
    is_conversation_line,
    is_folder_note,
    is_kin,
    kind_of,
    says_first_meeting,
    tagged_in_body,
)
from .config import ParseOptions
from .dates import (
    AMBIGUOUS_DAY,
    DAY_LEAD,
    DAY_TAIL,
    WEEKDAYS,
    day_at_start,
    day_name_reader,
    moment_date,
    moment_regex,
    names_a_day,
    optional_date,
    parse_birthday,
    parse_date,
    slashed_choice,
    slashed_order,
    slashed_readings,
)
from .model import (
    ARCHIVED,
    ARCHIVED_WORDS,
    CIRCLES,
    Problem,
    field_key,
    parse_cadence,
    recognised_names,
    unquoted_link,
    unsaid,
)
from .names import (
    DATE_AT_END,
    DAY_END,
    SYMBOL_LEAD,
    SYMBOL_START,
    fold,
    heading_key,
    in_folder,
    is_log_heading,
    link_key,
    note_title,
    table_cells,
)
from .yamlfm import FrontmatterError, FrontmatterTooLarge, Repeat
from .yamlfm import load as load_frontmatter

MAX_TEXT = 1000  # characters kept of one log line or mention in the index


class Link(NamedTuple):
    """A `[[wikilink]]` or Markdown link to another note."""

    key: str  # link_key of the target's file name, without .md
    folder: str  # link_key of the folder part written in the link ("" when none)
    line: int
    text: str  # the line it stands on, tidied, for showing as context
    in_task: bool = False  # on an open `- [ ]` task: a to-do, not a conversation
    written: str = ""  # the target's name as written (`Ann Lee`), for saying which link
    # In a day's note, on a line that mentions them without saying you talked (a list of
    # links, a footer, a table row): see classify.is_conversation_line.
    mention: bool = False
    # In a note that is neither a person's nor a day's, under a heading that is a day
    # (`### [[September 5th, 2021, Sunday]]` in a journal): that day (ISO), a conversation.
    day: str = ""


class LogEntry(NamedTuple):
    """A dated line under a log heading of a contact's note."""

    date: date
    line: int
    text: str


class Task(NamedTuple):
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
    frontmatter: str = ""
    name: str = ""
    page: str = ""  # a Logseq page's name (`people/Ann Lee`), where its file name says it otherwise
    # A person's folder note (`People/ann-lee/index.md`): the folder's name, which links use.
    folder_note: str = ""
    # Frontmatter that is there but cannot be read (bad YAML, not a mapping): the note is read
    # without it, and nothing may edit it until it is fixed.
    frontmatter_error: bool = False
    why: str = ""  # why it is a person or not: a key of classify.REASONS
    daily_date: date | None = None
    type: str = ""  # the frontmatter `type`, lower-cased (event, company, …)
    aliases: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # The fields `due` needs, read once here: ISO dates, a cadence label, month-day.
    circle: str | None = None
    cadence: str | None = None  # a label parse_cadence reads back, "none", or None (not set / unknown)
    met_on: str | None = None
    last_contact: str | None = None
    birthday: str | None = None  # MM-DD
    # The day of the log's earliest entry when its words say it was a first meeting ("met
    # at", "first call", "introduced by"): evidence for a follow-up (classify.says_first_meeting).
    first_met: str | None = None
    kin: bool = False  # family, as the note says (classify.is_kin): never a first-meeting follow-up
    body: str = ""
    body_line: int = 1  # the line of the note the body starts on
    log: list[LogEntry] = field(default_factory=list)
    log_days: list[str] = field(default_factory=list)  # lean: the ISO days of the log, instead of `log`
    links: list[Link] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A meeting note (a `date` and people in `attendees` or the like): the day, and the
    # frontmatter lines of those fields, whose links are conversations on that day.
    meeting_date: date | None = None
    meeting_lines: frozenset[int] = frozenset()
    # A recognised field -> the name the note writes it under, where that differs
    # (`Company:`, `org:`); see model.recognised_names.
    names: dict[str, str] = field(default_factory=dict)
    # Dataview fields on lines of their own in the body (`company:: Acme`) -> their line.
    inline_lines: dict[str, int] = field(default_factory=dict)
    day_order: str | None = None  # how its days like 03/11/2026 read (see _day_order), once worked out
    default_order: str | None = None  # how they read where the note does not tell (config's date_order)

    def get(self, key: str, default: Any = None) -> Any:
        """A frontmatter field by the name vaultnet knows it by, whatever name it is under."""
        return self.fields.get(self.names.get(key, key), default)

    def field_line(self, key: str) -> int | None:
        """The line of a top-level frontmatter key or inline field (worked out only when a
        problem needs it)."""
        name = self.names.get(key, key)
        return self.inline_lines.get(name) or field_lines(self.frontmatter).get(name)

    def error(self, line: int | None, message: str) -> None:
        """Record an error-level problem."""
        self.problems.append(Problem(self.path, line, "error", message))

    def warn(self, line: int | None, message: str) -> None:
        """Record a warning-level problem."""
        self.problems.append(Problem(self.path, line, "warning", message))


# --- text helpers -------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_OUTLINE_HEADING = re.compile(r"^[ \t]*[-*+][ \t]+(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_OUTLINE_START = frozenset("-*+ \t")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_TASK = re.compile(r"^\[(.)\][ \t]*(.*)$")
_QUOTE = re.compile(r"^(?:>[ \t]?)+")
_BACKTICKS = re.compile(r"`+")
_COMMENT = re.compile(r"%%.*?%%")
_WIKILINK = re.compile(r"!?\[\[([^\[\]]+?)\]\]")
# Possessive runs that stop at brackets (the shown text may hold one level of them, as in
# `[see [this]](a.md)`), and none of `( ) [ ] #` in the file name (Obsidian allows no
# brackets or `#`; a parenthesis would end the link): on a long line of `[x](a.md#` or of
# `[` with no end, open-ended runs made every `[` scan and rescan the rest of the line (an
# 80 KB line took over 10 s), and an unclosed `[x](` swallowed the links after it.
_MDLINK = re.compile(
    r"!?\[((?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\]"
    r"\(<?([^()<>#\[\]\n]{1,1000}?\.md)>?(?:#[^)\n]{0,300}+|[ \t]++(?:\"[^\"\n]*+\"|'[^'\n]*+'))?\)",
    re.IGNORECASE,
)
# A `#` at the start or after a space: the lookbehind comes after the `#`, so the regex
# engine can jump from one `#` to the next instead of trying every position (12x faster
# on a long paragraph).
_TAG = re.compile(r"#(?<=(?<!\S)#)((?:[^\W\d]|\d+[^\W\d])[\w/-]*)")
# A log line's date as people write it: `2026-11-03` (or with / or ., a one-digit month or
# day, a time after a T), bold or italic, a link to the day's note (`[[2026-11-03]]`, with
# its folder as Obsidian writes paths, a heading, or a shown text), a Markdown link, or in
# brackets or parentheses; then an optional separator.
_DATE_AT_START = re.compile(
    "^" + SYMBOL_LEAD + r"(?:\*\*|__|\*|_)?"
    # (The day's note may be named for more than its day: `[[2026-11-03 Tue]]`, `[[2026-11-03 Coffee]]`.)
    r"(?:!?\[\[(?:[^\[\]|#/\n]{1,200}+/){0,20}(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ \t]+(?P<named>[^\[\]|#\n]{1,200}+))?(?:#[^\[\]|\n]*+)?(?:\|[^\]]*+)?\]\]"
    r"|\[(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\]\([^)]*+\)"
    r"|\[(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\]"
    r"|\((\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\)"
    r"|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)(?:T(?=\d))?)"
    r"(?:\*\*|__|\*|_)?"
    r"[ \t]*(?:[:：—–|,]|-(?!\d)|\.(?!\d))?[ \t]*"
)
_DUE = re.compile(
    r"(?:📅|📆|🗓️?)\s*(\d{4}-\d{2}-\d{2})"  # (Tasks reads 📆 and 🗓 as 📅)
    r"|[\[(]due::\s*(?:\[\[)?(\d{4}-\d{2}-\d{2})(?:\]\])?[\])]"
    r"|@due\((\d{4}-\d{2}-\d{2})\)"
)
# A due day in words, as tasks are written by hand: `send the deck by 2026-12-05`,
# `… due [[2026-12-05]]`, `… (before 2026-12-05)`; at the end of the task or in brackets.
_DUE_IN_WORDS = re.compile(
    r"(?:(?<!\S)|\()(?:by|due(?:[ \t]+(?:on|by))?:?|before)[ \t]+(?:\[\[)?(\d{4}-\d{2}-\d{2})(?:\]\])?"
    r"(?:\)|[ \t.!]*$)",
    re.IGNORECASE,
)
# Without a due date, the day the task is planned for (Tasks' ⏳, Dataview's `scheduled::`).
_SCHEDULED = re.compile(
    r"⏳\ufe0f?\s*(\d{4}-\d{2}-\d{2})|[\[(]scheduled::\s*(?:\[\[)?(\d{4}-\d{2}-\d{2})(?:\]\])?[\])]"
)
_OPEN_TASK_MARKS = {" ", "/"}  # without the Tasks plugin's statuses (ParseOptions.closed_task_marks)
_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")
_NON_MD_EXT = re.compile(r"\.(?!md$)[A-Za-z0-9]{1,5}$", re.IGNORECASE)
# An address in a field value: a local part of at most 64 characters (RFC 5321) not glued to
# more of the same, then dot-separated labels. Bounded, possessive runs keep it linear: the old
# unbounded pattern took minutes on a long value of one character.
_NOT_EMAIL = r"\s<>(),;:\[\]\"'@"
_EMAIL = re.compile(
    rf"(?<![^{_NOT_EMAIL}])[^{_NOT_EMAIL}]{{1,64}}+@[^{_NOT_EMAIL}.]{{1,63}}+(?:\.[^{_NOT_EMAIL}.]{{1,63}}+)+"
)


def tidy(text: str, limit: int = MAX_TEXT) -> str:
    """A line made readable on one line: links unwrapped, spaces collapsed, trimmed."""
    if "[[" in text:
        text = _WIKILINK.sub(lambda m: _link_label(m.group(1)), text)
    if "](" in text:
        text = _MDLINK.sub(lambda m: m.group(1) or m.group(2), text)  # `[Ann](People/Ann.md)` reads "Ann"
    if "  " in text or "\t" in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link_label(inner: str) -> str:
    inner = inner.replace("\\|", "|")
    target, _, shown = inner.partition("|")
    return shown or target.split("#")[0].split("^")[0]


def _target_link(target: str, line: int, text: str) -> Link | None:
    """A Link from a link target as written (`People/Jane Doe#Work`), or None for files."""
    if "#" in target:
        target = target.split("#", 1)[0]
    if "^" in target:
        target = target.split("^", 1)[0]
    target = target.strip()
    if not target:
        return None
    if "." in target:
        if target[-3:].lower() == ".md":
            target = target[:-3]
        elif _NON_MD_EXT.search(target):
            return None
    if "/" not in target and "\\" not in target:
        return Link(link_key(target), "", line, text, written=target)
    folder, _, stem = target.replace("\\", "/").rpartition("/")
    parts = [p for p in folder.split("/") if p not in ("", ".", "..")]
    return Link(link_key(stem), link_key("/".join(parts)), line, text, written=stem)


def links_in(text: str, line: int, context: str | None = None) -> list[Link]:
    """Every wikilink and Markdown link to a note in one line of text (`context`: the
    text to keep with them, by default the line; "" keeps none)."""
    found: list[Link] = []
    ctx = tidy(context if context is not None else text)
    if "[[" in text:
        for match in _WIKILINK.finditer(text):
            inner = match.group(1)
            if "|" in inner:
                inner = inner.replace("\\|", "|").split("|", 1)[0]
            link = _target_link(inner, line, ctx)
            if link:
                found.append(link)
    if "](" in text:
        for match in _MDLINK.finditer(text):
            target = urllib.parse.unquote(match.group(2))
            if "://" in target:
                continue
            link = _target_link(target, line, ctx)
            if link:
                found.append(link)
    return found


def _strip_inline_code(text: str) -> str:
    """`text` without its code spans, read as CommonMark does: a run of n backticks opens a
    span that the next run of exactly n closes; a run with no such partner is plain text.
    Done on the runs rather than with a backreferencing regex, which retried every length
    of every run (a line of backticks never finished)."""
    runs = [match.span() for match in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    kept: list[str] = []
    done = index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after == len(same):
            index += 1
            continue
        closer = same[after]
        kept.append(text[done:start])
        done = runs[closer][1]
        index = closer + 1
    kept.append(text[done:])
    return "".join(kept)


def _strip_code(text: str) -> str:
    if "`" in text:
        text = _strip_inline_code(text)
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


_JSON_SCALARS = (str, int, bool, type(None))


def json_safe(value: Any) -> Any:
    """Frontmatter values made storable as JSON: dates as ISO text, keys as text."""
    kind = type(value)
    if kind in _JSON_SCALARS:
        return value
    if kind is list:
        if all(type(v) in _JSON_SCALARS for v in value):
            return value
        return [json_safe(v) for v in value]
    if kind is dict:
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        # YAML's `.nan` and `.inf` have no JSON form (Python writes `NaN`, which SQLite's
        # JSON functions call malformed and no script reads): not said.
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if isinstance(value, (str, int)):
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


_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


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
    close = _FM_CLOSE.search(text, first_end + 1) if first_end >= 0 else None
    if close is None:
        raise ValueError("frontmatter opened with --- on line 1 is never closed")
    end = text.find("\n", close.end())
    body = "" if end < 0 else text[end + 1 :]
    return text[first_end + 1 : close.start()], body, text.count("\n", 0, close.start()) + 2


# A Dataview field on a line of its own, or a list item of its own at the margin:
# `company:: Acme`, `- Last Contact:: 2026-10-01` (as Dataview, which reads both as the page's).
# `key:: value`, perhaps as a list item, the key perhaps bold or italic (`**Company**:: Acme`,
# which Dataview reads as the field `Company`).
_INLINE_FIELD = re.compile(
    r"(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?([A-Za-z][\w \-]{0,60}?)(?:\*\*|__|\*|_)?[ \t]*::[ \t]*(\S.*?)[ \t]*"
)
# A first look, before the lines are read one by one:
_INLINE_FIELD_START = re.compile(r"^(?:[-*+][ \t]+)?[*_]{0,2}[A-Za-z][\w \-]{0,60}[*_]{0,2}::", re.MULTILINE)


# A line of a contact card: `Email: ann@acme.com`, `- **Company:** Acme`, `**Role**: CTO`.
_CARD_LINE = re.compile(
    r"(?:[-*+][ \t]+)?(?:\*\*|__)?([A-Za-z][\w .'/-]{0,30}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]+(\S.*?)[ \t]*"
)


def _starts_with_a_card(body: str) -> bool:
    """True when the first line of the body after its title is a card line (a first look)."""
    for line in body[:400].split("\n", 6)[:6]:
        if line.strip() and not line.startswith("# "):
            return ":" in line and _CARD_LINE.fullmatch(line) is not None
    return False


def _card_fields(body: str, first_line: int) -> dict[str, tuple[str, int]]:
    """The recognised fields of a card of `Key: value` lines at the top of the body (after
    a title, before anything else): key -> (value, line). Other keys in it are passed over;
    the first line that is no such line ends it."""
    found: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(body.split("\n", 40)[:40], start=first_line):
        if not line.strip() or (line.startswith("# ") and not found):
            if found and not line.strip():
                break
            continue
        match = _CARD_LINE.fullmatch(line)
        if match is None:
            break
        key = match.group(1).strip()
        if field_key(key) is not None and key not in found:
            found[key] = (match.group(2), number)
    return found


def _inline_fields(body: str, first_line: int) -> dict[str, tuple[str, int]]:
    """Dataview fields on lines of their own, outside code blocks: key -> (value, line);
    the first of a key wins, as the frontmatter's does over them."""
    found: dict[str, tuple[str, int]] = {}
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        opening = _FENCE.match(line) if "`" in line or "~" in line else None
        if opening:
            fence = opening.group(1)
            continue
        match = _INLINE_FIELD.fullmatch(line) if "::" in line else None
        if match and match.group(1) not in found:
            found[match.group(1)] = (match.group(2), number)
    return found


def _misplaced_frontmatter(note: ParsedNote, text: str) -> None:
    """Warn about frontmatter that neither Obsidian nor vaultnet reads: TOML between
    `+++` lines (Hugo's), or a `---` block below blank lines (it must be on line 1)."""
    if text.startswith("+++") and text[:4].rstrip() == "+++" and "\n+++" in text:
        note.warn(1, "frontmatter in TOML (+++) is not read: write it as YAML between --- lines")
        return
    stripped = text.lstrip(" \t\n")
    if stripped.startswith("---\n") and "\n---" in stripped[3:] and _TOP_KEY.match(stripped, 4):
        line = text.count("\n", 0, len(text) - len(stripped)) + 1
        note.warn(line, "a --- block below line 1 is not frontmatter: Obsidian reads it only on the first line")


_TOP_KEY = re.compile(r"""^(?:"([^"\n]+)"|'([^'\n]+)'|([^\s#:'"-][^:\n]*?))[ \t]*:(?:[ \t]|$)""", re.MULTILINE)


def field_lines(fm: str) -> dict[str, int]:
    """The line (in the note) of each top-level key, for pointing at problems."""
    lines: dict[str, int] = {}
    line, pos = 2, 0
    for match in _TOP_KEY.finditer(fm):
        line += fm.count("\n", pos, match.start())
        pos = match.start()
        key = match.group(1) or match.group(2) or match.group(3)
        lines.setdefault(key, line)
    return lines


# --- the parser ---------------------------------------------------------------------------


def parse_note(path: str, data: bytes, opts: ParseOptions, lean: bool = False) -> ParsedNote:
    """Read one note (path relative to the vault, with `/`) into a ParsedNote.

    The stages, in order: decode the bytes, split off the frontmatter, read it, gather the
    fields (frontmatter, Dataview fields, a card at the top), classify the note (contact,
    daily, note), read what its kind keeps, scan the body, and tidy what the vault's layout
    says. A stage that finds the note unreadable marks it an error and the rest are skipped.

    `lean` reads only what the index keeps: log entries without their texts (the index
    keeps the body and `read_log` reads them for the contact shown), links with the line
    they stand on only in daily notes (where a mention is a conversation to show),
    links to days (`[[2026-11-03]]`) only from daily notes, and of other notes that are
    neither contacts nor daily notes only their open tasks (no links or body tags).
    """
    note = ParsedNote(path=path, kind="note", default_order=opts.date_order)
    text = _decoded(note, data)
    if text is None:
        return note
    split = _split(note, text)
    if split is None:
        return note
    fm, body, body_line = split
    meta = _frontmatter(note, fm)
    if meta is None:
        return note
    fields = _gather_fields(note, meta, fm, body, body_line)
    _classify(note, fields.values, body, opts)
    _read_for_kind(note, fields, fm, opts)
    _scan_body(note, body, body_line, opts, lean)
    if lean and note.kind == "note" and note.meeting_lines and note.inline_lines:
        _attendee_links(note, body, body_line)
    _tidy_for_layout(note, opts)
    return note


class Fields(NamedTuple):
    """A note's fields as the stages after the frontmatter read them."""

    values: dict[str, Any]  # JSON-safe, recognised fields also under their own names
    meta: Any  # the same as YAML read them (dates stay dates)
    written: Any  # as the note has them, before recognised names were added (dates)
    in_yaml: Any  # the frontmatter alone, where its links are read from


def _decoded(note: ParsedNote, data: bytes) -> str | None:
    """The note's text with `\\n` line ends, or None (and an error) when it cannot be read."""
    text, problem, line = decode(data)
    if text is None:
        note.kind = "error"
        note.error(line, problem or "cannot be read")
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _find_conflicts(text, note)
    return text


def _split(note: ParsedNote, text: str) -> tuple[str | None, str, int] | None:
    """(frontmatter, body, the body's first line), or None when the frontmatter never ends."""
    try:
        fm, body, body_line = split_frontmatter(text)
    except ValueError as exc:
        note.kind = "error"
        note.error(1, f"{exc} (add a line with --- where the frontmatter ends)")
        return None
    if fm is None and text[:1] in ("+", "\n", " ", "\t"):
        _misplaced_frontmatter(note, text)
    return fm, body, body_line


def _frontmatter(note: ParsedNote, fm: str | None) -> dict[Any, Any] | None:
    """The frontmatter's mapping: {} when there is none, and {} with an error when it is
    not valid YAML or not a mapping. Obsidian still shows such a note, with its text, so it
    is still read (its folder and file name say who it is); `check` names the frontmatter.
    None (the note unreadable) only when it is too large to read at all."""
    if fm is None or not fm.strip():
        return {}
    repeated: list[Repeat] = []
    try:
        meta = load_frontmatter(fm, repeated)
    except FrontmatterError as exc:
        if isinstance(exc, FrontmatterTooLarge):
            note.kind = "error"
            note.error(1, f"frontmatter cannot be read: {exc.reason}")
            return None
        if exc.line is None:
            note.error(1, f"frontmatter is not valid YAML: {exc.reason}")
        else:
            last_line = 1 + max(1, fm.count("\n"))  # the last line inside the frontmatter
            where = min(exc.line + 1, last_line)  # (the note's line 1 is the opening ---)
            note.error(where, f"frontmatter is not valid YAML: {exc.reason} (fix or quote the value)")
        note.frontmatter_error = True
        return _salvaged(fm)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        note.error(2, "frontmatter must be `key: value` lines, not a single value or a list")
        note.frontmatter_error = True
        return {}
    for key, first, again in repeated:
        # YAML readers differ here: PyYAML reads the last, Obsidian refuses the lot.
        note.warn(
            again + 1,
            f"{key} is given twice in the frontmatter (also on line {first + 1}): the last is read;"
            " keep one (a git merge often leaves both)",
        )
    return meta


def _salvaged(fm: str) -> dict[Any, Any]:
    """What the readable lines of a frontmatter YAML cannot read as a whole say: each
    `key: value` on a line of its own, with nothing indented below it, read alone. One
    bad line (`Tags: [#People, [[Boss]]]`) then hides only itself: `type: person` or an
    email on the others still say who the note is."""
    found: dict[Any, Any] = {}
    lines = fm.split("\n")
    for at, line in enumerate(lines):
        following = lines[at + 1] if at + 1 < len(lines) else ""
        if not _SALVAGE_LINE.match(line) or following[:1] in (" ", "\t", "-"):
            continue
        try:
            value = load_frontmatter(line)
        except FrontmatterError:
            continue
        if isinstance(value, dict) and len(value) == 1:
            found.update(value)
    return found


_SALVAGE_LINE = re.compile(r"[A-Za-z][\w -]{0,40}:[ \t]*\S")


def _gather_fields(note: ParsedNote, meta: dict[Any, Any], fm: str | None, body: str, body_line: int) -> Fields:
    """The frontmatter's fields, with Dataview fields and a card at the top of the body for
    what it does not say, and recognised fields also under their own names."""
    fields: dict[str, Any] = json_safe(meta)
    in_yaml = meta
    found: dict[str, tuple[str, int]] = {}
    if "::" in body and _INLINE_FIELD_START.search(body):
        found = _inline_fields(body, body_line)
    if ":" in body[:400] and _starts_with_a_card(body):
        # A contact card at the top of a note, as plain Markdown editors (and Notion's
        # export) leave one: `Email: ann@acme.com`; for what the frontmatter does not say.
        said = {field_key(k) for k, v in fields.items() if isinstance(k, str) and not unsaid(v)}
        card = {k: v for k, v in _card_fields(body, body_line).items() if field_key(k) not in said}
        found = {**card, **found}
    if found:
        inline = {k: v for k, v in found.items() if unsaid(fields.get(k))}
        if inline:
            # Dataview's fields count as frontmatter where the frontmatter does not say
            # (a key a template left empty, `company:`, says nothing).
            fields = {**fields, **{k: value for k, (value, _) in inline.items()}}
            meta = {**meta, **{k: value for k, (value, _) in inline.items()}}
            note.inline_lines = {k: line for k, (_, line) in inline.items()}
    note.fields = fields
    written = meta
    note.names = recognised_names(fields)
    if note.names:
        # Read the recognised fields under their own names; the note keeps its own.
        meta = {**meta, **{key: meta[name] for key, name in note.names.items()}}
        fields = {**fields, **{key: fields[name] for key, name in note.names.items()}}
    note.frontmatter = fm or ""
    note.body = body
    note.body_line = body_line
    note.tags = _frontmatter_tags(fields)
    if fm and "#" in fm:
        _commented_tags(note, fm)
    return Fields(fields, meta, written, in_yaml)


def _classify(note: ParsedNote, fields: dict[str, Any], body: str, opts: ParseOptions) -> None:
    """Set the note's kind (a contact, a day's note, another note) as `classify` decides,
    from what the note says of itself, and name a sync conflict copy."""
    path = note.path
    stem = note_title(path)
    tags = note.tags
    if tagged_in_body(body) and daily_date_of(path, opts) is None:
        tags = [*tags, "person"]  # `#person` in the note itself, as Obsidian (and Bear) users tag
    types = {link_key(_unlink(t)) for t in _string_list(fields.get("type"))}
    categories = {link_key(_unlink(c)) for key in CATEGORY_FIELDS for c in _string_list(fields.get(key))}
    drawing = "excalidraw-plugin" in fields
    note.kind, note.daily_date, note.why = kind_of(path, types, categories, tags, opts, drawing, fields)
    if note.kind == "contact" and is_folder_note(path):
        note.folder_note = posixpath.basename(posixpath.dirname(path))
    if "onflict" in stem:  # (Conflict or conflict: a cheap look before the pattern)
        original = conflict_original(stem)
        if original is not None:
            source = posixpath.join(posixpath.dirname(path), original + ".md")
            note.warn(None, f"a sync conflict copy of {source}: merge what it adds into that note, then delete it")


def _read_for_kind(note: ParsedNote, fields: Fields, fm: str | None, opts: ParseOptions) -> None:
    """Read what the note's kind keeps from its fields: a contact's card, a meeting's
    attendees, a Logseq page's aliases, and the links in the frontmatter."""
    values = fields.values
    if opts.logseq:
        _logseq_page(note, note_title(note.path), values)
    note.type = _unlink(str(values["type"])).strip().lower() if isinstance(values.get("type"), str) else ""
    if note.kind == "contact":
        _read_contact_fields(note, fields.meta, values, fields.written, note_title(note.path))
    if fm and ("[[" in fm or "](" in fm):
        _frontmatter_links(note, fields.in_yaml)
    if note.kind == "note" and "date" in values and not values.keys().isdisjoint(ATTENDEE_FIELDS):
        _read_meeting(note, fields.meta, values)  # (attendees in Dataview fields are body lines)


def _attendee_links(note: ParsedNote, body: str, body_line: int) -> None:
    """Attendees in Dataview fields: the lean reading keeps no other links of the body."""
    lines = body.split("\n")
    for key in ATTENDEE_FIELDS:
        number = note.inline_lines.get(note.names.get(key, key))
        if number is not None:
            note.links.extend(links_in(lines[number - body_line], number, ""))


def _tidy_for_layout(note: ParsedNote, opts: ParseOptions) -> None:
    """What the vault's layout says of what was read: nothing in a generated folder is a
    promise, a day's note in a person's folder was a talk with them, Logseq links are pages."""
    if any(in_folder(note.path, folder) for folder in opts.generated_folders if folder):
        note.tasks = []  # a digest's "reach out to [[Maya]]" is not a promise to Maya
    if note.kind == "daily" and not opts.logseq:
        _in_a_persons_folder(note, opts)
    if opts.logseq and any(link.folder for link in note.links):
        note.links = [_as_page(link) for link in note.links]
    if opts.logseq and any(link.folder for task in note.tasks for link in task.targets):
        note.tasks = [task._replace(targets=tuple(_as_page(link) for link in task.targets)) for task in note.tasks]


def _in_a_persons_folder(note: ParsedNote, opts: ParseOptions) -> None:
    """A day's note kept in a folder of its own inside a contact folder, as a person's
    folder holds notes about them (`People/Ann Lee/2026-11-03 Coffee.md` beside
    `People/Ann Lee/Ann Lee.md`), was a talk with the person the folder is named for:
    links to that folder's own note, unless the note links to it already."""
    folder_path = posixpath.dirname(note.path)
    root = next((f for f in opts.contact_folders if in_folder(note.path, f)), None)
    if root is None or link_key(folder_path) == link_key(root.strip("/")) or not folder_path:
        return  # not in a folder below a contact folder
    person = link_key(posixpath.basename(folder_path))
    title = note_title(note.path)
    what = title[10:].strip(" _.-–—") or title  # `2026-11-03 Coffee`: Coffee
    # The folder's note inside it (`People/Ann Lee/Ann Lee.md`) or beside it
    # (`People/Ann Lee.md`), as folder-note plugins keep either; written as nothing, so
    # that `check` says nothing where there is neither (one line: shown once where both).
    theirs = tuple(Link(person, link_key(folder), 1, what) for folder in (folder_path, posixpath.dirname(folder_path)))
    if not any(link.key == person for link in note.links):
        note.links.extend(theirs)
    # A task there that names no one is owed to them (`- [ ] send her the paper`).
    note.tasks = [task if task.targets else task._replace(targets=theirs) for task in note.tasks]


def _as_page(link: Link) -> Link:
    """A link in a Logseq graph: `[[people/Ann Lee]]` names the page `people/Ann Lee`."""
    if not link.folder:
        return link
    return link._replace(key=f"{link.folder}/{link.key}", folder="", written=f"{link.folder}/{link.written}")


def _find_conflicts(text: str, note: ParsedNote) -> None:
    if "<<<<<<<" not in text:
        return
    start = None
    for number, line in enumerate(text.split("\n"), start=1):
        if start is None and _CONFLICT_START.match(line):
            start = number
        elif start is not None and _CONFLICT_END.match(line):
            note.error(start, "git conflict markers (<<<<<<< … >>>>>>>): resolve the merge")
            start = None


def _frontmatter_tags(fields: dict[str, Any]) -> list[str]:
    tags: list[str] = []
    for key in ("tags", "tag"):
        for value in _string_list(fields.get(key)):
            if value.startswith("[[") and value.endswith("]]"):
                page = _unlink(value) if value[2:-2].strip() else ""  # a page as a tag, as Logseq writes one
                tags.extend([page] if page else [])
                continue
            tags.extend(t.lstrip("#") for t in value.split() if t.lstrip("#"))
    return tags


_TAG_KEY_LINE = re.compile(r"^(tags?):[ \t]*(.*)$", re.MULTILINE)
_COMMENT_TAG = re.compile(r"#([^\s#,\[\]\"']+)")


def _commented_tags(note: ParsedNote, fm: str) -> None:
    """`tags: #investor` (or `- #investor` under `tags:`) is a YAML comment, so the value
    is empty; people mean the tag. Read it, and warn that other tools will not."""
    for match in _TAG_KEY_LINE.finditer(fm):
        key, rest = match.group(1), match.group(2)
        value = note.fields.get(key)
        if value is not None and not (isinstance(value, list) and None in value):
            continue
        if rest.startswith("#"):
            written = rest
        elif not rest:
            # The `- #tag` items of a block list under the key.
            items = []
            for line in fm[match.end() + 1 :].split("\n"):
                item = line.strip()
                if item.startswith("- #"):
                    items.append(item[2:])
                elif item.startswith("-") or not item:
                    continue
                elif line[:1] in (" ", "\t") and item.startswith("#"):
                    continue  # an indented comment line
                else:
                    break
            written = " ".join(items)
        else:
            continue
        found = [t for t in _COMMENT_TAG.findall(written) if t not in note.tags]
        if found:
            note.tags.extend(found)
            note.warn(
                note.field_line(key),
                f"{key}: `{written.strip()}` is a YAML comment (it starts with #), so Obsidian sees no tag"
                f" there; vaultnet reads it as {', '.join(found)} (write `{key}: [{', '.join(found)}]`)",
            )


_DATE_LIKE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}(\s|T|$)")


def _may_be_date(value: str) -> bool:
    """A cheap first look for _DATE_LIKE (whose \\s and \\d are isspace and isdecimal)."""
    first = value[:1]
    return first.isdecimal() or first.isspace()


# A Zettelkasten ID heading a file name (Zettlr's and Obsidian's Unique Note creator's
# `YYYYMMDDHHmm(ss)`): `202611031230 Ann Lee`, or the ID alone with a `title:`.
_ZETTEL_ID = re.compile(r"(\d{12,14})(?:[ _-]+(.+))?")


def _logseq_page(note: ParsedNote, stem: str, fields: dict[str, Any]) -> None:
    """A Logseq page's name: its `title::`, else its file name with a namespace written as
    Logseq writes one (`people___Ann Lee`, `people%2FAnn Lee`: the page `people/Ann Lee`)."""
    title = fields.get("title")
    page = title.strip() if isinstance(title, str) and title.strip() else stem
    page = urllib.parse.unquote(page.replace("___", "/"))
    if page != stem:
        note.page = page


def _name_of(note: ParsedNote, stem: str, fields: dict[str, Any]) -> str:
    """A contact's name when the note gives no `name:`: its file name, less a Zettelkasten
    ID before it (for an ID alone, its `title:`); for a file named as a slug
    (`todd-hartley`) or a folder's own note (`todd-hartley/index.md`), its `title:`, else
    its `# Title` when that is the slug's words, else the slug's words (`Todd Hartley`)."""
    if note.folder_note:
        stem = note.folder_note
    match = _ZETTEL_ID.fullmatch(stem) if stem[:1].isdigit() else None
    title = fields.get("title")
    titled = _unlink(title).strip() if isinstance(title, str) and title.strip() else ""
    if match is not None:
        return match.group(2).strip() if match.group(2) else titled or stem
    if not _SLUG.fullmatch(stem):
        return stem
    words = " ".join(re.split(r"[-_.]+", stem))
    heading = _H1.search(note.body[:2000])
    if titled:
        return titled
    if heading and fold(heading.group(1)) == fold(words):
        return heading.group(1).strip()
    return " ".join(w[:1].upper() + w[1:] for w in words.split())


# A file name written as a slug, as static-site and folder-per-person vaults name people
# (`todd-hartley`, `alice_formwalt`): lower case, words joined by hyphens or underscores.
_SLUG = re.compile(r"[^\W\d_A-Z]+(?:[-_.][^\W_A-Z]+)+")
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def _circle_of(value: object) -> str:
    """A circle as people write it: `inner`, `Inner circle`, `Prospects`, `[[Inner]]`."""
    names = _string_list(value)
    text = ", ".join(" ".join(_unlink(name).lower().split()) for name in names)  # (two circles: unknown)
    if text.endswith(" circle"):
        text = text[: -len(" circle")]
    if text not in CIRCLES and text.endswith("s") and text[:-1] in CIRCLES:
        text = text[:-1]
    return text


def _archived(fields: dict[str, Any], tags: list[str]) -> bool:
    """True when a note says its person is no longer someone to keep in touch with."""
    status = fields.get("status")
    if isinstance(status, str) and " ".join(_unlink(status).lower().split()) in ARCHIVED_WORDS:
        return True
    flag = fields.get("archived")
    if flag is True or (isinstance(flag, str) and flag.strip().lower() in ("yes", "true")):
        return True
    return any(tag.lower() in ARCHIVED_WORDS for tag in tags)


def _read_contact_fields(
    note: ParsedNote, meta: dict[str, Any], fields: dict[str, Any], written: dict[str, Any], stem: str
) -> None:
    """The recognised fields (`meta` and `fields` hold them under their own names), and
    every date-like value of the note (`written`, as the note names them)."""
    name = fields.get("name")
    if isinstance(name, (str, int)) and not isinstance(name, bool) and str(name).strip():
        note.name = _unlink(str(name))
    elif note.page:
        note.name = note.page.rsplit("/", 1)[-1].strip() or note.page  # `people/Ann Lee`: Ann Lee
    else:
        note.name = _name_of(note, stem, fields)
    aliases = fields.get("aliases")
    note.aliases = [_unlink(a) for a in _string_list(aliases if not unsaid(aliases) else fields.get("alias"))]
    emails: list[str] = []
    for key in ("emails", "email", "e-mail", "mail"):
        for value in _string_list(fields.get(key)):
            found = _EMAIL.findall(value)
            if not found:
                note.warn(note.field_line(key), f"{key}: {value!r} is not an email address")
            emails.extend(e.lower() for e in found)
    note.emails = list(dict.fromkeys(emails))
    if "cadence" in fields:
        try:
            cadence = parse_cadence(fields["cadence"])
            note.cadence = cadence.label if cadence else "none"
        except ValueError as exc:
            note.error(note.field_line("cadence"), str(exc))
    circle = fields.get("circle")
    if circle not in (None, "", []):
        note.circle = _circle_of(circle)
        if note.circle in ARCHIVED_WORDS:
            note.circle = ARCHIVED
        elif note.circle not in CIRCLES:
            note.warn(note.field_line("circle"), f"unknown circle {circle!r} (use {', '.join(CIRCLES)}, or {ARCHIVED})")
    if note.circle != ARCHIVED and _archived(fields, note.tags):
        note.circle = ARCHIVED
    note.kin = is_kin(fields, note.tags)
    if fields.get("birthday") not in (None, ""):
        try:
            raw_birthday = meta["birthday"]
            month, day = parse_birthday(_unlink(raw_birthday) if isinstance(raw_birthday, str) else raw_birthday)
            note.birthday = f"{month:02d}-{day:02d}"
        except ValueError as exc:
            raw = meta["birthday"]
            if not (type(raw) is str and _may_be_date(raw) and _DATE_LIKE.match(raw)):
                note.error(note.field_line("birthday"), str(exc))  # (else the impossible date is told below)
    known_as = {name: key for key, name in note.names.items()}
    for key, value in written.items():
        meaning = known_as.get(key, key)
        # (A date-like string is an impossible date the YAML reader kept as written.)
        if (type(value) is str and _may_be_date(value) and _DATE_LIKE.match(value)) or (
            meaning in ("met_on", "last_contact") and value not in (None, "")
        ):
            try:
                when = parse_date(value).isoformat()
            except ValueError as exc:
                note.error(note.field_line(str(key)), f"{key}: {exc}")
            else:
                if meaning == "met_on":
                    note.met_on = when
                elif meaning == "last_contact":
                    note.last_contact = when


def _linked_texts(value: object) -> list[str]:
    """The texts of a frontmatter value that may hold links, links left unquoted too."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        texts: list[str] = []
        for item in value:
            link = unquoted_link(item)
            texts.extend([link] if link else _linked_texts(item))
        return texts
    return []


def _frontmatter_links(note: ParsedNote, meta: dict[str, Any]) -> None:
    for key, value in meta.items():
        for item in _linked_texts(value):
            if "[[" in item or "](" in item:
                line = note.field_line(str(key)) or 1
                note.links.extend(links_in(item, line, f"{key}: {item}"))


# Frontmatter fields of a meeting note that list who was there.
ATTENDEE_FIELDS = frozenset(("attendees", "attendee", "participants", "people", "with"))
_NOT_HELD = frozenset(("cancelled", "canceled", "skipped", "missed", "declined", "postponed"))


def _read_meeting(note: ParsedNote, meta: dict[str, Any], fields: dict[str, Any]) -> None:
    """Mark a note with a `date` and people in an attendee field as a meeting that day."""
    attended = fields.get("attended")
    status = fields.get("status")
    if attended is False or (isinstance(attended, str) and attended.strip().lower() in ("no", "false")):
        return  # an event you did not go to
    if isinstance(status, str) and status.strip().lower() in _NOT_HELD:
        return
    # Read as every date field is; no day (or an impossible one): a note about people.
    note.meeting_date = optional_date(meta["date"])
    if note.meeting_date is None:
        return
    # The lines _frontmatter_links gave these fields' links.
    note.meeting_lines = frozenset(note.field_line(key) or 1 for key in ATTENDEE_FIELDS if key in fields)
    # People named without a link (`attendees: [Ann Lee, Bob]`) are linked by that name, as
    # a name or alias resolves a link no file name claims.
    for key in ATTENDEE_FIELDS:
        if key in fields:
            line = note.field_line(key) or 1
            note.links.extend(
                Link(link_key(name), "", line, f"{key}: {name}", written=name) for name in _plain_names(meta[key])
            )


def _plain_names(value: object) -> list[str]:
    """The names in an attendee field written as text, not links (`Ann Lee, Bob`)."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    return [
        item.strip()
        for item in items
        if isinstance(item, str) and "[[" not in item and "](" not in item and any(ch.isalpha() for ch in item)
    ]


@functools.lru_cache(maxsize=8)
def _log_names(headings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(heading_key(h) for h in headings)


_ITEM_START = frozenset("-*+0123456789")
_DAY_START = frozenset("0123456789[*_(!")  # what _DATE_AT_START can start with (`![[…]]`: the day's note embedded)
# `- 2026-11-03 words` or `- [[2026-11-03]] words` at the left margin, perhaps naming
# people as `[[Name]]`, with nothing else that needs a closer look (tags, code, tasks).
_PLAIN_LOG_LINE = re.compile(
    r"^[-*+][ \t]+(?:(\d{4}-\d{2}-\d{2})(?![\d/._*T-])|\[\[(\d{4}-\d{2}-\d{2})\]\](?![*_.]))"
    # Written as runs of plain characters between links: a run is one step for the regex
    # engine, an alternative per character is many (this halves the cost of a cold index's
    # busiest line).
    r"[ \t]*(?:[:：—–|,]|-(?!\d))?[ \t]*([^\[\]#`%~]*(?:\[\[[^\[\]#`%~]+\]\][^\[\]#`%~]*)*)$"
)
FAST_PATHS = True  # tests turn this off to check that the fast paths agree with the slow one


_DAY_KEY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _all_links(links: list[Link]) -> list[Link]:
    return links


def _no_links(links: list[Link]) -> list[Link]:
    return []


def _without_days(links: list[Link]) -> list[Link]:
    return [link for link in links if link.folder or not _is_day_key(link.key)]


def _is_day_key(key: str) -> bool:
    """True for a link to a day: `[[2026-11-03]]`, or written out as Logseq names its
    journal pages, `[[Nov 3rd, 2026]]` (a day's text ends with its year)."""
    return bool(_DAY_KEY.fullmatch(key)) or (
        key[-4:-2] in ("19", "20") and key[-2:].isdigit() and day_at_start(key) is not None
    )


@functools.lru_cache(maxsize=8)
def _without_named_days(fmt: str) -> Callable[[list[Link]], list[Link]]:
    """_without_days, for daily notes named in `fmt` too (`[[November 3rd, 2026]]`)."""
    is_day = day_name_reader(fmt)

    def keep(links: list[Link]) -> list[Link]:
        return [link for link in _without_days(links) if link.folder or is_day(link.key) is None]

    return keep


def read_log(body: str, first_line: int, opts: ParseOptions) -> list[LogEntry]:
    """The log entries of a contact's note body (as stored by the index), with their texts."""
    note = ParsedNote(path="", kind="contact", body=body, default_order=opts.date_order)
    _scan_body(note, body, first_line, opts, False)
    return note.log


def _scan_body(note: ParsedNote, body: str, first_line: int, opts: ParseOptions, lean: bool) -> None:
    """One pass over the body: links, tags, log entries, open tasks (see BodyScanner)."""
    BodyScanner(note, opts, lean).scan(body, first_line)


class OpenEntry(NamedTuple):
    """The log entry being read: lines below it may still add to what it says."""

    day: date
    line: int
    parts: list[tuple[bool, str]]  # (a list item?, its words), in order
    indent: int  # of its list item; -1 when a dated heading opened it
    headed: bool  # opened by a dated heading: the paragraphs and bullets below are its text


class BodyScanner:
    """Reads a note's body once, line by line, into the note: links, tags, open tasks and
    (for a person) log entries, with a warning for dated lines it cannot read as talks.

    This is the hot loop of a cold index (hundreds of thousands of lines), so each line
    pays for a regex only after a cheap test says it could match. `scan` sorts each line
    to the method for its kind: a code fence, a heading, a run of plain log items, or any
    other line (a list item, a task, a table row, a continuation, prose).
    """

    def __init__(self, note: ParsedNote, opts: ParseOptions, lean: bool) -> None:
        self.note, self.lean = note, lean
        self.is_contact = note.kind == "contact"
        self.named = named_day_reader(opts.daily_format) if self.is_contact else None
        self.log_names = _log_names(opts.log_headings)
        self.log_headings = opts.log_headings
        self.mention_headings = opts.mention_headings
        self.links, self.tasks, self.log, self.days = note.links, note.tasks, note.log, note.log_days
        self.fence: str | None = None
        self.log_level = 0  # heading level of the log section we are in; 0 when outside one
        self.titled = 0  # in a log made of dated headings with no log heading: their level
        self.outline: list[int] = []  # the levels of the headings we are under, but a title's
        self.above: list[str] = []  # and their titles
        self.heading_links: list[Link] = []
        self.parents: list[tuple[int, list[Link]]] = []  # (indent, links) of enclosing list items
        self.entry: OpenEntry | None = None
        self.headings: list[tuple[int, str]] = []  # (line, title) of a day's note's headings
        self.levels: list[tuple[int, int, str]] = []  # (line, level, title) of every heading
        self.journal_only = False  # a plain note read for its days' sections alone
        self.named_days = named_day_reader(opts.daily_format)
        self.first_day = "~"  # the earliest log day so far (ISO; "~" sorts after every day)
        self.first_words: list[str | OpenEntry] = []  # what the entries of that day say
        self.found_tags: list[str] = []
        self.section = ""  # the title of the heading we are under
        self.stray: tuple[int, str] | None = None  # the first dated list item outside a log: (line, heading)
        self.unread: tuple[int, str] | None = None  # the first log item with a day not read: (line, day)
        self.context = "" if lean and note.kind != "daily" else None  # "": no line kept with a link
        # The index keeps no link to a day (`[[2026-11-03]]`) from outside a daily note:
        # nothing reads them (`check` passes over them), and logs are full of them.
        keep: Callable[[list[Link]], list[Link]] = _without_days if lean and note.kind != "daily" else _all_links
        if keep is _without_days and self.named is not None:
            keep = _without_named_days(opts.daily_format)
        # Of other notes (projects, meetings, articles) the index keeps only open tasks, with
        # the people they name: their links and tags are read nowhere.
        self.plain = lean and note.kind == "note"
        self.closed = opts.closed_task_marks
        self.keep = _no_links if self.plain else keep

    def scan(self, body: str, first_line: int) -> None:
        """Read `body`, whose first line is line `first_line` of the note."""
        days = self.note.kind == "note" and "#" in body and _DAY_HEADING.search(body) is not None
        if days and self.plain:
            # A journal of days in a note of its own: read as any note is, and only the
            # links of its days' sections kept (conversations, see _day_sections).
            self.plain, self.journal_only, self.keep = False, True, _without_days
        elif self.plain and (("[ ]" not in body and "[/]" not in body) if self.closed is None else "[" not in body):
            return  # no open task in a note of which nothing else is kept
        lines = body.split("\n")
        count = len(lines)
        index = -1
        number = first_line - 1
        while index + 1 < count:
            index += 1
            raw = lines[index]
            number += 1
            if not raw:
                continue
            if raw[0] == "<" and raw.startswith("<!-- vaultnet:begin"):
                # What vaultnet wrote into a note (`today --write`): its tasks are proposals,
                # not promises, and its links no talks. Read on after the end marker.
                index, number = _after_region(lines, index, number)
                continue
            if self.fence is not None:
                if raw.lstrip().startswith(self.fence):
                    self.fence = None
                continue
            line = raw
            if "`" in raw or "~" in raw or "%%" in raw:
                line = self._without_code(raw)
                if not line:
                    continue  # a fence opened, or only code or a comment: nothing to read
            first = line[0]
            quoted = first == ">"
            if quoted:
                # A blockquote or callout (`> [!todo]`): Obsidian and the Tasks plugin read the
                # tasks in it, so its lines are read for tasks, links and tags (not as headings
                # or log entries: a quoted email's date is not a conversation).
                line = _QUOTE.sub("", line, count=1)
                if not line:
                    self._finish()
                    continue
                first = line[0]
            elif first == "#" or (first in _OUTLINE_START and "#" in line):
                # (Logseq writes a heading as a block of the outline: `- ## Log`.)
                heading = (_HEADING if first == "#" else _OUTLINE_HEADING).match(line)
                if heading:
                    self._heading(len(heading.group(1)), heading.group(2), number)
                    continue
            if self.log_level:
                if line[-1] in "-*_ \t" and _BREAK.match(line):
                    self._finish()  # a rule between entries (`---`) ends the one above; it says nothing
                    continue
                if first in "-*+" and FAST_PATHS and not quoted:
                    fast = _PLAIN_LOG_LINE.match(line)
                    if fast:
                        index, number = self._plain_log_run(fast, line, lines, index, number)
                        continue
            self._line(line, first, quoted, number)
        self._finish()
        note = self.note
        if self.first_words and not (note.met_on or note.kin or note.circle in ("inner", ARCHIVED)):
            self._first_meeting()  # (`met_on` says the day, and some are never followed up: no need)
        if self.note.kind == "daily" and self.links:
            self._mark_mentions(lines, first_line)
        elif days:
            self._day_sections(lines, first_line)
        self._report()

    def _finish(self) -> None:
        """Close the open log entry, if any: it becomes a LogEntry (or a day, lean)."""
        entry = self.entry
        if entry is not None:
            iso = entry.day.isoformat()
            if self.lean:
                self.days.append(iso)
            else:
                self.log.append(LogEntry(entry.day, entry.line, _entry_text(entry.parts, entry.headed)))
            if iso <= self.first_day:
                self._earliest(iso, entry)
            self.entry = None

    def _day_sections(self, lines: list[str], first_line: int) -> None:
        """In a note that is a journal of its own (`### [[September 5th, 2021, Sunday]]`
        and what happened below), the links of each day's section are conversations on
        that day, on lines that say one (as in a day's note); a plain note keeps no others."""
        sections: list[tuple[int, int, str]] = []  # (first line, last line, ISO day)
        for at, (number, level, title) in enumerate(self.levels):
            day = _heading_day(self.note, title, number, self.named_days)
            if day is None:
                continue
            end = next((n for n, lvl, _ in self.levels[at + 1 :] if lvl <= level), first_line + len(lines))
            sections.append((number, end - 1, day.isoformat()))
        kept: list[Link] = []
        for link in self.links:
            section = next((s for s in sections if s[0] < link.line <= s[1]), None)
            if section is not None and not link.in_task:
                line = lines[link.line - first_line]
                if is_conversation_line(line, "", self.mention_headings):
                    text = next(iter(links_in(line, link.line, None)), link).text
                    link = link._replace(day=section[2], text=text)
            if link.day or link.in_task or not self.journal_only:
                kept.append(link)
        self.links[:] = kept

    def _mark_mentions(self, lines: list[str], first_line: int) -> None:
        """Mark the links of a day's note that stand on lines saying no conversation."""
        numbers = [number for number, _ in self.headings]
        marked: dict[int, bool] = {}  # line -> a mention there
        links = self.links
        for at, link in enumerate(links):
            if link.in_task or link.line < first_line:
                continue
            mention = marked.get(link.line)
            if mention is None:
                above = bisect.bisect_left(numbers, link.line) - 1
                heading = self.headings[above][1] if above >= 0 else ""
                line = lines[link.line - first_line]
                mention = not is_conversation_line(line, heading, self.mention_headings)
                marked[link.line] = mention
            if mention:
                links[at] = link._replace(mention=True)

    def _earliest(self, iso: str, words: str | OpenEntry) -> None:
        """Keep what the entries of the log's earliest day say (texts are made at the end,
        for that day's entries only: the lean reading makes no other)."""
        if iso < self.first_day:
            self.first_day, self.first_words = iso, [words]
        else:
            self.first_words.append(words)

    def _first_meeting(self) -> None:
        """Set the note's `first_met` when its earliest log entry says it was a first meeting."""
        for words in self.first_words:
            text = words if isinstance(words, str) else _entry_text(words.parts, words.headed)
            if says_first_meeting(text):
                self.note.first_met = self.first_day
                return

    def _without_code(self, raw: str) -> str:
        """The line without inline code and comments; "" when it opens a code fence."""
        fence_match = _FENCE.match(raw)
        if fence_match:
            self.fence = fence_match.group(1)
            self._finish()
            return ""
        # A log item's day set in code (`` - `2026-11-03` coffee ``) is its day, not code.
        return _strip_code(_CODE_DAY.sub(r"\1\2", raw, count=1) if self.log_level and "`" in raw else raw)

    def _heading(self, level: int, title: str, number: int) -> None:
        """A heading: where the log starts and ends, and a dated one opens an entry."""
        self._finish()
        self.headings.append((number, title))
        self.levels.append((number, level, title))
        self.heading_links = links_in(title, number, self.context) if "[[" in title or "](" in title else []
        self.links.extend(self.keep(self.heading_links))
        self.parents = []
        self.section = title
        outline, above = self.outline, self.above
        while outline and outline[-1] >= level:
            outline.pop()
            above.pop()
        nested = bool(outline)  # under a heading other than the title
        if level > 1:
            outline.append(level)
            above.append(title)
        if self.titled and level <= self.titled:
            # Beside the dated headings that make this log: another day, or its end.
            if level == self.titled and self._open_dated_heading(title, number):
                return
            self.log_level = self.titled = 0
        if self.log_level and level <= self.log_level:
            self.log_level = 0
        if not self.is_contact:
            return
        if not self.log_level and is_log_heading(title, self.log_names):
            self.log_level = level
        elif self.log_level and level > self.log_level:
            self._open_dated_heading(title, number)
        elif not self.log_level and level > 1 and not nested:
            if self._open_dated_heading(title, number):
                # A person's note that keeps its conversations as dated headings with no
                # log heading above them (`## 2026-11-03 Coffee`, notes below; not under
                # `## Career`): read as a log's dated sub-headings are, up to the next
                # heading of their level that is not dated.
                self.log_level, self.titled = level - 1, level
        elif not self.log_level and nested and self.stray is None and _DATED_HEADING.match(title):
            self.stray = (number, above[-2])  # `### 2026-11-03` under `## Notes`

    def _open_dated_heading(self, title: str, number: int) -> bool:
        """Open an entry for a heading that starts with a day; False (none open) if not."""
        dated = _dated(self.note, title, number, self.named)
        self.entry = OpenEntry(dated[0], number, [(False, dated[1])], -1, True) if dated else None
        return dated is not None

    def _plain_log_run(
        self, match: re.Match[str], line: str, lines: list[str], index: int, number: int
    ) -> tuple[int, int]:
        """The common case `- 2026-11-03 words` (no tag, code or task on it), read together
        with the plain entries that follow it in one tight loop; returns where it stopped."""
        keep, links, context = self.keep, self.links, self.context
        entry = self.entry
        if entry is not None and entry.indent < 0:
            if "[[" in line:
                links.extend(keep(links_in(line, number, context)))
            entry.parts.append((True, line[1:].strip()))  # a bullet under a dated sub-heading
            return index, number
        self._finish()
        if "[[" in line and (keep is _all_links or line.count("[[") > 1 or match.group(2) is None):
            links.extend(keep(links_in(line, number, context)))
        count = len(lines)
        fast: re.Match[str] | None = match
        pending: tuple[date, int, str, str] | None = None
        first_day, first_words = self.first_day, self.first_words  # (kept local: this loop is hot)
        while fast is not None:
            iso = fast.group(1) or fast.group(2)
            if pending is not None:
                if self.lean:
                    self.days.append(pending[3])
                else:
                    self.log.append(LogEntry(pending[0], pending[1], tidy(pending[2])))
                if pending[3] < first_day:
                    first_day, first_words = pending[3], [pending[2]]
                elif pending[3] == first_day:
                    first_words.append(pending[2])
            try:
                pending = (date.fromisoformat(iso), number, fast.group(3), iso)
            except ValueError:
                self.note.error(number, f"impossible date {iso} in the log")
                pending = None
            following = lines[index + 1] if index + 1 < count else ""
            fast = _PLAIN_LOG_LINE.match(following) if following[:1] in ("-", "*", "+") else None
            if fast is None:
                break
            index += 1
            number += 1
            if "[[" in following and (keep is _all_links or following.count("[[") > 1 or fast.group(2) is None):
                links.extend(keep(links_in(following, number, context)))
        self.first_day, self.first_words = first_day, first_words
        # The last one stays open: an indented line below may continue it.
        self.entry = OpenEntry(pending[0], pending[1], [(False, pending[2])], 0, False) if pending else None
        return index, number

    def _line(self, line: str, first: str, quoted: bool, number: int) -> None:
        """Any other line: its tags and links, a list item or task, and in a log a new
        entry or the continuation of the open one."""
        if "#" in line and not self.plain:
            self.found_tags.extend(_TAG.findall(line))
        content = line.strip()
        found = (
            links_in(line, number, self.context)
            if ("[[" in line or "](" in line) and (not self.plain or content[:1] in _ITEM_START)
            else []
        )
        item = _ITEM.match(line) if content and content[0] in _ITEM_START else None
        indent = -1
        task = None
        if item:
            indent = len(item.group(1).expandtabs(4))
            content = item.group(2)
            task, found = self._item(content, indent, found, number)
        if found:
            self.links.extend(self.keep(found))
        if quoted:
            self._finish()
            return
        if not self.log_level:
            if self.is_contact and self.stray is None and item is not None and task is None and _says_a_day(content):
                # A dated line, but under no log heading (the note's `# Title` is none).
                self.stray = (number, self.section if self.outline else "")
            return
        if not content:
            return
        entry = self.entry
        if entry is not None and self._continues(entry, content, item is not None, indent, first):
            # An indented child or continuation line belongs to the entry above it; an
            # open task there is a promise (listed as one), not part of what was said.
            if task is not None and task.group(1) in _DONE_MARKS:
                entry.parts.append((True, task.group(2).strip()))  # done then: what was done
            elif task is None or not task_is_open(task.group(1), self.closed):
                entry.parts.append((item is not None, content))
            return
        self._finish()
        if task is not None:
            if task.group(1) in _DONE_MARKS:
                # A log kept as tasks ticked off (`- [x] 2026-11-03 call`): done, so it was a
                # conversation; not one cancelled, nor one still open (a plan).
                self._open_entry(_dated_item(self.note, task.group(2).lstrip(), number, self.named), number, indent)
        elif first == "|" and (cells := table_cells(content)) is not None:
            self._table_row(cells, number, indent)
        elif item is not None:
            if not self._open_entry(_dated_item(self.note, content, number, self.named), number, indent):
                self._note_unread_day(content, number)
        else:
            self._open_entry(_dated(self.note, content, number, self.named), number, indent)

    def _item(
        self, content: str, indent: int, found: list[Link], number: int
    ) -> tuple[re.Match[str] | None, list[Link]]:
        """A list item: an open task is a promise, to the people it names (or, outside a
        person's note, those of the item or heading it is under). Returns the task match
        and the item's links (marked as in a task when it is an open one)."""
        parents = self.parents
        while parents and parents[-1][0] >= indent:
            parents.pop()
        task = _TASK.match(content) if content[:1] == "[" else None
        if task and task_is_open(task.group(1), self.closed):
            found = [link._replace(in_task=True) for link in found]
            targets = found
            if not targets and not self.is_contact:
                targets = next((links for _, links in reversed(parents) if links), self.heading_links)
            self.tasks.append(Task(number, task_text(task.group(2)), _due_of(task.group(2)), tuple(targets)))
        if not self.is_contact:
            parents.append((indent, found))
        return task, found

    def _continues(self, entry: OpenEntry, content: str, is_item: bool, indent: int, first: str) -> bool:
        """True when a line in the log belongs to the open entry: indented deeper, a
        continuation line, or (under a dated heading) anything that is not a new day."""
        return (
            indent > entry.indent
            or (not is_item and first in " \t")
            or (
                entry.headed
                and not _DATE_AT_START.match(content)
                and not (self.named and self.named(content))
                and not day_at_start(content)
            )
        )

    def _open_entry(self, dated: tuple[date, str] | None, number: int, indent: int) -> bool:
        """Open an entry for a line read as dated; False when it was not."""
        if dated is None:
            return False
        self.entry = OpenEntry(dated[0], number, [(False, dated[1])], indent, False)
        return True

    def _table_row(self, cells: list[str], number: int, indent: int) -> None:
        """A log kept as a table (`| 2026-11-03 | coffee | … |`, as Notion and spreadsheets
        leave it): a row whose first dated cell says the day; the other cells, the words."""
        for at, cell in enumerate(cells):
            dated = _dated(self.note, cell, number, self.named) if cell else None
            if dated:
                words = [dated[1].strip(), *cells[:at], *cells[at + 1 :]]
                self._open_entry((dated[0], "; ".join(w for w in words if w)), number, indent)
                return

    def _note_unread_day(self, content: str, number: int) -> None:
        """Remember the first log item holding a day where it is not read as its day."""
        if self.unread is None:
            inside = _ISO_DAY_IN.search(content)
            if inside and content[: inside.start()].strip(" *_[(!`"):  # (one at the start is impossible: said)
                self.unread = (number, inside.group(0))

    def _report(self) -> None:
        """The tags found, and the warnings for dated lines not read as conversations."""
        note = self.note
        for tag in self.found_tags:
            if tag not in note.tags:
                note.tags.append(tag)
        if self.unread is not None:
            # `- coffee 2026-11-03` in the log: a day there, but not where it says when.
            day = self.unread[1]
            note.warn(
                self.unread[0],
                f"{day} in this log line is not read as its day: write it first (`- {day} …`)"
                f" or last in brackets (`- … ({day})`)",
            )
        stray = self.stray
        if stray is not None and not note.log and not note.log_days and _may_be_a_log(stray[1]):
            # A log kept under another heading (`## Notes`, `## Meeting notes`): its lines are
            # not conversations, and the person looks never met. Said once, at the first.
            where = f"under `{stray[1]}`" if stray[1] else "under no heading"
            note.warn(
                stray[0],
                f"dated lines {where} are not read as conversations: put them under a log heading"
                f" ({', '.join(self.log_headings[:2])}, …) or add that heading to log_headings in"
                " .vaultnet/config.toml",
            )


def _after_region(lines: list[str], index: int, number: int) -> tuple[int, int]:
    """(index, number) of the end marker of the region opened at `index` (the last line
    when it is never closed)."""
    for at in range(index + 1, len(lines)):
        if lines[at].startswith("<!-- vaultnet:end"):
            return at, number + (at - index)
    return len(lines) - 1, number + (len(lines) - 1 - index)


def _heading_day(note: ParsedNote, title: str, number: int, named: DayReader | None) -> date | None:
    """The day a heading is (`2021-09-05`, `[[September 5th, 2021, Sunday]]`), or None."""
    text = title.strip().strip("*_")
    link = re.fullmatch(r"\[\[([^\]|#]+)(?:[#|][^\]]*)?\]\]", text)
    if link:
        text = link.group(1).strip()
    dated = _dated(note, text, number, named)
    if dated is not None:
        return dated[0]
    written = day_at_start(text)
    return written[0] if written is not None else None


def _says_a_day(content: str) -> bool:
    """True when a list item starts with a day (as a log line would)."""
    return bool((content[:1] in _DAY_START and _DATE_AT_START.match(content)) or day_at_start(content))


# Words of a heading that may hold a log under another name; not `Career` or `Projects`,
# whose dated lines are about something else.
_LOG_LIKE = frozenset(
    """
    note notes meeting meetings call calls chat chats update updates conversation interaction contact touch
    touchpoint catch journal diary follow followup history activity activities communication communications
    """.split()
)


def _may_be_a_log(heading: str) -> bool:
    """True for no heading at all, or one whose words say it may hold conversations."""
    return not heading or not _LOG_LIKE.isdisjoint(heading_key(heading).replace("-", " ").split())


def _balanced(text: str) -> str:
    """A log line's words without the `**` left over from bold around its day and a label
    (`- **2026-06-30 deal:** wants bundles` -> `deal: wants bundles`)."""
    for mark in ("**", "__"):
        if mark in text and text.count(mark) % 2:
            text = text.replace(mark, "", 1)
    return text


def _entry_text(parts: list[tuple[bool, str]], titled: bool) -> str:
    """A log entry's lines as one line of text: what is under a dated heading after " — ",
    a child item after "; ", a wrapped line after a space (and only a space after
    punctuation)."""
    text = _balanced(parts[0][1].strip())
    for n, (is_item, part) in enumerate(parts[1:]):
        part = part.strip()
        if not part:
            continue
        if not text or text[-1] in ".;:,!?—–-":
            text += " " + part
        elif titled and n == 0:
            text += " — " + part
        elif is_item:
            text += "; " + part
        else:
            text += " " + part
    return tidy(text)


# Tasks-plugin dates and priorities, Dataview fields (`[due:: [[2026-12-01]]]` too) and
# `@due(…)`. No leading `\s*` (tidy() collapses the spaces left) and no run that can cross
# a bracket: either made a long line of spaces or of `[due:: ` take seconds per line.
_TASK_FIELDS = re.compile(
    r"[📅📆🗓⏳🛫➕✅❌]\ufe0f?\s*+\d{4}-\d{2}-\d{2}"
    r"|[\[(]\w++::(?:[^\[\]()]++|\[\[[^\[\]]*+\]\])*+[\])]"
    r"|@due\([^()]*+\)"
    r"|[⏫🔼🔽⏬🔺]"
    # A recurrence (up to the next field), an id and what it waits on (Tasks 7).
    r"|🔁\ufe0f?[^📅🗓⏳🛫➕✅❌⏫🔼🔽⏬🔺🆔⛔#\[]*+"
    r"|[🆔⛔]\ufe0f?\s*+[\w,-]*+"
)


_DONE_MARKS = frozenset("xX")
_SYMBOLS = re.compile(SYMBOL_LEAD)
_DATED_HEADING = re.compile(r"[*_\[]*\d{4}-\d{2}-\d{2}")
# A heading that may be a day (ISO, or written out, linked or not): a journal's day sections.
_DAY_HEADING = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?#{1,6}[ \t]+[*_\[]*(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|"
    r"(?:[A-Z][a-z]+,?[ \t]+)?(?:[A-Z][a-z]+[ \t]+\d{1,2}|\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]+))",
    re.MULTILINE,
)
_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # a thematic break: `---`, `***`, `_ _ _`
_ISO_DAY_IN = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
_CODE_DAY = re.compile(r"^([ \t]*(?:[-*+]|\d+[.)])[ \t]+)`(\d{4}-\d{2}-\d{2})`")


def _dated_item(note: ParsedNote, content: str, number: int, named: DayReader | None) -> tuple[date, str] | None:
    """(date, the rest) of a log item: by the day it opens with, else the day that closes it."""
    return _dated(note, content, number, named) or (
        _dated_at_end(note, content, number) if content[-1:] in DAY_END else None
    )


def _dated_at_end(note: ParsedNote, content: str, number: int) -> tuple[date, str] | None:
    """(date, the text before it) of a log item whose day closes it (names.DATE_AT_END)."""
    match = DATE_AT_END.search(content)
    if match is None or match.start() == 0:
        return None
    iso = match.group(1) or match.group(2) or match.group(3)
    try:
        return date.fromisoformat(iso), content[: match.start()]
    except ValueError:
        note.error(number, f"impossible date {iso} in the log")
        return None


def task_is_open(mark: str, closed: str | None) -> bool:
    """Whether `- [mark]` is a task still owed: `closed` lists the Tasks plugin's closing
    statuses (any other mark is open, as Tasks reads it), or is None (only ` ` and `/`)."""
    return mark in _OPEN_TASK_MARKS if closed is None else mark not in closed


def task_text(text: str) -> str:
    """A task's words without its Tasks/Dataview date and priority markers."""
    return tidy(_TASK_FIELDS.sub("", text))


def _dated(note: ParsedNote, content: str, number: int, named: DayReader | None = None) -> tuple[date, str] | None:
    """(date, rest of the text) when `content` starts with a date (`named` reads the
    daily notes' own format); an impossible date is reported and gives None."""
    if named is not None:
        found = named(content)
        if found is not None:
            when, rest, written = found
            if when is None:
                note.error(number, f"impossible date {written} in the log")
                return None
            return when, rest
    opening = content[:1]
    match = (
        _DATE_AT_START.match(content) if opening.isdigit() or opening in "[*_(!" or opening >= SYMBOL_START else None
    )
    if match:
        groups = [g for g in match.groups() if g is not None]
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
        try:
            when = date(year, month, day)
        except ValueError:
            note.error(number, f"impossible date {year:04d}-{month:02d}-{day:02d} in the log")
            return None
        title = match.group("named")
        if title and title.strip(" ,.").lower() not in WEEKDAYS:
            # `[[2026-11-03 Coffee with Ann]] pricing`: what the note is named for is said too.
            rest = content[match.end() :]
            return when, f"{title.rstrip()}: {rest}" if rest else title.rstrip()
        if opening >= SYMBOL_START and (lead := _SYMBOLS.match(content)) is not None and lead.end():
            return when, f"{lead.group(0).strip()} {content[match.end() :]}".rstrip()  # `☕ coffee`
        return when, content[match.end() :]
    spelled = day_at_start(content)  # `Nov 3, 2026`, `3 November 2026`, `03.11.2026`
    if spelled is not None:
        if spelled[0] is None:
            note.error(number, f"impossible date {spelled[2]} in the log")
            return None
        return spelled[0], spelled[1]
    ambiguous = AMBIGUOUS_DAY.match(content) if content[:3].lstrip("*_")[:1].isdigit() else None
    if ambiguous:
        # A day that can be read one way only (`25/11/2026`) is that day; one that can be
        # read both ways (`03/11/2026`) is read as the note's others that cannot be say.
        valid = slashed_readings(ambiguous.group(1), ambiguous.group(2))
        chosen = slashed_choice(valid, _day_order(note))
        if chosen is not None:
            rest = content[ambiguous.end() :]
            tail = _AFTER_DAY.match(rest)
            return chosen, rest[tail.end() :] if tail else rest
        readings = [day.isoformat() for day in valid.values()]
        if readings:
            note.warn(
                number,
                f"{ambiguous.group(1)} in the log is not read as a day (day or month first?):"
                f" write {' or '.join(dict.fromkeys(readings))}, or set date_order in .vaultnet/config.toml",
            )
    return None


_AFTER_DAY = re.compile(DAY_TAIL)


def _day_order(note: ParsedNote) -> str | None:
    """How the note writes days as `03/11/2026` (dates.slashed_order), worked out once."""
    if note.day_order is None:
        note.day_order = slashed_order(note.body) or note.default_order or ""
    return note.day_order or None


# (the day or None when there is no such day, the rest of the text, the day as written)
DayReader = Callable[[str], "tuple[date | None, str, str] | None"]


@functools.lru_cache(maxsize=8)
def named_day_reader(fmt: str) -> DayReader | None:
    """Reads a day written at the start of a log line as the daily notes are named, when
    they are not named YYYY-MM-DD: `[[November 3rd, 2026]] call`, `03.11.2026: coffee`
    (the format says which of day and month comes first). None for ISO names (read by
    _DATE_AT_START) and for formats that do not name a whole day."""
    last = fmt.rsplit("/", 1)[-1]  # a link names the note by its file name
    if last == "YYYY-MM-DD" or not names_a_day(last):
        return None
    pattern = re.compile(
        rf"^{DAY_LEAD}(\[\[(?:[^\[\]|#\n]*/)?)?(?P<day>{moment_regex(last)})"
        # A link ends with its heading and shown text; a plain date with no letter or digit.
        r"(?(1)(?:#[^\[\]|\n]*)?(?:\|[^\]\n]*)?\]\]|(?![^\W_]))"
        rf"{DAY_TAIL}",
        re.IGNORECASE,
    )

    def read(content: str) -> tuple[date | None, str, str] | None:
        match = pattern.match(content)
        if match is None:
            return None
        return moment_date(match), content[match.end() :], match.group("day")

    return read


def _due_of(text: str) -> date | None:
    match = _DUE.search(text) or _DUE_IN_WORDS.search(text) or _SCHEDULED.search(text)
    if not match:
        return None
    value = next(g for g in match.groups() if g)
    try:
        return parse_date(value)
    except ValueError:
        return None
