"""Benchmarks: vaultnet end to end on generated vaults, beside reference loops.

    python bench/run.py                      # 10k and 50k contacts
    python bench/run.py --sizes 10000 --repeat 3
    python bench/run.py --json results.json  # also write the figures as JSON

Each figure is the wall time of a real `vaultnet` process (so it includes Python start-up
and imports), the median of --repeat runs. The references are measured in the same run on
the same files, so ratios hold on a noisy machine: a stat-only walk, reading every byte,
and a plain loop that loads every note with python-frontmatter. Vaults are generated once
into bench/vaults/ (git-ignored) by bench/generate.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TODAY = "2026-11-23"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # let imports be cached as they are for users
    env.pop("VAULTNET_VAULT", None)
    env["VAULTNET_CONFIG"] = os.devnull
    return env


def vaultnet(vault: Path, *args: str) -> tuple[float, int]:
    """Run vaultnet once; (seconds, peak RSS in KB of it and its worker processes)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
    )
    command = [
        sys.executable,
        "-c",
        probe,
        sys.executable,
        "-m",
        "vaultnet",
        "--vault",
        str(vault),
        "--today",
        TODAY,
        *args,
    ]
    out = subprocess.run(command, capture_output=True, text=True, env=_env(), check=True).stdout.split()
    if out[2] not in ("0", "1"):
        raise SystemExit(f"vaultnet {' '.join(args)} failed with exit code {out[2]}")
    return float(out[0]), int(out[1])


def timed(runs: int, action: Callable[[], object], before: Callable[[], None] | None = None) -> list[float]:
    """Wall times of `action`, with `before` run (untimed) ahead of each. A vaultnet run
    reports its own time, measured around the process alone."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = action()
        times.append(result[0] if isinstance(result, tuple) else time.perf_counter() - start)
    return times


def note_paths(vault: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder) / f for f in files if f.endswith(".md"))
    return found


def stat_walk(vault: Path) -> None:
    for folder, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            os.stat(os.path.join(folder, name))


def read_all(paths: list[Path]) -> None:
    for path in paths:
        path.read_bytes()


def frontmatter_loop(paths: list[Path]) -> None:
    import frontmatter

    for path in paths:
        frontmatter.load(str(path))


def bench_size(
    size: int, repeat: int, days: int, vaults: Path, extra_fields: int = 0, other_notes: int = 0
) -> dict[str, object]:
    name = (
        f"{size}" + (f"-extra{extra_fields}" if extra_fields else "") + (f"-notes{other_notes}" if other_notes else "")
    )
    vault = vaults / name
    marker = vault / ".generated"
    if not marker.exists() or marker.read_text().split()[:2] != [str(size), str(days)]:
        print(f"generating {size} contacts and {days} daily notes in {vault} …", flush=True)
        generate(size, vault, days=days, extra_fields=extra_fields, other_notes=other_notes)
    paths = note_paths(vault)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    cache = vault / ".vaultnet"

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    figures: dict[str, object] = {"contacts": size, "notes": len(paths), "megabytes": round(megabytes, 1)}
    rows: list[tuple[str, list[float], str]] = []

    walk_t = timed(repeat, lambda: stat_walk(vault))
    read_t = timed(repeat, lambda: read_all(paths))
    plain_t = timed(max(1, repeat // 2), lambda: frontmatter_loop(paths))
    plain = statistics.median(plain_t)
    rows += [
        ("stat-only walk", walk_t, ""),
        ("read every byte", read_t, ""),
        ("plain python-frontmatter loop", plain_t, "the reference"),
    ]

    peak = 0
    cold = []
    for _ in range(max(1, repeat // 2)):
        drop_cache()
        seconds, rss = vaultnet(vault, "index")
        cold.append(seconds)
        peak = max(peak, rss)
    rows.append(("cold index", cold, f"{statistics.median(cold) / plain:.2f}x the plain loop"))
    rows.append(("no-change refresh (index)", timed(repeat, lambda: vaultnet(vault, "index")), ""))
    due_t = timed(repeat, lambda: vaultnet(vault, "due"))
    rows.append(("no-change refresh + due", due_t, f"{statistics.median(due_t) / plain:.2f}x the plain loop"))

    changed = paths[len(paths) // 2]
    original = changed.read_bytes()
    counter = iter(range(10_000))

    def touch_one() -> None:
        changed.write_bytes(original + f"\n- {TODAY} benchmark edit {next(counter)}\n".encode())

    rows.append(("refresh after one file changed", timed(repeat, lambda: vaultnet(vault, "index"), touch_one), ""))
    changed.write_bytes(original)
    vaultnet(vault, "index")
    rows.append(("find 'climate investor'", timed(repeat, lambda: vaultnet(vault, "find", "climate", "investor")), ""))
    rows.append(("list circle:inner", timed(repeat, lambda: vaultnet(vault, "list", "circle:inner")), ""))
    # The weekly digest, printed rather than written, so the vault stays as generated.
    rows.append(
        ("digest --stdout --no-drafts", timed(repeat, lambda: vaultnet(vault, "digest", "--stdout", "--no-drafts")), "")
    )
    help_t = timed(
        repeat,
        lambda: subprocess.run(
            [sys.executable, "-m", "vaultnet", "--help"], capture_output=True, env=_env(), check=True
        ),
    )
    rows.append(("vaultnet --help", help_t, ""))

    due_items = subprocess.run(
        [sys.executable, "-m", "vaultnet", "--vault", str(vault), "--today", TODAY, "due", "--json"],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout
    figures["due_items"] = len(json.loads(due_items))
    figures["peak_memory_mb"] = round(peak / 1024, 1)
    figures["seconds"] = {name: round(statistics.median(t), 3) for name, t, _ in rows}

    print(
        f"\n{size:,} contacts + {days:,} daily notes"
        + (f" + {other_notes:,} other notes" if other_notes else "")
        + f" = {len(paths):,} notes, {megabytes:.0f} MB "
        f"(median of {repeat} runs; cold index and plain loop: {max(1, repeat // 2)})"
    )
    print(f"  {'':34} {'median':>8} {'min':>8}")
    for name, times, note in rows:
        print(f"  {name:34} {statistics.median(times):7.3f}s {min(times):7.3f}s  {note}")
    print(f"  {'peak memory, cold index':34} {peak / 1024:7.0f} MB   (largest of vaultnet and its workers)")
    print(f"  {'items `due` reports':34} {figures['due_items']:8}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median reported)")
    parser.add_argument("--days", type=int, default=1095, help="daily notes in each vault")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--vaults", type=Path, default=HERE / "vaults", help="where generated vaults are kept")
    parser.add_argument("--extra-fields", type=int, default=0, help="extra frontmatter fields per contact (0-30)")
    parser.add_argument("--other-notes", type=int, default=0, help="also notes about no one in particular (Notes/)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; vaultnet from {_vaultnet_location()}")
    results = [
        bench_size(size, args.repeat, args.days, args.vaults, args.extra_fields, args.other_notes)
        for size in args.sizes
    ]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def _vaultnet_location() -> str:
    out = subprocess.run(
        [sys.executable, "-c", "import vaultnet; print(vaultnet.__file__)"], capture_output=True, text=True, env=_env()
    )
    return out.stdout.strip() or "(not importable)"


if __name__ == "__main__":
    main()
