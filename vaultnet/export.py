"""Taking the network elsewhere: contacts as JSON (the shape of `list --json`) or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .model import Contact, display_value
from .output import contact_json, dumps

# The CSV's columns: what spreadsheets and other CRMs read, in this order.
CSV_COLUMNS = (
    *("name", "email", "phone", "company", "role", "industry", "location", "circle", "cadence", "tags"),
    *("birthday", "met_on", "how_met", "last_contact", "next_due", "path"),
)


def as_json(contacts: Iterable[Contact]) -> str:
    """The contacts as `list --json` prints them."""
    return dumps([contact_json(c) for c in contacts]) + "\n"


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
