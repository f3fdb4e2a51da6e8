"""Which contacts `due` reads: SQLite leaves out whoever is surely not due.

`Network.due` works out each contact's dates in Python; reading and working out 50,000
rows to find the few hundred due was most of its time. `condition` is an SQL condition on
the contacts table that holds for everyone something may fall due for by a horizon: more
than are due, never fewer (a month of cadence counts 28 days, a birthday a day more), and
`due` works out those alone. A test compares both ways on fifty days over two years,
with the default settings and others.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from ..model import Cadence

# The last day a contact was talked to, up to today: their latest talk (`talks` is their
# days, sorted, space-separated) or a `last_contact:` the note states, whichever is later.
_LAST_TALK = (
    "max(CASE WHEN talks = '' THEN '' ELSE substr(talks, -10) END,"
    " CASE WHEN last_contact <= :today THEN last_contact ELSE '' END)"
)


def condition(
    conn: sqlite3.Connection,
    today: date,
    horizon: date,
    birthday_horizon: date,
    followup_window_days: int,
    by_label: Callable[[str], Cadence | None],
    by_circle: Callable[[str | None], Cadence | None],
) -> tuple[str, dict[str, Any]]:
    """(SQL condition, its parameters) holding for every contact a check-in, a follow-up
    or a birthday may fall due for by `horizon` (a birthday by `birthday_horizon`).
    `by_label` reads a cadence as a note gives it, `by_circle` gives a circle's."""
    params: dict[str, Any] = {
        "today": today.isoformat(),
        "followup_from": (today - timedelta(days=followup_window_days)).isoformat(),
    }
    keep = [
        "(talks != '' AND substr(talks, -10) > :today)",  # (a talk planned ahead: the dates decide)
        "met_on >= :followup_from",  # (a first meeting in the follow-up window)
        "first_met >= :followup_from",
        f"{_LAST_TALK} <= {_cadence_cutoff(conn, horizon, params, by_label, by_circle)}",
        _birthday_near(today, birthday_horizon, params),
    ]
    return " OR ".join(keep), params


def _cadence_cutoff(
    conn: sqlite3.Connection,
    horizon: date,
    params: dict[str, Any],
    by_label: Callable[[str], Cadence | None],
    by_circle: Callable[[str | None], Cadence | None],
) -> str:
    """An SQL expression: the last day a contact may have been talked to and still be
    due by `horizon` by their cadence (a bound: a month counted 28 days), NULL for no
    cadence. The cadences and circles are the few the vault uses, each a CASE."""

    def cutoff(cadence: Cadence | None) -> str | None:
        if cadence is None:
            return None
        try:
            return (horizon - timedelta(days=cadence.days + 28 * cadence.months)).isoformat()
        except OverflowError:
            return "0000-00-00"

    def cases(column: str, values: dict[Any, str | None], otherwise: str) -> str:
        parts = []
        for value, day in values.items():
            name, then = f"v{len(params)}", f"v{len(params) + 1}"
            params[name], params[then] = value, day
            parts.append(f"WHEN {column} IS :{name} THEN :{then}")
        return f"CASE {' '.join(parts)} ELSE {otherwise} END" if parts else otherwise

    labels = [label for (label,) in conn.execute("SELECT DISTINCT cadence FROM contacts") if label]
    circles = [circle for (circle,) in conn.execute("SELECT DISTINCT circle FROM contacts")]
    of_circle = cases("circle", {c: cutoff(by_circle(c)) for c in circles}, "NULL")
    return cases("cadence", {label: cutoff(by_label(label)) for label in labels}, of_circle)


def _birthday_near(today: date, birthday_horizon: date, params: dict[str, Any]) -> str:
    """An SQL condition: a birthday (`MM-DD`) falls from today to `birthday_horizon` (a
    day more: the 29th of February is kept on the 28th)."""
    if (birthday_horizon - today).days >= 364:
        return "birthday IS NOT NULL"
    params["bday_from"] = today.strftime("%m-%d")
    params["bday_to"] = (birthday_horizon + timedelta(days=1)).strftime("%m-%d")
    if params["bday_from"] <= params["bday_to"]:
        return "birthday BETWEEN :bday_from AND :bday_to"
    return "(birthday >= :bday_from OR birthday <= :bday_to)"
