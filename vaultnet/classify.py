"""Which notes are people, and which are days: the one place that decides.

Both readings happen when the vault is indexed. `kind_of` reads one note alone while it
is parsed: its folder, `type`, categories, tags and name say whether it is a person, and
its path whether it is a day's note. `about_someone` reads the vault's contacts together
after each refresh: a note kept in a person's own folder that says nothing of a person
(`People/Ann Lee/Gift ideas.md`) is a note about her, not a person of its own; the index
stores which, and the query layer leaves those notes out.
"""

from __future__ import annotations

import contextlib
import functools
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import NamedTuple

from .config import ParseOptions
from .dates import moment_parser
from .model import LIST_SEP, PERSON_TYPES, field_key, unsaid
from .names import fold, in_folder, link_key, note_title, without_md

# The types that say a note in a contact folder is not a person (compared as link keys).
# Not the words a template may give every note (`note`, `resource`, `area`): a person's
# note can say them too.
NOT_PERSON_TYPES = frozenset(
    """
    company companies organization organizations organisation organisations org business team group community
    index moc map hub home dashboard overview readme template meeting meetings event events conference
    project projects place location city country
    """.split()
)


@functools.lru_cache(maxsize=8)
def _daily_parser(fmt: str) -> Callable[[str], date | None]:
    return moment_parser(fmt)


def daily_date_of(path: str, opts: ParseOptions) -> date | None:
    """The date of a daily note from its path, or None when it is not one."""
    stem_path = without_md(path)
    folder = opts.daily_folder.strip("/")
    if in_folder(path, folder):
        inside = stem_path[len(folder) + 1 :] if folder not in ("", ".") else stem_path
        found = _daily_parser(opts.daily_format)(inside)
        if found:
            return found
        if folder not in ("", "."):
            # A note in the daily folder named by ISO date, whatever the configured format.
            found = _daily_parser("YYYY-MM-DD")(posixpath.basename(stem_path))
            if found:
                return found
    name = posixpath.basename(stem_path)
    found = _daily_parser("YYYY-MM-DD")(name)
    if (
        found is None
        and name[:1].isdigit()
        and not name.lower().endswith(".excalidraw")  # a drawing, not a day's note
        and not any(in_folder(path, f) for f in opts.generated_folders if f)
    ):
        # A note named for its day and what happened (`2026-11-03 Coffee with Ann`, as
        # meeting templates and journals with a weekday name them): a day's note too;
        # not a draft vaultnet wrote that day (`Drafts/2026-11-23 Ann - checkin`), nor a
        # note that only carries a date (`2022-03-10 Sapiens`, reading notes).
        dated = _DATED_NAME.match(name)
        # (In a contact folder, a person's own folder says what the day was about.)
        in_people = any(in_folder(path, f) for f in opts.contact_folders)
        if dated and (in_people or _a_days_events(path, name[dated.end(1) :])):
            with contextlib.suppress(ValueError):
                found = date.fromisoformat(dated.group(1))
    return found


def named_for_a_day(path: str) -> bool:
    """True for a note whose name starts with a day (`2026-11-03 …`): a day's, a meeting's
    or a reading note's, never a person's."""
    return _ISO_NAME.match(note_title(path)) is not None


_ISO_NAME = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[ _.–—-])")


def _a_days_events(path: str, rest: str) -> bool:
    """Whether what follows the day in a note's name (`Coffee with Ann`, `Tuesday`,
    `0937`), or the folder it is in (`Meetings/`, `Journal/`), says it tells of that day
    rather than merely carrying a date (`2022-03-10 Sapiens`, `2023-01-05 Budget`)."""
    words = re.findall(r"[\w:'-]+", rest.lower())
    if len(words) == 1 and (words[0][:3] in _WEEKDAY_STARTS or _TIME.fullmatch(words[0])):
        return True  # `2026-11-03 Tuesday`, `2022-10-10_0937`
    if any(word in _EVENT_WORDS for word in words):
        return True
    folders = re.findall(r"[a-z0-9]+", posixpath.dirname(path).lower())
    return any(word in _DAY_FOLDERS for word in folders)


_WEEKDAY_STARTS = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
_TIME = re.compile(r"\d{4}|\d{1,2}[:.h-]\d{2}")
# Words in a note's name that say it tells of a meeting or a day.
_EVENT_WORDS = frozenset(
    """coffee tea call calls lunch dinner breakfast brunch drinks meeting meetings meet met 1:1 1-1 one-on-one 1on1
    sync standup stand-up catch-up catchup chat interview intro introduction kickoff kick-off with visit
    workshop session retro debrief journal diary daily log""".split()
)
# Folders whose notes named for a day tell of that day.
_DAY_FOLDERS = frozenset(
    """meetings meeting journal journals daily dailies diary calls call logs log standups oneonones 1on1s
    conversations interactions""".split()
)


# (Not a copy of a day's note, `2026-11-03 copy`, `2026-11-03 1`, as Finder and Obsidian name one.)
# (A time after the day is a meeting's, `2022-10-10_0937`: four digits are no copy's number.)
_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})[ _.–—-]+(?!(?:copy(?: \d+)?|\d{1,3}|\d{5,})$)\S")


# Copies that sync services leave beside a note both sides changed: Syncthing's
# `Ann.sync-conflict-20261103-142233-ABCDEF7`, Dropbox's `Ann (conflicted copy)` and
# `Ann (Jo's conflicted copy 2026-11-03)`, Nextcloud's `Ann (conflicted copy 2026-11-03 142233)`.
_CONFLICT_COPY = re.compile(
    r"(?P<a>.+)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{7})?"
    r"|(?P<b>.+?) \((?:[^()]*'s )?[Cc]onflicted [Cc]opy(?: [^()]*)?\)"
)


def conflict_original(stem: str) -> str | None:
    """The name of the note a sync conflict copy was made from, or None."""
    match = _CONFLICT_COPY.fullmatch(stem)
    return (match.group("a") or match.group("b")) if match else None


# Where a note says it is a person besides `type: person`: `categories: ["[[People]]"]`, as
# Obsidian's own vault template files notes (by category, not by folder).
CATEGORY_FIELDS = ("categories", "category")


# A frontmatter tag that says a note is a person: `person` (or `contact`), or nested under
# `person/`, `people/` or `contacts/` (`people/colleague`). Not `people` alone, a topic as
# often as a person.
_PERSON_TAG = re.compile(r"(?:person|contact|(?:person|people|contacts?)/.+)", re.IGNORECASE)
# In the body, `#person` itself on a line of tags (`#person #climate`, `Tags: #person`),
# not in a sentence (`lunch with a new #person`); nor `#people/ann`, which is how some
# mention a person.
_BODY_PERSON_TAG = re.compile(
    r"^(?:[-*+][ \t]+)?(?:tags?[ \t]*::?[ \t]*)?(?:#[\w/-]+[ \t,]*)*#person(?![\w/-])(?:[ \t,]*#[\w/-]+)*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def kind_of(
    path: str,
    types: set[str],
    categories: set[str],
    tags: list[str],
    opts: ParseOptions,
    drawing: bool = False,
    fields: Mapping[str, object] | None = None,
) -> tuple[str, date | None, str]:
    """(kind, day, why) of a note at `path` whose `type:` and `categories:` say `types`
    and `categories` (as link keys) and whose tags are `tags` (with `person` for `#person`
    on a line of its own: see `tagged_in_body`): "contact", "daily" (with its day) or
    "note", and the key in REASONS that says why it is a person or not. `drawing`: an
    Excalidraw drawing, which is never a person. `fields`: the frontmatter, which says
    whether a folder's own note is a person's (see `is_folder_note`)."""
    why = why_a_person(path, types, categories, tags, opts, drawing, fields or {})
    if why in PERSON_REASONS:
        return "contact", None, why
    day = daily_date_of(path, opts)
    return ("daily" if day else "note"), day, why


# Why a note is, or is not, a person: what `why_a_person` returns, and what
# `check --explain` says of each.
REASONS = {
    "type": "its `type:` says a person",
    "category": "its `categories:` say a person (`[[People]]`)",
    "tag": "it is tagged as a person (`#person`, `people/…`)",
    "folder": "it is in a contact folder",
    "folder note": "it is the note of a folder of its own in a contact folder, and its fields say someone",
    "not a type": "its `type:` says it is no person (a company, an index, a meeting…)",
    "silent folder note": "it is a folder's own note, and its fields say nobody (a group's index)",
    "index": "it is the contact folder's own note, an index, a map or a template",
    "untitled": "Obsidian made it and nobody named it",
    "day": "it is named for a day: a day's note",
    "drawing": "it is an Excalidraw drawing",
    "conflict copy": "it is a sync service's conflict copy of another note",
    "outside": "it is in no contact folder, and neither its `type:`, categories nor tags say a person",
}
PERSON_REASONS = frozenset(("type", "category", "tag", "folder", "folder note"))


def why_a_person(
    path: str,
    types: set[str],
    categories: set[str],
    tags: list[str],
    opts: ParseOptions,
    drawing: bool,
    fields: Mapping[str, object],
) -> str:
    """The key in REASONS that says why a note is a person (one of PERSON_REASONS) or not."""
    reason = _person_reason(path, types, categories, tags, opts, fields)
    if reason in PERSON_REASONS:
        stem = note_title(path)
        if drawing or stem.lower().endswith(".excalidraw"):
            return "drawing"  # kept beside the people (`Ann.excalidraw.md`)
        if "onflict" in stem and conflict_original(stem) is not None:
            return "conflict copy"  # two copies of one person would be listed, nagged about and counted twice
    return reason


def tagged_in_body(body: str) -> bool:
    """True when the body tags the note `#person` on a line of tags."""
    return ("#person" in body or "#Person" in body) and _BODY_PERSON_TAG.search(body) is not None


def is_folder_note(path: str) -> bool:
    """True for a note that stands for the folder it is in (`todd-hartley/index.md`,
    `README.md`), as static sites and folder-per-person vaults keep a person."""
    return link_key(note_title(path)) in _FOLDER_NOTE_NAMES and path.count("/") >= 1


_FOLDER_NOTE_NAMES = frozenset(("index", "readme", "_index"))


def _person_reason(
    path: str, types: set[str], categories: set[str], tags: list[str], opts: ParseOptions, fields: Mapping[str, object]
) -> str:
    if types & PERSON_TYPES:
        return "type"
    if not PERSON_TYPES.isdisjoint(categories):
        return "category"
    if not types and any(_PERSON_TAG.fullmatch(tag) for tag in tags):
        return "tag"
    folder = next((f for f in opts.contact_folders if in_folder(path, f)), None)
    if folder is None:
        return "outside"
    # A note in People/ whose type says it is no person (a company, an index) is not one;
    # any other type (`type: client`, `type: friend`) is the relationship, and a category
    # (`[[Investors]]`) only groups people: neither takes anyone out.
    if not types.isdisjoint(NOT_PERSON_TYPES):
        return "not a type"
    # Nor is the folder's own note (`People/People.md`, as folder-note plugins make it),
    # an index, a map or a template kept there (`_template`, `Person Template`): names no
    # person has.
    title = link_key(note_title(path))
    if title in _FOLDER_NOTE_NAMES and posixpath.dirname(path).casefold() != folder.strip("/").casefold():
        # A folder of its own inside the contact folder (`People/todd-hartley/index.md`):
        # a person's, where its fields say someone (a group's index says nobody).
        said = any(field_key(str(k)) in _PERSON_FIELDS and not unsaid(v) for k, v in fields.items())
        return "folder note" if said else "silent folder note"
    if (
        title in _INDEX_NAMES
        or title == link_key(folder.strip("/").rsplit("/", 1)[-1])
        or title.startswith("_")
        or title.endswith((" moc", " template"))
    ):
        return "index"
    if _UNTITLED.fullmatch(title):
        return "untitled"  # a note Obsidian made and nobody named
    if title[:1].isdigit() and (named_for_a_day(path) or daily_date_of(path, opts) is not None):
        return "day"  # `2026-11-03 Coffee`: a day's note (or a meeting's, or one carrying a date)
    return "folder"


_INDEX_NAMES = frozenset(("index", "readme", "moc", "home", "overview", "start here", "template"))
_UNTITLED = re.compile(r"untitled(?: \d+)?")


# Words of a name that are not capitalised: `Ludwig van Beethoven`, `Ana de la Cruz`.
_NAME_PARTICLES = frozenset("van von der den de del della da di du la le al bin ibn y".split())


# The contact columns (index.ContactRow) any value of which says a note in a contact folder
# is a person: emails, days talked, last contact, met_on, circle, cadence, birthday, aliases.
SAID_OF_A_PERSON = ("emails", "talks", "last_contact", "met_on", "circle", "cadence", "birthday", "aliases")


class PersonRow(NamedTuple):
    """What `about_someone` reads of a contact row."""

    id: int
    path: str
    tags: str  # LIST_SEP-joined
    said: bool  # a column of SAID_OF_A_PERSON has a value


_PERSON_FIELDS = frozenset(
    "name email e-mail emails phone company role industry location how_met offers needs interests circle".split()
)


FieldsOf = Callable[[list[int]], Iterable[tuple[int, str]]]  # note ids -> (id, fields as JSON)


def about_someone(bare: list[PersonRow], people: Iterable[PersonRow], fields_of: FieldsOf) -> dict[int, int]:
    """The notes among the contacts' `bare` rows (said of no person, in a sub-folder) kept
    in a person's own folder (`People/Ann Lee/Gift ideas.md`, `People/Ann Lee/Notes.md`
    beside her note, inside the folder or beside it, which says she is one): notes about
    her, not people of their own. `people` are the rows said of a person. Returns note id
    -> the id of the person it is about. `fields_of(ids)` gives (id, fields as JSON)."""
    persons: dict[str, int] = {}  # folders of people, casefolded (`people/ann lee`) -> their note
    for row in people:
        if row.said:
            folder, _, name = without_md(row.path).rpartition("/")
            persons.setdefault(f"{folder}/{name}".casefold(), row.id)  # the folder beside the note
            if folder.rpartition("/")[2].casefold() == name.casefold():
                persons[folder.casefold()] = row.id  # the folder the note is in, named for it
    about = {
        row.id: persons[folder]
        for row in bare
        if (folder := row.path.rpartition("/")[0].casefold()) in persons
        and not PERSON_TYPES & set(row.tags.lower().split(LIST_SEP))
        and _named_as_a_note(note_title(row.path))
    }
    if about:
        # Unless the note's own fields say it is a person (`type: person`, `email:`, …).
        for note_id, fields in fields_of(list(about)):
            said = json.loads(fields)
            kinds = said.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).strip().lower() in PERSON_TYPES for kind in kinds if kind) or any(
                field_key(str(key)) in _PERSON_FIELDS and not unsaid(value) for key, value in said.items()
            ):
                del about[note_id]
    return about


# What notes about someone are called, though written as a name is (`Notes`, `Gifts`).
_NOTE_TITLES = frozenset(
    """notes note ideas gifts gift log journal history timeline meetings meeting calls todo todos tasks info
    details background contact bio biography birthday projects work career family kids links resources""".split()
)


def _named_as_a_note(title: str) -> bool:
    """True for a title no person has (`Gift ideas`, `Notes`, `2026 plans`); a name
    (`Mom`, `Bo Chen`) may be someone kept in a group's folder with a note of its own."""
    return not written_as_a_name(title) or fold(title) in _NOTE_TITLES


def written_as_a_name(text: str) -> bool:
    """True for a link written as a person's name is (`Ann Lee`, `Jean-Luc O'Brien`, `Dr.
    Ana de la Cruz`): one to five words, each capitalised but for particles, no digits,
    not an acronym alone."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if len(words) == 1 and len(text) > 1 and text.isupper():
        return False  # `AI`, `NASA`
    return all(w[:1].isupper() or w in _NAME_PARTICLES for w in words) and words[0][:1].isupper()


# --- what a relationship is -----------------------------------------------------------------

# Words of a log entry that say it was a first meeting: met somewhere or through someone, a
# first call or coffee, an introduction made to you. Not "met for dinner" or "met up": old
# friends meet too.
_FIRST_MEETING = re.compile(
    r"\b(?:first|1st|initial)\s+(?:met|meeting|call|chat|coffee|lunch|conversation|contact|time|intro\w*)\b"
    r"|\bmet\s+(?:at|through|via|during|on|in|thanks\s+to)\b|\bfirst\s+met\b|\bmet\s+(?:him|her|them)\b"
    r"|\b(?:nice|great|good|lovely)\s+to\s+meet\b|\bnewly\s+met\b|\bnew\s+contact\b"
    r"|\bintro(?:duced|duction)?\s+(?:by|from|via|through|thanks\s+to)\b|\bwarm\s+intro\b",
    re.IGNORECASE,
)


def says_first_meeting(text: str) -> bool:
    """True when a log entry's words say it was the first time you met (`met at PyCon`,
    `first call`, `introduced by Sam`)."""
    lowered = text.lower()  # (a look for its words first: most entries have none)
    return any(hint in lowered for hint in _FIRST_MEETING_HINTS) and _FIRST_MEETING.search(text) is not None


_FIRST_MEETING_HINTS = ("met", "meet", "intro", "first", "1st", "initial", "new contact")


# Fields that say how someone is related to you, and the words there that say family.
KIN_FIELDS = ("relationship", "relation", "relationship_type", "family", "type", "circle")
_KIN_WORDS = frozenset(
    """family mother mom mum mama mommy father dad papa daddy parent parents brother sister sibling siblings son
    daughter child children kid grandmother grandma granny grandfather grandpa grandparent aunt uncle cousin niece
    nephew wife husband spouse fiance fiancee fiancé fiancée girlfriend boyfriend stepmother stepfather stepson
    stepdaughter stepbrother stepsister in-law mother-in-law father-in-law sister-in-law brother-in-law""".split()
)


def is_kin(fields: Mapping[str, object], tags: Iterable[str]) -> bool:
    """True when the note says the person is family: `relationship: brother` (or
    `relation`, `type`, `circle`), `family: true`, or a tag `family` (`family/cousin`)."""
    if any(tag.lower() == "family" or tag.lower().startswith("family/") for tag in tags):
        return True
    for key in KIN_FIELDS:
        value = fields.get(key)
        if value is None:
            continue
        if value is True and key == "family":
            return True
        values = value if isinstance(value, list) else [value]
        if any(isinstance(item, str) and _says_kin(item) for item in values):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _says_kin(value: str) -> bool:
    """True when a value names a family tie (`brother`, `[[Family]]`, `mother-in-law`).
    (Cached: most are a circle or a type, few and the same over a vault.)"""
    words = re.sub(r"[\[\]#]", " ", value).lower().replace("_", " ").split()
    return any(w.strip(",.;") in _KIN_WORDS for w in words)


# --- what a conversation is ------------------------------------------------------------------

# A label before a list of people that says they were met: `Attendees: [[Ann]], [[Bo]]`.
_MET_LABELS = frozenset(
    (
        *("attendees", "attendee", "participants", "participant", "present", "with", "met", "met with"),
        *("call", "call with", "meeting", "meeting with", "lunch with", "coffee with", "dinner with"),
        *("talked to", "talked with", "spoke to", "spoke with", "visitors", "guests"),
    )
)
_LINE_START = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?")
_TASK_MARK = re.compile(r"^\[(.)\][ \t]*")
_LINKS = re.compile(r"!?\[\[[^\]]*\]\]|!?\[[^\]]*\]\([^)]*\)")
_LABEL = re.compile(r"^[*_]*([^\W\d][\w '’-]{0,30}?)[*_]*[ \t]*::?[*_]*[ \t]*")
_A_WORD = re.compile(r"[^\W\d_]{2,}")


def is_conversation_line(line: str, heading: str, mention_headings: Iterable[str]) -> bool:
    """Whether a line of a day's note that links to someone says you talked with them
    (see `mention_reason`)."""
    return not mention_reason(line, heading, mention_headings)


def mention_reason(line: str, heading: str, mention_headings: Iterable[str]) -> str:
    """Why a line of a day's note that links to someone is a mention and no conversation,
    in words; "" when it is a conversation.

    Not a to-do or a cancelled task (`- [ ] Call [[Marcia]]`: a promise), a table row (a
    queue, a tracker), a bare link or list of links (`- **People:** [[Lazar]] · [[Mom]]`,
    `See also: [[Ann]]`), unless its label says they were met (`Attendees: [[Ann]]`), nor
    any line under a heading such as Related, Links, See also or Tasks (`mention_headings`).
    A line of prose, or a list item saying what happened (`- [x] called [[Ann]]`), is."""
    if heading and _under(heading, mention_headings):
        return f"under the heading {heading!r}, where people are mentioned (mention_headings)"
    rest = line[_LINE_START.match(line).end() :]  # type: ignore[union-attr]  # (it matches "")
    if rest.startswith("|"):
        return "a table row"
    task = _TASK_MARK.match(rest)
    if task:
        if task.group(1) == " ":
            return "an open task: a promise, not a conversation"
        if task.group(1) not in "xX":
            return "a task cancelled or put off"
        rest = rest[task.end() :]
    label = _LABEL.match(rest)
    if label:
        if label.group(1).strip().lower() in _MET_LABELS:
            return ""
        rest = rest[label.end() :]
    return "" if _A_WORD.search(_LINKS.sub(" ", rest)) else "a bare link or list of links, saying nothing of a talk"


def _under(heading: str, names: Iterable[str]) -> bool:
    """True when `heading` is one of `names` (`## Related notes` is `Related`), whatever
    its case, emphasis or emoji."""
    words = " ".join(re.sub(r"[^\w' -]", " ", heading).lower().split())
    return any(words == name or words.startswith(name + " ") for name in (n.lower() for n in names))
