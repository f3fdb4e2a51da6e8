"""The house rules ARCHITECTURE.md states, checked so they can only hold."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vaultnet"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
# The data layer: the index, and the query package that reads it.
DATA_LAYER = {PACKAGE / "index.py", *(PACKAGE / "query").glob("*.py")}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_function_is_longer_than_80_lines(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 80
    ]
    assert not long, f"split into named steps: {', '.join(long)}"


@pytest.mark.parametrize("module", [m for m in MODULES if m not in DATA_LAYER], ids=lambda p: p.name)
def test_sql_lives_only_in_the_data_layer(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    assert not re.search(r"\.execute(?:many)?\(|\bimport sqlite3\b|\bSELECT\s", text), (
        f"{module.name} runs SQL: ask index or query instead"
    )
    assert not re.search(r"\.conn\b(?!ect)", text), f"{module.name} reaches for a connection"
