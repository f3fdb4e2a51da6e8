"""The shape of the network, for `stats` and the digest: how often you really talk to
people, circles, and the spread of any field."""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..model import LIST_SEP, RECOGNISED, SUMMARY_FIELDS, Contact, display_value
from ..names import fold
from .language import FIELD_ALIASES, values_of

if TYPE_CHECKING:
    from .network import Network, TallyRow

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
    of industry, location, company and any other fields asked for. Counted from the
    index's rows: no contact is built for it (at 50,000 contacts, that was half of it)."""
    people = net.people_rows
    days = _talk_days(people, net.today, net.today - timedelta(days=7))
    rhythm = dict.fromkeys(RHYTHMS, 0)
    rhythm_week_ago = dict.fromkeys(RHYTHMS, 0)
    moved: list[tuple[str, str, str]] = []
    circles: Counter[str] = Counter()
    for row in people:
        count_now, count_before = days[row.id]
        now, before = _tier(count_now), _tier(count_before)
        rhythm[now] += 1
        rhythm_week_ago[before] += 1
        if now != before:
            moved.append((row.name, before, now))
        circles[row.circle or "(none)"] += 1
    order = ["inner", "network", "prospect"]
    circle_counts = {k: circles[k] for k in order if circles[k]}
    circle_counts.update({k: v for k, v in sorted(circles.items()) if k not in order})
    spreads = {key: spread(net, key) for key in dict.fromkeys(["industry", "location", "company", *by])}
    now_days = {note_id: counts[0] for note_id, counts in days.items()}
    lists = [_prospect_list(net, people), _network_list(net, people, now_days)]
    return NetworkStats(len(people), rhythm, circle_counts, spreads, lists, rhythm_week_ago, moved)


def _talk_days(rows: Iterable[TallyRow], *days: date) -> dict[int, tuple[int, ...]]:
    """Each contact's distinct days with a conversation in the 12 months up to each of
    `days`, by id."""
    spans = [(day.isoformat(), (day - timedelta(days=365)).isoformat()) for day in days]
    found = {}
    for row in rows:
        talks = row.talks.split()
        right = functools.partial(bisect.bisect_right, talks)
        found[row.id] = tuple(right(last) - right(since) for last, since in spans)
    return found


@functools.cache  # (a few hundred counts, asked of every contact twice)
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
    names: list[str] = field(default_factory=list)  # who is on it, sorted: the digest says who joined and left


NETWORK_CIRCLES = ("inner", "network")
# Tags that put someone on a list whatever their circle.
PROSPECT_TAGS = frozenset(("list-of-20", "listof20", "prospect"))
NETWORK_TAGS = frozenset(("network-of-90", "networkof90", "n90"))


def _tagged(row: TallyRow, tags: frozenset[str]) -> bool:
    return bool(row.tags) and not tags.isdisjoint(row.tags.lower().split(LIST_SEP))


def _prospect_list(net: Network, people: list[TallyRow]) -> ListSize:
    """The List of 20: people you want to meet (circle: prospect), started with 3."""
    target = net.settings.list_prospects
    names = sorted(row.name for row in people if row.circle == "prospect" or _tagged(row, PROSPECT_TAGS))
    size = len(names)
    if size == 0:
        advice = f"start with {min(3, target)}: add people you want to meet with `circle: prospect`"
    elif size < target:
        advice = f"add {target - size}"
    elif size > target:
        advice = f"{size - target} more than it holds: meet some, or let the coldest go"
    else:
        advice = ""
    return ListSize(f"List of {target}", "prospects", size, target, advice, [], names)


def _network_list(net: Network, people: list[TallyRow], talks: dict[int, int]) -> ListSize:
    """The Network of 90: people you know and want to grow closer to (inner and network)."""
    target = net.settings.list_network
    name, who = f"Network of {target}", "circles inner and network"
    members = [row for row in people if row.circle in NETWORK_CIRCLES or _tagged(row, NETWORK_TAGS)]
    size, names = len(members), sorted(row.name for row in members)
    if size > target:
        coldest = sorted(members, key=lambda row: (talks[row.id], row.sort_key))[: size - target]
        advice = f"trim {size - target}, or move them to the wider network; you talk least with"
        return ListSize(name, who, size, target, advice, [row.name for row in coldest[:5]], names)
    if size < target:
        inside = {row.id for row in members}
        outside = [row for row in people if row.id not in inside and row.circle not in ("prospect", "archived")]
        warm = [row for row in sorted(outside, key=lambda row: (-talks[row.id], row.sort_key)) if talks[row.id]]
        advice = f"room for {target - size} more" + ("; you talk most with" if warm else "")
        return ListSize(name, who, size, target, advice, [row.name for row in warm[:5]], names)
    return ListSize(name, who, size, target, "", [], names)


def _others(net: Network) -> list[Contact]:
    """The network without you: your own note (`[user]` in the config) is no one you know."""
    return [c for c in net.contacts if not net.is_owner(c)]


def spread(net: Network, key: str) -> list[tuple[str, int]]:
    """How many contacts (everyone but you) have each value of a field, most common first."""
    key = FIELD_ALIASES.get(key.lower(), key.lower())
    if _counted_by_index(key):
        groups = [(_as_list(value), count) for value, count in net.summary_counts(key)]
    else:
        groups = [(values_of(contact, key), 1) for contact in _others(net)]
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    fold_of: dict[str, str] = {}  # (the same few industries and cities, folded once each)
    for said, count in groups:  # (the values one person has, and how many people have them)
        values = {}
        for value in said:
            shown = display_value(value)
            key_of = fold_of.get(shown)
            if key_of is None:
                key_of = fold_of[shown] = fold(shown)
            values[key_of] = shown
        values.pop("", None)
        for folded, shown in values.items():
            counts[folded] += count
            spelling.setdefault(folded, shown)
        if not values:
            counts["\x00"] += count
    spelling["\x00"] = "(not set)"
    return sorted(
        ((spelling[k], n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0] == "(not set)", fold(kv[0]))
    )


def _counted_by_index(key: str) -> bool:
    """True where the index's summary holds what `values_of` gives for `key` (a
    recognised summary field): SQLite then counts everyone's values of it."""
    return key in SUMMARY_FIELDS and key in RECOGNISED


def _as_list(value: Any) -> list[Any]:
    """A field's value as `values_of` gives it: its items, or itself, or nothing."""
    return value if isinstance(value, list) else [] if value is None else [value]


# The fields a diverse network is read by, and the names notes give them.
DIVERSITY_FIELDS = {
    "age": ("age", "birthday", "born", "birth_year"),
    "nationality": ("nationality", "citizenship", "country_of_origin"),
    "culture": ("culture", "ethnicity", "heritage", "languages", "language"),
    "gender": ("gender", "pronouns"),
    "industry": ("industry",),
    "experience": ("experience", "seniority", "level", "career_stage"),
}
MOSTLY_UNKNOWN = 0.5  # known for fewer than this share of people: said, not measured


@dataclass
class Spread:
    """How concentrated the network is on one field: over the people whose notes say it."""

    field: str
    known: int  # people whose notes say it
    total: int
    groups: int
    largest: tuple[str, int] | None  # the largest group and its size
    evenness: float | None  # 0: all in one group; 1: evenly spread (normalised Shannon entropy)


def diversity(net: Network) -> list[Spread]:
    """For each field of DIVERSITY_FIELDS, how the people whose notes say it are spread;
    the shares are of those known, never of everyone (missing data is said, not guessed).
    Grouped by the index: people who say the same of every such field are one group."""
    keys = sorted({key for names in DIVERSITY_FIELDS.values() for key in names})
    groups = [(dict(zip(keys, values)), count) for values, count in net.summary_groups(keys)]
    everyone = sum(count for _, count in groups)
    found = []
    for name, names in DIVERSITY_FIELDS.items():
        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for said, count in groups:
            value = _diversity_value(said.get, name, names, net.today)
            if value:
                counts[fold(value)] += count
                spelling.setdefault(fold(value), value)
        known = sum(counts.values())
        largest = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        found.append(
            Spread(
                name,
                known,
                everyone,
                len(counts),
                (spelling[largest[0]], largest[1]) if largest else None,
                _evenness(list(counts.values())) if known else None,
            )
        )
    return found


def _diversity_value(field: Callable[[str], Any], name: str, keys: tuple[str, ...], today: date) -> str:
    """The group a person is in for one field, as their note says it ("" when it does not),
    `field(key)` giving a field's value as `Contact.field` does: for age, their decade of
    life (`30s`), from `age:` or a birthday with its year."""
    for key in keys:
        value = field(key)
        if value in (None, "", []):
            continue
        text = display_value(value).strip()
        if name != "age":
            return text
        if key == "age" and text.isdigit():
            return f"{int(text) // 10 * 10}s"
        year = re.match(r"(\d{4})", text)
        if year and 1900 <= int(year.group(1)) <= today.year:
            return f"{(today.year - int(year.group(1))) // 10 * 10}s"
    return ""


def _evenness(counts: list[int]) -> float:
    """Normalised Shannon entropy of a split: 1.0 even, 0.0 all in one group."""
    total = sum(counts)
    if len(counts) < 2:
        return 0.0
    entropy = -sum(n / total * math.log(n / total) for n in counts if n)
    return round(entropy / math.log(len(counts)), 2)


def tiers_moved(net: Network, since: date) -> list[tuple[Contact, str, str]]:
    """(person, tier as of `since`, tier now) for everyone whose tier changed since then."""
    days = _talk_days(net.people_rows, net.today, since)
    moved = []
    for row in net.people_rows:
        was, is_ = _tier(days[row.id][1]), _tier(days[row.id][0])
        if was != is_:
            contact = net.contact_at(row.path)
            assert contact is not None
            moved.append((contact, was, is_))
    return moved


# Broad sectors, and words of an industry that put it in one; the first that fits wins
# (`Fintech` is finance, `Health tech` health, `Climate tech` climate: tech comes last).
SECTORS = (
    ("Climate & energy", ("climate", "energy", "solar", "renewable", "cleantech", "sustainab", "carbon", "mobility")),
    ("Health", ("health", "medical", "biotech", "pharma", "clinical", "care")),
    ("Finance", ("venture", "capital", "bank", "financ", "fintech", "invest", "insurance", "payment", "philanthrop")),
    ("Public sector & education", ("government", "public", "policy", "educat", "universit", "academ", "nonprofit")),
    ("Media & design", ("media", "design", "publish", "journalis", "marketing", "advertis", "arts", "music", "film")),
    ("Industry & property", ("manufactur", "real estate", "construct", "logistic", "automotive", "propert", "agri")),
    ("Services", ("consult", "recruit", "legal", "law", "accounting", "staffing")),
    (
        "Technology",
        ("software", "tech", "developer", "saas", "telecom", "internet", "cloud", "data", "robot", "hardware"),
    ),
)


def by_sector(industries: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], int]:
    """The industries' counts grouped into SECTORS, largest first (an industry no sector
    fits keeps its own name), and the count of people with no industry, kept apart."""
    counts: Counter[str] = Counter()
    unknown = 0
    for industry, count in industries:
        if industry == "(not set)":
            unknown += count
            continue
        lowered = industry.lower()
        sector = next((name for name, words in SECTORS if any(w in lowered for w in words)), industry)
        counts[sector] += count
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), unknown
