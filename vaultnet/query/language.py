"""The query language of `vaultnet list`: terms to a test of a contact, and sorting.

`tag:climate`, `-industry:finance`, `met_on:>2026-01-01`, `company:` (has one), plain words
(name, alias, email, tag, path, company, role). Every term must hold.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from ..dates import optional_date
from ..errors import QueryError
from ..model import RECOGNISED, SUMMARY_FIELDS, Contact, display_value
from ..names import fold

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


FIELD_ALIASES = {
    "tag": "tags",
    "email": "emails",
    "alias": "aliases",
    "interest": "interests",
    "offer": "offers",
    "need": "needs",
    "folder": "path",
}


def matcher(terms: Iterable[str]) -> Callable[[Contact], bool]:
    """A test that holds for a contact matching every query term."""
    tests = [_term(t) for t in terms if t.strip()]
    return lambda c: all(test(c) for test in tests)


def _term(term: str) -> Callable[[Contact], bool]:
    negate = term.startswith("-") and len(term) > 1
    body = term[1:] if negate else term
    match = re.match(r"^([\w.-]+):(.*)$", body)
    test: Callable[[Contact], bool]
    if match:
        key = FIELD_ALIASES.get(match.group(1).lower(), match.group(1).lower())
        test = _field_test(key, match.group(2).strip())
    else:
        test = _word_test(fold(body))
    return (lambda c: not test(c)) if negate else test


def _field_test(key: str, raw: str) -> Callable[[Contact], bool]:
    op_match = re.match(r"^(<=|>=|<|>|=)?(.*)$", raw)
    assert op_match is not None
    op, value = op_match.group(1), op_match.group(2).strip()
    if not value:
        return lambda c: bool([v for v in values_of(c, key) if v not in (None, "")])
    if op in ("<", ">", "<=", ">="):
        wanted_date = optional_date(value)
        try:
            wanted: Any = wanted_date or float(value)
        except ValueError:
            raise QueryError(f"{key}:{raw}: compare with a date (YYYY-MM-DD) or a number") from None
        compare: Callable[[Any, Any], bool] = _COMPARE[op]

        def ordered(c: Contact) -> bool:
            for v in values_of(c, key):
                got: Any = optional_date(v) if wanted_date else _number(v)
                if got is not None and compare(got, wanted):
                    return True
            return False

        return ordered
    needle = fold(value.lstrip("#") if key == "tags" else value)
    exact = op == "=" or key in ("circle", "cadence")

    def matches(c: Contact) -> bool:
        for v in values_of(c, key):
            text = fold(display_value(v))
            if key == "tags" and (text == needle or text.startswith(needle + "/")):
                return True
            if key != "tags" and (text == needle if exact else needle in text):
                return True
        return False

    return matches


class _Dated(Protocol):
    @property
    def last_contact(self) -> date | None: ...
    @property
    def next_due(self) -> date | None: ...


_D = TypeVar("_D", bound=_Dated)


def sort_contacts(contacts: list[_D], by: str) -> list[_D]:
    """`contacts` (or their lines, model.Listed) by name (as they come), "last" contact
    (never first, then oldest) or next "due" date (soonest first, none last)."""
    if by == "last":
        contacts.sort(key=lambda c: (c.last_contact is not None, c.last_contact or date.min))
    elif by == "due":
        contacts.sort(key=lambda c: (c.next_due is None, c.next_due or date.max))
    return contacts


def _word_test(word: str) -> Callable[[Contact], bool]:
    """A plain query word: found in the name, aliases, emails, tags, path, company or role."""

    def test(c: Contact) -> bool:
        haystack = [c.name, *c.aliases, *c.emails, *c.tags, c.path, c.field_text("company"), c.field_text("role")]
        return any(word in fold(h) for h in haystack)

    return test


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


# Query fields vaultnet works out rather than reads from the frontmatter.
_COMPUTED: dict[str, Callable[[Contact], list[Any]]] = {
    "name": lambda c: [c.name, *c.aliases],
    "aliases": lambda c: list(c.aliases),
    "emails": lambda c: list(c.emails),
    "tags": lambda c: list(c.tags),
    "circle": lambda c: [c.circle] if c.circle else [],
    "cadence": lambda c: [c.cadence.label] if c.cadence else [],
    "path": lambda c: [c.path],
    "last_contact": lambda c: [c.last_contact.isoformat()] if c.last_contact else [],
    "next_due": lambda c: [c.next_due.isoformat()] if c.next_due else [],
    "first_contact": lambda c: [c.first_contact.isoformat()] if c.first_contact else [],
}


def values_of(c: Contact, key: str) -> list[Any]:
    """A contact's values for a query field: computed ones first, then frontmatter."""
    computed = _COMPUTED.get(key)
    if computed is not None:
        return computed(c)
    value = c.field(key)  # (`Company:`, `org:` for company)
    if value is None and not (c.summary is not None and key in SUMMARY_FIELDS and key in RECOGNISED):
        # (A field no name of which vaultnet knows, under another case: `Shoe Size:`. A
        # recognised field the summary lacks is absent under every name: no need to look.)
        value = next((v for name, v in c.fields.items() if name.lower() == key), None)
    if isinstance(value, list):
        return value
    return [value] if value is not None else []
