"""The watcher's heartbeat: while `vaultnet watch` keeps the index current, other commands
trust that index and skip the walk of the vault.

The watcher writes `watching.json` in the cache folder after each refresh and every few
seconds while nothing is pending: its pid, the settings it indexes with, and when its last
refresh started. It removes the file the moment an event arrives and when it stops. A
command trusts the index only while all of this holds:

- the file is there and was written in the last `STALE_AFTER` seconds (a watcher that hung
  or was killed stops beating), by a process that is still alive;
- it was written with the command's own settings (others would index otherwise);
- the last refresh started after vaultnet last wrote to the vault (the time each writer
  leaves in `written` as it lets go of the lock): a note a command has just written, whose
  event the watcher may not have handled yet, is never missed.

Anything else, and the command walks the vault as it always does.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

FILE = "watching.json"
BEAT_EVERY = 2.0  # seconds between the beats of a watcher with nothing to do
STALE_AFTER = 10.0  # a heartbeat older than this is a watcher that stopped


def beat(cache_dir: Path, fingerprint: str, refreshed_ns: int) -> None:
    """Say that the index is current as of a refresh that started at `refreshed_ns`."""
    record = {"pid": os.getpid(), "fingerprint": fingerprint, "refreshed_ns": refreshed_ns, "beat_ns": time.time_ns()}
    temp = cache_dir / f".{FILE}.{os.getpid()}.tmp"
    with contextlib.suppress(OSError):  # (a read-only cache: commands just walk)
        temp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temp, cache_dir / FILE)


def stop(cache_dir: Path) -> None:
    """Take the heartbeat back: something changed, or the watcher stops."""
    with contextlib.suppress(OSError):
        os.unlink(cache_dir / FILE)


def written_ns(cache_dir: Path) -> int:
    """When vaultnet last wrote to the vault (as its writers let go of the lock); 0 never,
    and the time of this call when that cannot be read (a write under way, say)."""
    from .notefile import WRITTEN_FILE

    try:
        return int((cache_dir / WRITTEN_FILE).read_text(encoding="ascii"))
    except FileNotFoundError:
        return 0
    except (OSError, ValueError):
        return time.time_ns()


def trusted(cache_dir: Path, fingerprint: str) -> bool:
    """True when a live watcher keeps the index current for these settings."""
    try:
        record = json.loads((cache_dir / FILE).read_text(encoding="utf-8"))
        pid, refreshed, beaten = int(record["pid"]), int(record["refreshed_ns"]), int(record["beat_ns"])
        same = record["fingerprint"] == fingerprint
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not same or time.time_ns() - beaten > STALE_AFTER * 1e9 or refreshed <= written_ns(cache_dir):
        return False
    return _alive(pid)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # (os.kill would end the process on Windows: the beat's age has to do)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # (alive, another user's)
    return True
