"""Bringing people in: contacts read from another service's export, made into notes.

Each source is read into `Incoming` people; `plan` matches them with the vault (an email, a
profile URL, or the name, case- and accent-blind). A person the vault does not have gets a
new note, through the `contact` template as `add` does; one it has gets only the fields
their note lacks (`missing_fields`): nothing the user wrote is changed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import UsageError
from .model import Contact
from .names import fold

SOURCES = ("linkedin", "google", "outlook", "vcard", "csv")


@dataclass
class Incoming:
    """One person as another service exported them, in the note format's fields."""

    name: str
    row: int  # where in the file: for messages
    fields: dict[str, object] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)  # what was read and left out, and why


def read_source(source: str, path: Path, mapping: dict[str, str] | None = None) -> list[Incoming]:
    """The people in an export file (`source` says whose; `mapping`, for a CSV of any
    kind, says which column is which field)."""
    if source == "linkedin":
        return read_linkedin(_text_of(path, "Connections.csv"))
    if source == "google":
        return read_google(_text_of(path, "contacts.csv"))
    if source == "outlook":
        return read_outlook(_text_of(path, "contacts.csv"))
    if source == "vcard":
        return read_vcard(_text_of(path, "contacts.vcf"))
    if source == "csv":
        return read_csv(_text_of(path, "contacts.csv"), mapping or {})
    raise UsageError(f"unknown source {source!r}", hint=f"known: {', '.join(SOURCES)}")


def _text_of(path: Path, member: str) -> str:
    """A file's text (UTF-8, UTF-8 with BOM, UTF-16 or Latin-1), or `member` of a .zip."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                name = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1] == member), None)
                if name is None:
                    raise UsageError(f"{path} holds no {member}", hint="give LinkedIn's data export, or the CSV")
                data = archive.read(name)
        else:
            data = path.read_bytes()
    except (OSError, zipfile.BadZipFile) as exc:
        raise UsageError(f"{path} cannot be read: {exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# Each field an export fills, and the columns it is read from: the first that says something.
Columns = tuple[tuple[str, tuple[str, ...]], ...]
_LINKEDIN_COLUMNS: Columns = (
    ("email", ("Email Address",)), ("company", ("Company",)), ("role", ("Position",)), ("linkedin", ("URL",)),
)  # fmt: skip
_GOOGLE_COLUMNS: Columns = (
    ("company", ("Organization 1 - Name", "Organization Name")),
    ("role", ("Organization 1 - Title", "Organization Title")),
    ("location", ("Address 1 - City",)),
)
_OUTLOOK_COLUMNS: Columns = (
    ("company", ("Company",)),
    ("role", ("Job Title",)),
    ("location", ("Business City", "Home City")),
)


def _columns(row: dict[str, str], wanted: Columns, pick: Callable[[str], str] = str.strip) -> dict[str, str]:
    """Each field of `wanted` from the first of its columns that says something, as `pick`
    reads the cell; fields with nothing said are left out."""
    found = {}
    for key, columns in wanted:
        value = next((pick(row[c]) for c in columns if (row.get(c) or "").strip()), "")
        if value:
            found[key] = value
    return found


def read_linkedin(text: str) -> list[Incoming]:
    """LinkedIn's Connections.csv: a few lines of notes, then First Name, Last Name, URL,
    Email Address, Company, Position, Connected On (`03 Nov 2026`)."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.startswith("First Name,")), None)
    if start is None:
        raise UsageError("this is not LinkedIn's Connections.csv: no `First Name,` header line")
    people = []
    for number, row in enumerate(csv.DictReader(io.StringIO("".join(lines[start:]))), start=start + 2):
        name = " ".join(p for p in ((row.get("First Name") or "").strip(), (row.get("Last Name") or "").strip()) if p)
        if not name:  # (LinkedIn leaves a row for a member who hid their name)
            people.extend(_nameless(number, row))
            continue
        fields: dict[str, object] = {"source": "linkedin", **_columns(row, _LINKEDIN_COLUMNS)}
        connected = (row.get("Connected On") or "").strip()
        if connected:
            try:
                fields["connected_on"] = datetime.strptime(connected, "%d %b %Y").date().isoformat()
            except ValueError:
                raise UsageError(f"row {number}: Connected On {connected!r} is not a day like 03 Nov 2026") from None
        people.append(Incoming(name, number, fields))
    return people


class Known:
    """The vault's contacts by what an import knows a person by: each email, profile URL
    and name (with the aliases), looked up at once rather than by a scan per row."""

    def __init__(self, contacts: list[Contact]) -> None:
        self.by_key: dict[str, list[Contact]] = {}
        self.by_name: dict[str, list[Contact]] = {}
        for contact in contacts:
            url = _url_key(str(contact.field("linkedin") or ""))
            for key in {*contact.emails, *([url] if url else [])}:
                self.by_key.setdefault(key.lower(), []).append(contact)
            for name in {fold(contact.name), *(fold(a) for a in contact.aliases)}:
                self.by_name.setdefault(name, []).append(contact)

    def match(self, person: Incoming) -> list[Contact]:
        """The contacts `person` may be: an email or the profile URL the same, else the name."""
        keys = [email.lower() for email in _all(person.fields.get("email"))]
        keys.append(_url_key(str(person.fields.get("linkedin", ""))))
        found = [c for key in keys if key for c in self.by_key.get(key, [])]
        if found:
            return list({id(c): c for c in found}.values())
        return self.by_name.get(fold(person.name), [])


def _url_key(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _all(value: object) -> list[str]:
    """A field's values: a person with several emails or phones has a list."""
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def _one_or_many(values: list[str]) -> str | list[str]:
    """Every value once (emails case-blind), as a note says one, or several: an export's
    second email or phone is the person's too, not to be left behind."""
    kept = list({v.strip().lower() if "@" in v else v.strip(): v.strip() for v in values if v.strip()}.values())
    return kept[0] if len(kept) == 1 else kept


def _with_many(fields: dict[str, object], key: str, values: list[str]) -> None:
    """Put every one of `values` (if any) in `fields[key]`."""
    found = _one_or_many(values)
    if found:
        fields[key] = found


def _web(fields: dict[str, object], urls: list[str]) -> None:
    """A person's web addresses: a LinkedIn profile as `linkedin` (an import knows people
    by it), the others as `website`."""
    profiles = [u for u in urls if "linkedin.com/" in u.lower()]
    _with_many(fields, "linkedin", profiles[:1])
    _with_many(fields, "website", [u for u in urls if u not in profiles])


# What an import says of the person, never added to a note the user has: where the row
# came from, and the notes another service kept (the body is the user's).
_NOT_A_FACT = frozenset(("source", "notes"))


def missing_fields(person: Incoming, contact: Contact) -> dict[str, object]:
    """The facts `person` brings that `contact`'s note does not say (under any name)."""
    missing: dict[str, object] = {}
    for key, value in person.fields.items():
        if key in _NOT_A_FACT:
            continue
        have = contact.emails if key == "email" else contact.tags if key == "tags" else contact.field(key)
        if have in (None, "", [], ()):
            missing[key] = value
    return missing


def emails_left_out(person: Incoming, contact: Contact) -> list[str]:
    """The emails `person` brings that `contact`'s note, which has one already, does not
    list: not added (that would rewrite the user's line), so to be said."""
    if not contact.emails:
        return []  # (then missing_fields adds them all)
    known = {email.lower() for email in contact.emails}
    return [email for email in _all(person.fields.get("email")) if email.lower() not in known]


@dataclass
class Plan:
    """What an import will do: the people to make notes for, and those it leaves alone."""

    new: list[Incoming] = field(default_factory=list)
    known: list[tuple[Incoming, Contact]] = field(default_factory=list)
    ambiguous: list[tuple[Incoming, list[Contact]]] = field(default_factory=list)


def plan(people: list[Incoming], contacts: list[Contact]) -> Plan:
    """Sort the incoming people into new, known (one match) and ambiguous (several)."""
    result = Plan()
    known = Known(contacts)
    seen: set[str] = set()
    for person in people:
        found = known.match(person)
        if len(found) == 1:
            result.known.append((person, found[0]))
        elif found:
            result.ambiguous.append((person, found))
        elif fold(person.name) not in seen:  # (the same person twice in one file: once)
            seen.add(fold(person.name))
            result.new.append(person)
    return result


# Google's labels that every contact has or that say nothing of them.
_GOOGLE_SYSTEM_LABELS = frozenset(("* mycontacts", "* starred", "mycontacts", "starred", "* other contacts"))


def read_google(text: str) -> list[Incoming]:
    """Google Contacts' CSV (the Google CSV format, old and new column names): the name,
    every email and phone, websites, the city, organisation and title, birthday, and
    labels as tags."""
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if "E-mail Address" in columns and "E-mail 1 - Value" not in columns:
        return read_outlook(text)  # (Google exports "Outlook CSV" too)
    if not columns & {"Name", "Given Name", "First Name"} or not any("E-mail" in c for c in columns):
        raise UsageError("this is not a Google Contacts CSV: no Name or Given Name, and no E-mail columns")
    people = []
    for number, row in enumerate(reader, start=2):
        name = _google_name(row)
        if not name:
            people.extend(_nameless(number, row))
            continue
        # (A cell may hold several values, ` ::: ` between them: of a company or a city, the first.)
        fields: dict[str, object] = {
            "source": "google",
            **_columns(row, _GOOGLE_COLUMNS, lambda cell: cell.split(" ::: ")[0].strip()),
        }
        _with_many(fields, "email", _numbered(row, "E-mail {} - Value"))
        _with_many(fields, "phone", _numbered(row, "Phone {} - Value"))
        _web(fields, _numbered(row, "Website {} - Value"))
        birthday = (row.get("Birthday") or "").strip()
        if birthday:
            fields["birthday"] = birthday.removeprefix("--")
        _add_notes(fields, row.get("Notes"))
        labels = (row.get("Labels") or row.get("Group Membership") or "").split(" ::: ")
        tags = [t.strip().lstrip("* ") for t in labels if t.strip() and t.strip().lower() not in _GOOGLE_SYSTEM_LABELS]
        if tags:
            fields["tags"] = tags
        people.append(Incoming(name, number, fields))
    return people


def read_outlook(text: str) -> list[Incoming]:
    """Outlook's contacts CSV (also Google's "Outlook CSV"): First/Middle/Last Name, the
    three E-mail Addresses, Mobile/Primary/Business/Home Phones, Web Page, Company, Job
    Title, Business or Home City, Birthday, Categories (`;`)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if not {"First Name", "Last Name", "E-mail Address"} <= columns:
        raise UsageError("this is not an Outlook contacts CSV: no First Name, Last Name and E-mail Address columns")
    people = []
    for number, row in enumerate(reader, start=2):
        name = " ".join(v for c in ("First Name", "Middle Name", "Last Name") if (v := (row.get(c) or "").strip()))
        if not name:
            people.extend(_nameless(number, row))
            continue
        fields: dict[str, object] = {"source": "outlook", **_columns(row, _OUTLOOK_COLUMNS)}
        _with_many(fields, "email", [row.get(c) or "" for c in _OUTLOOK_EMAILS])
        _with_many(fields, "phone", [row.get(c) or "" for c in _OUTLOOK_PHONES])
        _web(fields, [row.get("Web Page") or ""])
        person = Incoming(name, number, fields)
        birthday = (row.get("Birthday") or "").strip()
        if birthday and not birthday.startswith("0/0/"):
            day = _outlook_day(birthday)
            if day:
                fields["birthday"] = day
            else:
                person.remarks.append(f"Birthday {birthday!r} could be read more than one way; left out")
        _add_notes(fields, row.get("Notes"))
        tags = [t.strip() for t in (row.get("Categories") or "").split(";") if t.strip()]
        if tags:
            fields["tags"] = tags
        people.append(person)
    return people


_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_OUTLOOK_PHONES = ("Mobile Phone", "Primary Phone", "Business Phone", "Business Phone 2", "Home Phone", "Home Phone 2")


def _outlook_day(text: str) -> str | None:
    """Outlook's Birthday, `1/15/1985` (as the exporting machine writes days) or an ISO
    day; None for a day that could be read two ways (3/4/1985), rather than a guess."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if found:
        first, second, year = (int(g) for g in found.groups())
        if first > 12 >= second:  # (day/month)
            first, second = second, first
        if second > 12 >= first or first == second:
            try:
                return date(year, first, second).isoformat()
            except ValueError:
                pass
    return None


def _add_notes(fields: dict[str, object], text: str | None) -> None:
    """The notes a service kept on the person, if any (kept in the new note's body)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if lines:
        fields["notes"] = lines


def _numbered(row: dict[str, str], column: str) -> list[str]:
    """Every value of Google's numbered columns (`E-mail 1 - Value`, `E-mail 2 - Value`…),
    each cell split where it holds several (` ::: `)."""
    found: list[str] = []
    number = 1
    while column.format(number) in row:
        found += (row.get(column.format(number)) or "").split(" ::: ")
        number += 1
    return found


def _google_name(row: dict[str, str]) -> str:
    full = (row.get("Name") or "").strip()
    if full:
        return full
    parts = [row.get(c) or "" for c in ("Given Name", "First Name", "Additional Name", "Middle Name")]
    parts += [row.get(c) or "" for c in ("Family Name", "Last Name")]
    return " ".join(p.strip() for p in dict.fromkeys(parts) if p.strip())


def read_vcard(text: str) -> list[Incoming]:
    """vCards (2.1, 3.0, 4.0; one file of many, folded lines, QUOTED-PRINTABLE) read with
    vobject: the name, every email, phone and URL (a LinkedIn profile as `linkedin`), the
    city of the first address, organisation, title, birthday and categories."""
    import vobject

    people = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # (vobject raises its own kinds for a broken file)
        raise UsageError(f"this is not a vCard file: {exc}") from None
    for number, card in enumerate(cards, start=1):
        if card.name != "VCARD":
            continue
        name = _card_value(card, "fn") or _card_name(card)
        if not name:
            people.append(Incoming("", number, remarks=["this card has no name (FN or N); skipped"]))
            continue
        fields: dict[str, object] = {"source": "vcard"}
        _with_many(fields, "email", _card_values(card, "email"))
        _with_many(fields, "phone", _card_values(card, "tel"))
        _web(fields, _card_values(card, "url"))
        role = _card_value(card, "title")
        if role:
            fields["role"] = role
        place = _card_place(card)
        if place:
            fields["location"] = place
        org = _card_value(card, "org")
        if org:
            fields["company"] = org
        person = Incoming(name, number, fields)
        birthday = _card_value(card, "bday")
        if birthday:
            day = _card_birthday(birthday, card.bday.params)
            if day:
                fields["birthday"] = day
            else:
                person.remarks.append(f"BDAY {birthday!r} is no day vaultnet reads; left out")
        _add_notes(fields, _card_value(card, "note"))
        categories = getattr(card, "categories", None)
        if categories is not None and categories.value:
            fields["tags"] = [str(c) for c in categories.value if str(c).strip()]
        people.append(person)
    return people


_CARD_DAY = re.compile(r"(?P<year>\d{4}|--)-?(?P<month>\d{2})-?(?P<day>\d{2})(?:T[\d:]+Z?)?")


def _card_birthday(text: str, params: dict[str, list[str]]) -> str | None:
    """A vCard BDAY as the note format writes birthdays: `1990-05-17`, or `05-17` when the
    card has no year (`--0517`, `--05-17`, or Apple's year marked X-APPLE-OMIT-YEAR)."""
    found = _CARD_DAY.fullmatch(text)
    if not found:
        return None
    year, month, day = found.group("year", "month", "day")
    omitted = params.get("X-APPLE-OMIT-YEAR", [""])[0]
    if year == "--" or year == omitted:
        return f"{month}-{day}" if month <= "12" and day <= "31" else None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _card_name(card: Any) -> str:
    """The name from a card's N (given, additional, family) where it has no FN (2.1 cards)."""
    found = getattr(card, "n", None)
    if found is None or not hasattr(found.value, "given"):
        return ""
    parts = (found.value.given, found.value.additional, found.value.family)
    return " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p and str(p).strip()).strip()


def _card_values(card: Any, prop: str) -> list[str]:
    """Every value of a property a card may have several of (EMAIL, TEL, URL)."""
    return [str(line.value).strip() for line in card.contents.get(prop, []) if str(line.value).strip()]


def _card_place(card: Any) -> str:
    """Where the person is, from the card's first address: the city, else the region or
    country (the street is no place to meet them by)."""
    for line in card.contents.get("adr", []):
        address = line.value
        for part in (getattr(address, "city", ""), getattr(address, "region", ""), getattr(address, "country", "")):
            text = " ".join(part) if isinstance(part, list) else str(part or "")
            if text.strip():
                return text.strip()
    return ""


def _card_value(card: object, prop: str) -> str:
    found = getattr(card, prop, None)
    if found is None:
        return ""
    value = found.value
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if str(v).strip())
    return str(value).strip()


# The fields a CSV's columns may fill (the note format's), by the names vaultnet reads.
CSV_FIELDS = frozenset(
    "name email phone company role industry location circle cadence birthday how_met met_on notes".split()
) | {"tags", "interests", "offers", "needs"}
_LIST_FIELDS = frozenset(("tags", "interests", "offers", "needs"))  # (`a; b` or `a, b` in a cell)


def parse_mapping(text: str) -> dict[str, str]:
    """`--map "Full name=name,Org=company"`: column -> field."""
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        column, sep, key = part.rpartition("=")
        if not sep or not column.strip() or key.strip() not in CSV_FIELDS:
            raise UsageError(f"--map: {part!r} is not COLUMN=FIELD", hint=f"fields: {', '.join(sorted(CSV_FIELDS))}")
        mapping[column.strip()] = key.strip()
    return mapping


def read_csv(text: str, mapping: dict[str, str]) -> list[Incoming]:
    """A CSV of any kind: columns named as the note format's fields (`Email`, `Company`,
    `Last Contact`…) are read as them, and `mapping` names the others."""
    from .model import field_key

    reader = csv.DictReader(io.StringIO(text))
    columns = {c: mapping.get(c) or field_key(c) or c.strip().lower() for c in reader.fieldnames or ()}
    columns = {c: k for c, k in columns.items() if k in CSV_FIELDS}
    if "name" not in columns.values():
        raise UsageError('no column is the name: name one with --map "COLUMN=name"')
    people = []
    for number, row in enumerate(reader, start=2):
        fields: dict[str, object] = {"source": "csv"}
        for column, key in columns.items():
            value = (row.get(column) or "").strip()
            if key == "email" and value.count("@") > 1:  # (`a@x.org; b@y.org` in one cell)
                _with_many(fields, key, re.split(r"[;,\s]+", value))
            elif key == "phone" and ";" in value:
                _with_many(fields, key, value.split(";"))
            elif value:
                fields[key] = (
                    [t.strip() for t in value.replace(";", ",").split(",") if t.strip()]
                    if key in _LIST_FIELDS
                    else value
                )
        name = str(fields.pop("name", ""))
        if name:
            people.append(Incoming(name, number, fields))
        else:
            people.extend(_nameless(number, row))
    return people


def _nameless(number: int, row: dict[str, str | None]) -> list[Incoming]:
    """A row without a name, to be said and skipped; none for a row with nothing in it."""
    if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
        return []
    return [Incoming("", number, remarks=["has no name; skipped"])]
