"""Living in git: a merge driver for contact notes, its set-up, and `vaultnet sync`.

The merge driver lets two devices that each logged a conversation with the same person
merge without a conflict: the lines of the log sections are united (sorted by date, no
duplicates), a frontmatter field changed on one side only takes that side's value (a
last contact both moved, the later day), and the rest of the note is merged as git
would. Only a real conflict (another field changed two ways, the same text edited two
ways) is left with ordinary conflict markers.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .config import DEFAULT_LOG_HEADINGS
from .dates import slashed_day, slashed_order
from .edits import (
    VALUE_LINE,
    DayOf,
    Text,
    frontmatter_end,
    heading_day,
    item_day,
    log_section,
    newest_first,
    row_day,
)
from .errors import VaultnetError
from .model import field_key
from .notefile import TEMP_PREFIX, TEMP_SUFFIX

_KEY = re.compile(r"""^(?:"[^"]+"|'[^']+'|[^\s#:'"-][^:]*?)[ \t]*:(?:[ \t]|$)""")


class GitError(VaultnetError):
    """git refused, or is not there; `done` says what was done before it stopped."""

    done: tuple[str, ...] = ()


@dataclass
class Split:
    """A note cut into its frontmatter fields (key -> lines), the text before its log
    section, the log's entries (each a block of lines), and the text after."""

    keys: dict[str, list[str]]
    order: list[str]
    has_frontmatter: bool
    head: list[str]
    heading: list[str]
    entries: list[list[str]]
    tail: list[str]
    spaced: bool = False  # the log's entries are kept apart by blank lines
    indent: str = ""  # before each entry: an outline's log (`- ## Log`, as Logseq writes one) indents them


def _fields(lines: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Frontmatter lines grouped by top-level key; comments and blank lines stay with the
    key they follow (or with the first key)."""
    keys: dict[str, list[str]] = {}
    order: list[str] = []
    current = ""  # lines before the first key form a group of their own
    for line in lines:
        if _KEY.match(line):
            current = line.split(":", 1)[0].strip().strip("'\"")
        if current not in keys:
            order.append(current)
            keys[current] = []
        keys[current].append(line)
    return keys, order


_ISO_DAY = re.compile(r"""(['"]?)(\d{4}-\d{2}-\d{2})\1""")


def _later_contact(mine: list[str] | None, other: list[str] | None) -> list[str] | None:
    """Of a last-contact field both sides moved (each device logged a conversation, and
    `vaultnet log` moves it), the side with the later day; None when it is not that."""
    if not mine or not other or mine[1:] != other[1:]:
        return None
    a, b = VALUE_LINE.match(mine[0]), VALUE_LINE.match(other[0])
    if a is None or b is None or field_key(a.group("key").strip("'\" ")) != "last_contact":
        return None
    days = [_ISO_DAY.fullmatch(line.group("value")) for line in (a, b)]
    if days[0] is None or days[1] is None:
        return None
    return mine if days[0].group(2) >= days[1].group(2) else other


def entry_day(line: str, day_of: DayOf | None = None, indent: str = "") -> str | None:
    """The ISO day a log entry (a list item at the log's margin, `indent`, or a table
    row) starts with, else None."""
    if not line.startswith(indent):
        return None
    line = line[len(indent) :]
    if line[:1].isspace():
        return None
    if line[:1] == "|":
        found = row_day(line, day_of)
        return found[1] if found else None
    if line[:1] == "#":
        return heading_day(line, day_of)  # a log kept as dated sub-headings
    return item_day(line, day_of)


def split(lines: list[str], headings: tuple[str, ...] = DEFAULT_LOG_HEADINGS, day_of: DayOf | None = None) -> Split:
    """Cut a note (as lines without endings) into the parts the merge treats apart."""
    end = frontmatter_end(lines)
    keys, order = _fields(lines[1 : end - 1]) if end else ({}, [])
    section = log_section(lines, headings, day_of)
    if section is None:
        return Split(keys, order, bool(end), lines[end:], [], [], [])
    heading, _level, stop = section
    own_line = heading >= end  # (a log of dated headings right below the frontmatter has none)
    if not own_line:
        heading = end - 1
    # The margin of the log's entries: the least indented of its dated items.
    dated = [line for line in lines[heading + 1 : stop] if item_day(line, day_of)]
    margins = [line[: len(line) - len(line.lstrip(" \t"))] for line in dated]
    indent = min(margins, key=len, default="")
    last = stop
    while last > heading + 1 and not lines[last - 1].strip():
        last -= 1  # blank lines closing the section go with the text after it
    entries: list[list[str]] = []
    intro: list[str] = []
    gaps = blank_gaps = 0
    after_blank = False
    for line in lines[heading + 1 : last]:
        # (Dated items indented deeper than the margin before its first entry, children of
        # none, are entries too.)
        if entry_day(line, day_of, indent) or (not entries and line[:1] in " \t" and item_day(line, day_of)):
            if entries:
                gaps += 1
                blank_gaps += after_blank
            entries.append([line])
        elif entries:
            if line.strip() or entries[-1][0][:1] == "#":
                entries[-1].append(line)  # a continuation of the entry above (paragraphs, under a heading)
            # Blank lines between entries are not kept one by one: the merged log is
            # spaced as ours mostly is (see `spaced`).
        else:
            intro.append(line)
        after_blank = not line.strip()
    for entry in entries:
        while not entry[-1].strip():
            entry.pop()  # (only a heading's entry keeps blank lines: those within it)
    return Split(
        keys,
        order,
        bool(end),
        lines[end:heading] if own_line else [],
        [lines[heading], *intro] if own_line else [*intro],
        entries,
        lines[last:],
        spaced=gaps > 0 and blank_gaps * 2 > gaps,
        indent=indent,
    )


def _three_way(base: list[str], ours: list[str], theirs: list[str], labels: tuple[str, str]) -> tuple[list[str], bool]:
    """A text merge of three versions of some lines, as git does it; (lines, clean)."""
    if ours == theirs or theirs == base:
        return ours, True
    if ours == base:
        return theirs, True
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, lines in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            paths.append(str(path))
        result = subprocess.run(
            ["git", "merge-file", "-p", "-L", labels[0], "-L", "base", "-L", labels[1], *paths],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
    if result.returncode < 0 or result.returncode > 127:
        raise GitError(f"git merge-file failed: {result.stderr.strip()}")
    merged = result.stdout.split("\n")
    if merged and merged[-1] == "":
        merged.pop()
    return merged, result.returncode == 0


def merge_notes(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    labels: tuple[str, str] = ("ours", "theirs"),
    headings: tuple[str, ...] = DEFAULT_LOG_HEADINGS,
    day_of: DayOf | None = None,
) -> tuple[bytes, bool]:
    """Merge three versions of a contact note; (result, clean). The result keeps our
    byte-order mark and line endings. `headings` name the log; `day_of` reads its days
    where they are written as the daily notes are named."""
    texts = [Text.of(data) for data in (base, ours, theirs)]
    # Days such as 03/11/2026, read as the note's own that can be read one way only say.
    day_of = _with_slashed(day_of, slashed_order("\n".join(line for text in texts for line in text.lines)))
    b, o, t = (split(text.lines, headings, day_of) for text in texts)
    clean = True
    out: list[str] = []
    if o.has_frontmatter or t.has_frontmatter:
        out.append("---")
        order = list(o.order) + [k for k in t.order if k not in o.order]
        for key in order:
            mine, other, was = o.keys.get(key), t.keys.get(key), b.keys.get(key)
            if mine == other or other == was:
                out += mine or []
            elif mine == was:
                out += other or []
            elif (later := _later_contact(mine, other)) is not None:
                out += later
            else:
                clean = False
                out += [f"<<<<<<< {labels[0]}", *(mine or []), "=======", *(other or []), f">>>>>>> {labels[1]}"]
        out.append("---")
    head, ok = _three_way(b.head, o.head, t.head, labels)
    clean &= ok
    out += head
    if o.heading or t.heading or o.entries or t.entries:
        heading, ok = _three_way(b.heading, o.heading or t.heading, t.heading or o.heading, labels)
        clean &= ok
        out += heading
        spaced = o.spaced or (not o.entries and t.spaced)
        out += _union(b.entries, o.entries, t.entries, spaced, day_of, o.indent if o.entries else t.indent)
        tail, ok = _three_way(b.tail, o.tail, t.tail, labels)
        clean &= ok
        out += tail
    ending = texts[1].newline
    last_ended = bool(texts[1].ends and texts[1].ends[-1]) or not texts[1].lines
    text = ending.join(out) + (ending if last_ended and out else "")
    return texts[1].bom + text.encode("utf-8"), clean


def _with_slashed(day_of: DayOf | None, order: str | None) -> DayOf:
    """`day_of`, reading days written `03/11/2026` in the note's `order` first (as the
    parser does; `day_of` reads them in the vault's), and `25/11/2026` whatever it is."""

    def read(content: str) -> str | None:
        slashed = slashed_day(content, order)
        if slashed is not None:
            return slashed[0].isoformat()
        return day_of(content) if day_of is not None else None

    return read


def _union(
    base: list[list[str]],
    ours: list[list[str]],
    theirs: list[list[str]],
    spaced: bool = False,
    day_of: DayOf | None = None,
    indent: str = "",
) -> list[str]:
    """Both sides' log entries in date order (newest first when ours reads so), a blank
    line between two when `spaced`. Each entry is there as often as a side that changed
    how often changed it to (both added it: once; one side deleted it: gone; written twice
    from the start: twice)."""
    counts = [Counter(tuple(e) for e in side) for side in (base, ours, theirs)]
    wanted: dict[tuple[str, ...], int] = {}
    for key in counts[1].keys() | counts[2].keys():
        was, mine, other = (count[key] for count in counts)
        wanted[key] = other if mine == was else mine if other == was else max(mine, other)
    seen: list[list[str]] = []
    for entry in ours + theirs:
        key = tuple(entry)
        if wanted.get(key, 0) > 0:
            wanted[key] -= 1
            seen.append(entry)
    dates = [day for e in ours if (day := entry_day(e[0], day_of, indent))]

    def when(entry: list[str]) -> str:
        return entry_day(entry[0], day_of, indent) or item_day(entry[0], day_of) or ""

    seen.sort(key=when, reverse=newest_first(dates))  # stable: same-day entries keep their order
    if spaced:
        return [line for n, entry in enumerate(seen) for line in ([""] if n else []) + entry]
    return [line for entry in seen for line in entry]


def merge_driver(
    base: Path,
    ours: Path,
    theirs: Path,
    headings: tuple[str, ...] = DEFAULT_LOG_HEADINGS,
    day_of: DayOf | None = None,
) -> int:
    """What git runs for `merge=vaultnet` files: merge into `ours`; 0 when clean, 1 when
    conflict markers were left."""
    try:
        result, clean = merge_notes(
            base.read_bytes(), ours.read_bytes(), theirs.read_bytes(), headings=headings, day_of=day_of
        )
    except Exception as exc:  # not text it can read (Latin-1, UTF-16…), or a bug of ours
        print(f"vaultnet: merging {ours.name} line by line, as git would ({type(exc).__name__})", file=sys.stderr)
        return _plain_merge(base, ours, theirs)
    # Renamed into place: killed halfway, the file is git's copy of ours, whole, and the
    # driver's wrapper then has git merge it (see _DRIVER_SCRIPT).
    temp = ours.with_name(ours.name + ".vaultnet-merge")
    try:
        temp.write_bytes(result)
        os.replace(temp, ours)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return 0 if clean else 1


def _plain_merge(base: Path, ours: Path, theirs: Path) -> int:
    """git's own text merge of the three files into `ours`: 0 when clean, 1 with conflict markers."""
    done = subprocess.run(
        ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base), str(theirs)],
        capture_output=True,
    )
    if done.returncode < 0 or done.returncode > 127:
        # Binary to git too (UTF-16): ours stays as it is and git reports the conflict,
        # as it does for any binary file both sides changed.
        print(f"vaultnet: {done.stderr.decode(errors='replace').strip()}", file=sys.stderr)
    return 0 if done.returncode == 0 else 1


# --- set-up and sync ----------------------------------------------------------------------


def git(vault: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in the vault."""
    try:
        result = subprocess.run(["git", *args], cwd=vault, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if check and result.returncode != 0:
        raise GitError(f"git {args[0]} failed: {(result.stderr or result.stdout).strip()}")
    return result


def repository(vault: Path) -> Path:
    """The top of the git repository holding the vault."""
    result = git(vault, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise GitError("the vault is not in a git repository", path=str(vault), hint="run `git init` there first")
    return Path(result.stdout.strip())


# What git runs for `merge=vaultnet` files (through sh, also on Windows). It finds vaultnet
# when git runs it, not when `git-setup` ran: first the Python that ran git-setup, then a
# `vaultnet` on PATH. Whenever vaultnet cannot run or fails without leaving conflict
# markers, git's own line merge writes them: a merge never ends as one side's text alone,
# which a missing command would leave (git takes any non-zero exit for "conflicts, see
# the file", and `git add` would then make the loss final).
_DRIVER_SCRIPT = (
    'py="$1"; shift; '
    'if [ -x "$py" ]; then "$py" -m vaultnet merge-driver "$@"; s=$?; '
    'elif command -v vaultnet >/dev/null 2>&1; then vaultnet merge-driver "$@"; s=$?; '
    'else s=127; echo "vaultnet: not found; $4 is merged line by line, as git would" >&2; fi; '
    'if [ "$s" -eq 0 ]; then exit 0; fi; '
    'if grep -q "^<<<<<<< " "$2" 2>/dev/null; then exit 1; fi; '
    'git merge-file -L ours -L base -L theirs "$2" "$1" "$3" && exit 0; '
    "exit 1"
)
DRIVER_NAME = "vaultnet-merge"  # $0 of the script: marks a driver line as this one


def driver_command(python: str | None = None) -> str:
    """The command git should run for the merge driver (see `_DRIVER_SCRIPT`)."""
    return f"sh -c {shlex.quote(_DRIVER_SCRIPT)} {DRIVER_NAME} {shlex.quote(python or sys.executable)} %O %A %B %P"


@dataclass(frozen=True)
class DriverProblem:
    """Why the merge driver set in .git/config will not merge as vaultnet does."""

    message: str
    loses_text: bool  # True: a merge would leave one side's text without conflict markers


def driver_problem(vault: Path) -> DriverProblem | None:
    """What is wrong with the merge driver registered for the vault's repository, if any."""
    try:
        command = git(vault, "config", "--get", "merge.vaultnet.driver", check=False).stdout.strip()
    except GitError:
        return None  # no git here: nothing merges
    if not command or command == driver_command():
        return None
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    if DRIVER_NAME in words:
        python = words[words.index(DRIVER_NAME) + 1] if len(words) > words.index(DRIVER_NAME) + 1 else ""
        if _runnable(python) or shutil.which("vaultnet"):
            return None
        return DriverProblem(
            "the merge driver in .git/config cannot find vaultnet (its Python is gone and none is on PATH):"
            " contact notes merge line by line, with conflict markers where both devices logged;"
            " run `vaultnet git-setup` again",
            loses_text=False,
        )
    program = words[0] if words else ""
    if _runnable(program) or shutil.which(program):
        return None
    return DriverProblem(
        f"the merge driver in .git/config runs {program}, which is gone: a merge of a contact note would"
        " keep one device's text and drop the other's; run `vaultnet git-setup` again before you pull",
        loses_text=True,
    )


def _runnable(program: str) -> bool:
    return bool(program) and os.path.isabs(program) and os.access(program, os.X_OK)


def setup(vault: Path, folders: tuple[str, ...], others: Iterable[str] = ()) -> list[str]:
    """Register the merge driver in the repository's config and .gitattributes (for the
    contact folders and the person notes outside them, `others`); return what was done.
    Safe to run again."""
    top = repository(vault)
    git(vault, "config", "merge.vaultnet.name", "vaultnet: union of contact-note logs")
    git(vault, "config", "merge.vaultnet.driver", driver_command())
    done = ["registered the vaultnet merge driver in .git/config"]
    return done + (add_attributes(vault, top, folders, others) or [".gitattributes already sends contact notes to it"])


def add_attributes(vault: Path, top: Path, folders: tuple[str, ...], others: Iterable[str]) -> list[str]:
    """Add the .gitattributes lines that are missing for these contact notes; say which."""
    from . import notefile

    path = top / ".gitattributes"
    snapshot = notefile.read(path) if path.exists() else None
    try:
        text = snapshot.data.decode("utf-8") if snapshot else ""
    except UnicodeDecodeError:
        raise GitError("is not UTF-8 text, as git reads it", path=str(path), hint="re-save it as UTF-8") from None
    missing = [line for line in attributes_lines(vault, top, folders, others) if line not in text.splitlines()]
    if missing:
        addition = ("" if not text or text.endswith("\n") else "\n") + "".join(line + "\n" for line in missing)
        if snapshot is None:
            notefile.create_new(path, addition.encode())
        else:
            notefile.replace(snapshot, (text + addition).encode())
    return [f"added to .gitattributes: {line}" for line in missing]


def driver_registered(vault: Path) -> bool:
    """True when `git-setup` has registered the merge driver in this repository."""
    return git(vault, "config", "merge.vaultnet.driver", check=False).returncode == 0


def sync(
    vault: Path,
    message: str,
    folders: tuple[str, ...] = (),
    others: Callable[[], Iterable[str]] = tuple,
) -> list[str]:
    """Commit the vault's changes, pull with rebase, push; stop at a conflict naming the
    files, leaving the repository as git left it. Where `git-setup` was run, person notes
    outside the contact folders (`others()`, asked for only then) are first added to
    .gitattributes."""
    from .changes import git_operation

    top = repository(vault)
    busy = git_operation(vault)
    if busy:
        raise GitError(f"the repository is in the middle of {busy}", hint="finish or abort it first")
    said: list[str] = add_attributes(vault, top, folders, others()) if driver_registered(vault) else []
    # A temp file a killed vaultnet left is never committed, however old.
    git(vault, "add", "-A", "--", ".", f":(exclude,glob)**/{TEMP_PREFIX}*{TEMP_SUFFIX}")
    if git(vault, "diff", "--cached", "--quiet", check=False).returncode == 1:
        git(vault, "commit", "-q", "-m", message)
        said.append(f"committed: {message}")
    else:
        said.append("nothing to commit")
    if git(vault, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False).returncode != 0:
        stopped = GitError(
            "the branch has no upstream: nothing pulled or pushed", hint="`git push -u origin HEAD` sets one"
        )
        stopped.done = tuple(said)
        raise stopped
    problem = driver_problem(vault)
    if problem is not None and problem.loses_text:
        raise GitError(problem.message, hint="nothing was pulled")
    pulled = git(vault, "pull", "--rebase", "-q", check=False)
    if pulled.returncode != 0:
        # -z: names as they are (no C quoting of accents, no splitting at spaces).
        listed = git(vault, "diff", "--name-only", "-z", "--diff-filter=U", check=False).stdout
        conflicted = [name for name in listed.split("\0") if name]
        if conflicted:
            raise GitError(
                "pull stopped on a conflict in: " + ", ".join(conflicted),
                hint="fix those files, `git add` them and `git rebase --continue`, or `git rebase --abort`",
            )
        raise GitError(f"git pull failed: {(pulled.stderr or pulled.stdout).strip()}")
    said.append("pulled")
    pushed = git(vault, "push", "-q", check=False)
    if pushed.returncode != 0:
        raise GitError(f"git push failed: {(pushed.stderr or pushed.stdout).strip()}")
    said.append("pushed")
    return said


def attributes_lines(vault: Path, top: Path, folders: tuple[str, ...], others: Iterable[str] = ()) -> list[str]:
    """The .gitattributes lines that send contact notes to the merge driver: one per
    contact folder, and one per person note outside them (`type: person`)."""
    prefix = vault.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    patterns = [f"{_literal(prefix + folder.strip('/'))}/**/*.md" for folder in folders if folder.strip("/")]
    patterns += [_literal(prefix + path) for path in sorted(others)]
    return [f"{_quoted(pattern)} merge=vaultnet" for pattern in patterns]


_GLOB = re.compile(r"[*?\[\\]")


def _literal(path: str) -> str:
    """A path as a gitattributes pattern that matches only it (`*`, `?`, `[` escaped)."""
    return _GLOB.sub(lambda match: "\\" + match.group(), path)


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _quoted(pattern: str) -> str:
    """The pattern as a .gitattributes line can hold it: in double quotes, C-style, when it
    has a space (which would end it) or starts like a comment or a negation."""
    if not any(c.isspace() for c in pattern) and pattern[:1] not in ('"', "#", "!"):
        return pattern
    return '"' + "".join(_C_ESCAPES.get(c, c) for c in pattern) + '"'
