"""Bringing people in: contacts read from another service's export, made into notes.

Each source is read into `Incoming` people; `plan` matches them with the vault (an email, a
profile URL, or the name, case- and accent-blind) and makes a new note, through the
`contact` template as `add` does, for each person the vault does not have. Nothing already
in the vault is changed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import UsageError
from .model import Contact
from .names import fold

SOURCES = ("linkedin", "google", "vcard", "csv")


@dataclass
class Incoming:
    """One person as another service exported them, in the note format's fields."""

    name: str
    row: int  # where in the file: for messages
    fields: dict[str, object] = field(default_factory=dict)


def read_source(source: str, path: Path, mapping: dict[str, str] | None = None) -> list[Incoming]:
    """The people in an export file (`source` says whose; `mapping`, for a CSV of any
    kind, says which column is which field)."""
    if source == "linkedin":
        return read_linkedin(_text_of(path, "Connections.csv"))
    if source == "google":
        return read_google(_text_of(path, "contacts.csv"))
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
        if not name:
            continue  # (LinkedIn leaves a row for a member who hid their name)
        fields: dict[str, object] = {"source": "linkedin"}
        for key, column in (("email", "Email Address"), ("company", "Company"), ("role", "Position"),
                            ("linkedin", "URL")):  # fmt: skip
            value = (row.get(column) or "").strip()
            if value:
                fields[key] = value
        connected = (row.get("Connected On") or "").strip()
        if connected:
            try:
                fields["connected_on"] = datetime.strptime(connected, "%d %b %Y").date().isoformat()
            except ValueError:
                raise UsageError(f"row {number}: Connected On {connected!r} is not a day like 03 Nov 2026") from None
        people.append(Incoming(name, number, fields))
    return people


def match(person: Incoming, contacts: list[Contact]) -> list[Contact]:
    """The contacts `person` may be: the same email or profile URL, else the same name."""
    email = str(person.fields.get("email", "")).lower()
    url = str(person.fields.get("linkedin", "")).rstrip("/").lower()
    by_key = [
        c
        for c in contacts
        if (email and email in c.emails) or (url and str(c.field("linkedin") or "").rstrip("/").lower() == url)
    ]
    if by_key:
        return by_key
    wanted = fold(person.name)
    return [c for c in contacts if wanted in {fold(c.name), *(fold(a) for a in c.aliases)}]


@dataclass
class Plan:
    """What an import will do: the people to make notes for, and those it leaves alone."""

    new: list[Incoming] = field(default_factory=list)
    known: list[tuple[Incoming, Contact]] = field(default_factory=list)
    ambiguous: list[tuple[Incoming, list[Contact]]] = field(default_factory=list)


def plan(people: list[Incoming], contacts: list[Contact]) -> Plan:
    """Sort the incoming people into new, known (one match) and ambiguous (several)."""
    result = Plan()
    seen: set[str] = set()
    for person in people:
        found = match(person, contacts)
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
    the first email, phone, organisation and title, birthday, and labels as tags."""
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if not columns & {"Name", "Given Name", "First Name"} or not any("E-mail" in c for c in columns):
        raise UsageError("this is not a Google Contacts CSV: no Name or Given Name, and no E-mail columns")
    people = []
    for number, row in enumerate(reader, start=2):
        name = _google_name(row)
        if not name:
            continue
        fields: dict[str, object] = {"source": "google"}
        for key, choices in (
            ("email", ("E-mail 1 - Value",)),
            ("phone", ("Phone 1 - Value",)),
            ("company", ("Organization 1 - Name", "Organization Name")),
            ("role", ("Organization 1 - Title", "Organization Title")),
        ):
            value = next((row[c].split(" ::: ")[0].strip() for c in choices if (row.get(c) or "").strip()), "")
            if value:
                fields[key] = value
        birthday = (row.get("Birthday") or "").strip()
        if birthday:
            fields["birthday"] = birthday.removeprefix("--")
        labels = (row.get("Labels") or row.get("Group Membership") or "").split(" ::: ")
        tags = [t.strip().lstrip("* ") for t in labels if t.strip() and t.strip().lower() not in _GOOGLE_SYSTEM_LABELS]
        if tags:
            fields["tags"] = tags
        people.append(Incoming(name, number, fields))
    return people


def _google_name(row: dict[str, str]) -> str:
    full = (row.get("Name") or "").strip()
    if full:
        return full
    parts = [row.get(c) or "" for c in ("Given Name", "First Name", "Additional Name", "Middle Name")]
    parts += [row.get(c) or "" for c in ("Family Name", "Last Name")]
    return " ".join(p.strip() for p in dict.fromkeys(parts) if p.strip())


def read_vcard(text: str) -> list[Incoming]:
    """vCards (2.1, 3.0, 4.0; one file of many, folded lines, QUOTED-PRINTABLE) read with
    vobject: the name, first email, phone, organisation, title, birthday and categories."""
    import vobject

    people = []
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # (vobject raises its own kinds for a broken file)
        raise UsageError(f"this is not a vCard file: {exc}") from None
    for number, card in enumerate(cards, start=1):
        if card.name != "VCARD":
            continue
        name = _card_value(card, "fn")
        if not name:
            continue
        fields: dict[str, object] = {"source": "vcard"}
        for key, prop in (("email", "email"), ("phone", "tel"), ("role", "title")):
            value = _card_value(card, prop)
            if value:
                fields[key] = value
        org = _card_value(card, "org")
        if org:
            fields["company"] = org
        birthday = _card_value(card, "bday")
        if birthday:
            fields["birthday"] = birthday.removeprefix("--")
        categories = getattr(card, "categories", None)
        if categories is not None and categories.value:
            fields["tags"] = [str(c) for c in categories.value if str(c).strip()]
        people.append(Incoming(name, number, fields))
    return people


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
    "name email phone company role industry location circle cadence birthday how_met met_on tags".split()
)


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
    columns = {c: mapping.get(c) or field_key(c) or "" for c in reader.fieldnames or ()}
    columns = {c: k for c, k in columns.items() if k in CSV_FIELDS}
    if "name" not in columns.values():
        raise UsageError('no column is the name: name one with --map "COLUMN=name"')
    people = []
    for number, row in enumerate(reader, start=2):
        fields: dict[str, object] = {"source": "csv"}
        for column, key in columns.items():
            value = (row.get(column) or "").strip()
            if value:
                fields[key] = (
                    [t.strip() for t in value.replace(";", ",").split(",") if t.strip()] if key == "tags" else value
                )
        name = str(fields.pop("name", ""))
        if name:
            people.append(Incoming(name, number, fields))
    return people
