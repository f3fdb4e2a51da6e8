"""The weekly digest note: the week's next actions, written back into the vault.

vaultnet writes only between its own markers, keeps whatever the user wrote around them,
and keeps the ticks on tasks the user checked inside them: every task carries a block id
(`^vn-…`) derived from what it is about, so a regenerated task finds its old tick. The
same vault and date give the same bytes; an unchanged digest is not rewritten at all.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .config import Settings
from .drafts import user_view
from .errors import UsageError
from .model import Contact, DueItem
from .output import diversity_sentence, list_lines
from .practice import introductions, shareable
from .query import Network, NetworkStats
from .query.shape import SECTORS, by_sector, diversity
from .render import DigestContext, link_to, render

BEGIN = "<!-- vaultnet:begin -->"
END = "<!-- vaultnet:end -->"
MAX_REACH_OUT = 25
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
_STATS = re.compile(r"<!-- vaultnet:stats (\{.*?\}) -->")
_TICKED = re.compile(r"^[ \t]*[-*+] \[[xX]\] .*\^(vn-[0-9a-f]{8})[ \t]*$", re.MULTILINE)
_TASK_ID = re.compile(r"^(\s*[-*+] )\[ \]( .*\^(vn-[0-9a-f]{8})\s*)$", re.MULTILINE)


class DigestRefusedError(UsageError):
    """The digest file exists but was not written by vaultnet."""

    exit_code = 1


def parse_week(text: str) -> date:
    """The Monday of an ISO week written `2026-W48`."""
    match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip(), re.IGNORECASE)
    if not match:
        raise UsageError(f"{text!r} is not a week (write it like 2026-W48)")
    if not 1000 <= int(match.group(1)) <= 8999:
        # (as --today: reviews count weeks and years from it, which must stay in the calendar)
        raise UsageError(f"{text!r} is too far away (give a year from 1000 to 8999)")
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise UsageError(f"{text!r} is not a week of that year") from None


def week_name(monday: date) -> str:
    """`2026-W48` for the ISO week starting on `monday`."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def task_id(*parts: str) -> str:
    """A stable block id for a digest task, from what the task is about."""
    return "vn-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:8]


def build(
    net: Network,
    monday: date,
    find_draft: Callable[[Contact, str], Path | None],
    previous: str | None,
) -> DigestContext:
    """Everything the digest shows for the week starting `monday`. `find_draft` says where
    the draft for a person and template is (or will be); `previous` is last week's digest
    text, for the change in the network's numbers."""
    settings = net.settings
    sunday = monday + timedelta(days=6)
    today = net.today
    within = max(sunday - today, timedelta(0))
    items = net.due(within)
    return DigestContext(
        week=week_name(monday),
        start=monday,
        end=sunday,
        today=today,
        user=user_view(settings),
        reach_out=_reach_out(net, [i for i in items if i.reason != "promise"], find_draft),
        promises=_promises(net, [i for i in items if i.reason == "promise"]),
        prospects=_prospects(net, monday),
        introductions=_introductions(net),
        share=_share(net, monday, sunday),
        give_first=_give_first(net),
        network=_network(net, previous) if net.contacts else None,
        goals=_goals(net, monday),
    )


def _relative(item_due: date, today: date) -> str:
    days = (today - item_due).days
    if days > 1:
        return f"{days} days overdue"
    if days == 1:
        return "1 day overdue"
    if days == 0:
        return "due today"
    return f"due {WEEKDAYS[item_due.weekday()] if item_due.weekday() < 5 else item_due.strftime('%a')} {item_due.day}"


TEMPLATE_FOR = {"followup": "followup", "cadence": "checkin", "birthday": "birthday"}
WHY = {"followup": "follow up after your first meeting", "cadence": "check in", "birthday": "birthday"}


def _reach_out(
    net: Network, items: list[DueItem], find_draft: Callable[[Contact, str], Path | None]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        if item.contact.path in seen:
            continue  # one line a person; the first is the most overdue
        seen.add(item.contact.path)
        if len(rows) == MAX_REACH_OUT:
            break
        talks = net.interactions(item.contact)
        last = next((t for t in talks if t.date <= net.today), None)
        template = TEMPLATE_FOR[item.reason]
        draft = find_draft(item.contact, template)
        rows.append(
            {
                "link": link_to(item.contact.path, item.contact.name),
                "name": item.contact.name,
                "reason": item.reason,
                "why": WHY[item.reason] + (f" ({item.detail.split(';')[0]})" if item.reason == "cadence" else ""),
                "when": _relative(item.due, net.today),
                "last": f"{last.date.isoformat()}: {_short(last.text)}" if last else "",
                "draft": _draft_link(net.settings, draft) if draft else "",
                "path": item.contact.path,
                "id": task_id("reach", item.contact.path, item.reason),
            }
        )
    rest = len({i.contact.path for i in items}) - len(rows)
    if rest > 0:
        rows.append({"more": rest})
    return rows


def _short(text: str, limit: int = 90) -> str:
    text = text.rstrip(" .")  # the template ends the sentence itself
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _draft_link(settings: Settings, path: Path) -> str:
    rel = path.relative_to(settings.vault).as_posix()
    return f"[[{rel[:-3] if rel.endswith('.md') else rel}|draft]]"


def _promises(net: Network, items: list[DueItem]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        promise = item.promise
        assert promise is not None
        rows.append(
            {
                "text": promise.text,
                "link": link_to(item.contact.path, item.contact.name),
                "when": _relative(item.due, net.today),
                "source": promise.path,
                "line": promise.line,
                "id": task_id("promise", promise.path, str(promise.line), promise.text),
            }
        )
    return rows


def _prospects(net: Network, monday: date) -> list[dict[str, Any]]:
    """One prospect not contacted yet per weekday, rotating through the list week by
    week, so the same person never comes twice in a row."""
    pool = [c for c in net.contacts if c.circle == "prospect" and c.last_contact is None]
    if not pool:
        return []
    start = (monday.isocalendar()[1] * len(WEEKDAYS)) % len(pool)
    rows = []
    for offset, day_name in enumerate(WEEKDAYS[: len(pool)]):
        person = pool[(start + offset) % len(pool)]
        day = monday + timedelta(days=offset)
        note = person.field_text("how_met") or person.field_text("notes")
        role = " at ".join(p for p in (person.field_text("role"), person.field_text("company")) if p)
        rows.append(
            {
                "day": f"{day_name} {day.day}",
                "link": link_to(person.path, person.name),
                "role": role,
                "note": note,
                "id": task_id("prospect", day.isoformat(), person.path),
            }
        )
    return rows


def _introductions(net: Network) -> list[dict[str, Any]]:
    rows = []
    for pair in introductions(net, net.introducible(), limit=3):
        rows.append(
            {
                "a": link_to(pair.a.path, pair.a.name),
                "b": link_to(pair.b.path, pair.b.name),
                "a_name": pair.a.name,
                "b_name": pair.b.name,
                "reason": pair.reason,
                "id": task_id("intro", pair.a.path, pair.b.path),
            }
        )
    return rows


def _share(net: Network, monday: date, sunday: date) -> list[dict[str, Any]]:
    """People whose interests match a topic noted in the last seven days' daily notes (up
    to today, or to the week's Sunday for a past week): at most two a topic, five in all."""
    last = min(sunday, net.today)
    per_topic: dict[str, int] = {}
    chosen: list[dict[str, Any]] = []
    for found in shareable(net, last - timedelta(days=6), last):
        per_topic[found.topic] = per_topic.get(found.topic, 0) + 1
        if per_topic[found.topic] <= 2 and len(chosen) < 5:
            noted = found.noted_in
            chosen.append(
                {
                    "link": link_to(found.person.path, found.person.name),
                    "topic": found.topic,
                    "noted_in": noted[:-3] if noted.endswith(".md") else noted,
                }
            )
    return chosen


def _give_first(net: Network) -> list[dict[str, Any]]:
    """People you have asked of twice or more since you last gave them anything (five)."""
    return [
        {
            "link": link_to(person.path, person.name),
            "asks": balance.asked_since_gave,
            "last_gave": balance.last_gave.isoformat() if balance.last_gave else "",
            "id": task_id("give", person.path),
        }
        for person, balance in net.one_way()[:5]
    ]


def _network(net: Network, previous: str | None) -> dict[str, Any]:
    stats = net.stats()
    before: dict[str, Any] = {}
    if previous:
        found = _STATS.search(previous)
        if found:
            try:
                before = json.loads(found.group(1))
            except ValueError:
                before = {}

    def with_change(counts: dict[str, int], key: str) -> list[dict[str, Any]]:
        old = before.get(key, {}) if isinstance(before.get(key), dict) else {}
        return [
            {"name": name, "count": count, "change": count - old[name] if isinstance(old.get(name), int) else None}
            for name, count in counts.items()
        ]

    sectors, unknown = by_sector(stats.spreads.get("industry", []))
    top = sectors[: len(SECTORS)]  # every sector has room; what no sector fits beyond that is Other
    other = sum(n for _, n in sectors[len(SECTORS) :])
    chart = [{"name": v.replace('"', "'"), "count": n} for v, n in top] + (
        [{"name": "Other", "count": other}] if other else []
    )
    return {
        "total": stats.total,
        "total_change": stats.total - before["total"] if isinstance(before.get("total"), int) else None,
        # (How often you talk is worked out a week back from the notes themselves.)
        "rhythm": [
            {"name": name, "count": count, "change": count - stats.rhythm_week_ago.get(name, 0)}
            for name, count in stats.rhythm.items()
        ],
        "moved": [f"{name} ({before} → {now})" for name, before, now in stats.moved[:8]],
        "moved_more": max(0, len(stats.moved) - 8),
        "circles": with_change(stats.circles, "circles"),
        "industries": chart,
        "industry_unknown": unknown,
        "lists": list_lines(stats),
        "joined_left": _joined_left(stats, before),
        "diversity": diversity_sentence(diversity(net)),
        "stats_json": json.dumps(
            {
                "total": stats.total,
                "rhythm": stats.rhythm,
                "circles": stats.circles,
                "lists": {x.members: x.names for x in stats.lists},
            },
            sort_keys=True,
            ensure_ascii=False,
        ).replace(">", "\\u003e"),  # (a name holding `-->` must not end the comment it is kept in)
    }


def _joined_left(stats: NetworkStats, before: dict[str, Any]) -> list[str]:
    """Who joined and who left each list since last week's digest (which keeps its members)."""
    old = before.get("lists") if isinstance(before.get("lists"), dict) else None
    if old is None:
        return []
    lines = []
    for x in stats.lists:
        was = set(old.get(x.members, [])) if isinstance(old.get(x.members), list) else set()
        joined, left = sorted(set(x.names) - was), sorted(was - set(x.names))
        parts = ([f"joined {', '.join(joined)}"] if joined else []) + ([f"left {', '.join(left)}"] if left else [])
        if parts:
            lines.append(f"{x.name}: {'; '.join(parts)}")
    return lines


def _goals(net: Network, monday: date) -> dict[str, Any] | None:
    """This month's targets (a Goals/YYYY-MM note, else config) against what happened. The
    month is the one holding the week's Thursday, as ISO weeks are counted."""
    found = month_goals(net, (monday + timedelta(days=3)).replace(day=1))
    if not any(r["goal"] for r in found["rows"]) and not found["planned"] and not found["met"]:
        return None
    return {"month": found["month"], "rows": found["rows"]}


def month_goals(net: Network, month_start: date) -> dict[str, Any]:
    """A month's targets (a Goals/YYYY-MM note, else config) against what the vault shows:
    the rows of the goals table, and the people met that month and those followed up."""
    month_end = (month_start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    targets = dict(net.settings.goals)
    targets.update(_goal_fields(net.settings.vault / "Goals" / f"{month_start:%Y-%m}.md"))
    span = (month_start.isoformat(), month_end.isoformat())
    planned = attended = 0
    for fields in net.typed_notes("event", *span):
        planned += 1
        went = fields.get("attended", fields.get("status"))
        attended += went is True or str(went).strip().lower() in ("yes", "true", "attended", "done")
    met = [c for c in net.contacts if c.met_on and span[0] <= c.met_on.isoformat() <= span[1]]
    followed = [c for c in met if c.last_contact and c.met_on and c.last_contact > c.met_on]
    # (Talked to again after three months or more: a re-connection.)
    reconnected = net.reconnected(month_start, month_end, 90)
    rows = [
        {"name": "Events attended", "done": attended, "of": planned, "goal": targets.get("events")},
        {"name": "New people met", "done": len(met), "of": None, "goal": targets.get("people")},
        {"name": "First meetings followed up", "done": len(followed), "of": len(met), "goal": targets.get("followups")},
    ]
    if targets.get("reconnections") or reconnected:
        rows.append(
            {"name": "Re-connections", "done": len(reconnected), "of": None, "goal": targets.get("reconnections")}
        )
    return {
        "month": f"{month_start:%B %Y}",
        "rows": rows,
        "planned": planned,
        "met": met,
        "followed": followed,
        "reconnected": reconnected,
        "targets": targets,
        "end": month_end,
    }


def _goal_fields(path: Path) -> dict[str, int]:
    from .parse import split_frontmatter
    from .yamlfm import load

    try:
        frontmatter = split_frontmatter(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))[0]
        data = load(frontmatter) if frontmatter else {}
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    goals = ("events", "people", "followups", "reconnections")
    return {k: v for k, v in data.items() if k in goals and isinstance(v, int) and v >= 0}


# --- the file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestResult:
    """What `make` did: the digest's path and text, and the drafts it wrote."""

    path: Path
    text: str
    status: str  # "written" (new), "updated", "unchanged", or "printed" (nothing written)
    drafts: tuple[Path, ...] = ()  # written, or (when printed) that would be written
    before: Any = None  # the digest as read, when printed
    acted: tuple[str, ...] = ()  # what the ticks found in it did (a task ticked, a check-in logged)


def make(net: Network, env: Any, monday: date, write: bool = True, drafts: bool = True) -> DigestResult:
    """Build the week's digest and, when `write`, write it (and the drafts it links to)
    into the vault: new files only, and the digest's own region only, holding the vault's
    writer lock from reading the digest to writing it (a watcher and a command may both)."""
    from . import notefile

    if not write:
        return _make(net, env, monday, write, drafts)
    with notefile.vault_lock(net.settings.cache_dir):
        return _make(net, env, monday, write, drafts)


def _make(net: Network, env: Any, monday: date, write: bool, drafts: bool) -> DigestResult:
    from . import notefile
    from .drafts import as_markdown, existing_draft, make_draft, path_for, stamped

    settings = net.settings
    sunday = monday + timedelta(days=6)
    path = digest_path(settings, monday)
    notefile.check_target(path, settings.vault)
    planned: list[tuple[Contact, str, Path]] = []

    def find_draft(contact: Contact, template: str) -> Path | None:
        found = existing_draft(settings, monday, sunday, contact, template)
        if found or not drafts:
            return found
        target = path_for(settings, net.today, (contact,), template)
        planned.append((contact, template, target))
        return target

    previous_path = digest_path(settings, monday - timedelta(days=7))
    previous = previous_path.read_text(encoding="utf-8", errors="replace") if previous_path.is_file() else None
    context = build(net, monday, find_draft, previous)
    snapshot = notefile.read(path) if path.exists() else None
    old_text = snapshot.data.decode("utf-8", errors="strict") if snapshot else None
    acted = _act_on_ticks(net, context, old_text) if write and old_text else ()
    title = f"# Week {context.week} ({context.start.day} {context.start:%b} – {context.end.day} {context.end:%b %Y})"
    header = f"---\ntype: digest\nweek: {context.week}\ntags: [digest]\n---\n{title}\n"
    text = merge(old_text, region(env, "digest.md.j2", context), header, path)
    if not write:
        return DigestResult(path, text, "printed", tuple(target for _, _, target in planned), snapshot)
    # The drafts and the digest are written as one step: a full disk leaves none of them.
    # (A draft written meanwhile is left as it is: the digest links to it all the same.)
    writes = [
        notefile.Write(
            target, stamped(as_markdown(make_draft(net, env, contact, template), net.today).encode()), exist_ok=True
        )
        for contact, template, target in planned
    ]
    writes.append(notefile.Write(path, text.encode(), snapshot))
    try:
        written = notefile.write_all(writes)
    except FileExistsError:
        raise notefile.WriteRefusedError("was created meanwhile; nothing written", path=str(path)) from None
    status = "written" if snapshot is None else "updated" if path in written else "unchanged"
    removed = remove_old_drafts(net, monday)
    acted = (*acted, *(f"removed {rel}: an old draft nobody edited or linked to" for rel in removed))
    return DigestResult(path, text, status, tuple(p for p in written if p != path), acted=acted)


_DRAFT_DAY = re.compile(rb"^date: (\d{4}-\d{2}-\d{2})\r?$", re.MULTILINE)


def remove_old_drafts(net: Network, monday: date) -> list[str]:
    """Remove the drafts an earlier week's digest wrote that nobody edited (their bytes as
    written: see drafts.untouched) and no note of yours links to; never another file.
    Called under the writer lock. Returns the vault-relative paths removed."""
    from . import notefile
    from .drafts import untouched

    folder = net.settings.vault / net.settings.drafts_folder
    if not folder.is_dir():
        return []
    linked = net.linked_paths()
    removed = []
    for path in sorted(folder.glob("*.md")):
        rel = path.relative_to(net.settings.vault).as_posix()
        try:
            data = path.read_bytes()
        except OSError:
            continue
        day = _DRAFT_DAY.search(data)
        if rel in linked or not day or day.group(1).decode() >= monday.isoformat() or not untouched(data):
            continue
        if notefile.remove_if_unchanged(path, data):
            removed.append(rel)
    return removed


def ticked_ids(region_text: str) -> set[str]:
    """The block ids of the tasks ticked in a region vaultnet wrote (`- [x] … ^vn-…`)."""
    return {m.group(1) for m in _TICKED.finditer(region_text)}


def _act_on_ticks(net: Network, context: DigestContext, old_text: str) -> tuple[str, ...]:
    """Do what the ticks in the digest say (issue 17): a promise ticked there is ticked in
    its note (`✅ day`, as the Tasks plugin writes it); a "Reach out" line ticked logs a
    check-in with that person today, unless one is logged this week already. Each
    through the one writer; a change that cannot be made is said, and the rest still are.
    Unticking before the next run undoes nothing because nothing happened yet."""
    from .changes import apply, log_change, tick_change
    from .errors import VaultnetError

    old_text = old_text.replace("\r\n", "\n")  # (a digest saved with CRLF ticks as well)
    start, end = old_text.find(BEGIN), old_text.find(END)
    ticked = ticked_ids(old_text[start:end]) if 0 <= start < end else set()
    acted: list[str] = []
    for row in context.promises:
        if row["id"] in ticked:
            try:
                apply([tick_change(net.settings, row["source"], row["line"], row["text"], net.today)])
                acted.append(f"ticked {row['text']!r} in {row['source']}")
            except VaultnetError as exc:
                acted.append(f"not ticked {row['text']!r}: {exc}")
    for row in context.reach_out:
        if row.get("id") in ticked:
            person = net.contact_at(row["path"])
            if person is None or (person.last_contact is not None and person.last_contact >= context.start):
                continue  # (a conversation logged this week already: the tick says that one)
            try:
                apply([log_change(net.settings, person, net.today, "checked in (ticked in the digest)")])
                acted.append(f"logged a check-in with {person.name}")
            except VaultnetError as exc:
                acted.append(f"no check-in logged with {person.name}: {exc}")
    return tuple(acted)


def digest_path(settings: Settings, monday: date) -> Path:
    """Where the week's digest note goes."""
    return settings.vault / settings.digests_folder / (settings.digest_name.format(week=week_name(monday)) + ".md")


def region(env: Any, template: str, context: object) -> str:
    """The generated part of a note vaultnet writes (the digest, a review), markers included."""
    body = render(env, template, context).strip("\n")
    return f"{BEGIN}\n{unforgeable(body)}\n{END}"


_MARKER = re.compile(r"<!--(\s*vaultnet:(?:begin|end)\b)", re.IGNORECASE)


def unforgeable(text: str) -> str:
    """`text` with any vaultnet marker in it (a logged line, a name) written as `&lt;!--`,
    which Markdown shows the same: note text must never end or open the region."""
    return _MARKER.sub(r"&lt;!--\1", text)


def _with_done(region_text: str, done: list[str]) -> str:
    """The region with the ticked lines it no longer generates kept under `## Done`: a tick
    is never dropped, whether the task was done, the person logged, or their note could
    not be read this time."""
    if not done:
        return region_text
    return region_text[: -len(END)] + "\n## Done\n\n" + "\n".join(done) + "\n" + END


def merge(existing: str | None, generated: str, header: str, path: Path) -> str:
    """A generated note's new text: a new note (`header`, its frontmatter and title, then
    the region), or the old one with only the part between the markers replaced, keeping
    the user's ticks inside it."""
    if existing is None:
        return f"{header}\n{generated}\n"
    newline = "\r\n" if "\r\n" in existing else "\n"
    text = existing.replace("\r\n", "\n")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise DigestRefusedError(
            "exists but was not written by vaultnet (no vaultnet:begin/end markers); nothing written",
            path=str(path),
            hint="rename it, or add the two marker lines where vaultnet may write",
        )
    ticked = {match.group(1): match.group(0).strip() for match in _TICKED.finditer(text[start:end])}
    kept = _TASK_ID.sub(lambda m: f"{m.group(1)}[x]{m.group(2)}" if m.group(3) in ticked else m.group(0), generated)
    kept = _with_done(kept, [line for key, line in ticked.items() if f"^{key}" not in generated])
    merged = text[:start] + kept + text[end + len(END) :]
    return merged.replace("\n", newline) if newline != "\n" else merged
