"""`vaultnet find`: who can help with X, ranked over fields and note text (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from ..index import FTS_COLUMNS
from ..model import ARCHIVED, Contact
from ..names import fold, stem

if TYPE_CHECKING:
    from .network import Network


@dataclass(frozen=True)
class SearchHit:
    """A contact that matches a `find`, with where and how well."""

    contact: Contact
    score: float
    fields: tuple[str, ...]
    snippet: str
    through: str = ""  # for someone who knows a match rather than is one: the match's name


THROUGH = 5  # people found through whom they know, at most, after those found directly


def with_whom_they_know(net: Network, hits: list[SearchHit]) -> list[SearchHit]:
    """`hits`, then the people whose own notes link to one of them (whom they know), each
    once and marked `through` that person: contacts are useful for whom they know too."""
    found = {hit.contact.path for hit in hits}
    more: list[SearchHit] = []
    for hit in hits:
        for path in net.linked_from(hit.contact):
            if path in found or len(more) >= THROUGH:
                continue
            found.add(path)
            person = net.contact_at(path)
            if person is not None and person.circle != ARCHIVED and not net.is_owner(person):
                more.append(SearchHit(person, 0.0, ("knows",), f"knows {hit.contact.name}", hit.contact.name))
    return hits + more


# The order in which to invite people to an event you host: those closest first.
_CIRCLE_ORDER = {"inner": 0, "network": 1, "prospect": 2}


def invitees(net: Network, topic: str, limit: int = 20) -> list[SearchHit]:
    """Whom to invite to an event on `topic`: people whose fields or notes match it, not
    anyone archived nor you, closest circles first, then the most recently talked to."""
    hits = [h for h in search(net, topic, limit=limit * 2) if h.contact.circle != ARCHIVED]
    hits = [h for h in hits if not net.is_owner(h.contact)]
    hits.sort(
        key=lambda h: (_CIRCLE_ORDER.get(h.contact.circle or "", 3), -(h.contact.last_contact or date.min).toordinal())
    )
    return hits[:limit]


_ASKING = frozenset(
    """
    a an and are as at be by can could for from has have i in into is it its me my of on or our some any someone
    somebody anyone people person the their them they to us we who what with about need needs want wants looking
    find get help helps intro intros introduction introductions
    """.split()
)


def search(net: Network, text: str, limit: int = 20) -> list[SearchHit]:
    """People who can help with `text`, best first, from fields and note text."""
    words = re.findall(r"\w+", fold(text))
    if not words:
        raise QueryError("give some words to search for, e.g. `vaultnet find fundraising`")
    # One letter ("C++", "a:b") is no word to look for beside others; two letters are
    # an acronym (AI, VC, UX) to match whole, not the start of "air" or "aim".
    words = [w for w in words if len(w) > 1] or words
    # How a question is put ("help with hiring", "intros to investors") is not what it
    # is about: those words found anyone who offers "help".
    words = [w for w in words if w not in _ASKING] or words
    terms = [f'"{w}"*' if len(w) > 2 else f'"{w}"' for w in words]
    rows: list[tuple[Any, ...]] = []
    weights = "10.0, 12.0, 6.0, 5.0, 5.0, 6.0, 5.0, 1.5, 1.0"
    for joiner in (" ", " OR "):
        query = joiner.join(terms)
        rows = net._conn.execute(
            f"SELECT rowid, bm25(fts, {weights}) AS score,"
            # (Marked with control characters: the note's own `**bold**` must not meet the marks.)
            " snippet(fts, -1, '\x02', '\x03', '…', 12), "
            # A short snippet of the note text alone says whether the words are there.
            f" snippet(fts, {len(FTS_COLUMNS) - 1}, '\x01', '', '', 1), "
            + ", ".join(FTS_COLUMNS[:-1])
            + " FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ?",
            (query, limit),
        ).fetchall()
        if rows or len(words) == 1:
            break
    hits = []
    stems = [stem(w) for w in words]

    def found_in(value: str) -> bool:
        return any(re.search(rf"\b{re.escape(s)}", fold(value)) for s in stems)

    for rowid, score, snippet, in_notes, *columns in rows:
        row = net._row(rowid)  # (only the few found: not every contact's row)
        if row is None:
            continue
        contact = net._contact(row)
        matched: list[str] = []
        for name, value in zip(FTS_COLUMNS[:-1], columns):
            if name == "other":
                # `key: value;` for each other field: name the fields the words are in.
                for part in (value or "").split(";"):
                    key, _, text = part.strip().partition(": ")
                    if key.startswith("aka "):
                        key, text = "aliases", key[4:]
                    if text and found_in(text) and key not in matched:
                        matched.append(key)
            elif found_in(value or ""):
                matched.append(name)
        if "\x01" in (in_notes or "") or not matched:
            matched.append("notes")
        hits.append(SearchHit(contact, round(-score, 3), tuple(matched), _highlighted(snippet)))
    hits.sort(key=lambda hit: hit.contact.circle == ARCHIVED)  # (stable) those you are in touch with first
    return hits


def _highlighted(snippet: str) -> str:
    """A snippet on one line with the words found in `**bold**`, and the note's own bold
    and italics marks dropped (`**Dog**-business` found as `dog business` would read
    `****Dog**-**business**`)."""
    plain = re.sub(r"\*\*|__", "", snippet)
    return " ".join(plain.replace("\x02", "**").replace("\x03", "**").split())
