"""Taking the network elsewhere: contacts as JSON (the shape of `list --json`) or CSV, and a
calendar (ICS) of birthdays, check-ins and promises."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from .dates import next_birthday
from .model import ARCHIVED, Contact, display_value
from .output import contact_json_line, json_lines

if TYPE_CHECKING:
    from .query import Network

# The CSV's columns: what spreadsheets and other CRMs read, in this order.
CSV_COLUMNS = (
    *("name", "email", "phone", "company", "role", "industry", "location", "circle", "cadence", "tags"),
    *("birthday", "met_on", "how_met", "last_contact", "next_due", "path"),
)


def as_json(contacts: Iterable[Contact]) -> str:
    """The contacts as `list --json` prints them."""
    return "\n".join(json_lines(contact_json_line(c) for c in contacts)) + "\n"


def as_csv(contacts: Iterable[Contact]) -> str:
    """The contacts as CSV with a header row (lists joined with `; `), for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        computed = {
            "name": c.name,
            "email": "; ".join(c.emails),
            "circle": c.circle or "",
            "cadence": c.cadence.label if c.cadence else "",
            "tags": "; ".join(c.tags),
            "last_contact": c.last_contact.isoformat() if c.last_contact else "",
            "next_due": c.next_due.isoformat() if c.next_due else "",
            "path": c.path,
        }
        writer.writerow([computed.get(key, display_value(c.field(key)).replace(", ", "; ")) for key in CSV_COLUMNS])
    return out.getvalue()


def as_ics(net: Network) -> bytes:
    """A calendar of the network: birthdays (yearly), check-ins as they fall due, and
    promises with a due date, each an all-day event with a UID that stays the same for the
    same thing, so a calendar subscribed to the file updates rather than duplicates."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//vaultnet//vaultnet//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "vaultnet")
    stamp = datetime(net.today.year, net.today.month, net.today.day, tzinfo=UTC)

    def event(uid_of: str, day: date, summary: str, yearly: bool = False) -> Event:
        item = Event()
        item.add("uid", hashlib.sha1(uid_of.encode()).hexdigest()[:20] + "@vaultnet")
        item.add("dtstamp", stamp)
        item.add("dtstart", day)
        item.add("dtend", day + timedelta(days=1))
        item.add("summary", summary)
        if yearly:
            item.add("rrule", {"freq": "yearly"})
        return item

    for contact in net.contacts:
        if contact.circle == ARCHIVED or net.is_owner(contact):
            continue
        if contact.birthday:
            month, day = int(contact.birthday[:2]), int(contact.birthday[3:])
            when = next_birthday(month, day, net.today)
            calendar.add_component(event(f"birthday {contact.path}", when, f"{contact.name}'s birthday", True))
        schedule = net.schedule_of(contact)
        if schedule is not None:
            when, reason, detail = schedule
            summary = f"{WHY.get(reason, reason).capitalize()}: {contact.name} ({detail})"
            calendar.add_component(event(f"due {contact.path}", when, summary))
    for path, promises in net.promises().items():
        person = net.contact_at(path)
        for promise in promises:
            if promise.due is not None and person is not None:
                summary = f"Promise to {person.name}: {promise.text}"
                calendar.add_component(event(f"promise {promise.path} {promise.text}", promise.due, summary))
    return bytes(calendar.to_ical())


WHY = {"followup": "follow up", "cadence": "check in"}


VCARD_VERSIONS = ("4.0", "3.0")


def as_vcard(contacts: Iterable[Contact], version: str = "4.0") -> bytes:
    """The contacts as one vCard file, 4.0 (RFC 6350) or 3.0 for older clients: name,
    emails, phone, organisation and title, birthday and tags, with a UID from the note."""
    import vobject

    out = []
    for c in contacts:
        card = vobject.vCard()
        card.add("version").value = version
        card.add("fn").value = c.name
        given, _, family = c.name.rpartition(" ")  # (`Ann Lee`: given Ann, family Lee)
        card.add("n").value = vobject.vcard.Name(family=family if given else "", given=given or c.name)
        card.add("uid").value = hashlib.sha1(c.path.encode()).hexdigest()[:20] + "@vaultnet"
        for email in c.emails:
            card.add("email").value = email
        for phone in _each(c.field("phone")):  # (a number a line: a phone dials each)
            card.add("tel").value = phone
        if c.field_text("role"):
            card.add("title").value = c.field_text("role")
        for url in (*_each(c.field("website")), *_each(c.field("linkedin"))):
            card.add("url").value = url
        if c.field_text("company"):
            card.add("org").value = [c.field_text("company")]
        birthday = c.field_text("birthday")
        if birthday and re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}", birthday):
            card.add("bday").value = _card_day(birthday, version)
        if c.tags:
            card.add("categories").value = list(c.tags)
        out.append(card.serialize())
    return "".join(out).encode("utf-8")


def _each(value: object) -> list[str]:
    """A field's values as text: each item of a list, or the one value."""
    items = value if isinstance(value, list) else [value]
    return [display_value(item) for item in items if display_value(item).strip()]


def _card_day(birthday: str, version: str) -> str:
    """A birthday (`1990-05-17`, or `05-17` without a year) as each version writes one:
    4.0 in ISO 8601's basic form (`19900517`, `--0517`), 3.0 as most clients read it
    (`1990-05-17`, `--05-17`)."""
    yearless = len(birthday) == 5
    if version == "3.0":
        return f"--{birthday}" if yearless else birthday
    return f"--{birthday.replace('-', '')}" if yearless else birthday.replace("-", "")
