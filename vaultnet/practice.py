"""The daily practice: four small acts, one of each, proposed for a day.

Reach out to one person you do not know yet (a prospect, from the List of 20), introduce
two people you know who should meet, share something useful with one person, and send a
caring note to someone, especially someone going through a hard time. The proposals rotate
from day to day and are the same for the same vault and day; vaultnet remembers nothing of
its own: an act is done when the vault says so (a conversation logged today with the
person, an introduction logged today).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .matching import Match, suggest, terms
from .model import ARCHIVED, Contact, Interaction
from .names import fold, note_title

if TYPE_CHECKING:
    from .query import Network

RECENT_DAYS = 60  # how far back a hard time in someone's log is still news
SHARE_DAYS = 7  # how far back a topic noted in the daily notes is worth sharing
PAIRS = 7  # the best introductions rotated through, one a day


@dataclass(frozen=True)
class Act:
    """One of the day's acts: what, with whom, why, and whether the vault says it is done."""

    kind: str  # "reach out", "introduce", "share", "care"
    people: tuple[Contact, ...]
    why: str
    done: bool = False
    template: str = ""  # the draft template for it ("" for an introduction: intro)
    topic: str = ""  # for share: the topic


class Share(NamedTuple):
    """Someone whose interests meet a topic you noted lately, and where you noted it."""

    person: Contact
    topic: str
    noted_in: str  # the daily note's path


def plan_day(net: Network) -> list[Act]:
    """The day's four acts (those the vault has material for), as of `net.today`."""
    talked_today = _TalkedToday(net)
    # One person, one act a day: chosen in the order that matters most (someone going
    # through a hard time first), shown in the order of the practice.
    used: set[str] = set()
    chosen: dict[str, Act | None] = {}
    for kind, choose in (("care", _care), ("reach out", _reach_out), ("introduce", _introduce), ("share", _share)):
        act = choose(net, talked_today, used)
        chosen[kind] = act
        if act is not None:
            used.update(p.path for p in act.people)
    return [act for kind in ("reach out", "introduce", "share", "care") if (act := chosen[kind]) is not None]


class _TalkedToday(Mapping[str, list[Interaction]]):
    """The conversations of each person talked to today, by path, each read only when
    asked for: on a large network kept up with, thousands talk on a given day."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.people = {c.path: c for c in net.contacts if c.last_contact == net.today}
        self.read: dict[str, list[Interaction]] = {}

    def __getitem__(self, path: str) -> list[Interaction]:
        if path not in self.read:
            self.read[path] = self.net.interactions(self.people[path])
        return self.read[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.people)

    def __len__(self) -> int:
        return len(self.people)


def _pick(size: int, day: date, salt: int) -> int:
    """Which of `size` candidates is the day's: another each day, the same for the same day."""
    return (day.toordinal() + salt) % size


def _today_with(talked_today: Mapping[str, list[Interaction]], contact: Contact, day: date) -> list[Interaction]:
    return [i for i in talked_today.get(contact.path, []) if i.date == day]


def _reach_out(net: Network, talked_today: Mapping[str, list[Interaction]], used: set[str]) -> Act | None:
    """A prospect you have not talked to yet; done when one was first talked to today."""
    met = [c for c in net.contacts if c.circle == "prospect" and c.first_contact == net.today]
    if met:
        return Act("reach out", (met[0],), "you reached out today", True, "reach_out")
    pool = [c for c in net.contacts if c.circle == "prospect" and c.last_contact is None and c.path not in used]
    if not pool:
        return None
    person = pool[_pick(len(pool), net.today, 1)]
    context = [p for p in (person.field_text("role"), person.field_text("company")) if p]
    said = " at ".join(context) if context else "a prospect"
    how = person.field_text("how_met")
    return Act("reach out", (person,), f"{said}{f'; {how}' if how else ''}", False, "reach_out")


def _introduce(net: Network, talked_today: Mapping[str, list[Interaction]], used: set[str]) -> Act | None:
    """Two people you know who should meet, from the best few pairs; done when an
    introduction was logged today."""
    may_have = net.may_say_on(net.today, "introduced to")  # (not everyone's conversations: few say it)
    for path in talked_today:
        if path not in may_have:
            continue
        if any(t.date == net.today and t.text.lower().startswith("introduced to") for t in talked_today[path]):
            person = net.contact_at(path)
            assert person is not None  # (one talked to today)
            return Act("introduce", (person,), "you logged an introduction today", True)
    people = [c for c in net.introducible() if c.path not in used]
    pairs = [(m.a, m.b, m.reason) for m in introductions(net, people, PAIRS)]
    if not pairs:
        return None
    a, b, reason = pairs[_pick(len(pairs), net.today, 2)]
    return Act("introduce", (a, b), reason, False)


def shareable(net: Network, first: date, last: date) -> list[Share]:
    """People whose interests match a topic noted in the daily notes from `first` to
    `last`: a #tag, or a link to a note that is not a person; by topic, then person."""
    topics: dict[str, str] = {}  # shown topic -> where
    for path, tags in net.daily_tags(first.isoformat(), last.isoformat()):
        for tag in tags:
            topics.setdefault(tag.replace("-", " ").replace("_", " ").split("/")[-1], path)
    for path, target in net.daily_topic_links(first.isoformat(), last.isoformat()):
        topics.setdefault(note_title(target), path)
    if not topics:
        return []
    topic_terms = {topic: terms(topic) for topic in topics}
    found: list[Share] = []
    for person in net.contacts:
        if person.circle == ARCHIVED or net.is_owner(person):
            continue
        interests = person.field("interests")
        values = interests if isinstance(interests, list) else [interests] if interests else []
        for topic, wanted in topic_terms.items():
            # A two-word topic needs both words ("climate adaptation" is not "climate journalism").
            enough = min(2, len(wanted))
            if wanted and any(len(wanted & terms(str(v))) >= enough for v in values):
                found.append(Share(person, topic, topics[topic]))
                break
    found.sort(key=lambda s: (fold(s.topic), s.person.sort_key, s.person.path))
    return found


def introductions(net: Network, people: list[Contact], limit: int) -> list[Match]:
    """The best `limit` introductions among `people` not made yet (matching.suggest), the
    head of the ranking kept between runs in the cache: the digest and `today` share it."""
    from .memo import kept

    with kept(net.settings.cache_dir, "introductions") as memo:
        return suggest(people, net.introduced, limit=limit, memo=memo)


def _share(net: Network, talked_today: Mapping[str, list[Interaction]], used: set[str]) -> Act | None:
    found = shareable(net, net.today - timedelta(days=SHARE_DAYS - 1), net.today)
    pool = [s for s in found if s.person.path not in used]
    asked_of = {c.path for c, _ in net.one_way()}
    pool = [s for s in pool if s.person.path in asked_of] or pool  # give first to whom you only asked of
    if not pool:
        return None
    chosen = pool[_pick(len(pool), net.today, 3)]
    noted = chosen.noted_in.removesuffix(".md")
    done = bool(_today_with(talked_today, chosen.person, net.today))
    return Act("share", (chosen.person,), f"{chosen.topic} (you noted it in {noted})", done, "share", chosen.topic)


# Words of a log line that say someone is going through something: a hard time, or a change
# in their life a note would be welcome for.
HARD_TIMES = re.compile(
    r"\b(?:tough|hard|difficult|rough)\s+(?:time|times|year|month|week|patch)\b|\bsick\b|\bill(?:ness)?\b"
    r"|\bhospital\w*\b|\bsurgery\b|\bcancer\b|\bpassed\s+away\b|\bdied\b|\bfuneral\b|\bgrie(?:f|ving)\b"
    r"|\blost\s+(?:her|his|their|my)\b|\bdivorce\w*\b|\bbreak-?up\b|\blaid\s+off\b|\blayoffs?\b"
    r"|\bburn(?:ed|t)?[\s-]?out\b|\bstruggl\w+\b|\bnew\s+baby\b|\bnew\s+job\b|\bjust\s+moved\b",
    re.IGNORECASE,
)
# (The same, as words to look for in the index first: a hard time is rare, logs are long.)
_HARD_WORDS = (
    *("tough", "hard time", "sick", "ill", "hospital", "surgery", "cancer", "passed away", "died"),
    *("funeral", "grief", "grieving", "lost", "divorce", "laid off", "layoff", "burnout"),
    *("burned out", "struggling", "new baby", "new job", "just moved", "difficult", "rough"),
)


# Tags that say someone is going through something (`tough-time`, `grief`, `new-baby`).
HARD_TAGS = frozenset(("tough-time", "hard-time", "grief", "grieving", "sick", "ill", "new-baby", "new-job", "burnout"))


def going_through(net: Network) -> list[tuple[Contact, Interaction]]:
    """People whose recent conversations say they are going through something, or who are
    tagged so (`tough-time`), with the latest such conversation (or their last one), most
    recent first."""
    since = net.today - timedelta(days=RECENT_DAYS)
    found = []
    tagged = {c.path: c for c in net.contacts if HARD_TAGS.intersection(t.lower() for t in c.tags)}
    people = {c.path: c for c in net.mentioning(_HARD_WORDS)} | tagged
    for person in people.values():
        if person.circle == ARCHIVED or net.is_owner(person):
            continue
        talks = net.interactions(person)
        talk = next((t for t in talks if t.date >= since and HARD_TIMES.search(t.text)), None)
        if talk is None and person.path in tagged:
            said = "tagged " + ", ".join(sorted(HARD_TAGS.intersection(t.lower() for t in person.tags)))
            talk = Interaction(talks[0].date if talks else net.today, said, person.path, 0, "tag")
        if talk is not None:
            found.append((person, talk))
    found.sort(key=lambda pair: (pair[1].date, pair[0].sort_key), reverse=True)
    return found


def _care(net: Network, talked_today: Mapping[str, list[Interaction]], used: set[str]) -> Act | None:
    """Someone going through a hard time, else someone close you have not talked to longest."""
    hard = [pair for pair in going_through(net) if pair[0].path not in used]
    if hard:
        person, talk = hard[_pick(len(hard), net.today, 4)]
        done = bool(_today_with(talked_today, person, net.today))
        return Act("care", (person,), f"{talk.date.isoformat()}: {talk.text}", done, "care")
    close = [c for c in net.contacts if c.circle == "inner" and not net.is_owner(c) and c.path not in used]
    if not close:
        return None
    close.sort(key=lambda c: (c.last_contact or date.min, c.sort_key))
    person = close[0]
    since = f"last talked {person.last_contact.isoformat()}" if person.last_contact else "nothing logged yet"
    return Act("care", (person,), f"close to you; {since}", person.last_contact == net.today, "care")


# --- the day's acts in the daily note -------------------------------------------------------------


def act_id(act: Act, day: date) -> str:
    """A stable block id for an act of a day, from what it is and with whom."""
    from .digest import task_id

    return task_id("today", day.isoformat(), act.kind, *(p.path for p in act.people))


def daily_note_path(net: Network) -> Path | None:
    """Today's daily note, where the daily notes' settings say (None when their format
    names no day a date can fill, as one with a time in it)."""
    from .dates import moment_format

    name = moment_format(net.today, net.settings.daily_format)
    if name is None:
        return None
    folder = net.settings.daily_folder.strip("/")
    return net.settings.vault / (f"{folder}/{name}.md" if folder else f"{name}.md")


def acts_region(acts: list[Act], day: date) -> str:
    """The acts as tasks between vaultnet's markers, for the daily note (ticks done ones)."""
    from .digest import BEGIN, END, unforgeable
    from .render import link_to

    titles = {"reach out": "Reach out to", "introduce": "Introduce", "share": "Share with", "care": "A caring note to"}
    lines = [BEGIN]
    for act in acts:
        who = " and ".join(link_to(p.path, p.name) for p in act.people)
        mark = "x" if act.done else " "
        lines.append(f"- [{mark}] {titles[act.kind]} {who}: {unforgeable(act.why)} ^{act_id(act, day)}")
    lines.append(END)
    return "\n".join(lines)


def ticked_acts(text: str, acts: list[Act], day: date) -> list[int]:
    """The numbers (1-based) of the acts ticked in a daily note's region and not yet done."""
    from .digest import BEGIN, END, ticked_ids

    text = text.replace("\r\n", "\n")
    start, end = text.find(BEGIN), text.find(END)
    found = ticked_ids(text[start:end]) if 0 <= start < end else set()
    return [n for n, act in enumerate(acts, 1) if not act.done and act_id(act, day) in found]


def with_region(existing: str | None, region: str) -> str:
    """The daily note's text with the acts' region: replaced where its markers are, else
    added at the end under a heading (a new note holds only that); the user's text stays."""
    from .digest import BEGIN, END

    if existing is None:
        return f"## Today's acts\n\n{region}\n"
    newline = "\r\n" if "\r\n" in existing else "\n"
    text = existing.replace("\r\n", "\n")
    start, end = text.find(BEGIN), text.find(END)
    if 0 <= start < end:
        merged = text[:start] + region + text[end + len(END) :]
    else:
        merged = text.rstrip("\n") + ("\n\n" if text.strip() else "") + f"## Today's acts\n\n{region}\n"
    return merged.replace("\n", newline) if newline != "\n" else merged
