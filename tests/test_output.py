"""Tables as `list` prints them: aligned by what a terminal shows, whatever the text."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from vaultnet.output import clip, printable, table, width


def _one_cell_at_a_time(headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 48) -> str:
    """The table as the plain definition makes it: each cell made printable, cut and
    measured on its own (what `table` does a column at a time)."""
    if not rows:
        return ""
    last = len(headers) - 1
    sized = [
        [(c := clip(printable(str(cell)), max_width), width(c)) for cell in row[:last]] for row in [headers, *rows]
    ]
    widths = [max(row[i][1] for row in sized) for i in range(last)]
    lines = []
    for cells, row in zip(sized, [headers, *rows]):
        parts = [text + " " * (widths[i] - w) for i, (text, w) in enumerate(cells)]
        lines.append("  ".join([*parts, printable(str(row[last]))]).rstrip())
    return "\n".join(lines)


def test_columns_line_up_by_what_the_terminal_shows() -> None:
    shown = table(
        ["NAME", "COMPANY", "DUE"],
        [["Zoë Ångström", "Acme", "2026-12-01"], ["山田太郎", "x" * 60, ""], ["Eve\x1b[2J", "Ok\tCo", "today"]],
    )
    lines = shown.splitlines()
    assert lines[1] == "Zoë Ångström  Acme                                              2026-12-01"
    assert lines[2].startswith("山田太郎      " + "x" * 47 + "…")  # (wide: two columns a character)
    assert lines[3].startswith("Eve\ufffd[2J       Ok Co ")  # (no escape sequence reaches the terminal)
    assert all(width(line.split("  ")[0]) <= 12 for line in lines)


cells = st.text(st.characters(exclude_categories=("Cs",)), max_size=70)


@given(st.integers(1, 4).flatmap(lambda n: st.lists(st.lists(cells, min_size=n, max_size=n), min_size=1, max_size=6)))
def test_a_table_is_the_table_made_one_cell_at_a_time(grid: list[list[str]]) -> None:
    headers, *rows = grid
    assert table(headers, rows or [headers]) == _one_cell_at_a_time(headers, rows or [headers])
