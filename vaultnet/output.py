"""Turning model objects into text for people (aligned tables) and for scripts (JSON)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .model import ARCHIVED, Contact, DueItem, Interaction, LazyFields, Listed, Problem, Promise, display_value

if TYPE_CHECKING:  # (not imported to run: `index` prints from here and needs no query)
    from .index import SyncStats
    from .practice import Act
    from .query import NetworkStats, SearchHit
    from .query.explain import Explanation
    from .query.network import Balance
    from .query.shape import Spread

# Characters that must not reach a terminal as they are: controls (a newline or a tab in a
# file name breaks a table's rows; an escape sequence in a note could move the cursor or
# clear the screen) and the marks that reverse the order text is shown in.
_UNPRINTABLE: dict[int, str | None] = {
    **{code: "\ufffd" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))},
    **{code: " " for code in (0x09, 0x0A, 0x0D)},
    **dict.fromkeys((0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)), None),
}


def printable(text: str) -> str:
    """`text` safe to show on one line of a terminal (see _UNPRINTABLE)."""
    return text if text.isprintable() else text.translate(_UNPRINTABLE)


def width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters count two)."""
    if text.isascii() or max(text) < "\u0300":
        return len(text)  # (Latin letters with their accents, precomposed: one column each)
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
    columns = [[str(cell) for cell in column] for column in zip(headers, *rows)]
    padded = [_padded(column, max_width) for column in columns[:-1]]
    last = columns[-1]
    if not _plain("".join(last)):
        last = [printable(text) for text in last]
    return "\n".join("  ".join(parts).rstrip() for parts in zip(*padded, last))


def _plain(text: str) -> bool:
    """True when `text` is printable ASCII: as wide as it is long, and safe as it is."""
    return text.isascii() and text.isprintable()


def _padded(column: list[str], max_width: int) -> list[str]:
    """A table's column, each cell made safe (printable), cut to `max_width` columns and
    padded to the widest. Most columns are printable ASCII, told at once for the whole
    column, and most of the rest Latin letters, whose width is their length."""
    joined = "".join(column)
    plain = _plain(joined)
    if not joined.isprintable():
        column = [printable(text) for text in column]
    widths = list(map(len, column)) if plain else list(map(width, column))
    if max(widths) > max_width:
        column = [text if w <= max_width else clip(text, max_width) for text, w in zip(column, widths)]
        widths = [w if w <= max_width else width(text) for text, w in zip(column, widths)]
    widest = max(widths)
    if plain:
        return [text.ljust(widest) for text in column]
    return [text + " " * (widest - w) for text, w in zip(column, widths)]


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


def contact_json(c: Contact, with_fields: bool = True) -> dict[str, Any]:
    """A contact for `--json` output (`fields` left out unless `with_fields`)."""
    data: dict[str, Any] = {
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
    }
    if with_fields:
        data["fields"] = dict(c.fields)
    return data


def contact_json_line(c: Contact) -> str:
    """`contact_json(c)` as one line of JSON, its fields spliced in as the index keeps
    them rather than decoded and encoded again (listing thousands, that was most of it)."""
    head = _ONE_LINE(contact_json(c, with_fields=False))
    fields = c.fields.json_text() if isinstance(c.fields, LazyFields) else _ONE_LINE(dict(c.fields))
    return f'{head[:-1]}, "fields": {fields}}}'


def due_json(item: DueItem, today: date) -> dict[str, Any]:
    """A due item for `--json` output."""
    data = contact_json(item.contact, with_fields=False)
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
    data.update(score=hit.score, matched=list(hit.fields), snippet=hit.snippet, through=hit.through or None)
    return data


def stats_json(stats: NetworkStats) -> dict[str, Any]:
    """Network stats for `--json` output."""
    return {
        "total": stats.total,
        "rhythm": stats.rhythm,
        "rhythm_week_ago": stats.rhythm_week_ago,
        "moved": [{"name": name, "from": before, "to": now} for name, before, now in stats.moved],
        "circles": stats.circles,
        "spreads": {k: [{"value": v, "count": n} for v, n in rows] for k, rows in stats.spreads.items()},
        "lists": [
            {
                "name": x.name,
                "members": x.members,
                "size": x.size,
                "target": x.target,
                "advice": x.advice or None,
                "candidates": x.candidates,
            }
            for x in stats.lists
        ],
    }


def show_json(
    c: Contact, talks: list[Interaction], promises: list[Promise], schedule: Any, balance: Balance | None = None
) -> dict[str, Any]:
    """Everything `show --json` prints about one person."""
    data = contact_json(c)
    data.update(
        interactions=[interaction_json(i) for i in talks],
        promises=[promise_json(p) for p in promises],
        next_due_reason=schedule[2] if schedule else None,
    )
    if balance is not None:
        data["balance"] = {
            "gave": balance.gave,
            "asked": balance.asked,
            "received": balance.received,
            "last_gave": _iso(balance.last_gave),
            "last_asked": _iso(balance.last_asked),
            "last_received": _iso(balance.last_received),
            "asked_since_gave": balance.asked_since_gave,
        }
    return data


def show_lines(
    c: Contact,
    talks: list[Interaction],
    promises: list[Promise],
    schedule: Any,
    bold: Callable[[str], str],
    balance: Balance | None = None,
) -> list[str]:
    """`show` for people: fields, last contact and next due, conversations, promises."""
    lines = [bold(printable(c.name)) + f"  ({printable(c.path)})"]
    lines += [
        printable(f"  {key}: {display_value(value)}")
        for key, value in c.fields.items()
        if key != "name" and value not in (None, "", [])
    ]
    lines += ["", f"Last contact: {c.last_contact.isoformat() if c.last_contact else 'never logged'}"]
    if schedule:
        lines.append(f"Next due:     {schedule[0].isoformat()} ({schedule[2]})")
    elif c.circle == ARCHIVED:
        lines.append("Next due:     never (archived: no check-ins, follow-ups or birthdays; promises still count)")
    if balance is not None and (balance.gave or balance.asked or balance.received):
        lines.append(f"Give and ask: {balance_words(balance)}")
    lines += ["", bold(f"Conversations ({len(talks)}, newest first)")]
    lines += [printable(f"  {i.date.isoformat()}  {i.text or '(no text)'}  [{i.path}:{i.line}]") for i in talks]
    if not talks:
        lines.append("  none logged: add `- YYYY-MM-DD what you talked about` under ## Log")
    if promises:
        lines += ["", bold(f"Open promises ({len(promises)})")]
        for p in promises:
            due = f"due {p.due.isoformat()}" if p.due else "no date"
            lines.append(printable(f"  [ ] {p.text}  ({due}) [{p.path}:{p.line}]"))
    return lines


def balance_words(b: Balance) -> str:
    """`gave 1 (last 2026-11-02), asked 3 (last 2026-11-20), received 0; 2 asks since you last gave`."""
    gave = f"gave {b.gave}" + (f" (last {b.last_gave.isoformat()})" if b.last_gave else "")
    asked = f"asked {b.asked}" + (f" (last {b.last_asked.isoformat()})" if b.last_asked else "")
    received = f"received {b.received}" + (f" (last {b.last_received.isoformat()})" if b.last_received else "")
    words = f"{gave}, {asked}, {received}"
    if b.asked_since_gave >= 2:
        words += f"; {b.asked_since_gave} asks since you last gave: give first"
    return words


def stats_lines(stats: NetworkStats, bold: Callable[[str], str]) -> list[str]:
    """`stats` for people: counts with bars, then the spread of each field."""
    lines = [bold(f"{stats.total} contact{'' if stats.total == 1 else 's'}")]
    for title, counts in (("Rhythm (last 12 months)", stats.rhythm), ("Circles", stats.circles)):
        lines += ["", title]
        largest = max(counts.values(), default=0)
        lines += [f"  {key:<10} {count:>6}  {bar(count, largest)}" for key, count in counts.items()]
    if stats.moved:
        moved = ", ".join(f"{printable(name)} ({before} → {now})" for name, before, now in stats.moved[:8])
        more = f", and {len(stats.moved) - 8} more" if len(stats.moved) > 8 else ""
        lines += ["", f"Moved since a week ago: {moved}{more}"]
    if stats.lists:
        lines += ["", "Lists"]
        lines += [f"  {line}" for line in list_lines(stats)]
    for key, rows in stats.spreads.items():
        lines += ["", key.capitalize()]
        shown = rows[:10]
        largest = max((n for _, n in shown), default=0)
        lines += [f"  {printable(value)[:30]:<30} {count:>6}  {bar(count, largest)}" for value, count in shown]
        if len(rows) > 10:
            lines.append(f"  … {len(rows) - 10} more values")
    return lines


def list_lines(stats: NetworkStats) -> list[str]:
    """Each list against its size: `Network of 90 (circles inner and network): 25 of 90, room
    for 65 more; you talk most with Ann, Bo`."""
    lines = []
    for x in stats.lists:
        advice = f", {x.advice}" if x.advice else ", at its size"
        who = f" {', '.join(printable(n) for n in x.candidates)}" if x.candidates else ""
        lines.append(f"{x.name} ({x.members}): {x.size} of {x.target}{advice}{who}")
    return lines


def dumps(data: Any) -> str:
    """Stable, readable JSON (keys in a fixed order, Unicode kept): a list one element
    per line, anything else indented."""
    if isinstance(data, list):
        return "\n".join(json_lines(_ONE_LINE(item) for item in data))
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


# One element of a list on one line. Without `indent`, json uses its C encoder: for
# thousands of contacts, five times quicker than the pure-Python one `indent` needs.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def json_lines(encoded: Iterable[str]) -> Iterator[str]:
    """The lines of a JSON array of already encoded elements, one per line, produced as
    they come (a listing of 50,000 is never held whole)."""
    previous = None
    for item in encoded:
        yield "[" if previous is None else previous + ","
        previous = item
    if previous is None:
        yield "[]"
        return
    yield previous
    yield "]"


def bar(count: int, largest: int, size: int = 24) -> str:
    """A text bar proportional to count/largest."""
    if largest <= 0 or count <= 0:
        return ""
    return "█" * max(1, round(size * count / largest))


def index_json(stats: SyncStats, unreadable: list[Problem]) -> dict[str, Any]:
    """What `index --json` prints: the counts, the notes that could not be read, and the
    files the walk passed over."""
    return {
        "added": len(stats.added),
        "changed": len(stats.changed),
        "removed": len(stats.removed),
        "unchanged": stats.unchanged,
        "rebuilt": stats.rebuilt,
        "unreadable": [{"path": p.path, "line": p.line, "message": p.message} for p in unreadable],
        "passed_over": [{"path": p.path, "message": p.message} for p in stats.scan_problems],
    }


def index_lines(stats: SyncStats, unreadable: list[Problem]) -> tuple[str, list[str]]:
    """What `index` says: the counts (for stdout), and each note that could not be read
    and each file the walk passed over (a broken link, a name that is not UTF-8, a note
    iCloud keeps off this computer) as warnings, as `check` gives them (for stderr)."""
    counts = (
        f"{len(stats.added)} added, {len(stats.changed)} changed, {len(stats.removed)} removed,"
        f" {stats.unchanged} unchanged" + (" (rebuilt)" if stats.rebuilt else "")
    )
    said = [f"{p.path}:{p.line}: {p.message}" if p.line else f"{p.path}: {p.message}" for p in unreadable]
    said += [printable(f"{p.path}: warning: {p.message}") for p in stats.scan_problems]
    return counts, said


def contact_rows(listed: Sequence[Listed]) -> list[list[str]]:
    """`list`'s table rows: name, circle, company, last contact, next due."""
    return [
        [
            c.name,
            c.circle or "",
            c.company,
            c.last_contact.isoformat() if c.last_contact else "never",
            c.next_due.isoformat() if c.next_due else "",
        ]
        for c in listed
    ]


def explain_lines(e: Explanation) -> list[str]:
    """`check --explain` for people: why a contact, each conversation's source, the
    mentions not counted, the first meeting and what is due."""
    head = f"{printable(e.name)}  ({printable(e.path)})"
    verdict = "a contact" if e.contact else "not a contact"
    lines = [head, f"Is {verdict}: {e.why}."]
    if e.frontmatter:
        lines.append(f"Read without its frontmatter, which cannot be read: {printable(e.frontmatter)}")
    if not e.contact:
        return lines
    lines += ["", f"Conversations ({len(e.talks)}, newest first):"]
    lines += [printable(f"  {t.date.isoformat()}  {t.source:7}  {t.path}:{t.line}  {t.text}") for t in e.talks] or [
        "  none"
    ]
    if e.mentions:
        lines += ["", f"Not counted as conversations ({len(e.mentions)}):"]
        for m in e.mentions:
            lines.append(printable(f"  {m.date.isoformat()}  {m.path}:{m.line}  {m.text}"))
            lines.append(f"      {m.why}")
    lines += ["", f"First meeting: {e.first_meeting}.", f"Due: {e.due}."]
    return lines


def explain_json(e: Explanation) -> dict[str, Any]:
    """`check --explain --json`."""
    return {
        "path": e.path,
        "name": e.name,
        "contact": e.contact,
        "why": e.why,
        "frontmatter": e.frontmatter or None,
        "conversations": [
            {"date": t.date.isoformat(), "source": t.source, "path": t.path, "line": t.line, "text": t.text}
            for t in e.talks
        ],
        "not_counted": [
            {"date": m.date.isoformat(), "path": m.path, "line": m.line, "text": m.text, "why": m.why}
            for m in e.mentions
        ],
        "first_meeting": e.first_meeting or None,
        "due": e.due or None,
    }


_ACT_TITLES = {
    "reach out": "Reach out to someone new",
    "introduce": "Introduce",
    "share": "Share something with",
    "care": "A caring note to",
}


def today_lines(acts: Sequence[Act], day: date) -> list[str]:
    """`today` for people: the day's acts, each with its people, why, and whether done."""
    lines = [f"Today, {day.strftime('%A')} {day.isoformat()}"]
    if not acts:
        return [*lines, "", "Nothing to propose yet: add prospects (circle: prospect), interests, and log talks."]
    for number, act in enumerate(acts, 1):
        names = " and ".join(printable(p.name) for p in act.people)
        mark = "[x]" if act.done else "[ ]"
        lines += ["", f"{number}. {mark} {_ACT_TITLES[act.kind]}: {names}", f"   {printable(act.why)}"]
    return lines


def act_json(act: Act) -> dict[str, Any]:
    """`today --json`: one act."""
    return {
        "act": act.kind,
        "people": [{"name": p.name, "path": p.path} for p in act.people],
        "why": act.why,
        "done": act.done,
        "template": act.template or "intro",
    }


def diversity_lines(found: Sequence[Spread]) -> list[str]:
    """`stats --diversity` for people: per field, how concentrated, over those known."""
    from .query.shape import MOSTLY_UNKNOWN

    lines = ["Diversity (over the people whose notes say each)"]
    for d in found:
        if not d.known:
            lines.append(f"  {d.field:<12} no one's note says it")
            continue
        assert d.largest is not None and d.evenness is not None
        share = round(100 * d.largest[1] / d.known)
        known = f"known for {d.known} of {d.total}"
        unknown = "; mostly unknown, so this says little" if d.known < MOSTLY_UNKNOWN * d.total else ""
        lines.append(
            printable(
                f"  {d.field:<12} {d.groups} group{'s' if d.groups != 1 else ''}, largest {d.largest[0]} ({share}%),"
                f" evenness {d.evenness:.2f}; {known}{unknown}"
            )
        )
    return lines


def diversity_json(found: Sequence[Spread]) -> list[dict[str, Any]]:
    """`stats --diversity --json`."""
    return [
        {
            "field": d.field,
            "known": d.known,
            "total": d.total,
            "groups": d.groups,
            "largest": {"value": d.largest[0], "count": d.largest[1]} if d.largest else None,
            "evenness": d.evenness,
        }
        for d in found
    ]


def diversity_sentence(found: Sequence[Spread]) -> str:
    """One line for the digest: the fields known for most people, with their largest group,
    and the fields no one's (or few people's) notes say."""
    from .query.shape import MOSTLY_UNKNOWN

    said = []
    for d in found:
        if d.largest is not None and d.known >= MOSTLY_UNKNOWN * d.total:
            share = round(100 * d.largest[1] / d.known)
            said.append(f"{d.field}: {d.groups} groups, the largest {printable(d.largest[0])} ({share}%)")
    unknown = [d.field for d in found if d.known < MOSTLY_UNKNOWN * d.total]
    parts = said + ([f"mostly unknown: {', '.join(unknown)}"] if unknown else [])
    return "; ".join(parts)
