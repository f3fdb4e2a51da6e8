"""The shape of the network, for `stats` and the digest: how often you really talk to
people, circles, and the spread of any field."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model import Contact, display_value
from ..names import fold
from .language import FIELD_ALIASES, values_of

if TYPE_CHECKING:
    from .network import Network

RHYTHMS = ("daily", "weekly", "monthly", "quarterly", "yearly", "dormant")


# Distinct days with an interaction in the last 12 months -> rhythm (the first that fits):
# the tiers one guide tallies a network by (daily: most days of the year).
RHYTHM_MIN_DAYS = (("daily", 200), ("weekly", 26), ("monthly", 8), ("quarterly", 3), ("yearly", 1), ("dormant", 0))


@dataclass
class NetworkStats:
    """The shape of the network, for `stats` and the digest."""

    total: int
    rhythm: dict[str, int]
    circles: dict[str, int]
    spreads: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    lists: list[ListSize] = field(default_factory=list)
    # The same tally a week ago, from the same notes, and who moved between its tiers since.
    rhythm_week_ago: dict[str, int] = field(default_factory=dict)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (name, from tier, to tier)


def stats(net: Network, by: Iterable[str] = ()) -> NetworkStats:
    """Counts by interaction rhythm over the last 12 months, by circle, and the spread
    of industry, location, company and any other fields asked for."""
    days = _talk_days(net, net.today)
    week_ago = _talk_days(net, net.today - timedelta(days=7))
    rhythm = dict.fromkeys(RHYTHMS, 0)
    rhythm_week_ago = dict.fromkeys(RHYTHMS, 0)
    moved: list[tuple[str, str, str]] = []
    circles: Counter[str] = Counter()
    people = _others(net)
    for contact in people:
        note_id = net._ids[contact.path]
        now, before = _tier(days[note_id]), _tier(week_ago[note_id])
        rhythm[now] += 1
        rhythm_week_ago[before] += 1
        if now != before:
            moved.append((contact.name, before, now))
        circles[contact.circle or "(none)"] += 1
    order = ["inner", "network", "prospect"]
    circle_counts = {k: circles[k] for k in order if circles[k]}
    circle_counts.update({k: v for k, v in sorted(circles.items()) if k not in order})
    spreads = {key: spread(net, key) for key in dict.fromkeys(["industry", "location", "company", *by])}
    lists = [_prospect_list(net, people), _network_list(net, people, days)]
    return NetworkStats(len(people), rhythm, circle_counts, spreads, lists, rhythm_week_ago, moved)


def _talk_days(net: Network, day: date) -> dict[int, int]:
    """Each contact's distinct days with a conversation in the 12 months up to `day`."""
    last, since = day.isoformat(), (day - timedelta(days=365)).isoformat()
    found = {}
    for row in net._rows:
        dates = row.talks.split()
        found[row.id] = bisect.bisect_right(dates, last) - bisect.bisect_right(dates, since)
    return found


def _tier(count: int) -> str:
    return next(name for name, least in RHYTHM_MIN_DAYS if count >= least)


@dataclass
class ListSize:
    """One of the lists a network is kept at, against its size, and what to do."""

    name: str  # "List of 20"
    members: str  # who is on it, in words
    size: int
    target: int
    advice: str  # "" at its size
    candidates: list[str] = field(default_factory=list)  # names the advice is about


NETWORK_CIRCLES = ("inner", "network")


def _prospect_list(net: Network, people: list[Contact]) -> ListSize:
    """The List of 20: people you want to meet (circle: prospect), started with 3."""
    target = net.settings.list_prospects
    size = sum(1 for c in people if c.circle == "prospect")
    if size == 0:
        advice = f"start with {min(3, target)}: add people you want to meet with `circle: prospect`"
    elif size < target:
        advice = f"add {target - size}"
    elif size > target:
        advice = f"{size - target} more than it holds: meet some, or let the coldest go"
    else:
        advice = ""
    return ListSize(f"List of {target}", "prospects", size, target, advice)


def _network_list(net: Network, people: list[Contact], days: dict[int, int]) -> ListSize:
    """The Network of 90: people you know and want to grow closer to (inner and network)."""
    target = net.settings.list_network
    name, who = f"Network of {target}", "circles inner and network"
    talks = {c.path: days[net._ids[c.path]] for c in people}
    members = [c for c in people if c.circle in NETWORK_CIRCLES]
    size = len(members)
    if size > target:
        coldest = sorted(members, key=lambda c: (talks[c.path], c.sort_key))[: size - target]
        advice = f"trim {size - target}, or move them to the wider network; you talk least with"
        return ListSize(name, who, size, target, advice, [c.name for c in coldest[:5]])
    if size < target:
        outside = [c for c in people if c.circle not in (*NETWORK_CIRCLES, "prospect", "archived")]
        warm = [c for c in sorted(outside, key=lambda c: (-talks[c.path], c.sort_key)) if talks[c.path]]
        advice = f"room for {target - size} more" + ("; you talk most with" if warm else "")
        return ListSize(name, who, size, target, advice, [c.name for c in warm[:5]])
    return ListSize(name, who, size, target, "")


def _others(net: Network) -> list[Contact]:
    """The network without you: your own note (`[user]` in the config) is no one you know."""
    return [c for c in net.contacts if not net.is_owner(c)]


def spread(net: Network, key: str) -> list[tuple[str, int]]:
    """How many contacts have each value of a field, most common first."""
    key = FIELD_ALIASES.get(key.lower(), key.lower())
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for contact in _others(net):
        shown_values = [display_value(v) for v in values_of(contact, key)]
        values = {fold(shown): shown for shown in shown_values}
        values.pop("", None)
        for folded, shown in values.items():
            counts[folded] += 1
            spelling.setdefault(folded, shown)
        if not values:
            counts["\x00"] += 1
    spelling["\x00"] = "(not set)"
    return sorted(
        ((spelling[k], n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0] == "(not set)", fold(kv[0]))
    )
