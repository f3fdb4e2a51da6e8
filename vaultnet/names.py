"""How names, links and search words are compared: case-, accent- and Unicode-form-blind;
and the few Markdown shapes that reading and writing notes both need to know."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable


@functools.lru_cache(maxsize=65536)
def link_key(text: str) -> str:
    """The form Obsidian compares link targets in: NFC, case-folded, trimmed."""
    return unicodedata.normalize("NFC", text).strip().casefold()


_SUFFIXES = ("ings", "ing", "ers", "ors", "er", "or", "ed", "es", "s")


def stem(word: str) -> str:
    """A rough stem, so `engineers`, `engineer` and `engineering` all give `engine`, and
    `investors` and `investing` give `invest`. Suffixes come off until none is left."""
    while not word.endswith("ss"):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            return word
    return word


_NOT_WORD = re.compile(r"[^\w\s]")


def without_md(path: str) -> str:
    """A note's path or file name without its `.md` (in any case), as links name notes."""
    return path[:-3] if path[-3:].lower() == ".md" else path


def in_folder(path: str, folder: str) -> bool:
    """True when the note at `path` is inside `folder` (or its sub-folders), case-blind as
    the file systems of Windows and macOS are; every note is inside "" and "."."""
    folder = folder.strip("/")
    if folder in ("", "."):
        return True
    return path.casefold().startswith(folder.casefold() + "/")


def note_title(path: str) -> str:
    """A note's file name without its folder or `.md`: the title Obsidian shows."""
    return without_md(path.rsplit("/", 1)[-1])


def heading_key(text: str) -> str:
    """A heading compared as people mean it: `## 📝 Log:` is `log`."""
    return fold(_NOT_WORD.sub(" ", text))


# A qualifier in brackets after a heading's name: `Log (newest first)`, `Interactions [2026]`.
_QUALIFIER = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LOG_WORDS = frozenset(("log", "logs"))
# A heading with a word of each kind is a log too (`Conversation History`, `Interaction
# Timeline`, `Meeting history`); not `Work History`, `Career timeline` or `Conversation
# starters`, whose lines are about something else.
_TALK_WORDS = frozenset(
    """conversation conversations interaction interactions contact contacts call calls meeting meetings chat
    chats communication communications touchpoint touchpoints relationship catch catchup catchups""".split()
)
_RECORD_WORDS = frozenset(("history", "timeline"))


def is_log_heading(title: str, keys: frozenset[str]) -> bool:
    """True when a heading names a log: one of `keys` (heading keys of the configured log
    headings), perhaps with a qualifier in brackets (`Log (newest first)`); and where `log`
    is one, any heading with the word log in it (`Meeting log`, `Notes & Log`), as people
    name the section they keep a person's conversations in, and any history or timeline
    of conversations (`Conversation History`, `Interaction Timeline`)."""
    key = heading_key(title)
    if key in keys:
        return True
    if ("(" in title or "[" in title) and heading_key(_QUALIFIER.sub(" ", title)) in keys:
        return True
    if "log" not in keys:
        return False
    words = key.split()
    if not _LOG_WORDS.isdisjoint(words):
        return True
    return not _RECORD_WORDS.isdisjoint(words) and not _TALK_WORDS.isdisjoint(words)


def fold(text: str) -> str:
    """A loose form for matching what people type: no accents, no case, single spaces."""
    if text.isascii():
        return " ".join(text.casefold().split())  # nothing to decompose (and it is the common case)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# The row of dashes under a table's header: `|---|:---:|`.
_TABLE_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def table_delimiter(line: str) -> bool:
    """True for the dashes under a table's header (`|---|:---:|`)."""
    return _TABLE_DELIMITER.fullmatch(line.strip()) is not None


def table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row written with its leading pipe (`| 2026-11-03 |
    coffee |`), trimmed; None for any other line and for the dashes under a header."""
    row = line.strip()
    if row[:1] != "|" or _TABLE_DELIMITER.fullmatch(row):
        return None
    inner = row[1:-1] if len(row) > 1 and row[-1] == "|" and row[-2:] != "\\|" else row[1:]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BORDER.split(inner)]


# Emoji or symbols a log item may open with before its day (`- ☕ 2026-11-03 coffee`,
# `- 📞 2026-11-02: call`): arrows, dingbats, pictographs, with their joiners.
SYMBOL_LEAD = r"(?:[\u2190-\u2bff\U0001F000-\U0001FAFF\ufe0f\u200d]{1,8}+[ \t]+)?"
SYMBOL_START = "\u2190"  # (a text opening with a character from here on may have one)


# A log item whose day closes it, set apart: `- Coffee with Ann (2026-11-03)`,
# `- call — 2026-11-03`, `- lunch [[2026-11-03]]`; not `- send the deck by 2026-12-01`.
DATE_AT_END = re.compile(
    r"[ \t]*(?:\((\d{4}-\d{2}-\d{2})\)|\[\[(\d{4}-\d{2}-\d{2})(?:\|[^\]\n]*)?\]\]"
    r"|[—–:,-][ \t]*(\d{4}-\d{2}-\d{2}))[ \t]*$"
)
DAY_END = frozenset(")]0123456789")  # what a line closing with its day can end with: a first look


LOOKUP_SEP = "\x1f"


def lookup_text(path: str, name: str, aliases: Iterable[str], emails: Iterable[str]) -> str:
    """Every form a contact answers to when a name is typed (`show NAME`): name, file name
    and path without `.md`, aliases (folded) and emails, each between separators, so that
    the index finds one by `instr` without folding every contact's names each time."""
    forms = {fold(name), fold(note_title(path)), fold(without_md(path)), *(fold(a) for a in aliases), *emails}
    forms.discard("")
    return LOOKUP_SEP + LOOKUP_SEP.join(sorted(forms)) + LOOKUP_SEP
