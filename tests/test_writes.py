"""Writing to notes: only the intended bytes change, and nothing is written when it must not be."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Runner, snapshot, write
from vaultnet import notefile
from vaultnet.changes import log_day_of
from vaultnet.edits import Text, add_entry, add_lines, log_line, set_field
from vaultnet.gitsync import merge_notes
from vaultnet.notefile import WriteRefusedError
from vaultnet.parse import ParseOptions, parse_note

# --- the property: every byte outside the intended change is identical --------------------

KEYS = st.sampled_from(["name", "email", "country", "zip", "tags", "last_contact", "Circle", "how met", "note"])
VALUES = st.sampled_from(
    ["Jane", "NO", "01234", "'quoted'", '"double"', "yes", "2026-01-01", "'2026-02-03'", "[a, b]", "", "~",
     "value  # a comment", "Zoë", "[[Acme]]"]
)  # fmt: skip
BODY_LINES = st.sampled_from(
    ["# Title", "## Log", "## Notes", "### Sub", "- 2026-11-01 coffee", "- 2026-10-01: call", "  - child",
     "plain text", "", "```", "- [ ] a task", "* 2026-09-09 old", "## Promises", "<!-- comment -->", "\t- tab",
     "| Date | Notes |", "|---|---|", "| 2026-11-02 | row |", "| Nov 4, 2026 | row |", "- Nov 5, 2026: spelled",
     "## 2026-10-05 Kickoff", "- ## Log", "\t- [[Nov 3rd, 2026]] coffee", "- [x] 2026-10-02 done",
     "## Meeting log (old)", "- coffee (2026-10-07)", "- call — 2026-10-08"]
)  # fmt: skip


@st.composite
def notes(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("---")
        for _ in range(draw(st.integers(0, 6))):
            if draw(st.integers(0, 5)) == 0:
                lines.append(draw(st.sampled_from(["# comment", "", "tags:", "  - x"])))
            else:
                lines.append(f"{draw(KEYS)}: {draw(VALUES)}")
        lines.append("---")
    lines.extend(draw(st.lists(BODY_LINES, max_size=12)))
    newline = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    if newline == "mixed":
        text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    else:
        text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.booleans()) else data


def only_insertions(before: bytes, after: bytes, allowed: set[str]) -> bool:
    """True when `after` is `before` with whole lines inserted (each in `allowed`), the old
    last line gaining a line ending being the only other change allowed.

    The old lines must appear in order, each matched as early as it can be; what is left
    over must be allowed. (A diff would do, but with repeated lines such as three `## Log`
    headings it may pair them differently and report a replacement.)"""
    a, b = Text.of(before), Text.of(after)
    if a.bom != b.bom:
        return False
    old = list(zip(a.lines, a.ends))
    at = 0
    for line, end in zip(b.lines, b.ends):
        if at < len(old) and old[at][0] == line and (old[at][1] == end or (at == len(old) - 1 and old[at][1] == "")):
            at += 1
        elif line not in allowed:
            return False
    return at == len(old)


def test_an_entry_goes_where_a_log_of_items_closing_with_their_day_has_its_newest() -> None:
    data = b"## Log\n- coffee (2026-11-03)\n- call - 2026-10-01\n- [ ] plan (2026-12-01)\n\n## Notes\n"
    assert add_entry(data, ENTRY, [], ("Log",)).decode().startswith(f"## Log\n{ENTRY}\n- coffee (2026-11-03)\n")


def test_an_entry_goes_where_a_log_of_tasks_ticked_off_has_its_newest() -> None:
    data = b"## Log\n- [x] 2026-11-03 call\n- [x] 2026-10-01 coffee\n"
    assert (
        add_entry(data, ENTRY, [], ("Log",))
        == f"## Log\n{ENTRY}\n- [x] 2026-11-03 call\n- [x] 2026-10-01 coffee\n".encode()
    )


@pytest.mark.parametrize("heading", ["## Log (newest first)", "## Meeting log"])
def test_an_entry_goes_into_a_log_whose_heading_says_more(heading: str) -> None:
    data = f"# A\n{heading}\n- 2026-11-03 coffee\n\n## Notes\nkeep\n".encode()
    after = add_entry(data, ENTRY, [], ("Log",)).decode()
    assert after == f"# A\n{heading}\n- 2026-11-03 coffee\n{ENTRY}\n\n## Notes\nkeep\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # newest first, a blank line between entries: the new heading first, the same
            "# Dee\n\n## 2026-11-03\nCoffee\n\n## 2026-10-01 Call\nnotes\n",
            "# Dee\n\n## 2026-11-23 lunch\n- [ ] send deck\n\n## 2026-11-03\nCoffee\n\n## 2026-10-01 Call\nnotes\n",
        ),
        (  # oldest first, up to the heading of their level that is not dated
            "# Gus\n### 2026-10-01 Call\nnotes\n### 2026-11-03\nCoffee\n## Other\n- 2019-01-01 joined\n",
            "# Gus\n### 2026-10-01 Call\nnotes\n### 2026-11-03\nCoffee\n### 2026-11-23 lunch\n- [ ] send deck\n"
            "## Other\n- 2019-01-01 joined\n",
        ),
        (  # a dated heading under another one (`## Career`) is none of them
            "# Ivy\n## Career\n### 2018-01-01 school\n## 2026-10-01\na\n## 2026-11-03\nb\n",
            "# Ivy\n## Career\n### 2018-01-01 school\n## 2026-10-01\na\n## 2026-11-03\nb\n## 2026-11-23 lunch\n"
            "- [ ] send deck\n",
        ),
    ],
)
def test_an_entry_goes_among_dated_headings_where_the_note_has_no_log_heading(before: str, after: str) -> None:
    data = add_entry(before.encode(), ENTRY, [PROMISE], ("Log",))
    assert data.decode() == after
    note = parse_note("People/A.md", data, ParseOptions(contact_folders=("People",)))
    assert date(2026, 11, 23) in [e.date for e in note.log] and len(note.log) == 3


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_logging_inserts_lines_and_changes_nothing_else(data: bytes) -> None:
    line = log_line(date(2026, 11, 23), "coffee with {{ 7*7 }}", "coffee")
    after = add_lines(data, [line], ("Log",))
    assert only_insertions(data, after, {line, "## Log", "", "```"})  # (closing a code block left open)
    assert after.count(line.encode()) == data.count(line.encode()) + 1


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_adding_an_entry_inserts_lines_and_changes_nothing_else(data: bytes) -> None:
    line = log_line(date(2026, 11, 23), "coffee", None)
    promise = "- [ ] send the deck"
    rows = {"| 2026-11-23 | coffee |", "| 2026-11-23 | coffee |  |"}  # where the log is a table
    after = add_entry(data, line, [promise], ("Log",), row=("2026-11-23", "coffee"), day_of=log_day_of("YYYY-MM-DD"))
    headings = {f"{'#' * level} 2026-11-23 coffee" for level in range(2, 7)}  # as the log's dated headings
    indented = {f"{indent}{text}" for indent in ("\t", "  ") for text in (line, promise)}  # as an outline's
    assert only_insertions(data, after, {line, *headings, *indented, promise, "## Log", "", "```", *rows})
    assert after.count(b"2026-11-23 | coffee") + after.count(b"2026-11-23 coffee") == 1 + data.count(
        b"2026-11-23 coffee"
    ) + data.count(b"2026-11-23 | coffee")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(notes(), st.sampled_from(["- 2026-11-20 coffee", "- 2020-01-05 coffee"]))
def test_two_devices_logging_merge_cleanly_and_keep_every_line(data: bytes, first: str) -> None:
    """Each device logs a talk with `log`'s own writer; the merge driver keeps both, and
    every line either side had (blank lines aside: the log is spaced as ours is)."""
    day_of = log_day_of("YYYY-MM-DD")
    ours = add_entry(data, first, ["- [ ] send the deck"], ("Log",), row=(first[2:12], "coffee"), day_of=day_of)
    theirs = add_entry(data, "- 2026-11-22 call", [], ("Log",), row=("2026-11-22", "call"), day_of=day_of)
    merged, clean = merge_notes(data, ours, theirs, headings=("Log",), day_of=day_of)
    assert clean, merged
    kept = Counter(line for line in Text.of(merged).lines if line.strip())
    for side in (ours, theirs):
        for line, count in Counter(line for line in Text.of(side).lines if line.strip()).items():
            assert kept[line] >= count, (line, merged)


ENTRY = "- 2026-11-23 lunch"
PROMISE = "- [ ] send deck"


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        # newest first: on top, the promise under it
        ("- 2026-11-03 b\n- 2026-11-01 a\n", f"{ENTRY}\n{PROMISE}\n- 2026-11-03 b\n- 2026-11-01 a\n"),
        # oldest first: after the last entry and what belongs to it, above a footer
        (
            "- 2026-11-01 a\n  - detail\n- [ ] old\n\n---\nFooter\n",
            f"- 2026-11-01 a\n  - detail\n- [ ] old\n{ENTRY}\n{PROMISE}\n\n---\nFooter\n",
        ),
        # dated sub-headings: a sub-heading, newest first, blank lines as the note has them
        (
            "\n### 2026-11-03 b\ntext\n\n### 2026-11-01 a\n",
            f"\n### 2026-11-23 lunch\n{PROMISE}\n\n### 2026-11-03 b\ntext\n\n### 2026-11-01 a\n",
        ),
        (
            "### 2026-11-01 a\ntext\n\n### 2026-11-03 b\n\n",
            f"### 2026-11-01 a\ntext\n\n### 2026-11-03 b\n\n### 2026-11-23 lunch\n{PROMISE}\n\n",
        ),
        ("prose only\n\n", f"prose only\n{ENTRY}\n{PROMISE}\n\n"),
    ],
)
def test_an_entry_goes_where_the_log_has_its_newest(log: str, expected: str) -> None:
    data = f"---\nname: A\n---\n## Log\n{log}## Notes\nkeep\n".encode()
    after = add_entry(data, ENTRY, [PROMISE], ("Log",)).decode()
    assert after == f"---\nname: A\n---\n## Log\n{expected}## Notes\nkeep\n"
    note = parse_note("People/A.md", after.encode(), ParseOptions(contact_folders=("People",)))
    assert date(2026, 11, 23) in [e.date for e in note.log]
    assert "send deck" in [t.text for t in note.tasks]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_setting_last_contact_changes_at_most_that_line(data: bytes) -> None:
    after = set_field(data, "last_contact", "2026-11-23")
    a, b = Text.of(data), Text.of(after)
    assert a.ends == b.ends and a.bom == b.bom
    changed = [i for i, (x, y) in enumerate(zip(a.lines, b.lines)) if x != y]
    assert len(changed) <= 1
    for index in changed:
        assert a.lines[index].startswith("last_contact:") and b.lines[index].startswith("last_contact:")
        assert "2026-11-23" in b.lines[index]


def test_set_field_keeps_quotes_and_comments() -> None:
    data = b"---\nname: A\nlast_contact: '2026-01-01'  # kept\ncountry: NO\n---\n"
    assert set_field(data, "last_contact", "2026-11-23") == data.replace(b"2026-01-01", b"2026-11-23")
    assert set_field(data, "last_contact", "2025-01-01") == data  # never moves back
    assert set_field(data, "missing", "x") == data


# --- the commands -------------------------------------------------------------------------

JANE = "---\nname: Jane Doe\nlast_contact: 2026-10-01\ncountry: NO\n# my comment\n---\n# Jane\r\n\r\n## Log\r\n- 2026-10-01 call\r\n\r\n## Notes\r\nkeep me\r\n"


@pytest.fixture
def jane(vault: Path) -> Path:
    write(vault, {"People/Jane Doe.md": JANE, "People/Bob.md": "Bob has no log yet.", "People/Cy.md": ""})
    return vault


def test_log_adds_one_line_in_the_notes_own_line_endings(jane: Path, run: Runner) -> None:
    result = run("log", "jane", "coffee about the seed round", "--via", "coffee")
    assert result.exit_code == 0, result.output
    assert result.stdout == "logged on People/Jane Doe.md\n"
    after = (jane / "People/Jane Doe.md").read_bytes()
    expected = JANE.replace(
        "- 2026-10-01 call\r\n",
        "- 2026-10-01 call\r\n- 2026-11-23 coffee about the seed round\r\n",  # (--via said once)
    )
    expected = expected.replace("last_contact: 2026-10-01", "last_contact: 2026-11-23")
    assert after == expected.encode()


def test_log_creates_the_heading_and_leaves_last_contact_alone_when_absent(jane: Path, run: Runner) -> None:
    run("log", "bob", "met at the meetup", "--date", "2026-11-20")
    assert (jane / "People/Bob.md").read_text() == "Bob has no log yet.\n\n## Log\n- 2026-11-20 met at the meetup\n"


def test_log_on_several_people_and_a_promise(jane: Path, run: Runner) -> None:
    result = run("log", "jane", "bob", "lunch together", "--promise", "send the deck", "--due", "2026-11-30")
    assert result.stdout.splitlines() == ["logged on People/Jane Doe.md", "logged on People/Bob.md"]
    assert "- [ ] send the deck 📅 2026-11-30\n" in (jane / "People/Bob.md").read_text()
    due = run("due", "--within", "7d", "--json").stdout
    assert '"detail": "send the deck"' in due


@pytest.mark.parametrize(
    ("daily", "log", "written"),
    [
        ("", "- 2026-11-03 call\n", "- 2026-11-03 call\n- 2026-11-23 coffee\n"),
        ("", "- [[2026-11-03]] call\n", "- [[2026-11-03]] call\n- [[2026-11-23]] coffee\n"),
        ("", "- [[Daily/2026-11-03|Tue]] call\n", "- [[Daily/2026-11-03|Tue]] call\n- [[Daily/2026-11-23]] coffee\n"),
        (  # a nested daily format: the link goes to this day's note, in this month's folder
            '{"folder": "Journal", "format": "YYYY/MM/YYYY-MM-DD"}',
            "- [[Journal/2026/10/2026-10-03]] call\n",
            "- [[Journal/2026/10/2026-10-03]] call\n- [[Journal/2026/11/2026-11-23]] coffee\n",
        ),
        (  # daily notes named otherwise, newest first
            '{"folder": "Journal", "format": "MMMM Do, YYYY"}',
            "- [[November 3rd, 2026]] call\n- [[October 1st, 2026]] lunch\n",
            "- [[November 23rd, 2026]] coffee\n- [[November 3rd, 2026]] call\n- [[October 1st, 2026]] lunch\n",
        ),
        ('{"format": "DD.MM.YYYY"}', "- 03.11.2026 call\n", "- 03.11.2026 call\n- 23.11.2026 coffee\n"),
        (  # a link names the whole note, weekday and all
            '{"format": "YYYY-MM-DD dddd"}',
            "- [[2026-11-03 Tuesday]] call\n",
            "- [[2026-11-03 Tuesday]] call\n- [[2026-11-23 Monday]] coffee\n",
        ),
        ("", "- Nov 3, 2026: call\n", "- Nov 3, 2026: call\n- Nov 23, 2026 coffee\n"),  # written out, as it was
        (
            "",
            "- Tuesday, 3rd November 2026 — call\n",
            "- Tuesday, 3rd November 2026 — call\n- Monday, 23rd November 2026 coffee\n",
        ),
        ("", "- 3.11.2026 call\n", "- 3.11.2026 call\n- 23.11.2026 coffee\n"),
        (  # newest first: the new entry goes first
            "",
            "- Nov 3, 2026 call\n- Oct 1, 2026 lunch\n",
            "- Nov 23, 2026 coffee\n- Nov 3, 2026 call\n- Oct 1, 2026 lunch\n",
        ),
        (  # the log's latest entry sets the style, not the others
            "",
            "- [[2026-10-01]] old\n- 2026-11-03 call\n",
            "- [[2026-10-01]] old\n- 2026-11-03 call\n- 2026-11-23 coffee\n",
        ),
        ("", "- call (2026-11-03)\n", "- call (2026-11-03)\n- coffee (2026-11-23)\n"),  # closing with its day
        ("", "- call — 2026-11-03\n", "- call — 2026-11-03\n- coffee — 2026-11-23\n"),
        # daily notes named with their weekday, whatever the settings say
        ("", "- [[2026-11-03 Tue]] call\n", "- [[2026-11-03 Tue]] call\n- [[2026-11-23 Mon]] coffee\n"),
        ("", "- [[2026-11-03 Tuesday]] call\n", "- [[2026-11-03 Tuesday]] call\n- [[2026-11-23 Monday]] coffee\n"),
        # day or month first, as the log's days that can be read one way only say
        ("", "- 25/10/2026 a\n- 03/11/2026 call\n", "- 25/10/2026 a\n- 03/11/2026 call\n- 23/11/2026 coffee\n"),
        ("", "- 3-11-2026 call\n- 25-10-2026 a\n", "- 23-11-2026 coffee\n- 3-11-2026 call\n- 25-10-2026 a\n"),
        ("", "- 10/25/2026 a\n- 11/03/2026 call\n", "- 10/25/2026 a\n- 11/03/2026 call\n- 11/23/2026 coffee\n"),
    ],
)
def test_log_writes_the_day_as_the_log_writes_its_latest(
    vault: Path, run: Runner, daily: str, log: str, written: str
) -> None:
    write(vault, {"People/Kim.md": "## Log\n" + log, **({".obsidian/daily-notes.json": daily} if daily else {})})
    result = run("log", "kim", "coffee")
    assert result.exit_code == 0, result.output
    assert (vault / "People/Kim.md").read_text() == "## Log\n" + written
    show = json.loads(run("show", "kim", "--json").stdout)
    assert show["interactions"][0]["date"] == "2026-11-23" and show["interactions"][0]["text"] == "coffee"


TABLE_HEAD = "## Log\n| Date | Notes | Where |\n|------|-------|-------|\n"


@pytest.mark.parametrize(
    ("rows", "args", "written"),
    [
        (  # oldest first: the new row goes last, with as many cells as the others
            "| 2026-10-01 | call | phone |\n| 2026-11-03 | coffee | Blue Bottle |\n\nAfter.\n",
            ["coffee at Kiln"],
            "| 2026-10-01 | call | phone |\n| 2026-11-03 | coffee | Blue Bottle |\n| 2026-11-23 | coffee at Kiln |  |\n\nAfter.\n",
        ),
        (  # newest first: first; a `|` in the words is escaped; the day written as the log writes it
            "| [[2026-11-03]] | coffee | x |\n| [[2026-10-01]] | call | y |\n",
            ["a | b", "--via", "call"],
            "| [[2026-11-23]] | call: a \\| b |  |\n| [[2026-11-03]] | coffee | x |\n| [[2026-10-01]] | call | y |\n",
        ),
        (  # a promise goes below the table, which a list item would end
            "| Nov 3, 2026 | coffee | x |\n## Notes\n",
            ["lunch", "--promise", "send the deck"],
            "| Nov 3, 2026 | coffee | x |\n| Nov 23, 2026 | lunch |  |\n\n- [ ] send the deck\n## Notes\n",
        ),
    ],
)
def test_log_adds_a_row_to_a_log_kept_as_a_table(
    vault: Path, run: Runner, rows: str, args: list[str], written: str
) -> None:
    write(vault, {"People/Kim.md": TABLE_HEAD + rows})
    result = run("log", "kim", *args)
    assert result.exit_code == 0, result.output
    assert (vault / "People/Kim.md").read_text() == TABLE_HEAD + written
    show = json.loads(run("show", "kim", "--json").stdout)
    assert show["interactions"][0]["date"] == "2026-11-23"
    assert len(show["interactions"]) == rows.count("2026") + 1


@pytest.mark.parametrize(
    ("log", "written"),
    [
        (  # a table with its header and no row yet, as a template leaves it
            "| Type | Date | Notes |\n|---|---|---|\n\n## Notes\n",
            "| Type | Date | Notes |\n|---|---|---|\n|  | 2026-11-23 | coffee |\n\n## Notes\n",
        ),
        (  # a table with no column for days is no log: a list item below it
            "| Skill | Level |\n|---|---|\n| Go | high |\n",
            "| Skill | Level |\n|---|---|\n| Go | high |\n- 2026-11-23 coffee\n",
        ),
    ],
)
def test_log_in_a_table_with_no_dated_row_yet(vault: Path, run: Runner, log: str, written: str) -> None:
    write(vault, {"People/Kim.md": "## Log\n" + log})
    assert run("log", "kim", "coffee").exit_code == 0
    assert (vault / "People/Kim.md").read_text() == "## Log\n" + written


def test_log_writes_the_day_in_the_table_column_that_holds_days(vault: Path, run: Runner) -> None:
    head = "## Log\n| Type | Date | Notes |\n| --- | --- | --- |\n| call | 2026-11-03 | pricing |\n"
    write(vault, {"People/Kim.md": head})
    assert run("log", "kim", "coffee").exit_code == 0
    assert (vault / "People/Kim.md").read_text() == head + "|  | 2026-11-23 | coffee |\n"  # the words after the day
    show = json.loads(run("show", "kim", "--json").stdout)
    assert [(i["date"], i["text"]) for i in show["interactions"]] == [
        ("2026-11-23", "coffee"),
        ("2026-11-03", "call; pricing"),
    ]


def test_last_contact_under_another_name_is_moved_forward_and_its_own_name_first() -> None:
    data = b"---\nLast Contact: '2026-10-01' # by hand\nother: 1\n---\n"
    assert (
        set_field(data, "last_contact", "2026-11-23") == b"---\nLast Contact: '2026-11-23' # by hand\nother: 1\n---\n"
    )
    both = b"---\nLast Contact: 2026-10-01\nlast_contact: 2026-10-02\n---\n"
    assert (
        set_field(both, "last_contact", "2026-11-23")
        == b"---\nLast Contact: 2026-10-01\nlast_contact: 2026-11-23\n---\n"
    )


def test_a_key_given_twice_is_named_and_log_moves_the_one_that_is_read(vault: Path, run: Runner) -> None:
    # As a git merge of two edits leaves it: both sides' last_contact. The last is read.
    note = "---\nlast_contact: 2026-10-01\ncircle: inner\nlast_contact: 2026-11-03\n---\n## Log\n"
    write(vault, {"People/Ann.md": note})
    assert run("check").stdout.splitlines() == [
        "People/Ann.md:4: warning: last_contact is given twice in the frontmatter (also on line 2):"
        " the last is read; keep one (a git merge often leaves both)"
    ]
    assert json.loads(run("show", "Ann", "--json").stdout)["last_contact"] == "2026-11-03"
    assert run("log", "Ann", "call", "--date", "2026-11-20").exit_code == 0
    text = (vault / "People/Ann.md").read_text()
    assert text.startswith("---\nlast_contact: 2026-10-01\ncircle: inner\nlast_contact: 2026-11-20\n---\n")
    assert json.loads(run("show", "Ann", "--json").stdout)["last_contact"] == "2026-11-20"


def test_log_closes_a_code_block_left_open_so_the_talk_is_read(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "# Ann\n\n~~~~python\nprint('hi')\n"})
    assert run("log", "Ann", "call", "--date", "2026-11-20").exit_code == 0
    after = (vault / "People/Ann.md").read_text()
    assert after == "# Ann\n\n~~~~python\nprint('hi')\n~~~~\n\n## Log\n- 2026-11-20 call\n"
    assert [t["date"] for t in json.loads(run("show", "Ann", "--json").stdout)["interactions"]] == ["2026-11-20"]


def test_log_with_an_unknown_name_writes_nothing(jane: Path, run: Runner) -> None:
    before = snapshot(jane)
    result = run("log", "jane", "nobody-at-all", "lunch")
    assert result.exit_code == 1
    assert snapshot(jane) == before


def test_dry_run_prints_the_diff_and_writes_nothing(jane: Path, run: Runner) -> None:
    before = snapshot(jane)
    result = run("log", "jane", "a call", "--dry-run")
    assert result.exit_code == 0
    assert "+- 2026-11-23 a call" in result.stdout and "-last_contact: 2026-10-01" in result.stdout
    assert snapshot(jane) == before
    added = run("add", "New Person", "--dry-run")
    assert "+++ b/People/New Person.md" in added.stdout
    assert snapshot(jane) == before


def test_add_writes_a_note_that_reads_back(jane: Path, run: Runner) -> None:
    result = run("add", "Ada Lovelace", "--email", "ada@example.com", "--met", "PyCon: the #1 event", "--circle",
                 "network", "--cadence", "quarterly", "--tag", "math", "--tag", "#history")  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = __import__("json").loads(run("show", "ada", "--json").stdout)
    assert shown["fields"]["how_met"] == "PyCon: the #1 event"
    assert shown["emails"] == ["ada@example.com"] and shown["circle"] == "network" and shown["cadence"] == "quarterly"
    assert shown["tags"] == ["math", "history"]
    assert shown["interactions"][0]["text"] == "met at PyCon: the #1 event"


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("../../etc/passwd", "etc passwd.md"),
        ("CON", "CON (contact).md"),
        ("a/b: c|d", "a b c d.md"),
        ("Zoe\u0308", "Zo\u00eb.md"),
        ("x" * 300, "x" * 100 + ".md"),
    ],
)
def test_add_makes_safe_file_names(vault: Path, run: Runner, name: str, file_name: str) -> None:
    result = run("add", name)
    assert result.exit_code == 0, result.output
    assert (vault / "People" / file_name).is_file()
    assert [p.name for p in (vault / "People").iterdir()] == [file_name]


def test_add_never_overwrites_an_existing_person(jane: Path, run: Runner) -> None:
    before = snapshot(jane)
    for name in ("jane doe", "JANE DÖE", "Bob"):
        result = run("add", name)
        assert result.exit_code == 1
        assert "already exists: People/" in result.stderr
    assert snapshot(jane) == before


def test_intro_log_records_it_on_both_notes(jane: Path, run: Runner) -> None:
    result = run("intro", "jane", "bob", "--log")
    assert result.stdout.splitlines() == ["logged on People/Jane Doe.md", "logged on People/Bob.md"]
    assert "- 2026-11-23 introduced to [[Bob]]\r\n" in (jane / "People/Jane Doe.md").read_bytes().decode()
    assert "- 2026-11-23 introduced to [[Jane Doe]]" in (jane / "People/Bob.md").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("---\nname: [broken\n---\n## Log\n", "frontmatter is not valid YAML"),
        ("---\nname: &a [*a]\n---\n## Log\n", "frontmatter cannot be read"),
        ("## Log\n<<<<<<< HEAD\n- 2026-11-01 a\n=======\n- 2026-11-02 b\n>>>>>>> x\n", "git conflict markers"),
    ],
)
def test_notes_that_cannot_be_read_safely_are_refused(vault: Path, run: Runner, content: str, message: str) -> None:
    write(vault, {"People/Good.md": "", "People/Bad.md": content})
    notes_before = snapshot(vault)
    # The broken note is not a contact (skipped), so address it through a good one's log
    # plus a direct edit attempt through the core.
    from vaultnet.changes import read_for_edit
    from vaultnet.config import load_settings

    with pytest.raises(WriteRefusedError, match=message):
        read_for_edit(load_settings(vault), vault / "People/Bad.md")
    assert snapshot(vault) == notes_before


def test_conflicted_contact_is_refused_from_the_command(vault: Path, run: Runner) -> None:
    write(vault, {"People/Kim.md": "## Log\n<<<<<<< HEAD\n- 2026-11-01 a\n=======\n- 2026-11-02 b\n>>>>>>> x\n"})
    before = snapshot(vault)
    result = run("log", "kim", "call")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: People/Kim.md:2: ") and "git conflict markers" in result.stderr
    assert snapshot(vault) == before


def test_a_note_not_saved_as_utf8_is_read_but_never_written(vault: Path, run: Runner) -> None:
    """UTF-16 (Notepad's "Unicode") is read, but writing it back is refused, before any
    other note of the same command is written; the message names it from the vault."""
    write(vault, {"People/Kim.md": "## Log\n- 2026-11-01 call\n".encode("utf-16"), "People/Bo.md": "## Log\n"})
    assert run("show", "kim").exit_code == 0
    before = snapshot(vault)
    result = run("log", "bo", "kim", "lunch")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: People/Kim.md: is not saved as UTF-8; vaultnet edits only UTF-8 notes"
        " (re-save it as UTF-8, as Obsidian and most editors write notes, and run the command again)\n"
    )
    assert snapshot(vault) == before


def test_merge_in_progress_is_refused(jane: Path, run: Runner) -> None:
    (jane / ".git").mkdir()
    (jane / ".git" / "MERGE_HEAD").write_text("abc\n")
    result = run("log", "jane", "call")
    assert result.exit_code == 1
    assert "in the middle of a merge" in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_note_is_refused(vault: Path, tmp_path: Path, run: Runner) -> None:
    outside = vault / "Archive" / "Link.md"  # (a link out of the vault is not even read)
    outside.parent.mkdir()
    outside.write_text("## Log\n")
    (vault / "People").mkdir()
    os.symlink(outside, vault / "People" / "Link.md")
    result = run("log", "link", "call")
    assert result.exit_code == 1
    assert "symlink" in result.stderr
    assert outside.read_text() == "## Log\n"


def test_read_only_note_is_refused(jane: Path, run: Runner) -> None:
    path = jane / "People/Jane Doe.md"
    path.chmod(0o444)
    try:
        result = run("log", "jane", "call")
        assert result.exit_code == 1
        assert "read-only" in result.stderr
        assert path.read_bytes() == JANE.encode()
    finally:
        path.chmod(0o644)


def test_outside_the_vault_is_refused(vault: Path, tmp_path: Path) -> None:
    with pytest.raises(WriteRefusedError, match="outside the vault"):
        notefile.check_target(tmp_path / "elsewhere.md", vault)
    with pytest.raises(WriteRefusedError, match="outside the vault"):
        notefile.check_target(vault / ".." / "escape.md", vault)


def test_a_change_between_read_and_write_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("original\n")
    snap = notefile.read(path)
    path.write_text("edited in Obsidian meanwhile\n")
    with pytest.raises(WriteRefusedError, match="changed since vaultnet read it"):
        notefile.replace(snap, b"vaultnet's version\n")
    assert path.read_text() == "edited in Obsidian meanwhile\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vaultnet-")]


def test_replace_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("a\n")
    path.chmod(0o640)
    assert notefile.replace(notefile.read(path), b"b\n")
    assert path.stat().st_mode & 0o777 == 0o640
    assert notefile.replace(notefile.read(path), b"b\n") is False  # same bytes: not written


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from vaultnet import notefile
real_fsync = os.fsync
def slow_fsync(fd):
    open(sys.argv[2], "w").close()  # tell the test the temp file is being written
    time.sleep(30)
os.fsync = slow_fsync
notefile.replace(notefile.read(Path(sys.argv[1])), b"new content " * 100000)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_writer_killed_mid_write_leaves_the_original_intact(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    original = b"---\nname: Jane\n---\n## Log\n- 2026-11-01 call\n"
    path.write_bytes(original)
    flag = tmp_path / "writing"
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), str(flag)])
    try:
        for _ in range(200):
            if flag.exists():
                break
            time.sleep(0.05)
        assert flag.exists(), "the writer never started"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert path.read_bytes() == original


def test_contact_template_renders_as_the_golden_file(vault: Path, run: Runner) -> None:
    from tests.conftest import check_golden

    out = run("add", "Ada Lovelace", "--email", "ada@example.com", "--company", "Analytical Engines",
              "--role", "Programmer", "--circle", "network", "--cadence", "quarterly", "--tag", "math",
              "--met", "a London salon", "--dry-run").stdout  # fmt: skip
    check_golden("contact-add.diff", out)


def test_a_write_the_system_refuses_is_a_clear_error(jane: Path, run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    result = run("log", "jane", "call")
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("error: ")
        and "could not be written (Permission denied); nothing written" in result.stderr
    )
    assert (jane / "People/Jane Doe.md").read_bytes() == JANE.encode()


def test_a_draft_or_digest_the_system_refuses_is_a_clear_error(jane: Path, run: Runner) -> None:
    (jane / "Drafts").write_text("a file where the folder would be\n")
    result = run("draft", "jane")
    assert result.exit_code == 1
    assert (
        "error: Drafts: is a file where vaultnet needs a folder, to write 2026-11-23 Jane Doe - checkin.md in"
        in result.stderr
    )
    assert "internal problem" not in result.stderr and "namesakes" not in result.stderr
    (jane / "Digests").write_text("x\n")
    result = run("digest")
    assert result.exit_code == 1 and "error: Digests: is a file where vaultnet needs a folder" in result.stderr
    assert (jane / "Digests").read_text() == "x\n" and (jane / "Drafts").read_text().startswith("a file")


def test_a_rename_windows_refuses_for_a_moment_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(b"old\n")
    real_replace, refusals = os.replace, [PermissionError(13, "Access is denied")] * 2

    def busy_then_free(source: str, target: Path) -> None:
        if refusals:
            raise refusals.pop()
        real_replace(source, target)

    monkeypatch.setattr(notefile, "RENAME_TRIES", 3)
    monkeypatch.setattr(notefile, "RENAME_PAUSE", 0)
    monkeypatch.setattr(os, "replace", busy_then_free)
    assert notefile.replace(notefile.read(path), b"new\n")
    assert path.read_bytes() == b"new\n" and not refusals
    refusals[:] = [PermissionError(13, "Access is denied")] * 3
    with pytest.raises(WriteRefusedError, match="Access is denied"):
        notefile.replace(notefile.read(path), b"newer\n")
    assert path.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"]  # no temp file left behind


LOGSEQ_PAGE = (
    "type:: person\ncompany:: Acme\n\n- ## Log\n\t- [[Nov 3rd, 2026]] coffee\n\t\t- about jazz\n"
    "\t- [[Oct 1st, 2026]] call\n- ## Notes\n\t- 2019-01-01 not a conversation\n"
)


def test_a_logseq_graph_is_read_and_logged_to_as_logseq_writes_it(tmp_path: Path, run: Runner) -> None:
    """Logseq keeps journals in journals/ named by `:journal/file-name-format`, writes
    headings as blocks of the outline (`- ## Log`), links days by their journal page's
    title, and keeps backup copies of pages under logseq/."""
    graph = tmp_path / "graph"
    write(
        graph,
        {
            "logseq/config.edn": '{:journal/file-name-format "yyyy-MM-dd"\n :journals-directory "daily"}\n',
            "logseq/bak/pages/Pia Ro/2026-11-01T10_00_00.000Z.Desktop.md": LOGSEQ_PAGE,
            "pages/Pia Ro.md": LOGSEQ_PAGE,
            "daily/2026-11-10.md": "- Met [[Pia Ro]] for lunch\n",
        },
    )
    from vaultnet.config import find_vault

    assert find_vault(None, {}, graph / "pages") == graph  # found from inside, as an Obsidian vault is
    listed = json.loads(run("list", "--json", in_vault=graph).stdout)
    assert [(c["path"], c["last_contact"]) for c in listed] == [("pages/Pia Ro.md", "2026-11-10")]
    shown = run("show", "pia", in_vault=graph).stdout
    assert "2026-11-03  coffee; about jazz  [pages/Pia Ro.md:5]" in shown
    assert "2026-10-01  call" in shown and "not a conversation" not in shown
    assert run("log", "pia", "lunch", "--promise", "send deck", in_vault=graph).exit_code == 0
    assert (graph / "pages/Pia Ro.md").read_text() == LOGSEQ_PAGE.replace(
        "- ## Log\n", "- ## Log\n\t- [[Nov 23rd, 2026]] lunch\n\t- [ ] send deck\n"
    )
    shown = run("show", "pia", in_vault=graph).stdout
    assert "2026-11-23  lunch" in shown and "2026-11-03  coffee; about jazz" in shown


def test_a_folder_both_logseq_and_obsidian_open_reads_neither_apps_settings_as_notes(
    tmp_path: Path, run: Runner
) -> None:
    """Obsidian's daily notes win, and Logseq's backups of pages are still not people."""
    shared = tmp_path / "shared"
    write(
        shared,
        {
            ".obsidian/daily-notes.json": '{"folder": "Daily"}',
            "logseq/config.edn": "{}\n",
            "logseq/bak/pages/Pia Ro/2026-11-01T10_00_00.000Z.Desktop.md": LOGSEQ_PAGE,
            "pages/Pia Ro.md": LOGSEQ_PAGE,
            "Daily/2026-11-10.md": "- Met [[Pia Ro]]\n",
        },
    )
    listed = json.loads(run("list", "--json", in_vault=shared).stdout)
    assert [(c["path"], c["last_contact"]) for c in listed] == [("pages/Pia Ro.md", "2026-11-10")]


def test_logseq_namespaced_pages_are_the_people_their_links_name(tmp_path: Path, run: Runner) -> None:
    """Logseq keeps the page `people/Ann Lee` in `people___Ann Lee.md` (or `people%2FAnn
    Lee.md`, or under any file name with `title:: people/Ann Lee`); `[[people/Ann Lee]]`
    names the page. The person is Ann Lee."""
    graph = tmp_path / "graph"
    write(
        graph,
        {
            "logseq/config.edn": "{}\n",
            "pages/people___Ann Lee.md": "type:: person\n",
            "pages/people%2FBo Ng.md": "type:: person\n",
            "pages/cy.md": "title:: people/Cy Ro\ntype:: person\n",
            "journals/2026_11_10.md": "- met [[people/Ann Lee]] and [[people/Cy Ro]]\n- [ ] send [[people/Bo Ng]] the deck\n",
        },
    )
    listed = json.loads(run("list", "--json", in_vault=graph).stdout)
    assert [(c["name"], c["last_contact"]) for c in listed] == [
        ("Ann Lee", "2026-11-10"),
        ("Bo Ng", None),
        ("Cy Ro", "2026-11-10"),
    ]
    assert "send people/Bo Ng the deck" in run("show", "bo ng", in_vault=graph).stdout
    assert run("check", in_vault=graph).stdout == ""
    # Elsewhere a link's `/` is a folder, as Obsidian reads it.
    for logseq in (True, False):
        note = parse_note("Daily/2026-11-10.md", b"met [[people/Ann Lee]]\n", ParseOptions(logseq=logseq))
        assert [(link.key, link.folder) for link in note.links] == (
            [("people/ann lee", "")] if logseq else [("ann lee", "people")]
        )
