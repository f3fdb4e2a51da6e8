"""`vaultnet check --explain NAME`: for one person, why vaultnet reads them as it does.

Why the note is (or is not) a contact, where each conversation came from and which lines
that name them were not counted as one (and why), whether a first meeting is in evidence,
and why they are due or not. Every answer names the rule in `classify` that gave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..classify import REASONS, mention_reason
from ..errors import ContactNotFoundError
from ..model import ARCHIVED, Contact, Interaction
from ..names import link_key, note_title

if TYPE_CHECKING:
    from ..parse import ParsedNote
    from .network import Network


@dataclass
class Mention:
    """A line of a day's note that links to the person but is no conversation."""

    date: date
    path: str
    line: int
    text: str
    why: str


@dataclass
class Explanation:
    """What `check --explain` says of one note."""

    path: str
    name: str
    contact: bool
    why: str  # why it is a contact, or not
    frontmatter: str = ""  # the frontmatter's problem, when it could not be read
    talks: list[Interaction] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    first_meeting: str = ""
    due: str = ""


def explain(net: Network, name: str) -> Explanation:
    """Why the note `name` means is read as it is; ContactNotFoundError when no note is."""
    try:
        contact = net.lookup(name)
    except ContactNotFoundError:
        return _not_a_contact(net, name)
    note = _parsed(net, contact.path)
    why = REASONS.get(note.why, "") if note is not None else ""
    if note is not None and note.why == "folder":
        folder = next((f for f in net.settings.contact_folders if contact.path.startswith(f.strip("/") + "/")), "")
        why = f"it is in the contact folder {folder}/" if folder else why
    return Explanation(
        path=contact.path,
        name=contact.name,
        contact=True,
        why=why,
        frontmatter=_frontmatter_problem(note),
        talks=net.interactions(contact),
        mentions=_mentions(net, contact),
        first_meeting=_first_meeting(net, contact),
        due=_due(net, contact),
    )


def _not_a_contact(net: Network, name: str) -> Explanation:
    key = link_key(re.sub(r"^\[\[|\]\]$", "", name.strip()).split("|")[0].removesuffix(".md"))
    path = net.note_path(key)
    if path is None:
        raise ContactNotFoundError(f"no note named {name!r}", hint="give a file name, a name, an alias or an email")
    about = net.about_whom(path)
    if about is not None:
        why = f"it is a note about {about.name} kept in their folder, saying nothing of a person of its own"
    else:
        note = _parsed(net, path)
        why = REASONS.get(note.why, "it could not be read") if note is not None else "it could not be read"
    return Explanation(path=path, name=note_title(path), contact=False, why=why)


def _parsed(net: Network, path: str) -> ParsedNote | None:
    from ..parse import parse_note
    from ..scan import read_note

    try:
        data = read_note(net.settings.vault, path)
    except OSError:
        return None
    return parse_note(path, data, net.settings.parse_options())


def _frontmatter_problem(note: ParsedNote | None) -> str:
    if note is None or not note.frontmatter_error:
        return ""
    return next((p.message for p in note.problems if p.message.startswith("frontmatter")), "")


def _mentions(net: Network, contact: Contact) -> list[Mention]:
    """The lines of day's notes that link to `contact` without being a conversation."""
    found = []
    lines_of: dict[str, list[str]] = {}
    for path, line, day in net.mentions_of(contact):
        if path not in lines_of:
            try:
                lines_of[path] = (net.settings.vault / path).read_text(encoding="utf-8-sig").split("\n")
            except (OSError, UnicodeDecodeError):
                continue
        lines = lines_of[path]
        if not 0 < line <= len(lines):
            continue
        text = lines[line - 1]
        why = mention_reason(text, _heading_above(lines, line), net.settings.mention_headings)
        found.append(Mention(day, path, line, text.strip(), why or "not read as a conversation"))
    return found


_HEADING = re.compile(r"^\s*(?:[-*+]\s+)?#{1,6}\s+(.*?)\s*#*\s*$")


def _heading_above(lines: list[str], line: int) -> str:
    for text in reversed(lines[: line - 1]):
        match = _HEADING.match(text)
        if match:
            return match.group(1)
    return ""


def _first_meeting(net: Network, contact: Contact) -> str:
    """Whether a follow-up after a first meeting can be owed, and on what evidence."""
    never = net.never_followed_up(contact)
    if never:
        return f"no first-meeting follow-up is ever owed: {never}"
    if contact.met_on is not None:
        return f"first met {contact.met_on.isoformat()} (its `met_on:`)"
    if contact.first_meeting is not None:
        day = contact.first_meeting.isoformat()
        return f"first met {day} (the log's first entry says so, and no conversation comes before it)"
    return (
        "no evidence of a first meeting: no `met_on:`, and the log's first entry does not say you met"
        " (`met at …`, `first call`, `introduced by …`), so the cadence applies"
    )


def _due(net: Network, contact: Contact) -> str:
    schedule = net.schedule_of(contact)
    if schedule is not None:
        when, reason, detail = schedule
        return f"next due {when.isoformat()}: {reason} ({detail})"
    if contact.circle == ARCHIVED:
        return "nothing falls due: archived"
    if net.is_owner(contact):
        return "nothing falls due: this is you (`[user]` in the config)"
    if contact.circle:
        return f"nothing scheduled: no `cadence:`, and the {contact.circle} circle has no default cadence"
    return "nothing scheduled: no `cadence:`, and no `circle:` to give one"
