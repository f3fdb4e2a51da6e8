"""The wheel ships every package of the source tree.

setuptools is given an explicit package list (templates/ is mapped into the wheel), so a
new sub-package must be added there by hand; forgetting it installs a vaultnet that dies
on import. This test is the reminder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "vaultnet").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk, "no packages found under vaultnet/"
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
