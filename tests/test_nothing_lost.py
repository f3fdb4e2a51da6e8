"""Nothing the user wrote is lost: concurrent writers, killed writers, damaged caches,
stale git drivers, forged markers (issue 14 of the fault campaign)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner, write

ROOT = Path(__file__).resolve().parent.parent

# Runs vaultnet with os.replace slowed down, as `strace -e inject=rename:delay_enter=…`
# did in the fault campaign: the gap between the compare and the rename is then wide.
SLOW_RENAME = """
import os, sys, time
real = os.replace
def slow(*args, **kwargs):
    time.sleep(float(os.environ["VAULTNET_TEST_RENAME_DELAY"]))
    return real(*args, **kwargs)
os.replace = slow
from vaultnet.cli import main
sys.argv[0] = "vaultnet"
main()
"""


def vaultnet_process(vault: Path, *args: str, delay: float = 0.0) -> subprocess.Popen[str]:
    env = {**os.environ, "VAULTNET_TEST_RENAME_DELAY": str(delay), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_RENAME, "--vault", str(vault), "--today", "2026-11-23", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_logs_on_one_note_keep_every_line(vault: Path) -> None:
    write(vault, {"People/Ann.md": "---\nlast_contact: 2026-10-01\n---\n## Log\n- 2026-10-01 call\n"})
    subprocess.run(
        [sys.executable, "-m", "vaultnet", "--vault", str(vault), "index"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
    )
    runs = [vaultnet_process(vault, "log", "ann", f"talk number {n}", delay=0.3) for n in range(5)]
    outcomes = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in runs]
    text = (vault / "People/Ann.md").read_text()
    written = [n for n in range(5) if f"talk number {n}" in text]
    refused = [n for n, (code, err) in enumerate(outcomes) if code != 0]
    for n in refused:  # a refusal is allowed, but only a clear one, and then nothing of it is there
        assert "nothing written" in outcomes[n][1]
    assert sorted(written + refused) == list(range(5)), (text, outcomes)
    assert written == list(range(5))  # the writer lock serialises them: none even refused


def test_the_writer_lock_is_held_across_read_and_write(vault: Path, run: Runner) -> None:
    from vaultnet.notefile import WriteRefusedError, vault_lock

    write(vault, {"People/Ann.md": "## Log\n- 2026-10-01 call\n"})
    run("index")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);"
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)",
         str(vault / ".vaultnet/cache/write.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with (
            pytest.raises(WriteRefusedError, match="another vaultnet has been writing"),
            vault_lock(vault / ".vaultnet/cache", wait=0.2),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    with vault_lock(vault / ".vaultnet/cache", wait=0.2), vault_lock(vault / ".vaultnet/cache", wait=0.2):
        pass  # re-entrant within a process, and free again once the holder is gone


def test_temp_files_a_killed_writer_left_are_removed_once_stale(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "## Log\n"})
    stale, fresh = vault / "People/.vaultnet-aaaaaaaaaaaa.tmp", vault / "People/.vaultnet-bbbbbbbbbbbb.tmp"
    other = vault / "People/.vaultnet-notes.txt"  # not vaultnet's pattern: never touched
    for path in (stale, fresh, other):
        path.write_text("half a note")
    old = os.stat(stale).st_mtime - 120
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert run("list").exit_code == 0
    assert not stale.exists()
    assert fresh.exists() and other.exists()  # a live writer's, for all we know


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_new_notes_and_drafts_get_the_mode_the_umask_gives(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "---\nemail: ann@example.com\n---\n## Log\n- 2026-10-01 call\n"})
    old = os.umask(0o022)
    try:
        assert run("add", "Bo Lee").exit_code == 0
        assert run("draft", "ann").exit_code == 0
        assert run("digest").exit_code == 0
    finally:
        os.umask(old)
    made = [vault / "People/Bo Lee.md", *(vault / "Drafts").iterdir(), *(vault / "Digests").iterdir()]
    assert len(made) >= 3
    assert {oct(p.stat().st_mode & 0o777) for p in made} == {"0o644"}
    os.chmod(vault / "People/Ann.md", 0o640)
    assert run("log", "ann", "a call").exit_code == 0
    assert oct((vault / "People/Ann.md").stat().st_mode & 0o777) == "0o640"  # an edited note keeps its own


DIGEST_VAULT = {
    "People/Ann.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-01 coffee\n- [ ] send the deck 📅 2026-11-24\n",
    "People/Bo.md": "---\ncircle: network\n---\n## Log\n- 2026-11-19 met at a meetup\n",
}


def test_a_tick_survives_a_note_that_could_not_be_read_and_the_note_is_read_again(
    vault: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet import index

    write(vault, DIGEST_VAULT)
    assert run("digest", "--no-drafts").exit_code == 0
    digest = vault / "Digests/2026-W48.md"
    digest.write_text(digest.read_text().replace("- [ ] send the deck", "- [x] send the deck"))
    real = index.read_note

    def unreadable(root: Path, rel: str, size: int = 0) -> bytes:
        if rel == "People/Ann.md":  # as `chmod 000` does (which root would read through)
            raise PermissionError(13, "Permission denied")
        return real(root, rel, size)

    monkeypatch.setattr(index, "read_note", unreadable)
    os.utime(vault / "People/Ann.md", ns=(1_800_000_000_000_000_000,) * 2)  # saved, then made unreadable
    result = run("digest", "--no-drafts")
    assert "Permission denied" in result.stderr
    assert "- [x] send the deck, for [[Ann]]" in digest.read_text()  # kept, under ## Done
    monkeypatch.setattr(index, "read_note", real)  # `chmod 644`: no mtime or size change
    result = run("digest", "--no-drafts")
    assert "Permission denied" not in result.stderr
    text = digest.read_text()
    assert text.count("send the deck") == 1
    assert "## Promises\n\n- [x] send the deck, for [[Ann]]" in text  # back in place, still ticked


def test_a_ticked_line_no_longer_generated_is_kept_under_done(vault: Path, run: Runner) -> None:
    write(vault, DIGEST_VAULT)
    run("digest", "--no-drafts")
    digest = vault / "Digests/2026-W48.md"
    digest.write_text(digest.read_text().replace("- [ ] [[Ann]]: check in", "- [x] [[Ann]]: check in"))
    assert run("log", "ann", "a call").exit_code == 0  # Ann is no longer due
    run("digest", "--no-drafts")
    text = digest.read_text()
    assert "- [ ] [[Ann]]" not in text
    assert "## Done\n\n- [x] [[Ann]]: check in" in text
    assert run("digest", "--no-drafts").stdout == "Digests/2026-W48.md is up to date\n"


@pytest.mark.parametrize("marker", ["<!-- vaultnet:end -->", "<!-- vaultnet:begin -->", "<!--vaultnet:END-->"])
def test_note_text_cannot_forge_the_digests_markers(vault: Path, run: Runner, marker: str) -> None:
    write(vault, DIGEST_VAULT)
    write(vault, {"People/Ann.md": DIGEST_VAULT["People/Ann.md"].replace("send the deck", f"send {marker} the deck")})
    sizes = []
    for _ in range(3):
        assert run("digest", "--no-drafts").exit_code == 0
        text = (vault / "Digests/2026-W48.md").read_text()
        sizes.append(len(text))
        assert text.count("<!-- vaultnet:begin -->") == 1 and text.count("<!-- vaultnet:end -->") == 1
    assert sizes[0] == sizes[1] == sizes[2]


# A cold index in worker processes, slowed so that they are caught at work.
SLOW_PARSE = """
import sys, time
import vaultnet.index as index
index.PARALLEL_THRESHOLD = 10
real = index.read_note
def slow(*args):
    time.sleep(0.05)
    return real(*args)
index.read_note = slow
from vaultnet.cli import main
sys.argv[0] = "vaultnet"
main()
"""


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("signal_number", [9, 15])
def test_index_workers_die_with_a_killed_command(vault: Path, signal_number: int) -> None:
    import time

    write(vault, {f"People/P{n}.md": f"---\nrole: r{n}\n---\n" for n in range(600)})
    command = subprocess.Popen(
        [sys.executable, "-c", SLOW_PARSE, "--vault", str(vault), "index"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(workers) < 2:
            workers = children_of(command.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "no worker processes started"
        os.kill(command.pid, signal_number)
        command.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(alive(w) for w in workers)
    finally:
        for pid in [command.pid, *children_of(command.pid), *workers]:
            with contextlib.suppress(OSError):
                os.kill(pid, 9)


# --- a damaged cache or a full disk --------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.execute("ALTER TABLE contacts RENAME COLUMN circle TO circ"),
        lambda db: db.execute("DROP TABLE tasks"),
        lambda db: db.execute("DROP INDEX names_key"),
    ],
    ids=["renamed column", "dropped table", "dropped index"],
)
def test_a_cache_that_does_not_match_the_schema_is_rebuilt_and_said_once(
    vault: Path, run: Runner, damage: Callable[[sqlite3.Connection], object]
) -> None:
    write(vault, DIGEST_VAULT)
    expected = run("list").stdout
    db = sqlite3.connect(vault / ".vaultnet/cache/index.sqlite", isolation_level=None)
    damage(db)
    db.close()
    result = run("list")
    assert result.exit_code == 0 and result.stdout == expected
    assert "rebuilt it from your notes (it is only a cache)" in result.stderr
    assert run("due").exit_code == 0
    assert "rebuilt" not in run("list").stderr


def test_a_folder_where_the_cache_goes_is_replaced(vault: Path, run: Runner) -> None:
    write(vault, DIGEST_VAULT)
    (vault / ".vaultnet/cache/index.sqlite").mkdir(parents=True)
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "Ann" in result.stdout and "rebuilt it from your notes" in result.stderr
    assert (vault / ".vaultnet/cache/index.sqlite").is_file()


def test_a_full_disk_keeps_reading_commands_working(vault: Path, run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultnet import index

    write(vault, DIGEST_VAULT)
    real = index.connect

    def full(path: Path | str, fresh: bool = False) -> sqlite3.Connection:
        conn = real(path, fresh)
        if str(path) != ":memory:":
            conn.execute("PRAGMA max_page_count = 1")  # SQLite's "database or disk is full"
        return conn

    monkeypatch.setattr(index, "connect", full)
    for command in (["list"], ["due"], ["show", "ann"], ["find", "deck"]):
        result = run(*command)
        assert result.exit_code == 0, result.output
        assert "the disk is full: the index is kept in memory" in result.stderr
    assert "Ann" in run("list").stdout


def test_a_digest_that_cannot_write_everything_writes_nothing(
    vault: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from tests.conftest import snapshot
    from vaultnet import notefile

    write(vault, {**DIGEST_VAULT, "People/Cy.md": "---\ncircle: inner\n---\n## Log\n- 2026-08-01 call\n"})
    before = snapshot(vault)
    real, calls = notefile._write_temp, []

    def fills_up(folder: Path, data: bytes, mode: int | None) -> str:
        calls.append(folder)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(folder, data, mode)

    monkeypatch.setattr(notefile, "_write_temp", fills_up)
    result = run("digest")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "nothing written" in result.stderr
    assert snapshot(vault) == before  # no draft, no digest, no temp file
    assert len(calls) == 3


# --- errors in one line, and input refused before anything is written ---------------------


def test_a_week_past_the_calendar_is_a_one_line_error(vault: Path, run: Runner) -> None:
    write(vault, DIGEST_VAULT)
    result = run("digest", "--week", "9999-W52", "--stdout")
    assert result.exit_code == 2
    assert result.stderr == "error: '9999-W52' is too far away (give a year from 1000 to 8999)\n"


@pytest.mark.parametrize("expression", ["'x' * n ** 10", "'x' * 10 ** 10", "[1] * 10 ** 9", "n ** 1000000"])
def test_a_template_that_builds_gigabytes_is_refused_in_one_line(vault: Path, run: Runner, expression: str) -> None:
    write(vault, DIGEST_VAULT)
    write(vault, {".vaultnet/templates/checkin.md.j2": "{% set n = 100 %}Subject: hi\n\n{{ " + expression + " }}\n"})
    result = run("draft", "ann", "--template", "checkin", "--stdout")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: .vaultnet/templates/checkin.md.j2:3: template failed: a ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any folder")
def test_an_unreadable_home_is_a_one_line_error(vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    home.chmod(0)
    monkeypatch.delenv("VAULTNET_CONFIG")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    try:
        from click.testing import CliRunner

        from vaultnet.cli import cli

        result = CliRunner().invoke(cli, ["--vault", str(vault), "list"])
    finally:
        home.chmod(0o755)
    assert result.exit_code == 1
    assert "cannot be looked at (permission denied)" in result.stderr and "VAULTNET_CONFIG" in result.stderr


def test_a_permission_error_is_one_line_naming_the_file(
    vault: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet import config

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", "/home/someone/.config/vaultnet/config.toml")

    monkeypatch.setattr(config, "load_settings", refused)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: /home/someone/.config/vaultnet/config.toml: Permission denied (check that you may read it)\n"
    )


JANE = "---\nlast_contact: 2026-10-01\n---\n## Log\n- 2026-10-01 call\n"


@pytest.mark.parametrize(
    "args",
    [
        ["log", "jane", "call", "--via", "coffee\n- [ ] a task"],
        ["log", "jane", "call\n## Heading"],
        ["log", "jane", "  "],
        ["log", "jane", "call", "--promise", "send it\u2028and more"],
        ["add", "Bo\n## Secret", "--company", "Acme"],
        ["add", "Bo Lee", "--met", "PyCon\n- [ ] fake"],
        ["log", "jane", "call", "--date", "2062-11-01"],
    ],
)
def test_input_that_would_write_lines_of_its_own_is_refused(vault: Path, run: Runner, args: list[str]) -> None:
    from tests.conftest import snapshot

    write(vault, {"People/Jane.md": JANE})
    run("index")
    before = snapshot(vault)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert snapshot(vault) == before


def test_a_future_day_is_logged_with_future(vault: Path, run: Runner) -> None:
    write(vault, {"People/Jane.md": JANE})
    assert run("log", "jane", "dinner planned", "--date", "2026-12-01", "--future").exit_code == 0
    assert "- 2026-12-01 dinner planned" in (vault / "People/Jane.md").read_text()


@pytest.mark.parametrize("template", ["/checkin", "./checkin", "default:checkin", "../checkin", "a\\b"])
def test_a_template_given_as_a_path_is_refused(vault: Path, run: Runner, template: str) -> None:
    write(vault, {"People/Jane.md": JANE})
    result = run("draft", "jane", "--template", template)
    assert result.exit_code == 2
    assert "--template takes a template's name" in result.stderr
    assert not (vault / "Drafts").exists()


def test_add_warns_when_the_email_is_not_an_address(vault: Path, run: Runner) -> None:
    result = run("add", "Bo Lee", "--email", "bo at example")
    assert result.exit_code == 0
    assert "warning: 'bo at example' does not look like an email address" in result.stderr
    assert "warning" not in run("add", "Cy Ng", "--email", "cy@example.com").stderr
