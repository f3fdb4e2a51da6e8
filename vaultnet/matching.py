"""Who should meet whom: one person's offers meeting another's needs, shared interests.

Used by `vaultnet intro` (to say why two people should meet) and by the digest (to
suggest introductions). Pure: contacts in, scored pairs out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Contact, display_value
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


def terms(text: str) -> frozenset[str]:
    """The words of a phrase that carry meaning, stemmed."""
    return frozenset(stem(w) for w in re.findall(r"\w+", fold(text)) if len(w) >= 3 and w not in STOPWORDS)


def phrases(contact: Contact, key: str) -> list[str]:
    """A list field's phrases (`offers`, `needs`, `interests`) as text; `identity` is what
    the person is: role, industry and tags (a founder in climate adaptation, an investor)."""
    if key == "identity":
        role, industry = contact.field_text("role"), contact.field_text("industry")
        what = "; ".join(p for p in (" in ".join(p for p in (role, industry) if p), ", ".join(contact.tags)) if p)
        return [what] if what else []
    value = contact.fields.get(key)
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


def _best(giver: Contact, taker: Contact) -> tuple[int, str, str, str]:
    """(weight, what giver has, what taker needs, which field) for the best-matching pair
    of phrases: the giver's offers count three per shared word, what they are and their
    interests two."""
    best = (0, "", "", "")
    for key, weight in (("offers", 3), ("identity", 2), ("interests", 2)):
        for have in phrases(giver, key):
            had = terms(have)
            for need in phrases(taker, "needs"):
                score = weight * len(had & terms(need))
                if score > best[0]:
                    best = (score, have.split(";")[0], need, key)
    return best


def match(a: Contact, b: Contact) -> Match | None:
    """Why `a` and `b` should meet, or None when neither has what the other needs."""
    a_gives = _best(a, b)
    b_gives = _best(b, a)
    if not a_gives[0] and not b_gives[0]:
        return None
    shared = sorted(
        {i for i in phrases(a, "interests") for j in phrases(b, "interests") if terms(i) & terms(j)}, key=fold
    )
    score = a_gives[0] + b_gives[0] + min(len(shared), 2)
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


def suggest(
    contacts: Iterable[Contact],
    already: Callable[[Contact, Contact], bool],
    limit: int = 3,
) -> list[Match]:
    """The best pairs to introduce, strongest first, skipping pairs `already` introduced;
    each person in at most one suggestion."""
    people = [c for c in contacts if phrases(c, "offers") or phrases(c, "needs") or phrases(c, "interests")]
    needing: dict[str, list[Contact]] = defaultdict(list)
    for person in people:
        for need in phrases(person, "needs"):
            for term in terms(need):
                if len(needing[term]) < MAX_PER_TERM:
                    needing[term].append(person)
    pairs: set[tuple[str, str]] = set()
    by_path = {c.path: c for c in people}
    for giver in people:
        for have in phrases(giver, "offers") + phrases(giver, "identity") + phrases(giver, "interests"):
            for term in terms(have):
                for taker in needing.get(term, ()):
                    if taker.path != giver.path:
                        pairs.add(tuple(sorted((giver.path, taker.path))))  # type: ignore[arg-type]
    scored = [m for a, b in sorted(pairs) if (m := match(by_path[a], by_path[b])) is not None]
    scored.sort(key=lambda m: (-m.score, m.a.sort_key, m.b.sort_key, m.a.path, m.b.path))
    chosen: list[Match] = []
    used: set[str] = set()
    for candidate in scored:
        if candidate.a.path in used or candidate.b.path in used or already(candidate.a, candidate.b):
            continue
        chosen.append(candidate)
        used.update((candidate.a.path, candidate.b.path))
        if len(chosen) == limit:
            break
    return chosen
