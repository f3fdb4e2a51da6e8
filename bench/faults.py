"""A fault harness: kill vaultnet's writing commands with SIGKILL and check that every file
is left as it was before, or as the command meant to leave it, never anything else.

    python bench/faults.py                  # 40 runs per command and kind of kill (a few minutes)
    python bench/faults.py --runs 200 --seed 7

For each of `log`, `add`, `draft` and `digest` on a copy of example-vault/, the harness
first runs the command to the end on a copy to learn the files it means to write (their
SHA-256), then, round after round on a fresh copy:

- *random*: kills the process after a random delay within the command's own run time;
- *aimed*: kills it at the first rename of a staged temp file into place, within twice a
  short pause the process is told to take right before it (and says when it does, as the
  fault campaign's strace delay did): about half land while the temp file exists, the
  rest just after the rename, while the command goes on.

Then every file of the vault is compared with the two states: a file that is neither
(torn, half-written, or changed though it should not be) is a failure. Left-over temp
files are counted (the next command removes them once a minute old). Exits 1 on any
failure. Run from the repository root; it needs only the project installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
COMMANDS = {
    "log": ["log", "maya", "coffee about the pilot", "--promise", "send the deck"],
    "add": ["add", "Ada Lovelace", "--email", "ada@example.com", "--met", "PyCon"],
    "draft": ["draft", "oliver", "--template", "thanks"],
    # The next week's digest: a new digest note and its drafts, all written in one step.
    "digest": ["--today", "2026-11-30", "digest"],
}

# Runs vaultnet with a pause, announced on stderr, right before each rename or link that
# puts a staged temp file into place: where a kill tests the atomicity of the write.
AIMED = """
import os, random, sys, time
real_replace, real_link = os.replace, os.link
def pause(real):
    def wrapped(*args, **kwargs):
        if ".vaultnet-" in str(args[0]):
            sys.stderr.write("STAGED\\n"); sys.stderr.flush()
            time.sleep(float(os.environ["FAULTS_PAUSE"]))
        return real(*args, **kwargs)
    return wrapped
os.replace, os.link = pause(real_replace), pause(real_link)
from vaultnet.cli import main
sys.argv[0] = "vaultnet"
main()
"""


def digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root` but vaultnet's cache."""
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if not rel.startswith(".vaultnet/cache/"):
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def fresh_copy(work: Path, name: str) -> Path:
    target = work / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "example-vault", target, ignore=shutil.ignore_patterns("cache"))
    # The index is built first, so that a kill lands in the command, not in a cold index.
    run_vaultnet(target, ["index"])
    return target


def vaultnet_argv(vault: Path, args: list[str], aimed: bool) -> list[str]:
    head = [sys.executable, "-c", AIMED] if aimed else [sys.executable, "-m", "vaultnet"]
    today = [] if "--today" in args else ["--today", TODAY]
    return [*head, "--vault", str(vault), *today, *args]


def run_vaultnet(vault: Path, args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(vaultnet_argv(vault, args, False), check=True, capture_output=True, env=_env())
    return time.monotonic() - started


def _env(pause: float = 0.0) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "FAULTS_PAUSE": f"{pause:.4f}"}


def classify(vault: Path, before: dict[str, str], after: dict[str, str]) -> tuple[str, list[str], int]:
    """("before" | "after" | "mixed", files in neither state, temp files left)."""
    now = digests(vault)
    temps = [rel for rel in now if Path(rel).name.startswith(".vaultnet-") and rel.endswith(".tmp")]
    bad = []
    states = set()
    for rel in sorted(set(now) | set(before) | set(after)):
        if rel in temps:
            continue
        value = now.get(rel)
        if value == before.get(rel) and value == after.get(rel):
            continue  # untouched by the command
        if value == before.get(rel):
            states.add("before")
        elif value == after.get(rel):
            states.add("after")
        else:
            bad.append(rel)
    state = "mixed" if len(states) > 1 else (states.pop() if states else "before")
    return state, bad, len(temps)


def one_round(work: Path, name: str, aimed: bool, rng: random.Random, span: float, expected: tuple) -> tuple:
    before, after = expected
    vault = fresh_copy(work, f"round-{name}")
    pause = rng.uniform(0.0, 0.01)
    process = subprocess.Popen(
        vaultnet_argv(vault, COMMANDS[name], aimed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(pause),
        text=True,
    )
    killed = False
    if aimed:
        assert process.stderr is not None
        for line in process.stderr:
            if line.strip() == "STAGED":
                time.sleep(rng.uniform(0.0, 2 * pause))  # before the rename, or just after it
                process.send_signal(signal.SIGKILL)
                killed = True
                break
    else:
        try:
            process.wait(timeout=rng.uniform(0.0, span))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            killed = True
    process.wait()
    if process.stderr:
        process.stderr.close()
    state, bad, temps = classify(vault, before, after)
    return killed, state, bad, temps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="rounds per command and kind of kill")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commands", default=",".join(COMMANDS), help="comma-separated, from: " + ", ".join(COMMANDS))
    options = parser.parse_args()
    rng = random.Random(options.seed)
    failures = 0
    columns = ("runs", 5), ("killed", 7), ("before", 7), ("after", 6), ("mixed", 6), ("torn", 5), ("temps", 6)
    print(f"{'command':8} {'kill':7} " + " ".join(f"{name:>{width}}" for name, width in columns))
    with tempfile.TemporaryDirectory(prefix="vaultnet-faults-") as folder:
        work = Path(folder)
        for name in options.commands.split(","):
            reference = fresh_copy(work, f"reference-{name}")
            before = digests(reference)
            span = run_vaultnet(reference, COMMANDS[name])
            after = digests(reference)
            for aimed in (False, True):
                counts: Counter[str] = Counter()
                for _ in range(options.runs):
                    killed, state, bad, temps = one_round(work, name, aimed, rng, span, (before, after))
                    counts["killed"] += killed
                    counts[state] += not bad
                    counts["torn"] += bool(bad)
                    counts["temps"] += temps
                    if bad:
                        print(f"  torn: {name} left {', '.join(bad)} in neither state", file=sys.stderr)
                failures += counts["torn"]
                print(
                    f"{name:8} {'aimed' if aimed else 'random':7} {options.runs:>5} {counts['killed']:>7}"
                    f" {counts['before']:>7} {counts['after']:>6} {counts['mixed']:>6} {counts['torn']:>5}"
                    f" {counts['temps']:>6}"
                )
    print("no file torn or changed beyond the command's intent" if not failures else f"{failures} torn runs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
