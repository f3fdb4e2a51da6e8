"""Turning model objects into text for people (aligned tables) and for scripts (JSON)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from .model import Contact, DueItem, Interaction, Promise
from .query import NetworkStats, SearchHit


def width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters count two)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` columns with an ellipsis."""
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 48) -> str:
    """Rows aligned under headers; the last column is never cut."""
    if not rows:
        return ""
    last = len(headers) - 1
    sized: list[list[tuple[str, int]]] = []
    for row in [headers, *rows]:
        cells = []
        for cell in row[:last]:
            text = str(cell)
            # Most cells are short ASCII: their width is their length, and nothing to cut.
            if text.isascii() and len(text) <= max_width:
                cells.append((text, len(text)))
            else:
                text = clip(text, max_width)
                cells.append((text, width(text)))
        sized.append(cells)
    widths = [max(row[i][1] for row in sized) for i in range(last)]
    lines = []
    for cells, row in zip(sized, [headers, *rows]):
        parts = [text + " " * (widths[i] - w) for i, (text, w) in enumerate(cells)]
        lines.append("  ".join([*parts, str(row[last])]).rstrip())
    return "\n".join(lines)


def relative_days(due: date, today: date) -> str:
    """`3d late`, `today` or `in 4d`."""
    days = (today - due).days
    if days > 0:
        return f"{days}d late"
    if days == 0:
        return "today"
    return f"in {-days}d"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def contact_json(c: Contact) -> dict[str, Any]:
    """A contact for `--json` output."""
    return {
        "name": c.name,
        "path": c.path,
        "circle": c.circle,
        "cadence": c.cadence.label if c.cadence else None,
        "last_contact": _iso(c.last_contact),
        "next_due": _iso(c.next_due),
        "first_contact": _iso(c.first_contact),
        "emails": list(c.emails),
        "aliases": list(c.aliases),
        "tags": list(c.tags),
        "fields": dict(c.fields),
    }


def due_json(item: DueItem, today: date) -> dict[str, Any]:
    """A due item for `--json` output."""
    data = contact_json(item.contact)
    del data["fields"]
    data.update(
        reason=item.reason,
        due=item.due.isoformat(),
        overdue_days=item.overdue_days(today),
        detail=item.detail,
    )
    if item.promise:
        data["source"] = f"{item.promise.path}:{item.promise.line}"
    return data


def interaction_json(i: Interaction) -> dict[str, Any]:
    """An interaction for `--json` output."""
    return {"date": i.date.isoformat(), "text": i.text, "path": i.path, "line": i.line, "source": i.source}


def promise_json(p: Promise) -> dict[str, Any]:
    """A promise for `--json` output."""
    return {"text": p.text, "due": _iso(p.due), "path": p.path, "line": p.line}


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """A search hit for `--json` output."""
    data = contact_json(hit.contact)
    data.update(score=hit.score, matched=list(hit.fields), snippet=hit.snippet)
    return data


def stats_json(stats: NetworkStats) -> dict[str, Any]:
    """Network stats for `--json` output."""
    return {
        "total": stats.total,
        "rhythm": stats.rhythm,
        "circles": stats.circles,
        "spreads": {k: [{"value": v, "count": n} for v, n in rows] for k, rows in stats.spreads.items()},
    }


def dumps(data: Any) -> str:
    """Stable, readable JSON (keys in a fixed order, Unicode kept)."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def bar(count: int, largest: int, size: int = 24) -> str:
    """A text bar proportional to count/largest."""
    if largest <= 0 or count <= 0:
        return ""
    return "█" * max(1, round(size * count / largest))
