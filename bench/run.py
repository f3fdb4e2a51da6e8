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
    """Run vaultnet once; (seconds, peak RSS in KB of that process, or of its largest
    worker), read from the process's own resource usage (wait4)."""
    command = [sys.executable, "-m", "vaultnet", "--vault", str(vault), "--today", TODAY, *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    process.stderr and process.stderr.close()
    if process.returncode not in (0, 1):
        raise SystemExit(f"vaultnet {' '.join(args)} failed with exit code {process.returncode}: {stderr[-300:]}")
    return seconds, usage.ru_maxrss


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
    size: int,
    repeat: int,
    days: int,
    vaults: Path,
    extra_fields: int = 0,
    other_notes: int = 0,
    shape: str = "synthetic",
) -> dict[str, object]:
    name = (
        f"{size}"
        + (f"-extra{extra_fields}" if extra_fields else "")
        + (f"-notes{other_notes}" if other_notes else "")
        + (f"-{shape}" if shape != "synthetic" else "")
    )
    vault = vaults / name
    marker = vault / ".generated"
    if not marker.exists() or marker.read_text().split()[:2] != [str(size), str(days)]:
        print(f"generating {size} contacts and {days} daily notes in {vault} …", flush=True)
        generate(size, vault, days=days, extra_fields=extra_fields, other_notes=other_notes, shape=shape)
    paths = note_paths(vault)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    cache = vault / ".vaultnet"

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    figures: dict[str, object] = {
        "contacts": size, "notes": len(paths), "megabytes": round(megabytes, 1), "shape": shape
    }  # fmt: skip
    rows: list[tuple[str, list[float], int]] = []  # (figure, times, peak KB)

    walk_t = timed(repeat, lambda: stat_walk(vault))
    read_t = timed(repeat, lambda: read_all(paths))
    plain_t = timed(max(1, repeat // 2), lambda: frontmatter_loop(paths))
    plain = statistics.median(plain_t)
    rows += [("stat-only walk", walk_t, 0), ("read every byte", read_t, 0), (PLAIN, plain_t, 0)]

    def measure(figure: str, *args: str, before: Callable[[], None] | None = None, runs: int = repeat) -> None:
        results = []
        for _ in range(runs):
            if before:
                before()
            results.append(vaultnet(vault, *args))
        rows.append((figure, [t for t, _ in results], max(m for _, m in results)))

    measure("cold index", "index", before=drop_cache, runs=max(1, repeat // 2))
    measure("no-change refresh (index)", "index")
    person = _a_person(vault)
    measure("show NAME", "show", person)
    note = next(p for p in paths if p.stem == person and "People" in p.parts)
    original = note.read_bytes()

    def restore() -> None:
        note.write_bytes(original)

    measure("log NAME TEXT", "log", person, "benchmark call", before=restore)
    restore()
    counter = iter(range(10_000))
    changed = paths[len(paths) // 2]
    changed_was = changed.read_bytes()

    def touch_one() -> None:
        changed.write_bytes(changed_was + f"\n- {TODAY} benchmark edit {next(counter)}\n".encode())

    measure("refresh after one file changed", "index", before=touch_one)
    changed.write_bytes(changed_was)
    vaultnet(vault, "index")
    for figure, args in COMMANDS:
        measure(figure, *args)

    def forget_rankings() -> None:
        (cache / "cache" / "introductions.json").unlink(missing_ok=True)

    # The digest's introductions are ranked once for a network and kept (matching.suggest's
    # memo) until what people offer, need or are changes: the figure above is with the
    # ranking kept, this one ranks afresh, as the first digest after such a change does.
    measure("digest --stdout, ranked afresh", "digest", "--stdout", "--no-drafts", before=forget_rankings)
    help_t = timed(
        repeat,
        lambda: subprocess.run(
            [sys.executable, "-m", "vaultnet", "--help"], capture_output=True, env=_env(), check=True
        ),
    )
    rows.append(("vaultnet --help", help_t, 0))
    _watched(vault, repeat, rows)

    due_items = subprocess.run(
        [sys.executable, "-m", "vaultnet", "--vault", str(vault), "--today", TODAY, "due", "--json"],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout
    figures["due_items"] = len(json.loads(due_items))
    figures["seconds"] = {name: round(statistics.median(t), 3) for name, t, _ in rows}
    figures["ratio"] = {name: round(statistics.median(t) / plain, 3) for name, t, _ in rows}
    figures["peak_memory_mb"] = {name: round(kb / 1024, 1) for name, _, kb in rows if kb}

    print(
        f"\n{size:,} contacts ({shape}) + {days:,} daily notes"
        + (f" + {other_notes:,} other notes" if other_notes else "")
        + f" = {len(paths):,} notes, {megabytes:.0f} MB, {figures['due_items']:,} items due "
        f"(median of {repeat} runs; cold index and plain loop: {max(1, repeat // 2)})"
    )
    print(f"  {'':36} {'median':>8} {'min':>8} {'x loop':>7} {'peak':>7}")
    for name, times, kb in rows:
        memory = f"{kb / 1024:5.0f} MB" if kb else ""
        ratio = statistics.median(times) / plain
        print(f"  {name:36} {statistics.median(times):7.3f}s {min(times):7.3f}s {ratio:6.3f}x {memory}")
    return figures


PLAIN = "plain python-frontmatter loop"
# The commands a person types many times a day, and the weekly ones, after a no-change refresh.
COMMANDS = [
    ("find climate", ("find", "climate")),
    ("find 'climate investor'", ("find", "climate", "investor")),
    ("due", ("due",)),
    ("due --json", ("due", "--json")),
    ("list", ("list",)),
    ("list --json", ("list", "--json")),
    ("list circle:inner", ("list", "circle:inner")),
    ("stats", ("stats",)),
    ("stats --json", ("stats", "--json")),
    ("today", ("today",)),
    ("digest --stdout", ("digest", "--stdout", "--no-drafts")),
]


def _a_person(vault: Path) -> str:
    """A contact whose file name is theirs alone (so `show` and `log` find one person)."""
    names = sorted(p.stem for p in (vault / "People").rglob("*.md"))
    numbered = [n for n in names if n.rsplit(" ", 1)[-1].isdigit()]
    return (numbered or names)[len(numbered or names) // 2]


def _watched(vault: Path, repeat: int, rows: list[tuple[str, list[float], int]]) -> None:
    """The warm figures: the same commands while `vaultnet watch` keeps the index."""
    watcher = subprocess.Popen(
        [sys.executable, "-m", "vaultnet", "--vault", str(vault), "watch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 120
        beat = vault / ".vaultnet" / "cache" / "watching.json"
        while not beat.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not beat.exists():
            print("  (watch kept no heartbeat: no warm figures)")
            return
        person = _a_person(vault)
        for figure, args in (("show NAME", ("show", person)), ("find climate", ("find", "climate")), ("due", ("due",))):
            results = [vaultnet(vault, *args) for _ in range(repeat)]
            rows.append((f"{figure}, while watch runs", [t for t, _ in results], max(m for _, m in results)))
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median reported)")
    parser.add_argument("--days", type=int, default=1095, help="daily notes in each vault")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--vaults", type=Path, default=HERE / "vaults", help="where generated vaults are kept")
    parser.add_argument("--extra-fields", type=int, default=0, help="extra frontmatter fields per contact (0-30)")
    parser.add_argument("--other-notes", type=int, default=0, help="also notes about no one in particular (Notes/)")
    parser.add_argument(
        "--shapes", nargs="+", choices=("synthetic", "realistic"), default=["synthetic", "realistic"],
        help="synthetic: last talks where chance puts them (thousands due); realistic: a network kept up with",
    )  # fmt: skip
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; vaultnet from {_vaultnet_location()}")
    results = [
        bench_size(size, args.repeat, args.days, args.vaults, args.extra_fields, args.other_notes, shape)
        for size in args.sizes
        for shape in args.shapes
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
