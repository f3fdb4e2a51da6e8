"""Minimal edits to a note's bytes: add a log line, a task, or update one frontmatter value.

Pure functions, bytes in and bytes out, so that property tests can check the promise:
every byte outside the intended change stays as it was. Edits work on the text as
written: a byte-order mark, CRLF line endings (inserted lines use the file's own), key
order, comments and quoting in the frontmatter are all left alone. The note is never
re-serialised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .model import field_key
from .names import DATE_AT_END, DAY_END, SYMBOL_LEAD, heading_key, is_log_heading, table_cells, table_delimiter

BOM = b"\xef\xbb\xbf"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
# A heading, or one written as a block of an outline as Logseq writes it (`- ## Log`).
_SECTION_HEADING = re.compile(r"^(?:[ \t]*[-*+][ \t]+)?(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
# A day at the start of a log entry, as the parser reads one: bold, in brackets or
# parentheses, in code, or a link to the day's note with its folder (or the note embedded, `![[…]]`).
_DAY_FIRST = SYMBOL_LEAD + r"(?:!?\[\[(?:[^\[\]|#/\n]{1,200}+/){0,20}|\*\*|\[|\(|`)?(\d{4}-\d{2}-\d{2})"
# A list item that starts with a day (a task done that day too: `- [x] 2026-11-03 call`);
# a heading's title that does.
ITEM_DATE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[xX]\][ \t]+)?" + _DAY_FIRST)
_DATED_TITLE = re.compile(_DAY_FIRST)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[xX]\][ \t]+)?")


_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")


@dataclass
class Text:
    """A note as lines, each with its own line ending, plus its byte-order mark: so that
    joining them again gives back exactly the bytes read, mixed endings included."""

    bom: bytes
    lines: list[str]
    ends: list[str]  # the ending after each line; "" after a last line with none
    newline: str  # for inserted lines: the file's most common ending

    @classmethod
    def of(cls, data: bytes) -> Text:
        """Decode a note (UTF-8, with or without BOM); UnicodeDecodeError if it is not."""
        bom = BOM if data.startswith(BOM) else b""
        text = data[len(bom) :].decode("utf-8")
        lines: list[str] = []
        ends: list[str] = []
        for match in _LINE.finditer(text):
            if match.start() == len(text) and (not text or (ends and ends[-1])):
                break  # the empty match after a final line ending
            lines.append(match.group(1))
            ends.append(match.group(2))
            if not match.group(2):
                break
        counts = {e: ends.count(e) for e in ("\r\n", "\n", "\r")}
        newline = max(counts, key=lambda e: (counts[e], e == "\n")) if any(counts.values()) else "\n"
        return cls(bom, lines, ends, newline)

    def insert(self, at: int, new_lines: list[str]) -> None:
        """Insert whole lines before line `at` (at the end when `at` is len(lines))."""
        if at == len(self.lines) and self.ends and not self.ends[-1]:
            self.ends[-1] = self.newline  # the old last line now needs its line ending
        self.lines[at:at] = new_lines
        self.ends[at:at] = [self.newline] * len(new_lines)

    def to_bytes(self) -> bytes:
        """The note again, with its BOM and its own line endings."""
        return self.bom + "".join(line + end for line, end in zip(self.lines, self.ends)).encode("utf-8")


def frontmatter_end(lines: list[str]) -> int:
    """Index of the line after the frontmatter (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index + 1
    return 0


def find_section(lines: list[str], names: tuple[str, ...], start: int) -> tuple[int, int, int] | None:
    """(heading index, level, end index) of the first heading named like one of `names`;
    the section ends at the next heading of the same or a higher level."""
    wanted = frozenset(heading_key(n) for n in names)
    fence = False
    for index in range(start, len(lines)):
        line = lines[index]
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence:
            continue
        match = _SECTION_HEADING.match(line)
        if match and is_log_heading(match.group(2), wanted):
            level = len(match.group(1))
            end = index + 1
            inner_fence = False
            while end < len(lines):
                if lines[end].lstrip().startswith(("```", "~~~")):
                    inner_fence = not inner_fence
                other = None if inner_fence else _SECTION_HEADING.match(lines[end])
                if other and len(other.group(1)) <= level:
                    break
                end += 1
            return index, level, end
    return None


def has_section(data: bytes, names: tuple[str, ...]) -> bool:
    """True when the note has a heading named like one of `names`."""
    lines = Text.of(data).lines
    return find_section(lines, names, frontmatter_end(lines)) is not None


def newest_first(dates: list[str]) -> bool:
    """True when a log's days (in the order written) read newest first."""
    return len(dates) >= 2 and dates == sorted(dates, reverse=True) and dates[0] != dates[-1]


def _end_of_content(lines: list[str], start: int, end: int) -> int:
    """The index after the last non-blank line of lines[start:end] (start when none)."""
    last = end
    while last > start and not lines[last - 1].strip():
        last -= 1
    return last


# A log entry's text (after its list marker or heading hashes) -> the ISO day it starts
# with, for days written as the daily notes are named (`[[November 3rd, 2026]]`).
DayOf = Callable[[str], "str | None"]


def item_day(line: str, day_of: DayOf | None = None) -> str | None:
    """The ISO day a list item starts with (`- 2026-11-03 …`, or a day `day_of` reads), or
    closes with, set apart (`- coffee (2026-11-03)`, as the parser reads one), else None."""
    match = ITEM_DATE.match(line)
    if match:
        return match.group(1)
    item = _LIST_ITEM.match(line) if day_of is not None or line[-1:] in DAY_END else None
    if item is None:
        return None
    found = day_of(line[item.end() :].lstrip()) if day_of is not None else None
    if found is None and not line[item.end() :].lstrip().startswith("[ ]"):
        closing = DATE_AT_END.search(line, item.end())
        found = next((g for g in closing.groups() if g), None) if closing and closing.start() > item.end() else None
    return found


def _dated_items(lines: list[str], heading: int, end: int, day_of: DayOf | None = None) -> list[tuple[int, str]]:
    """(index, ISO day) of the list items of a section that start with a day."""
    return [(index, day) for index in range(heading + 1, end) if (day := item_day(lines[index], day_of))]


def _insert_at(lines: list[str], heading: int, end: int, dated: list[tuple[int, str]]) -> int:
    """Where a new dated list item goes in a section with these `dated` items: before the
    first when the log reads newest first; else after the last and what belongs to it (its
    indented lines and the list items that follow it), so a footer or a `---` below the
    list stays below it; with no dated item, after the section's last non-blank line."""
    if not dated:
        return _end_of_content(lines, heading + 1, end)
    if newest_first([day for _, day in dated]):
        return dated[0][0]
    index = dated[-1][0] + 1
    while index < end and lines[index].strip() and (lines[index][:1] in " \t" or _LIST_ITEM.match(lines[index])):
        index += 1
    return index


def dated_subheadings(
    lines: list[str], heading: int, level: int, end: int, day_of: DayOf | None = None
) -> list[tuple[int, str]]:
    """(index, ISO day) of the sub-headings of a section that start with a day."""
    found = []
    for index in range(heading + 1, end):
        match = _HEADING.match(lines[index]) if lines[index][:1] == "#" else None
        if match and len(match.group(1)) > level:
            iso = _text_day(match.group(2), day_of)
            if iso:
                found.append((index, iso))
    return found


def heading_day(line: str, day_of: DayOf | None = None) -> str | None:
    """The ISO day a heading line's title starts with (`### 2026-11-03 Kickoff`), else None."""
    match = _HEADING.match(line) if line[:1] == "#" else None
    return _text_day(match.group(2), day_of) if match else None


def _text_day(text: str, day_of: DayOf | None) -> str | None:
    """The ISO day a heading's title or a table cell starts with, else None."""
    day = _DATED_TITLE.match(text)
    return day.group(1) if day else (day_of(text) if day_of is not None and text else None)


def row_day(line: str, day_of: DayOf | None = None) -> tuple[int, str] | None:
    """(column, ISO day) of the first cell of a table row that starts with a day."""
    for column, cell in enumerate(table_cells(line) or ()):
        iso = _text_day(cell, day_of)
        if iso:
            return column, iso
    return None


def _table_end(lines: list[str], start: int, end: int) -> int:
    """The index of the first line from `start` that is no table row."""
    while start < end and table_cells(lines[start]) is not None:
        start += 1
    return start


def _dated_rows(lines: list[str], heading: int, end: int, day_of: DayOf | None = None) -> list[tuple[int, str]]:
    """(index, ISO day) of the table rows of a section that hold a day (a log kept as a table)."""
    return [(index, found[1]) for index in range(heading + 1, end) if (found := row_day(lines[index], day_of))]


def last_entry(data: bytes, headings: tuple[str, ...], day_of: DayOf | None = None) -> str | None:
    """The text of the log entry written last (the first of a newest-first log), after
    its list marker or heading hashes (of a table row, its day's cell), to write a new
    one's day as that one does; None when the log has no dated entry."""
    lines = Text.of(data).lines
    section = log_section(lines, headings, day_of)
    if section is None:
        return None
    heading, level, end = section
    dated = (
        _dated_items(lines, heading, end, day_of)
        or dated_subheadings(lines, heading, level, end, day_of)
        or _dated_rows(lines, heading, end, day_of)
    )
    if not dated:
        return None
    index = dated[0][0] if newest_first([day for _, day in dated]) else dated[-1][0]
    line = lines[index]
    row = row_day(line, day_of)
    if row is not None:
        return (table_cells(line) or [""])[row[0]]
    item = _LIST_ITEM.match(line)
    return line[item.end() :].lstrip() if item else line.lstrip("#").strip()


def add_entry(
    data: bytes,
    entry: str,
    following: list[str],
    headings: tuple[str, ...],
    create_as: str = "## Log",
    day_of: DayOf | None = None,
    row: tuple[str, str] | None = None,
) -> bytes:
    """Add a log entry (`entry`, a `- 2026-11-23 …` line as log_line makes it) with the
    `following` lines under it (a promise made then) to the first section named like
    `headings`, in the note's own style: a dated list item where the log is a list, a
    dated sub-heading where it is written as `### 2026-11-03 Kickoff` headings, a row
    (`row`: the day and the words, in their cells) where it is a table, first when the log
    reads newest first. A note without such a section gets `create_as` at its end.
    `day_of` reads days written in another form than YYYY-MM-DD."""
    text = Text.of(data)
    lines = text.lines
    section = log_section(lines, headings, day_of)
    if section is None:
        return add_lines(data, [entry, *following], headings, create_as)
    heading, level, end = section
    dated = _dated_items(lines, heading, end, day_of)
    subheadings = [] if dated else dated_subheadings(lines, heading, level, end, day_of)
    place = None if dated or subheadings or row is None else _table_place(lines, heading, end, day_of)
    if place is not None and row is not None:
        _add_row(text, place, row, following)
        return text.to_bytes()
    if subheadings:
        block = ["#" * min(level + 1, 6) + " " + entry.removeprefix("- "), *following]
        if newest_first([day for _, day in subheadings]):
            at = subheadings[0][0]
            if at > heading + 1 and not lines[at - 1].strip():
                block.append("")  # keep the blank line the note puts between entries
        else:
            at = _end_of_content(lines, heading + 1, end)
            if at > heading + 1 and not lines[subheadings[-1][0] - 1].strip():
                block.insert(0, "")
        text.insert(at, block)
        return text.to_bytes()
    at = _insert_at(lines, heading, end, dated)
    if dated:
        # As indented as the entries beside it (an outline's, as Logseq writes a log).
        model = lines[dated[0][0] if at == dated[0][0] else dated[-1][0]]
        indent = model[: len(model) - len(model.lstrip(" \t"))]
        entry, following = indent + entry, [indent + line for line in following]
    text.insert(at, [entry, *following])
    return text.to_bytes()


def log_section(lines: list[str], headings: tuple[str, ...], day_of: DayOf | None) -> tuple[int, int, int] | None:
    """The log of a note as find_section gives a section: the first named like
    `headings`, else the dated headings a note keeps instead (see _titled_log)."""
    return find_section(lines, headings, frontmatter_end(lines)) or _titled_log(lines, day_of)


def _titled_log(lines: list[str], day_of: DayOf | None) -> tuple[int, int, int] | None:
    """For a note with no log heading that keeps its conversations as dated headings
    (`## 2026-11-03 Coffee`, not under another heading but a title), a section around
    them as find_section gives one: from the last line with text before the first (so
    they are its sub-headings, and a blank line before them is kept), one level above
    theirs, up to the next heading of their level that is not dated; None when it has
    none (a `# 2026-…` title is no conversation)."""
    start = frontmatter_end(lines)
    first, level = -1, 0
    outline: list[int] = []  # the levels of the headings we are under, but a title's
    for index in range(start, len(lines)):
        match = _HEADING.match(lines[index]) if lines[index][:1] == "#" else None
        if match is None:
            continue
        level = len(match.group(1))
        while outline and outline[-1] >= level:
            outline.pop()
        if level > 1 and not outline and _text_day(match.group(2), day_of):
            first = index
            break
        if level > 1:
            outline.append(level)
    if first < 0:
        return None
    end = first + 1
    while end < len(lines):  # up to a heading of their level or above that is not dated
        other = _HEADING.match(lines[end]) if lines[end][:1] == "#" else None
        depth = len(other.group(1)) if other else 7
        if depth < level or (depth == level and other and not _text_day(other.group(2), day_of)):
            break
        end += 1
    return max(_end_of_content(lines, start, first) - 1, start - 1), level - 1, end


_DAY_HEADERS = frozenset(("date", "day", "when"))


def _table_place(lines: list[str], heading: int, end: int, day_of: DayOf | None) -> tuple[int, int, int] | None:
    """For a log kept as a table: (where a new row goes, the column of its day, how many
    cells); None when the section holds no table. The rows with days say it (first when
    they read newest first); a table with a header and no row yet (as a template leaves
    it), its header, when it has a column for the day (`Date`, `Day`, `When`)."""
    rows = _dated_rows(lines, heading, end, day_of)
    if rows:
        first = newest_first([day for _, day in rows])
        model = rows[0][0] if first else rows[-1][0]
        column = (row_day(lines[model], day_of) or (0, ""))[0]
        return rows[0][0] if first else rows[-1][0] + 1, column, len(table_cells(lines[model]) or ())
    for index in range(heading + 2, end):
        header = table_cells(lines[index - 1])
        days = [n for n, cell in enumerate(header or ()) if heading_key(cell) in _DAY_HEADERS]
        if days and header and table_delimiter(lines[index]):
            return _table_end(lines, index + 1, end), days[0], len(header)
    return None


def _add_row(text: Text, place: tuple[int, int, int], row: tuple[str, str], following: list[str]) -> None:
    """A row for `row` (day, words) at `place` (see _table_place): the day in its column,
    the words in the next; the `following` lines go below the table (a list item in it
    would end it)."""
    lines = text.lines
    at, column, width = place
    cells = [""] * max(width, 2)
    cells[column] = row[0]
    cells[column + 1 if column + 1 < len(cells) else column - 1] = row[1].replace("|", "\\|")
    if following:
        text.insert(_table_end(lines, at, len(lines)), ["", *following])
    text.insert(at, ["| " + " | ".join(cells) + " |"])


def add_lines(data: bytes, new_lines: list[str], headings: tuple[str, ...], create_as: str = "## Log") -> bytes:
    """Put `new_lines` in the first section named like `headings`, or in a new section
    `create_as` at the end of the note. Nothing else changes."""
    text = Text.of(data)
    lines = text.lines
    section = find_section(lines, headings, frontmatter_end(lines))
    if section is None:
        addition = [create_as, *new_lines]
        if lines and lines[-1].strip():
            addition.insert(0, "")
        fence = _open_fence(lines)
        if fence is not None:
            # A code block left open runs to the end of the note: close it, or the new
            # section would be code (and no conversation). It changes nothing above it.
            addition[:0] = [fence] if addition[0] == "" else [fence, ""]
        text.insert(len(lines), addition)
        return text.to_bytes()
    heading, _level, end = section
    text.insert(_insert_at(lines, heading, end, _dated_items(lines, heading, end)), new_lines)
    return text.to_bytes()


_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})")


def _open_fence(lines: list[str]) -> str | None:
    """The fence (```) of a code block a note opens and never closes, else None."""
    fence = None
    for line in lines:
        stripped = line.lstrip()
        if fence is None:
            opened = _FENCE_OPEN.match(stripped)
            fence = opened.group(1) if opened else None
        elif stripped.startswith(fence) and not stripped.strip(fence[0]).strip():
            fence = None
    return fence


def log_words(text: str, via: str | None = None) -> str:
    """What a log entry says, on one line: `coffee: what you talked about`."""
    words = " ".join(text.split())
    if not via or words.lower().startswith(via.lower().rstrip(":")):
        return words  # `--via coffee "coffee at the venue"`: said once
    return f"{via}: {words}"


def log_line(when: date, text: str, via: str | None = None, day: str | None = None) -> str:
    """`- 2026-11-23 coffee: what you talked about`, on one line; `day` is the day as the
    log writes it (`[[2026-11-23]]`), when not `when` in ISO form."""
    return f"- {day or when.isoformat()} {log_words(text, via)}"


def task_line(text: str, due: date | None) -> str:
    """`- [ ] what you promised 📅 2026-12-01` (the Tasks plugin's due date)."""
    words = " ".join(text.split())
    return f"- [ ] {words} 📅 {due.isoformat()}" if due else f"- [ ] {words}"


# A top-level frontmatter line: key, colon, value (as written, quotes and all), comment.
VALUE_LINE = re.compile(r"^(?P<key>[^\s#:][^:]*?)(?P<colon>[ \t]*:[ \t]*)(?P<value>.*?)(?P<rest>[ \t]+#.*)?$")


def _key_lines(lines: list[str]) -> list[tuple[int, re.Match[str], str, bool]]:
    """Each top-level `key: value` line of the frontmatter: (index, match, key unquoted,
    whether its value goes on over the lines below)."""
    end = frontmatter_end(lines)
    return [
        (
            index,
            m,
            m.group("key").strip().strip("'\""),
            index + 1 < end - 1 and lines[index + 1][:1] in (" ", "\t", "-"),
        )
        for index in range(1, max(end - 1, 1))
        if (m := VALUE_LINE.match(lines[index]))
    ]


def set_field(data: bytes, key: str, value: str, only_forward: bool = True) -> bytes:
    """Replace the value of a top-level frontmatter `key` (or of another name for that
    field, `Last Contact:`) that is written on one line, keeping its quoting and any
    comment; no change when the key is absent, spans several lines, or (with
    `only_forward`) already holds a later ISO date."""
    text = Text.of(data)
    lines = text.lines
    keys = _key_lines(lines)
    mine = [k for k in keys if k[2] == key] or [k for k in keys if field_key(k[2]) == key]
    if not mine:
        return data
    # The last: a key given twice is read from its last line (PyYAML, and vaultnet with it).
    index, match, _name, continued = mine[-1]
    old = match.group("value")
    if not old or old in ("|", ">") or old.startswith(("[", "{", "&", "*", "!")):
        return data  # a block or flow value: not a one-line scalar to replace
    if continued:
        return data  # continued on the next lines
    quote = old[0] if old[0] in "'\"" and old.endswith(old[0]) and len(old) >= 2 else ""
    current = old[1:-1] if quote else old
    if only_forward and re.fullmatch(r"\d{4}-\d{2}-\d{2}", current) and current >= value:
        return data
    lines[index] = f"{match.group('key')}{match.group('colon')}{quote}{value}{quote}{match.group('rest') or ''}"
    return text.to_bytes()


_OPEN_TASK = re.compile(r"^(\s*(?:>\s*)*[-*+]\s+)\[[ /]\](\s.*)$")


def tick_task(data: bytes, line: int, task_text: str, when: date) -> bytes:
    """The note with its open task (`- [ ] …`) on line `line` (1-based) ticked as the Tasks
    plugin ticks one (`- [x] … ✅ 2026-11-23`); where that line is no longer the task (the
    note changed), the one open task further on whose words are `task_text`. ValueError
    when there is no such task, or more than one."""
    text = Text.of(data)

    def words(number: int) -> str:
        match = _OPEN_TASK.match(text.lines[number])
        return " ".join(match.group(2).split()) if match else ""

    wanted = " ".join(task_text.split())
    at = line - 1
    if not (0 <= at < len(text.lines) and wanted and words(at).startswith(wanted)):
        found = [n for n in range(len(text.lines)) if wanted and words(n).startswith(wanted)]
        if len(found) != 1:
            raise ValueError(f"no one open task says {task_text!r}" if not found else f"{len(found)} tasks say it")
        at = found[0]
    match = _OPEN_TASK.match(text.lines[at])
    assert match is not None
    text.lines[at] = f"{match.group(1)}[x]{match.group(2).rstrip()} ✅ {when.isoformat()}"
    return text.to_bytes()


def add_fields(data: bytes, entries: dict[str, list[str]]) -> bytes:
    """The note with frontmatter fields it lacks: `entries` maps a key to its YAML lines as
    written (`company: Acme`, or `tags:` and `  - a`). A key written with an empty
    one-line value (`company:` left by a template) is filled in place; the others are
    added at the end of the frontmatter, which is made when the note has none. Every
    other byte stays as it was; the caller checks that the result reads back as meant."""
    text = Text.of(data)
    lines = text.lines
    end = frontmatter_end(lines)
    if not end:
        text.insert(0, ["---", *(line for block in entries.values() for line in block), "---"])
        return text.to_bytes()
    empty: dict[str, tuple[int, re.Match[str]]] = {}  # key -> its first line left empty
    for index, match, name, continued in _key_lines(lines):
        if not match.group("value") and not continued:
            empty.setdefault(name, (index, match))
    added: list[str] = []
    for key, block in entries.items():
        if key in empty and len(block) == 1:
            index, match = empty[key]
            lines[index] = block[0] + (match.group("rest") or "")
        else:
            added.extend(block)
    text.insert(end - 1, added)
    return text.to_bytes()
