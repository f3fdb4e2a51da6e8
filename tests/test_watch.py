"""`watch` with a real observer on a temp vault: what editors and git really do to files."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write
from vaultnet.config import load_settings
from vaultnet.errors import ConfigError
from vaultnet.index import Index, SyncStats
from vaultnet.query import Network
from vaultnet.watch import Watcher, run


class Recorder:
    """Runs the watch loop in a thread and keeps every refresh it reports."""

    def __init__(self, vault: Path, poll: bool = False) -> None:
        self.refreshes: list[SyncStats] = []
        self.errors: list[Exception] = []
        self.watcher = Watcher(threading.Event())
        settings = load_settings(vault)
        self.settings: list[object] = []  # what each refresh read with
        self.thread = threading.Thread(
            target=run,
            args=(settings, self._record, self.watcher),
            kwargs={
                "poll": poll,
                "settle": 0.1,
                "on_error": self.errors.append,
                "reload": lambda: load_settings(vault),
            },
            daemon=True,
        )

    def _record(self, stats: SyncStats, index: Index) -> None:
        self.settings.append(index.settings)
        self.refreshes.append(stats)

    def seen(self, test: Callable[[SyncStats], bool], timeout: float = 8) -> SyncStats:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for stats in list(self.refreshes):
                if test(stats):
                    return stats
            time.sleep(0.05)
        raise AssertionError(f"no refresh matched in {timeout}s; saw {self.refreshes}")


@pytest.fixture
def watching(vault: Path) -> Iterator[Recorder]:
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-01 call\n"})
    recorder = Recorder(vault)
    recorder.thread.start()
    time.sleep(0.6)  # the first refresh and the observer start
    yield recorder
    recorder.watcher.stop.set()
    recorder.thread.join(timeout=10)
    assert not recorder.thread.is_alive()
    assert not recorder.errors


def test_save_is_seen(vault: Path, watching: Recorder) -> None:
    (vault / "People/Ann.md").write_text("## Log\n- 2026-11-01 call\n- 2026-11-20 coffee\n")
    watching.seen(lambda s: s.changed == ["People/Ann.md"])


def test_atomic_save_by_temp_file_and_rename_is_one_change(vault: Path, watching: Recorder) -> None:
    temp = vault / "People" / ".Ann.md.tmp"
    temp.write_text("## Log\n- 2026-11-21 lunch\n")
    os.replace(temp, vault / "People/Ann.md")
    stats = watching.seen(lambda s: "People/Ann.md" in s.changed)
    assert stats.added == [] and stats.removed == []


def test_delete_then_create_is_seen(vault: Path, watching: Recorder) -> None:
    (vault / "People/Ann.md").unlink()
    (vault / "People/Ann.md").write_text("recreated\n")
    watching.seen(lambda s: "People/Ann.md" in s.changed or "People/Ann.md" in s.added)


def test_delete_and_rename_are_seen(vault: Path, watching: Recorder) -> None:
    os.rename(vault / "People/Ann.md", vault / "People/Annie.md")
    watching.seen(lambda s: s.added == ["People/Annie.md"] and s.removed == ["People/Ann.md"])
    (vault / "People/Annie.md").unlink()
    watching.seen(lambda s: s.removed == ["People/Annie.md"])


def test_a_burst_of_100_files_is_a_few_refreshes(vault: Path, watching: Recorder) -> None:
    before = len(watching.refreshes)
    (vault / "Daily").mkdir()
    for n in range(100):
        (vault / "Daily" / f"2026-01-{n % 28 + 1:02d} {n}.md").write_text(f"[[Ann]] {n}\n")
    watching.seen(lambda s: sum(len(r.added) for r in watching.refreshes[before:]) == 100)
    assert len(watching.refreshes) - before <= 3


def test_the_watchers_own_cache_writes_cause_no_refresh(vault: Path, watching: Recorder) -> None:
    (vault / "People/Ann.md").write_text("changed once\n")
    watching.seen(lambda s: s.changed == ["People/Ann.md"])
    settled = len(watching.refreshes)
    time.sleep(1.0)  # the refresh wrote the cache; that must not start another
    assert len(watching.refreshes) == settled


def test_new_settings_are_read_once_and_then_shared_with_the_commands(vault: Path, watching: Recorder) -> None:
    # Obsidian's daily notes move to Journal/ while the watcher runs: it reads every note
    # again with the new settings, as the next command will, and not back and forth.
    write(vault, {"Journal/20.11.2026.md": "saw [[Ann]]\n"})
    watching.seen(lambda s: s.added == ["Journal/20.11.2026.md"])
    write(vault, {".obsidian/daily-notes.json": '{"folder": "Journal", "format": "DD.MM.YYYY"}'})
    watching.seen(lambda s: s.rebuilt)
    assert watching.settings[-1].daily_folder == "Journal"  # type: ignore[attr-defined]
    command = Index.open(load_settings(vault))
    stats = command.refresh()
    assert not stats.rebuilt and not stats.touched
    net = Network(command.conn, command.settings, date(2026, 11, 23))
    assert [(c.name, c.last_contact) for c in net.contacts] == [("Ann", date(2026, 11, 20))]
    command.close()
    before = len(watching.refreshes)
    (vault / "People/Ann.md").write_text("## Log\n- 2026-11-01 call\n- 2026-11-21 lunch\n")
    stats = watching.seen(lambda s: s.changed == ["People/Ann.md"])
    assert not stats.rebuilt and not any(r.rebuilt for r in watching.refreshes[before:])


def test_a_broken_config_while_watching_is_said_and_the_last_good_one_kept(vault: Path, watching: Recorder) -> None:
    write(vault, {".vaultnet/config.toml": 'contact_folders = ["People"\n'})  # being typed
    (vault / "People/Ann.md").write_text("changed\n")
    watching.seen(lambda s: s.changed == ["People/Ann.md"])
    assert watching.errors and all(isinstance(e, ConfigError) for e in watching.errors)
    assert ".vaultnet/config.toml" in str(watching.errors[0])
    watching.errors.clear()  # (the fixture checks that no other error came)
    write(vault, {".vaultnet/config.toml": 'contact_folders = ["People", "Team"]\n', "Team/Bo.md": ""})
    watching.seen(lambda s: s.rebuilt and "Team/Bo.md" in s.added)
    assert watching.settings[-1].contact_folders == ("People", "Team")  # type: ignore[attr-defined]


def assert_polling_sees_a_new_note(vault: Path, poll: bool) -> None:
    write(vault, {"People/Ann.md": ""})
    recorder = Recorder(vault, poll=poll)
    recorder.thread.start()
    try:
        time.sleep(1.2)
        assert recorder.watcher.polling
        write(vault, {"People/Bea.md": ""})
        recorder.seen(lambda s: s.added == ["People/Bea.md"], timeout=10)
    finally:
        recorder.watcher.stop.set()
        recorder.thread.join(timeout=10)
    assert Index.open(load_settings(vault)).refresh().unchanged == 2


def test_polling_works_too(vault: Path) -> None:
    assert_polling_sees_a_new_note(vault, poll=True)


def test_falls_back_to_polling_when_the_watch_limit_is_reached(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import watchdog.observers

    class Exhausted(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, *args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Exhausted)
    assert_polling_sees_a_new_note(vault, poll=False)


def test_describe_says_who_changed_and_what_is_due(vault: Path) -> None:
    from datetime import date

    from vaultnet.query import Network
    from vaultnet.watch import describe

    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: inner\n---\n## Log\n- 2026-11-01 call\n- 2026-10-01 coffee\n",
            "Digests/2026-W48.md": "x",
        },
    )
    index = Index.open(load_settings(vault))
    index.refresh()
    net = Network(index.conn, index.settings, date(2026, 11, 23))
    stats = SyncStats(changed=["People/Ann.md"], removed=["People/Gone.md"])
    assert describe(net, stats) == [
        "changed People/Ann.md: Ann, next due 2026-12-01 (monthly; last contact 2026-11-01)",
        "removed People/Gone.md",
        "nothing due now",
    ]
    assert describe(net, SyncStats(changed=["Digests/2026-W48.md"])) == []
    # New settings: every note is read again; not each named.
    assert describe(net, SyncStats(added=["Digests/2026-W48.md", "People/Ann.md"], rebuilt=True)) == [
        "read all 2 notes again",
        "nothing due now",
    ]


# --- the heartbeat: commands trust a running watcher's index ---------------------------------


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The walks of the vault this thread makes (the watcher's own, in its thread, are not counted)."""
    import vaultnet.index

    made: list[str] = []
    real = vaultnet.index.walk

    def counted(*args: object, **kwargs: object) -> object:
        if threading.current_thread() is threading.main_thread():
            made.append("walk")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vaultnet.index, "walk", counted)
    return made


def beating(vault: Path, timeout: float = 8) -> bool:
    from vaultnet import heartbeat

    settings = load_settings(vault)
    index = Index.open(settings)
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if heartbeat.trusted(settings.cache_dir, index.fingerprint):
                return True
            time.sleep(0.05)
        return False
    finally:
        index.close()


def test_while_watch_runs_commands_skip_the_walk(vault: Path, watching: Recorder, run: Any, walks: list[str]) -> None:
    assert beating(vault)
    assert "2026-11-01" in run("show", "ann").stdout
    assert walks == []  # the watcher's index, as it is
    assert run("index").exit_code == 0 and walks == ["walk"]  # asked for: the walk all the same


def test_a_change_made_while_watching_is_seen_by_the_next_command(
    vault: Path, watching: Recorder, run: Any, walks: list[str]
) -> None:
    assert beating(vault)
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-20 lunch\n"})
    # The heartbeat is taken back as the event comes (within milliseconds of the save: a
    # command started in that moment answers from the index as it was); the next command
    # walks, or takes the watcher's refreshed index.
    time.sleep(0.3)
    assert "2026-11-20" in run("show", "ann").stdout
    assert beating(vault)
    assert "2026-11-20" in run("show", "ann").stdout


def test_a_note_a_command_just_wrote_is_never_missed(
    vault: Path, watching: Recorder, run: Any, walks: list[str]
) -> None:
    assert beating(vault)
    for n in range(5):
        assert run("log", "ann", f"call number {n}").exit_code == 0
        assert f"call number {n}" in run("show", "ann").stdout  # at once, not after the watcher's turn
    assert beating(vault)  # and the watcher's index is trusted again after it looked


def test_a_change_made_while_the_watcher_is_down_is_seen(vault: Path, run: Any, walks: list[str]) -> None:
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-01 call\n"})
    recorder = Recorder(vault)
    recorder.thread.start()
    assert beating(vault)
    recorder.watcher.stop.set()
    recorder.thread.join(timeout=10)
    assert not (vault / ".vaultnet" / "cache" / "watching.json").exists()  # taken back as it stopped
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-22 dinner\n"})
    assert "2026-11-22" in run("show", "ann").stdout and walks == ["walk"]


@pytest.mark.parametrize("what", ["old beat", "dead watcher", "other settings", "written since"])
def test_a_heartbeat_not_to_trust_falls_back_to_the_walk(vault: Path, run: Any, walks: list[str], what: str) -> None:
    import json
    import subprocess
    import sys

    from vaultnet import heartbeat

    write(vault, {"People/Ann.md": "## Log\n- 2026-11-01 call\n"})
    assert run("index").exit_code == 0
    settings = load_settings(vault)
    index = Index.open(settings)
    fingerprint = index.fingerprint
    index.close()
    now = time.time_ns()
    record = {"pid": os.getpid(), "fingerprint": fingerprint, "refreshed_ns": now, "beat_ns": now}
    if what == "old beat":
        record["beat_ns"] = now - int((heartbeat.STALE_AFTER + 1) * 1e9)
    elif what == "dead watcher":
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        record["pid"] = int(gone.stdout)
    elif what == "other settings":
        record["fingerprint"] = "another:1"
    else:
        (settings.cache_dir / "written").write_text(str(now + 1), encoding="ascii")
    (settings.cache_dir / heartbeat.FILE).write_text(json.dumps(record), encoding="utf-8")
    walks.clear()
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-22 dinner\n"})
    assert "2026-11-22" in run("show", "ann").stdout and walks == ["walk"]


def test_the_watcher_removes_what_killed_writers_left_and_keeps_beating(vault: Path, watching: Recorder) -> None:
    """Commands no longer walk while the watcher runs, so it removes the stale temp files
    a walk finds, as they did; removing them writes no note, so the beat goes on."""
    assert beating(vault)
    stale = vault / "People" / ".vaultnet-aaaaaaaaaaaa.tmp"
    stale.write_text("half a note")
    old = os.stat(stale).st_mtime - 120
    os.utime(stale, (old, old))
    write(vault, {"People/Bo.md": ""})  # (an event, and so a refresh)
    end = time.monotonic() + 8
    while stale.exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert not stale.exists()
    assert beating(vault)


def test_reading_the_settings_sets_off_no_refresh(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher reads the settings before each refresh; the system reports those reads
    (opened, closed without writing) as events. Taken for changes, they set off a refresh
    that reads the settings again, for ever: a watcher busy all the time, its beat gone."""
    write(vault, {"People/Ann.md": "", ".vaultnet/config.toml": "[lists]\nprospects = 20\n"})
    refreshes: list[float] = []
    real = Index.refresh

    def counted(self: Index, rebuild: bool = False) -> SyncStats:
        refreshes.append(time.monotonic())
        return real(self, rebuild)

    monkeypatch.setattr(Index, "refresh", counted)
    recorder = Recorder(vault)
    recorder.thread.start()
    try:
        assert beating(vault)
        time.sleep(1.5)
        assert not [t for t in refreshes if t > time.monotonic() - 1.2]  # idle: no refresh at all
        assert beating(vault, timeout=0.1)
    finally:
        recorder.watcher.stop.set()
        recorder.thread.join(timeout=10)


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_a_service_manager_stops_the_watcher_cleanly(vault: Path) -> None:
    """systemd and launchd stop a service with SIGTERM: the watcher ends as on Ctrl-C, and
    takes its heartbeat back (commands then walk again at once, not after it goes stale)."""
    import signal
    import subprocess
    import sys

    write(vault, {"People/Ann.md": ""})
    beat = vault / ".vaultnet" / "cache" / "watching.json"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "vaultnet", "--vault", str(vault), "watch"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        end = time.monotonic() + 30
        while not beat.exists() and time.monotonic() < end:
            time.sleep(0.05)
        assert beat.exists()
        watcher.send_signal(signal.SIGTERM)
        _, err = watcher.communicate(timeout=30)
    finally:
        watcher.kill()
    assert watcher.returncode == 0 and err.rstrip().endswith("stopped")
    assert not beat.exists()
