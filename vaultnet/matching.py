"""Who should meet whom: one person's offers meeting another's needs, shared interests.

Used by `vaultnet intro` (to say why two people should meet) and by the digest (to
suggest introductions). Pure: contacts in, scored pairs out.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from .model import Contact, LazyFields, display_value
from .names import fold, stem

# Words that join phrases without saying what they are about ("sales coaching" and
# "product coaching" do not make two people a match).
STOPWORDS = frozenset(
    """
    a an and are as at be by for from has have in into is it its of on or our the their them they to
    with who what want wants looking need needs new good great more most some any all intro intros
    introductions advice coaching expertise help insight insights support feedback experience review
    reviews strategy ideas market role job people contacts network opportunities partner partners team
    work
    """.split()
)
MAX_PER_TERM = 40  # people considered per shared word: keeps a 50k-contact vault quick


@functools.lru_cache(maxsize=65536)
def terms(text: str) -> frozenset[str]:
    """The words of a phrase that carry meaning, stemmed (cached: across a network the
    same phrases come back again and again)."""
    return frozenset(stem(w) for w in re.findall(r"\w+", fold(text)) if len(w) >= 3 and w not in STOPWORDS)


def phrases(contact: Contact, key: str) -> list[str]:
    """A list field's phrases (`offers`, `needs`, `interests`) as text; `identity` is what
    the person is: role, industry and tags (a founder in climate adaptation, an investor)."""
    if key == "identity":
        role, industry = contact.field_text("role"), contact.field_text("industry")
        what = "; ".join(p for p in (" in ".join(p for p in (role, industry) if p), ", ".join(contact.tags)) if p)
        return [what] if what else []
    value = contact.field(key)
    items = value if isinstance(value, list) else [value] if value not in (None, "") else []
    return [display_value(item) for item in items if display_value(item).strip()]


@dataclass(frozen=True)
class Match:
    """Two people who should meet, how strongly, and why in words."""

    a: Contact
    b: Contact
    score: int
    reason: str  # one line for the digest: "Oliver can help with …; Maya needs …"
    why_a: str  # for A, about B: "is looking for … and can help with …"
    why_b: str  # for B, about A


VERBS = {"offers": "can help with", "identity": "is", "interests": "knows about"}
GIVES = (("offers", 3), ("identity", 2), ("interests", 2))  # what a giver has, and its weight


@dataclass(frozen=True)
class _Profile:
    """One person's phrases with their words, worked out once per person. The words of a
    phrase are a bit mask, one bit a word (`bits` in _profile): a pair's shared words are
    then counted without making a set for each of the million pairs a large network has."""

    gives: tuple[tuple[int, int, str, str], ...]  # (weight, words, phrase, field)
    needs: tuple[tuple[int, str, frozenset[str]], ...]  # (words, phrase, the words as text)
    interests: tuple[tuple[str, int], ...]  # (phrase, words)

    def scoring(self) -> _Scoring:
        """The words alone, what `_score` reads: a network's profiles kept for ranking are
        then a few small ints each, not their phrases (tens of megabytes at 50,000)."""
        return _Scoring(
            gives=tuple((weight, had) for weight, had, _, _ in self.gives),
            needs=tuple(wanted for wanted, _, _ in self.needs),
            interests=tuple(dict(self.interests).values()),  # (each phrase once, as _shared counts them)
        )


class _Scoring(NamedTuple):
    """The words of a profile (_Profile.scoring), as bit masks."""

    gives: tuple[tuple[int, int], ...]  # (weight, words)
    needs: tuple[int, ...]
    interests: tuple[int, ...]  # of different phrases


_KEYS = ("offers", "identity", "interests", "needs")
Phrases = dict[str, list[str]]  # key (of _KEYS) -> the person's phrases


def _phrases(contact: Contact) -> Phrases:
    """What the contact offers, is, is into and needs, read without keeping their fields."""

    def read() -> Phrases:
        return {key: phrases(contact, key) for key in _KEYS}

    # (From the summary the index keeps, else the fields; decoded for this only.)
    said = contact.summary if contact.summary is not None else contact.fields
    return said.read_once(read) if isinstance(said, LazyFields) else read()


def _profile(contact: Contact | Phrases, bits: dict[str, int]) -> _Profile:
    """`contact`'s profile (from the contact or its `_phrases`), with the words' bits taken
    from (and added to) `bits`: profiles are compared only when made with the same `bits`."""
    said = _phrases(contact) if isinstance(contact, Contact) else contact
    return _Profile(
        gives=tuple((weight, _mask(terms(have), bits), have, key) for key, weight in GIVES for have in said[key]),
        needs=tuple((_mask(terms(need), bits), need, terms(need)) for need in said["needs"]),
        interests=tuple((i, _mask(terms(i), bits)) for i in said["interests"]),
    )


def _bits_by_frequency(said: Iterable[Phrases]) -> dict[str, int]:
    """A bit for every word, the most used words the lowest: a mask is a Python int as
    long as its highest bit, so most people's masks stay a few bytes where bits given in
    order of first use make them hundreds (hundreds of megabytes at 50,000 people)."""
    counts = Counter(word for phrases_of in said for texts in phrases_of.values() for t in texts for word in terms(t))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {word: n for n, (word, _) in enumerate(ranked)}


def _best(giver: _Profile, taker: _Profile) -> tuple[int, str, str, str]:
    """(weight, what giver has, what taker needs, which field) for the best-matching pair
    of phrases: the giver's offers count three per shared word, what they are and their
    interests two."""
    best = (0, "", "", "")
    for weight, had, have, key in giver.gives:
        for wanted, need, _ in taker.needs:
            score = weight * (had & wanted).bit_count()
            if score > best[0]:
                best = (score, have.split(";")[0], need, key)
    return best


def _shared(a: _Profile, b: _Profile) -> set[str]:
    """A's interests that share a word with one of B's."""
    return {i for i, mine in a.interests for _, theirs in b.interests if mine & theirs}


def _score(a: _Scoring, b: _Scoring) -> int:
    """`match(a, b).score`, 0 when `match` gives None, without putting it into words:
    cheap enough for the many pairs `suggest` weighs."""
    a_gives, b_gives = _most_given(a, b), _most_given(b, a)
    if not a_gives and not b_gives:
        return 0
    shared = sum(1 for mine in a.interests if any(mine & theirs for theirs in b.interests))
    return a_gives + b_gives + min(shared, 2)


def _most_given(giver: _Scoring, taker: _Scoring) -> int:
    """`_best(giver, taker)[0]`, from the words alone."""
    return max(
        (weight * (had & wanted).bit_count() for weight, had in giver.gives for wanted in taker.needs), default=0
    )


def match(a: Contact, b: Contact) -> Match | None:
    """Why `a` and `b` should meet, or None when neither has what the other needs."""
    bits: dict[str, int] = {}
    pa, pb = _profile(a, bits), _profile(b, bits)
    score = _score(pa.scoring(), pb.scoring())
    if not score:
        return None
    a_gives, b_gives = _best(pa, pb), _best(pb, pa)
    shared = sorted(_shared(pa, pb), key=fold)
    reasons: list[str] = []
    about_a: list[str] = []  # clauses about A, for B
    about_b: list[str] = []  # clauses about B, for A
    for giver, taker, gives, about_giver, about_taker in (
        (a, b, a_gives, about_a, about_b),
        (b, a, b_gives, about_b, about_a),
    ):
        if gives[0]:
            clause = f"{VERBS[gives[3]]} {gives[1]}"
            reasons.append(f"{giver.name} {clause}, {taker.name} needs {gives[2]}")
            about_giver.append(clause)
            about_taker.append(f"is looking for {gives[2]}")
    if shared:
        reasons.append(f"both into {shared[0]}")
        about_a.append(f"shares your interest in {shared[0]}")
        about_b.append(f"shares your interest in {shared[0]}")
    return Match(a, b, score, "; ".join(reasons), " and ".join(about_b), " and ".join(about_a))


def _takes_part(profile: _Profile) -> bool:
    """Only people who say what they offer, need or are into are matched at all."""
    return bool(profile.needs) or any(key != "identity" for _, _, _, key in profile.gives)


def suggest(
    contacts: Iterable[Contact],
    already: Callable[[Contact, Contact], bool],
    limit: int = 3,
    memo: dict[str, Any] | None = None,
) -> list[Match]:
    """The best pairs to introduce, strongest first, skipping pairs `already` introduced;
    each person in at most one suggestion.

    The ranking of pairs depends only on what the people offer, need, are and are into;
    weighing it is most of the digest's time on a large network. With `memo` (a dict the
    caller keeps between runs), the head of the ranking is kept under a key made of all
    of that, and replayed while the key holds: the same pairs in the same order, so the
    same suggestions as ranking again."""
    people = sorted(contacts, key=lambda c: c.path)
    key = _memo_key(people) if memo is not None else ""
    kept = memo.get(key) if memo is not None else None
    if kept is not None:
        by_path = {c.path: c for c in people}
        order = [(by_path[a], by_path[b]) for a, b in kept["pairs"] if a in by_path and b in by_path]
        chosen = _choose(order, already, limit)
        if len(chosen) == limit or kept["complete"]:
            return chosen
    ranking = _ranked(people)
    seen: list[tuple[Contact, Contact]] = []

    def recorded() -> Iterator[tuple[Contact, Contact]]:
        for pair in ranking:
            seen.append(pair)
            yield pair

    chosen = _choose(recorded(), already, limit)
    if memo is not None:
        # Pairs beyond those looked at, so that a replay still finds `limit` pairs of
        # different people when some were introduced since: on a network with a few
        # people everyone needs, the head of the ranking is mostly pairs with them.
        looked_at = len(seen)
        head: list[tuple[Contact, Contact]] = []
        apart: set[str] = set()  # the people of the pairs of different people so far
        spare = 0
        for a, b in itertools.chain(list(seen), ranking):
            head.append((a, b))
            if a.path not in apart and b.path not in apart:
                apart.update((a.path, b.path))
                spare += 1
            if len(head) >= looked_at and (spare >= limit + MEMO_SPARE or len(head) >= MEMO_PAIRS):
                break
        seen = head
        complete = next(ranking, None) is None
        memo.pop(key, None)
        memo[key] = {"pairs": [[a.path, b.path] for a, b in seen], "complete": complete}
        for old in list(memo)[:-MEMO_KEYS]:  # (the digest's and today's, as the network is now)
            del memo[old]
    return chosen


MEMO_PAIRS = 4096  # at most this many pairs of the ranking kept in a memo
MEMO_SPARE = 8  # pairs of different people kept beyond those a choice needs
MEMO_KEYS = 4  # rankings kept (of different sets of people)


# The summary fields the ranking reads (through `phrases`): what someone offers, is (role
# and industry, with their tags), is into and needs. A change to any other (a new city, a
# company's spelling) keeps a ranking that took seconds at 50,000 people.
_RANKED_FIELDS = ("offers", "role", "industry", "interests", "needs")


def _memo_key(people: list[Contact]) -> str:
    """What the ranking depends on, for each person in order: path, name, tags and the
    summary fields it reads (_RANKED_FIELDS)."""
    import hashlib
    import json

    digest = hashlib.sha1(f"{MAX_PER_TERM}:{sorted(GIVES)}:{_RANKED_FIELDS}".encode())
    for c in people:
        if isinstance(c.summary, LazyFields):
            said = json.loads(c.summary.json_text())  # (decoded apart: the contact's stays as it was)
            ranked = repr([said.get(key) for key in _RANKED_FIELDS])
        else:
            ranked = repr(_phrases(c))
        digest.update(f"{c.path}\x1f{c.sort_key}\x1f{c.tags}\x1f{ranked}\n".encode())
    return digest.hexdigest()


def _choose(
    ranking: Iterable[tuple[Contact, Contact]], already: Callable[[Contact, Contact], bool], limit: int
) -> list[Match]:
    """The first `limit` pairs of the ranking not introduced already, each person once."""
    chosen: list[Match] = []
    used: set[str] = set()
    for a, b in ranking:
        if a.path in used or b.path in used or already(a, b):
            continue
        found = match(a, b)
        if found is None:
            continue  # not when _score agrees with match, as tests check
        chosen.append(found)
        used.update((a.path, b.path))
        if len(chosen) == limit:
            break
    return chosen


def _ranked(contacts: list[Contact]) -> Iterator[tuple[Contact, Contact]]:
    """Every pair that could be introduced, strongest first (as `_rank` orders them)."""
    pool = _Pool.of(contacts)
    people, profiles = pool.people, pool.profiles
    wants_bits, by_weight, weights = pool.wants_bits, pool.by_weight, pool.weights

    def ceiling(a: int, b: int) -> int:
        """The most the pair can score: what each gives the other weighs at most its
        weight for each word given at that weight that the other needs (all in one pair
        of phrases, at best), plus two for shared interests."""
        wants_a, wants_b = wants_bits[a], wants_bits[b]
        return (
            max(w * (gives[a] & wants_b).bit_count() for w, gives in by_weight)
            + max(w * (gives[b] & wants_a).bit_count() for w, gives in by_weight)
            + 2
        )

    # Candidates: a giver and the people who need one of the words of what they offer or
    # are. Their pairs are scored from the highest ceiling down and given out as soon as
    # nothing left unscored can outrank them. A large network has millions of candidate
    # pairs, so they are first sorted by a rougher ceiling (the most weight for every word
    # one gives and the other needs), counted for a giver's candidates at once (map, not
    # a loop), and a pair is made, and given its ceiling, only when that rough one is reached.
    top = weights[0] if weights else 0
    candidates, most = _rough_candidates(pool.has, pool.needing, pool.has_bits, wants_bits)
    # Shared words, most first, of pairs not yet made: every count from the most down (a
    # count no pair has costs one look at the candidates; counting which have one, 6.8
    # million pairs at 50,000 people, cost more).
    rough = list(range(max(most, default=0), 0, -1))
    # A pair of people a < b is the one int a * size + b: millions of pairs at 50,000
    # people, where tuples of two ints took a hundred bytes each.
    size = len(people)
    made: dict[int, array[int]] = defaultdict(lambda: array("q"))  # ceiling -> pairs made, not scored
    ready: list[tuple[int, str, str, str, str, int, int]] = []  # scored pairs: a heap, best first

    def unmade() -> int:
        """The most any pair not yet made can score."""
        return top * rough[0] + 2 if rough else 0

    while rough or made or ready:
        if rough and unmade() >= max(made, default=0):
            level = rough.pop(0)
            for a, (others, shared) in enumerate(candidates):
                if most[a] < level:
                    continue
                for b, count in zip(others, shared):
                    # Each pair once, from either side: from the other's when there too
                    # (what a pair shares is the same both ways: the same level).
                    if count == level and (a < b or not _holds(candidates[b][0], a)):
                        first, second = (a, b) if a < b else (b, a)
                        made[ceiling(first, second)].append(first * size + second)
            continue
        if made:
            for pair in made.pop(max(made)):
                a, b = divmod(pair, size)
                score = _score(profiles[a], profiles[b])
                if score:
                    heapq.heappush(ready, (*_rank(score, people[a], people[b]), a, b))
        below = max(max(made, default=0), unmade())  # what any unscored pair can reach
        while ready and -ready[0][0] > below:
            *_, a, b = heapq.heappop(ready)
            yield people[a], people[b]


@dataclass
class _Pool:
    """The people who take part in introductions, by index, with what `suggest` reads of
    each as bit sets (one bit per word, the rarest words first)."""

    people: list[Contact]
    profiles: list[_Scoring]
    needing: dict[str, list[int]]  # term -> people (by index) who need it
    wants_bits: list[int]
    has_bits: list[int]
    has: list[tuple[str, ...]]  # the terms of what each gives
    weights: list[int]  # the weights of what one gives, highest first
    by_weight: list[tuple[int, list[int]]]  # each weight, and what each gives at it

    @classmethod
    def of(cls, contacts: Iterable[Contact]) -> _Pool:
        ordered = sorted(contacts, key=lambda c: c.path)
        # Each person's phrases are read twice, to count the words and then to make the
        # profile, rather than held for everyone in between (a hundred megabytes at 50,000).
        bits = _bits_by_frequency(_phrases(c) for c in ordered)
        weights = sorted({weight for _, weight in GIVES}, reverse=True)
        pool = cls([], [], defaultdict(list), [], [], [], weights, [(w, []) for w in weights])
        for contact in ordered:
            profile = _profile(_phrases(contact), bits)
            if _takes_part(profile):
                pool._add(contact, profile)
        return pool

    def _add(self, contact: Contact, profile: _Profile) -> None:
        """Take part: what `contact` (of `profile`) gives and needs, as words and bits."""
        n = len(self.people)
        self.people.append(contact)
        self.profiles.append(profile.scoring())
        for _, _, wanted in profile.needs:
            for term in wanted:
                if len(self.needing[term]) < MAX_PER_TERM:
                    self.needing[term].append(n)
        self.wants_bits.append(_union(wanted for wanted, _, _ in profile.needs))
        self.has_bits.append(_union(had for _, had, _, _ in profile.gives))
        self.has.append(tuple(frozenset().union(*(terms(have) for _, _, have, _ in profile.gives))))
        for weight, given in self.by_weight:
            given.append(_union(had for v, had, _, _ in profile.gives if v == weight))


def _rough_candidates(
    has: list[tuple[str, ...]], needing: dict[str, list[int]], has_bits: list[int], wants_bits: list[int]
) -> tuple[list[tuple[array[int], array[int]]], list[int]]:
    """For each giver (by index), the people who need a word of what they give and how
    many words each pair shares both ways, counted at once (map, not a Python loop: a
    large network has millions of pairs); and the most a giver shares with one of them."""
    candidates: list[tuple[array[int], array[int]]] = []
    most = [0] * len(has)
    kind = "H" if len(has) <= 0x10000 else "i"  # (a person's number in two bytes, up to 65,536 people)
    for giver in range(len(has)):
        wanting: set[int] = set()
        for term in has[giver]:
            wanting.update(needing.get(term, ()))
        wanting.discard(giver)
        # Compact arrays, not lists: millions of pairs at 50,000 people. (Sorted: a pair
        # is looked up from the other side, see _holds.)
        others = array(kind, sorted(wanting))
        shared = _compact(
            map(
                operator.add,
                map(int.bit_count, map(has_bits[giver].__and__, map(wants_bits.__getitem__, others))),
                map(int.bit_count, map(wants_bits[giver].__and__, map(has_bits.__getitem__, others))),
            )
        )
        if shared:
            most[giver] = max(shared)
        candidates.append((others, shared))
    return candidates, most


def _compact(counts: Iterator[int]) -> array[int]:
    """Counts of shared words in two bytes each (a few words a pair), four when one is
    larger than that."""
    held = list(counts)
    try:
        return array("H", held)
    except OverflowError:
        return array("I", held)


def _holds(ordered: array[int], value: int) -> bool:
    """True when the sorted array holds `value`."""
    at = bisect.bisect_left(ordered, value)
    return at < len(ordered) and ordered[at] == value


def _union(masks: Iterable[int]) -> int:
    """The words of all these masks."""
    return functools.reduce(operator.or_, masks, 0)


def _mask(words: Iterable[str], bits: dict[str, int]) -> int:
    """`words` as a bit mask, each word's bit given by `bits` (new words get the next)."""
    mask = 0
    for word in words:
        mask |= 1 << bits.setdefault(word, len(bits))
    return mask


def suggest_for(
    contact: Contact, others: Iterable[Contact], already: Callable[[Contact, Contact], bool] | None = None
) -> Match | None:
    """The best introduction for one person among `others`: the pair `suggest` would rank
    first among the pairs that include them, skipping pairs `already` introduced."""
    bits: dict[str, int] = {}
    mine = _profile(contact, bits)
    if not _takes_part(mine):
        return None
    my_words = mine.scoring()
    ranked: list[tuple[tuple[int, str, str, str, str], Contact, Contact]] = []
    for other in others:
        theirs = _profile(other, bits)
        if other.path == contact.path or not _takes_part(theirs):
            continue
        a, b = (contact, other) if contact.path < other.path else (other, contact)
        score = _score(my_words, theirs.scoring()) if a is contact else _score(theirs.scoring(), my_words)
        if score:
            ranked.append((_rank(score, a, b), a, b))
    for _, a, b in sorted(ranked, key=lambda pair: pair[0]):
        if already is None or not already(a, b):
            return match(a, b)
    return None


def _rank(score: int, a: Contact, b: Contact) -> tuple[int, str, str, str, str]:
    """Where the pair (a, b), a's path first, stands among suggestions: best first."""
    return (-score, a.sort_key, b.sort_key, a.path, b.path)
