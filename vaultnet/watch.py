"""Keeping the index current while the user edits: watchdog -> a flag -> settle -> refresh.

The watchdog handler only notes that something relevant happened; a loop waits until the
events stop for a moment (an editor's atomic save, a `git pull` touching hundreds of
files: one refresh, not hundreds), then runs the same refresh as every command. Events in
hidden folders (vaultnet's own cache, `.git`, `.obsidian`) and vaultnet's temp files are
ignored, so vaultnet's own writes cannot set off a loop; the settings files in them are
not: settings are read again before each refresh, so that a watcher and the commands
run beside it index the vault alike (with different settings, each would rebuild the
index the other had just built).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from . import heartbeat
from .config import SETTINGS_FILES, Settings
from .index import Index, SyncStats
from .query import Network

SETTLE_SECONDS = 0.2


@dataclass
class Watcher:
    """What `run` needs to stop it from another thread, and how it ended up watching."""

    stop: threading.Event
    polling: bool = False


def _relevant(vault: Path, path: str) -> bool:
    try:
        parts = Path(path).relative_to(vault).parts
    except ValueError:
        return False
    if not parts:
        return False
    if any(part.startswith(".") for part in parts):
        # Hidden folders and files (.git, .obsidian, .vaultnet/cache, temp files), but for
        # the settings vaultnet reads from them.
        # (A vault may name its Obsidian config folder otherwise: `.desktop/daily-notes.json`.)
        return "/".join(parts) in SETTINGS_FILES or "/".join((".obsidian", *parts[1:])) in SETTINGS_FILES
    name = parts[-1]
    return name.lower().endswith(".md") or "." not in name  # notes, and folders moved whole


# Events that say a file was read, not changed (inotify reports opens and closes since
# watchdog 2.3): heeded, the settings the watcher reads before each refresh set off the
# next refresh, for ever.
_READ_ONLY = frozenset(("opened", "closed_no_write"))


class _Flag:
    """A watchdog event handler that only records when a relevant event last came, and
    takes the heartbeat back at once: the index is no longer current."""

    def __init__(self, vault: Path, cache_dir: Path) -> None:
        self.vault = vault
        self.cache_dir = cache_dir
        self.event = threading.Event()
        self.last = 0.0
        # Held while an event is noted and while a beat is written, so that no beat can
        # follow an event the loop has not seen yet.
        self.guard = threading.Lock()

    def dispatch(self, event: Any) -> None:
        if event.event_type in _READ_ONLY:
            return  # (the watcher's own reading of settings and notes: nothing changed)
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if any(p and _relevant(self.vault, str(p)) for p in paths):
            with self.guard:
                self.last = time.monotonic()
                self.event.set()
                heartbeat.stop(self.cache_dir)

    def beat(self, index: Index, refreshed_ns: int, since: float) -> bool:
        """Beat for a refresh that started at `refreshed_ns` (monotonic `since`), unless an
        event came after it started; True when it did beat."""
        with self.guard:
            if self.last >= since or index.location is None:
                return False
            heartbeat.beat(self.cache_dir, index.fingerprint, refreshed_ns)
            return True


def _observer(vault: Path, handler: _Flag, poll: bool) -> tuple[Any, bool]:
    """A started observer: inotify/FSEvents/ReadDirectoryChanges, or polling when asked or
    when the system's watch limit is reached."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if not poll:
        observer = Observer()
        try:
            observer.schedule(handler, str(vault), recursive=True)  # type: ignore[arg-type]
            observer.start()
            return observer, False
        except OSError:
            # inotify watch or instance limits (ENOSPC, EMFILE): polling still works.
            with contextlib.suppress(Exception):  # a half-started observer may not stop cleanly
                observer.stop()
    observer = PollingObserver(timeout=1)
    observer.schedule(handler, str(vault), recursive=True)  # type: ignore[arg-type]
    observer.start()
    return observer, True


def run(
    settings: Settings,
    on_change: Callable[[SyncStats, Index], None],
    watcher: Watcher,
    poll: bool = False,
    settle: float = SETTLE_SECONDS,
    on_error: Callable[[Exception], None] | None = None,
    reload: Callable[[], Settings] | None = None,
) -> None:
    """Watch the vault until `watcher.stop` is set, refreshing the index after each burst
    of changes and calling `on_change` with what changed (`index.settings` are the
    settings it was read with). `reload` reads the settings again before each refresh;
    when they cannot be read, the error goes to `on_error` and the last good ones are
    used. An error in a refresh is passed to `on_error` and watching goes on."""
    index = Index.open(settings)
    handler = _Flag(settings.vault, settings.cache_dir)
    observer, watcher.polling = _observer(settings.vault, handler, poll)
    try:
        refreshed_ns = _refresh(index, handler)[1]  # start from a current index
        beaten = time.monotonic()
        looked_after = -1  # the write a refresh last started for, from the idle beat
        while not watcher.stop.is_set():
            if not handler.event.wait(timeout=0.2):
                if time.monotonic() - beaten < heartbeat.BEAT_EVERY:
                    continue
                beaten = time.monotonic()
                written = heartbeat.written_ns(index.settings.cache_dir)
                if written < refreshed_ns:
                    handler.beat(index, refreshed_ns, beaten)  # nothing new: still current
                    continue
                if written == looked_after:
                    continue  # (that refresh failed, and said so: the next event tries again)
                # vaultnet wrote since (its events handled before the write was done): look again.
                looked_after = written
            else:
                # Wait until the events stop for a moment: one refresh per burst.
                while time.monotonic() - handler.last < settle and not watcher.stop.is_set():
                    time.sleep(settle / 4)
                handler.event.clear()
            try:
                if reload is not None:
                    index = _with_settings(index, reload, on_error)
                stats, refreshed_ns = _refresh(index, handler)
            except Exception as exc:
                if on_error:
                    on_error(exc)
                continue
            if stats.touched:
                on_change(stats, index)
    finally:
        heartbeat.stop(settings.cache_dir)
        observer.stop()
        observer.join(timeout=5)
        index.close()


def _refresh(index: Index, handler: _Flag) -> tuple[SyncStats, int]:
    """Refresh the index, then beat for it (unless an event came meanwhile); the stats and
    when the refresh started (0 when it could not be trusted)."""
    started_ns, since = time.time_ns(), time.monotonic()
    stats = index.refresh()
    if stats.leftovers:  # (as a command would: while the watcher runs, commands do not walk)
        from .notefile import remove_stale_temps

        remove_stale_temps(index.settings.vault, index.settings.cache_dir, stats.leftovers)
    return stats, started_ns if handler.beat(index, started_ns, since) else 0


def _with_settings(index: Index, reload: Callable[[], Settings], on_error: Callable[[Exception], None] | None) -> Index:
    """`index`, or one opened with the settings as they are now when they changed."""
    from .errors import VaultnetError

    try:
        settings = reload()
    except VaultnetError as exc:  # a config file being edited: say so, go on as before
        if on_error:
            on_error(exc)
        return index
    if settings == index.settings:
        return index
    changed = Index.open(settings)  # (when this fails, the old index goes on)
    index.close()
    return changed


def describe(net: Network, stats: SyncStats, with_digest: bool = False) -> list[str]:
    """Lines for what a refresh found: each changed note (for a person: who, and when
    they are next due), what is due now, and the digest when asked to rewrite it."""
    settings = net.settings
    people = {c.path: c for c in net.contacts}
    # vaultnet's own digest and drafts are not news to the user.
    generated = tuple(f"{folder.strip('/')}/" for folder in (settings.digests_folder, settings.drafts_folder))
    changes = [("added", p) for p in stats.added if not p.startswith(generated)]
    changes += [("changed", p) for p in stats.changed if not p.startswith(generated)]
    removed = [p for p in stats.removed if not p.startswith(generated)]
    if not changes and not removed:
        return []  # only vaultnet's own notes changed
    lines = []
    if stats.rebuilt:  # (new settings, or a damaged cache): every note is new
        lines.append(f"read all {len(stats.added)} notes again")
        changes = []
    for verb, path in changes[:10]:
        person = people.get(path)
        if person is None:
            lines.append(f"{verb} {path}")
            continue
        schedule = net.schedule_of(person)
        due = f"next due {schedule[0].isoformat()} ({schedule[2]})" if schedule else "nothing scheduled"
        lines.append(f"{verb} {path}: {person.name}, {due}")
    lines += [f"removed {path}" for path in removed[:10]]
    hidden = max(len(changes) - 10, 0) + max(len(removed) - 10, 0)
    if hidden:
        lines.append(f"… and {hidden} more")
    due_now = net.due()
    lines.append(f"{len(due_now)} thing{'s' if len(due_now) != 1 else ''} due now" if due_now else "nothing due now")
    touched_contacts = any(p in people for p in stats.added + stats.changed) or bool(removed) or stats.rebuilt
    if with_digest and touched_contacts:
        from .digest import make
        from .render import environment

        result = make(net, environment(settings.vault), net.today - timedelta(days=net.today.weekday()))
        if result.status != "unchanged":
            lines.append(f"{result.status} {result.path.relative_to(settings.vault).as_posix()}")
    return lines
