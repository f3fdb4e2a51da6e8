"""The benchmark scripts still run (on a tiny vault): figures nobody can reproduce are no figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_generated_vault_is_deterministic_and_readable(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(BENCH))
    a = generate(40, tmp_path / "a", days=5, other_notes=3)
    b = generate(40, tmp_path / "b", days=5, other_notes=3)
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*.md"))
    assert files_a == sorted(p.relative_to(b).as_posix() for p in b.rglob("*.md"))
    assert len(files_a) == 48 and "Notes/Note 2.md" in files_a
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def test_bench_run_prints_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "60",
            "--repeat",
            "1",
            "--days",
            "5",
            "--json",
            str(out),
            "--vaults",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    for name in (
        "plain python-frontmatter loop",
        "cold index",
        "no-change refresh (index)",
        "show NAME",
        "log NAME TEXT",
        "refresh after one file changed",
        "due --json",
        "stats --json",
        "digest --stdout",
        "due, while watch runs",
        "60 contacts (realistic)",
    ):
        assert name in result.stdout
    synthetic, realistic = json.loads(out.read_text())
    assert (synthetic["contacts"], synthetic["notes"], realistic["shape"]) == (60, 65, "realistic")
    assert set(synthetic["seconds"]) >= {"cold index", "due", "vaultnet --help", "show NAME, while watch runs"}
    assert synthetic["peak_memory_mb"]["due --json"] > 0 and synthetic["ratio"]["plain python-frontmatter loop"] == 1


def test_the_fault_harness_runs_and_finds_nothing_torn() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / "faults.py"), "--runs", "2", "--commands", "log,digest"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[1:-1]]
    assert [(row[0], row[1]) for row in rows] == [
        ("log", "random"),
        ("log", "aimed"),
        ("digest", "random"),
        ("digest", "aimed"),
    ]
    assert all(row[7] == "0" for row in rows)  # torn
    assert result.stdout.splitlines()[-1] == "no file torn or changed beyond the command's intent"
