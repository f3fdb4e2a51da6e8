"""The quarterly review: the whole network, once a quarter, written as a note in Reviews/.

Everyone you have not met or written to in a while, by circle, with what you last talked
about and a small act to suggest; who went dormant and who became close this quarter. The
note is written as the digest is: only between its markers, your text and ticks kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .model import ARCHIVED, Contact
from .render import link_to

if TYPE_CHECKING:
    from .query import Network

QUIET_DAYS = 90  # no conversation in this long is "a while", whatever the cadence
_CIRCLES = ("inner", "network", "prospect", "")
_CLOSE = ("daily", "weekly", "monthly")


@dataclass(frozen=True)
class ReviewContext:
    """What the review template is given."""

    quarter: str  # 2026-Q4
    start: date
    end: date
    today: date
    quiet: list[dict[str, Any]]  # by circle: {"circle", "people": [{"link", "last", "said", "act", "id"}]}
    went_dormant: list[str]  # links
    became_close: list[str]


def parse_quarter(text: str) -> date:
    """The first day of a quarter written `2026-Q4`."""
    match = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text.strip())
    if not match or not 1000 <= int(match.group(1)) <= 8999:
        raise UsageError(f"not a quarter: {text!r}", hint="write it as 2026-Q4")
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


def quarter_of(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_name(start: date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def quarter_end(start: date) -> date:
    following = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return following - timedelta(days=1)


def build(net: Network, start: date) -> ReviewContext:
    """The review of the quarter starting `start`, as of `net.today`."""
    from .digest import task_id

    end = quarter_end(start)
    as_of = min(end, net.today)
    quiet: dict[str, list[dict[str, Any]]] = {circle: [] for circle in _CIRCLES}
    for person in net.contacts:
        if person.circle == ARCHIVED or net.is_owner(person) or not _quiet(person, as_of):
            continue
        talks = net.interactions(person)
        quiet[person.circle if person.circle in _CIRCLES else ""].append(
            {
                "link": link_to(person.path, person.name),
                "last": person.last_contact.isoformat() if person.last_contact else "never",
                "said": _short(talks[0].text) if talks else "",
                "act": _act(person),
                "id": task_id("review", quarter_name(start), person.path),
            }
        )
    moved = _moved_since(net, start)
    dormant = [name for name, before, now in moved if now == "dormant" and before != "dormant"]
    close = [name for name, before, now in moved if now in _CLOSE and before not in _CLOSE]
    return ReviewContext(
        quarter=quarter_name(start),
        start=start,
        end=end,
        today=net.today,
        quiet=[{"circle": circle or "no circle", "people": rows} for circle, rows in quiet.items() if rows],
        went_dormant=dormant,
        became_close=close,
    )


def _quiet(person: Contact, as_of: date) -> bool:
    """Not met or written to in a while: overdue by the cadence, or quiet for QUIET_DAYS."""
    if person.next_due is not None and person.next_due <= as_of:
        return True
    return person.last_contact is None or (as_of - person.last_contact).days >= QUIET_DAYS


def _act(person: Contact) -> str:
    """A small act to suggest: share a reading on what they are into, else a hello note."""
    interests = person.field("interests")
    first = interests[0] if isinstance(interests, list) and interests else interests
    if isinstance(first, str) and first.strip():
        return f"share something on {first.strip()}"
    if person.circle == "prospect":
        return "invite them to an event you go to"
    return "send a hello note"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _moved_since(net: Network, start: date) -> list[tuple[str, str, str]]:
    """(link, tier at the quarter's start, tier now) of everyone whose tier changed."""
    return [
        (link_to(person.path, person.name), before, now)
        for person, before, now in net.tiers_moved(start - timedelta(days=1))
    ]


def review_path(net: Network, start: date) -> Path:
    return net.settings.vault / "Reviews" / f"{quarter_name(start)}.md"


def header(context: ReviewContext) -> str:
    title = f"# Review {context.quarter} ({context.start:%b %Y} – {context.end:%b %Y})"
    return f"---\ntype: review\nquarter: {context.quarter}\ntags: [review]\n---\n{title}\n"


@dataclass(frozen=True)
class ReviewResult:
    path: Path
    text: str
    status: str  # "written", "updated", "unchanged", "printed"


def make(net: Network, env: Any, start: date, write: bool = True) -> ReviewResult:
    """Build the quarter's review and, when `write`, write its region into Reviews/,
    under the vault's writer lock (as the digest is written)."""
    return _write(net, env, review_path(net, start), "review.md.j2", lambda: build(net, start), write)


def _write(net: Network, env: Any, path: Path, template: str, build_it: Any, write: bool) -> ReviewResult:
    """Build a review note's context (`build_it()`) and write its region at `path` as the
    digest is written: between the markers, under the writer lock, compare-and-swap."""
    from . import notefile
    from .digest import merge, region

    notefile.check_target(path, net.settings.vault)
    with notefile.vault_lock(net.settings.cache_dir):
        context = build_it()
        snapshot = notefile.read(path) if path.exists() else None
        old = snapshot.data.decode("utf-8", errors="strict") if snapshot else None
        text = merge(old, region(env, template, context), _header(context), path)
        if not write:
            return ReviewResult(path, text, "printed")
        written = notefile.write_all([notefile.Write(path, text.encode(), snapshot)])
    status = "written" if snapshot is None else "updated" if path in written else "unchanged"
    return ReviewResult(path, text, status)


def _header(context: Any) -> str:
    return month_header(context) if isinstance(context, MonthContext) else header(context)


# --- the monthly audit ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthContext:
    """What the monthly audit template is given."""

    month: str  # November 2026
    key: str  # 2026-11
    start: date
    end: date
    today: date
    goals: list[dict[str, Any]]  # the goals table's rows
    to_cover: list[str]  # what is still short of its target, in words
    not_followed: list[dict[str, Any]]  # people met this month, no follow-up logged: {"link", "met", "id"}
    reconnected: list[str]  # links: talked to this month after a quiet of QUIET_DAYS or more


def parse_month(text: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1000 <= int(match.group(1)) <= 8999:
        raise UsageError(f"not a month: {text!r}", hint="write it as 2026-11")
    return date(int(match.group(1)), int(match.group(2)), 1)


def build_month(net: Network, start: date) -> MonthContext:
    """The audit of the month starting `start`: its goals against what the vault shows,
    what is still to cover, first meetings not followed up, and who you reconnected with."""
    from .digest import month_goals, task_id

    found = month_goals(net, start)
    to_cover = []
    for row in found["rows"]:
        goal = row["goal"]
        if goal and row["done"] < goal:
            to_cover.append(f"{row['name']}: {row['done']} of {goal}, {goal - row['done']} to go")
    not_followed = [
        {
            "link": link_to(c.path, c.name),
            "met": c.met_on.isoformat() if c.met_on else "",
            "id": task_id("month", start.isoformat(), c.path),
        }
        for c in found["met"]
        if c not in found["followed"] and not net.is_owner(c)
    ]
    end = found["end"]
    reconnected = [link_to(c.path, c.name) for c in found["reconnected"]]
    return MonthContext(
        found["month"], f"{start:%Y-%m}", start, end, net.today, found["rows"], to_cover, not_followed, reconnected
    )


def month_path(net: Network, start: date) -> Path:
    return net.settings.vault / "Reviews" / f"{start:%Y-%m}.md"


def month_header(context: MonthContext) -> str:
    return f"---\ntype: review\nmonth: {context.key}\ntags: [review]\n---\n# Review {context.month}\n"


def make_month(net: Network, env: Any, start: date, write: bool = True) -> ReviewResult:
    """Build the month's audit and, when `write`, write its region into Reviews/."""
    return _write(net, env, month_path(net, start), "review_month.md.j2", lambda: build_month(net, start), write)


def next_goals(net: Network, start: date) -> tuple[Path, bytes]:
    """The next month's goals note, `Goals/2026-12.md`, with this month's targets to change."""
    from .digest import month_goals

    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    targets = month_goals(net, start)["targets"]
    lines = [f"{key}: {targets.get(key) or 0}" for key in ("events", "people", "followups", "reconnections")]
    body = (
        "---\n" + "\n".join(lines) + "\n---\n"
        f"# Goals {following:%B %Y}\n\n"
        "Targets for the month: events to attend, new people to meet, first meetings to follow up.\n"
    )
    return net.settings.vault / "Goals" / f"{following:%Y-%m}.md", body.encode()
