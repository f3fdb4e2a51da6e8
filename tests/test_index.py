"""The index: incremental refresh, link resolution, and surviving damaged caches."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Runner, write
from vaultnet.cli import cli
from vaultnet.config import load_settings
from vaultnet.index import INDEX_FILE, Index
from vaultnet.model import Interaction
from vaultnet.query import Network

TODAY = date(2026, 11, 23)


def refresh(vault: Path, **kwargs: bool) -> tuple[Index, object]:
    index = Index.open(load_settings(vault))
    return index, index.refresh(**kwargs)


def counts(stats: object) -> tuple[int, int, int, int]:
    return (len(stats.added), len(stats.changed), len(stats.removed), stats.unchanged)  # type: ignore[attr-defined]


def bump_mtime(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_transcript_add_touch_edit_delete(vault: Path) -> None:
    write(
        vault, {"People/Ann.md": "---\nrole: CTO\n---\n", "People/Bob.md": "", "Daily/2026-11-20.md": "met [[Ann]]\n"}
    )
    index, stats = refresh(vault)
    assert counts(stats) == (3, 0, 0, 0)

    index, stats = refresh(vault)
    assert counts(stats) == (0, 0, 0, 3)

    bump_mtime(vault / "People/Bob.md")  # touched, same bytes: re-read, nothing lost
    index, stats = refresh(vault)
    assert counts(stats) == (0, 1, 0, 2)

    write(vault, {"People/Ann.md": "---\nrole: CEO\n---\n"})
    bump_mtime(vault / "People/Ann.md")
    index, stats = refresh(vault)
    assert counts(stats) == (0, 1, 0, 2)
    net = Network(index.conn, index.settings, TODAY)
    ann = net.lookup("ann")
    assert ann.fields == {"role": "CEO"}
    assert ann.last_contact == date(2026, 11, 20)  # the daily note's link still resolves

    (vault / "People/Bob.md").unlink()
    write(vault, {"People/Cy.md": ""})
    index, stats = refresh(vault)
    assert counts(stats) == (1, 0, 1, 2)
    assert [c.name for c in Network(index.conn, index.settings, TODAY).contacts] == ["Ann", "Cy"]


def test_a_link_resolves_when_its_person_appears_later(vault: Path) -> None:
    write(vault, {"Daily/2026-11-20.md": "lunch with [[Dana]]\n"})
    refresh(vault)
    write(vault, {"People/Dana.md": ""})
    index, _ = refresh(vault)
    dana = Network(index.conn, index.settings, TODAY).lookup("Dana")
    assert dana.last_contact == date(2026, 11, 20)

    (vault / "People/Dana.md").rename(vault / "People/Dana Scully.md")
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert net.lookup("Dana Scully").last_contact is None  # [[Dana]] now names nobody
    assert any("[[Dana]] resolves to no note" in p.message for p in net.problems())


def test_links_resolve_by_name_alias_folder_and_case(vault: Path) -> None:
    write(
        vault,
        {
            "People/jane-doe.md": "---\nname: Jane Doe\naliases: [JD]\n---\n",
            "People/Work/Zoë.md": "",
            # (Lines that say a talk: a bare link is a mention, not a conversation.)
            "Daily/2026-11-01.md": "met [[Jane Doe]]\n",
            "Daily/2026-11-02.md": "met [[jd]]\n",
            "Daily/2026-11-03.md": "met [[People/Work/Zoe\u0308|Zoe]]\n",  # NFD, as macOS writes it
            "Daily/2026-11-04.md": "met [[JANE-DOE#Work]]\n",
        },
    )
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert [i.date.day for i in net.interactions(net.lookup("Jane Doe"))] == [4, 2, 1]
    assert net.lookup("zoe").last_contact == date(2026, 11, 3)


def test_file_names_win_over_aliases(vault: Path) -> None:
    write(
        vault,
        {
            "People/Sam.md": "",
            "People/Samantha.md": "---\naliases: [Sam]\n---\n",
            "Daily/2026-11-01.md": "call with [[Sam]]\n",
        },
    )
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert net.lookup("People/Sam").last_contact == date(2026, 11, 1)
    assert net.lookup("Samantha").last_contact is None


# Where each link and task points, by path; and what the index holds of every note but
# its id and stamps: compared across a cold build, note-by-note updates and emptied tables.
_TARGETS = (
    "SELECT n.path, l.line, l.key, t.path FROM links l JOIN notes n ON n.id = l.note_id"
    " LEFT JOIN notes t ON t.id = l.target"
    " UNION ALL SELECT n.path, k.line, k.key, t.path FROM tasks k JOIN notes n ON n.id = k.note_id"
    " LEFT JOIN notes t ON t.id = k.target ORDER BY 1, 2, 3"
)
_HELD = (
    "SELECT n.path, n.kind, c.name, c.talks, c.summary, c.lookup, d.fields, f.body,"
    " (SELECT group_concat(p.message, '|') FROM problems p WHERE p.note_id = n.id),"
    " (SELECT t.path FROM about a JOIN notes t ON t.id = a.person WHERE a.note_id = n.id)"
    " FROM notes n LEFT JOIN contacts c ON c.id = n.id LEFT JOIN details d ON d.id = n.id"
    " LEFT JOIN fts f ON f.rowid = n.id ORDER BY n.path"
)


def _targets(index: Index, sql: str = _TARGETS) -> list[tuple[object, ...]]:
    return index.conn.execute(sql).fetchall()


@pytest.mark.parametrize("reread_all_over", [1500, 0])
def test_cold_build_points_links_where_an_update_does(
    vault: Path, monkeypatch: pytest.MonkeyPatch, reread_all_over: int
) -> None:
    """A cold build points links at notes by file name before the rest are parsed; it
    must choose exactly as resolving one changed note at a time does, and as reading
    every note again does when most changed (`REREAD_ALL_OVER`)."""
    import vaultnet.index

    monkeypatch.setattr(vaultnet.index, "REREAD_ALL_OVER", reread_all_over)
    write(
        vault,
        {
            "People/Sam.md": "---\naliases: [Kim]\n---\n## Log\n- 2026-11-01 with [[Kim]] and [[Bad]]\n",
            "People/Deep/Sam.md": "",
            "People/Kim.md": b"\x80 not UTF-8",  # unreadable: links to Kim go to the alias
            "Bad.md": b"\x80 not UTF-8",
            "People/Bad.md": "",
            "People/Eve.md": "---\nname: Evelyn\naliases: [E]\n---\n- [ ] call [[Sam]]\n",
            "Daily/2026-11-02.md": (
                "- [[Sam]] [[Deep/Sam]] [[Evelyn]] [[E]] [[Nobody]] [[people/bad]]\n- [ ] ask [[Evelyn]]\n"
            ),
            "Notes/Sam.md": "[[Sam]] [[Notes/Sam]]\n",
        },
    )
    index, _ = refresh(vault)
    cold = _targets(index)
    for path in vault.rglob("*.md"):  # every note changed but one: the incremental path
        if path.name != "Eve.md":
            bump_mtime(path)
    index, stats = refresh(vault)
    assert counts(stats) == (0, 7, 0, 1)
    assert _targets(index) == cold
    held = _targets(index, _HELD)
    for path in vault.rglob("*.md"):  # every note changed (a vault copied): the tables emptied
        bump_mtime(path)
    index, stats = refresh(vault)
    assert counts(stats) == (0, 8, 0, 0)
    assert _targets(index) == cold and _targets(index, _HELD) == held
    assert ("Daily/2026-11-02.md", 1, "sam", "Notes/Sam.md") in cold  # the shortest path
    assert ("Daily/2026-11-02.md", 1, "sam", "People/Deep/Sam.md") in cold
    assert ("Daily/2026-11-02.md", 1, "bad", "People/Bad.md") in cold  # Bad.md cannot be read
    assert ("Daily/2026-11-02.md", 1, "evelyn", "People/Eve.md") in cold
    assert ("Daily/2026-11-02.md", 1, "nobody", None) in cold
    assert ("People/Sam.md", 5, "kim", "People/Sam.md") in cold  # Kim.md cannot be read: the alias
    assert ("People/Eve.md", 5, "sam", "Notes/Sam.md") in cold


def test_a_note_deleted_during_a_cold_build_takes_no_links_with_it(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultnet.index as index_module

    write(vault, {"People/Sam.md": "", "People/Deep/Sam.md": "", "Daily/2026-11-02.md": "- [[Sam]]\n"})
    real_read = index_module.read_note

    def read_note(root: Path, path: str, size: int = 0) -> bytes:
        if path == "People/Sam.md":  # deleted between the walk and the read
            raise FileNotFoundError(path)
        return real_read(root, path, size)

    monkeypatch.setattr(index_module, "read_note", read_note)
    index, _ = refresh(vault)
    assert ("Daily/2026-11-02.md", 1, "sam", "People/Deep/Sam.md") in _targets(index)


@pytest.mark.parametrize("length", [0, 1, 5, 65535, 65536, 65537, 3_000_000])
@pytest.mark.parametrize("hint", ["exact", "none", "stale-small", "stale-large"])
def test_read_note_reads_every_byte_whatever_the_size_said(tmp_path: Path, length: int, hint: str) -> None:
    from vaultnet.scan import read_note

    data = bytes(range(256)) * (length // 256) + b"\r\n\x1a"[: length % 256] + b"x" * max(0, length % 256 - 3)
    assert len(data) == length
    (tmp_path / "n.md").write_bytes(data)
    # The size comes from the walk's stat: the file may have grown or shrunk since.
    size = {"exact": length, "none": 0, "stale-small": length // 2, "stale-large": length * 2 + 10}[hint]
    assert read_note(tmp_path, "n.md", size) == data


def test_read_note_raises_oserror_for_a_folder_or_a_missing_note(tmp_path: Path) -> None:
    from vaultnet.scan import read_note

    (tmp_path / "Folder.md").mkdir()
    with pytest.raises(OSError):
        read_note(tmp_path, "Folder.md", 0)
    with pytest.raises(FileNotFoundError):
        read_note(tmp_path, "Gone.md", 10)


def test_unreadable_note_is_skipped_and_the_rest_indexed(vault: Path) -> None:
    write(vault, {"People/Bad.md": b"\x80 not UTF-8", "People/Good.md": ""})
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert [c.name for c in net.contacts] == ["Good"]
    assert [(p.path, p.line) for p in net.problems() if p.severity == "error"] == [("People/Bad.md", 1)]


def test_corrupt_cache_is_rebuilt(vault: Path) -> None:
    write(vault, {"People/Ann.md": ""})
    index, _ = refresh(vault)
    index.close()
    cache = vault / ".vaultnet" / "cache" / INDEX_FILE
    for suffix in ("-wal", "-shm"):
        Path(str(cache) + suffix).unlink(missing_ok=True)
    cache.write_bytes(b"this is not a database" * 100)
    index, stats = refresh(vault)
    assert counts(stats) == (1, 0, 0, 0)
    assert [c.name for c in Network(index.conn, index.settings, TODAY).contacts] == ["Ann"]


def test_cache_from_a_newer_vaultnet_is_rebuilt(vault: Path) -> None:
    write(vault, {"People/Ann.md": ""})
    index, _ = refresh(vault)
    index.conn.execute("PRAGMA user_version = 99")
    index.close()
    index, stats = refresh(vault)
    assert counts(stats) == (1, 0, 0, 0)


def test_opening_while_another_process_builds_the_new_cache_leaves_its_files_alone(vault: Path) -> None:
    """A new cache is built in rollback-journal mode; switching it to WAL then fails at
    once ("locked"), which once made a second vaultnet delete the file under the first."""
    from vaultnet.index import _migrate, connect

    write(vault, {"People/Ann.md": ""})
    location = vault / ".vaultnet" / "cache" / INDEX_FILE
    location.parent.mkdir(parents=True)
    builder = connect(location, fresh=True)
    _migrate(builder)
    builder.execute("BEGIN IMMEDIATE")
    builder.execute("INSERT INTO meta VALUES ('building', '1')")
    inode = location.stat().st_ino
    other = Index.open(load_settings(vault))  # must neither fail nor start over
    assert other.fresh  # it will try WAL again after its refresh
    builder.execute("COMMIT")  # the builder's transaction survived
    assert location.stat().st_ino == inode
    assert other.conn.execute("SELECT value FROM meta WHERE key = 'building'").fetchone() == ("1",)
    builder.close()
    other.refresh()
    assert other.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_rebuild_empties_the_file_in_place_under_another_reader(vault: Path) -> None:
    write(vault, {"People/Ann.md": "", "People/Bob.md": ""})
    index, _ = refresh(vault)
    location = vault / ".vaultnet" / "cache" / INDEX_FILE
    inode = location.stat().st_ino
    reader = sqlite3.connect(location)
    assert reader.execute("SELECT count(*) FROM contacts").fetchone() == (2,)
    (vault / "People/Bob.md").unlink()
    index.refresh(rebuild=True)
    assert location.stat().st_ino == inode  # not deleted and made anew under the reader
    assert reader.execute("SELECT count(*) FROM contacts").fetchone() == (1,)
    assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_cache_not_made_by_vaultnet_is_emptied_and_rebuilt(vault: Path) -> None:
    write(vault, {"People/Ann.md": ""})
    location = vault / ".vaultnet" / "cache" / INDEX_FILE
    location.parent.mkdir(parents=True)
    foreign = sqlite3.connect(location)
    foreign.executescript("CREATE TABLE t(x); CREATE VIRTUAL TABLE f USING fts5(y); INSERT INTO f VALUES ('z');")
    foreign.close()
    index, stats = refresh(vault)
    assert counts(stats) == (1, 0, 0, 0)
    names = {n for (n,) in index.conn.execute("SELECT name FROM sqlite_master")}
    assert "t" not in names and "f" not in names and "contacts" in names


def test_a_note_the_parser_fails_on_is_skipped_and_named(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vaultnet.parse as parse_module

    real = parse_module.parse_note

    def failing(path: str, data: bytes, *args: object, **kwargs: object) -> object:
        if path == "People/Bob.md":
            raise IndexError("string index out of range")
        return real(path, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "parse_note", failing)
    write(vault, {"People/Ann.md": "", "People/Bob.md": ""})
    index, _ = refresh(vault)
    assert [c.name for c in Network(index.conn, index.settings, TODAY).contacts] == ["Ann"]
    [(path, message)] = index.conn.execute(
        "SELECT n.path, p.message FROM problems p JOIN notes n ON n.id = p.note_id"
    ).fetchall()
    assert path == "People/Bob.md"
    assert message.startswith("vaultnet failed to read this note (IndexError: string index out of range)")


def test_rebuild_reads_everything_again(vault: Path) -> None:
    write(vault, {"People/Ann.md": ""})
    index, _ = refresh(vault)
    # A new cache is built in rollback-journal mode (faster), then left in WAL mode.
    assert index.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    index.close()
    index, stats = refresh(vault, rebuild=True)
    assert counts(stats) == (1, 0, 0, 0)
    assert index.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_changed_settings_reparse_every_note(vault: Path) -> None:
    write(vault, {"Clients/Ann.md": "", "People/Bob.md": ""})
    index, _ = refresh(vault)
    assert [c.name for c in Network(index.conn, index.settings, TODAY).contacts] == ["Bob"]
    write(vault, {".vaultnet/config.toml": 'contact_folders = ["Clients"]\n'})
    index, stats = refresh(vault)
    assert stats.rebuilt  # type: ignore[attr-defined]
    assert [c.name for c in Network(index.conn, index.settings, TODAY).contacts] == ["Ann"]


def test_hidden_templates_and_excluded_folders_are_skipped(vault: Path) -> None:
    write(
        vault,
        {
            "People/Ann.md": "",
            ".trash/People/Old.md": "",
            "People/.hidden.md": "",
            "Templates/Person.md": "---\ntype: person\n---\n",
            "Archive/Zed.md": "---\ntype: person\n---\n",
            ".vaultnet/config.toml": 'exclude = ["Archive/"]\n',
            "People/notes.txt": "not markdown",
        },
    )
    index, _ = refresh(vault)
    assert [c.path for c in Network(index.conn, index.settings, TODAY).contacts] == ["People/Ann.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_note_is_read_inside_the_vault_only(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\nrole: Outside\n---\n")
    write(vault, {"Archive/Lin.md": "---\nrole: Linked\n---\n"})
    (vault / "People").mkdir()
    os.symlink(vault / "Archive" / "Lin.md", vault / "People" / "Lin.md")
    os.symlink(outside, vault / "People" / "Out.md")
    os.symlink(tmp_path / "missing.md", vault / "People" / "Gone.md")
    index, stats = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert net.lookup("People/Lin.md").fields == {"role": "Linked"}
    assert sorted((p.path, p.message) for p in stats.scan_problems) == [  # type: ignore[attr-defined]
        ("People/Gone.md", "broken symlink; skipped"),
        (
            "People/Out.md",
            "symlink points outside the vault; not read (vaultnet reads and writes only inside the vault)",
        ),
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlinked_folder_is_never_followed_out_of_the_vault_nor_back_into_it(vault: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    write(shared, {"Kim.md": "---\ntype: person\n---\n", ".hidden/Lee.md": "---\ntype: person\n---\n"})
    write(vault, {"People/Ann.md": "---\nrole: r\n---\n", "Work/Team/Bo.md": "---\ntype: person\n---\n"})
    os.symlink(shared, vault / "People" / "Shared")
    os.symlink(vault / "Work" / "Team", vault / "People" / "Team")  # the same notes again
    os.symlink(vault, vault / "People" / "All")
    os.symlink(shared / ".hidden", vault / "Hidden")
    os.symlink(vault / "..", vault / "People" / "Up")  # the whole disk, as the fault campaign found
    index, stats = refresh(vault)
    assert sorted(c.path for c in Network(index.conn, index.settings, TODAY).contacts) == [
        "People/Ann.md",
        "Work/Team/Bo.md",
    ]
    outside = "symlink points outside the vault; not read (vaultnet reads and writes only inside the vault)"
    assert sorted((p.path, p.message) for p in stats.scan_problems) == [
        ("Hidden", outside),
        ("People/All", "symlinked folder loops back; not followed"),
        ("People/Shared", outside),
        ("People/Team", "symlinked folder points to Work/Team; read there"),
        ("People/Up", outside),
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlink_that_loops_is_named_and_the_rest_is_read(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-01 call\n"})
    os.symlink("Self.md", vault / "People" / "Self.md")
    os.symlink("B.md", vault / "People" / "A.md")
    os.symlink("A.md", vault / "People" / "B.md")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "People/Self.md: warning: symlink cannot be followed (Too many levels of symbolic links); skipped" in (
        result.stdout
    )
    assert run("list").stdout.splitlines()[1].startswith("Ann ")


@pytest.mark.parametrize("given", ["/", "/proc/self", "/sys", "/etc"])
def test_the_file_systems_root_or_a_system_folder_is_refused_as_a_vault(run: Runner, given: str) -> None:
    result = CliRunner().invoke(cli, ["--vault", given, "list"])
    assert result.exit_code == 1
    assert "not a vault: vaultnet would read every file under it" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def _refresh_in_child(vault: str) -> int:
    index = Index.open(load_settings(Path(vault)))
    stats = index.refresh()
    return len(stats.added) + stats.unchanged


def test_two_processes_refreshing_at_once_leave_a_sound_index(vault: Path) -> None:
    write(vault, {f"People/P{i}.md": f"---\nrole: r{i}\n---\n## Log\n- 2026-11-0{i % 9 + 1} x\n" for i in range(300)})
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(_refresh_in_child, [str(vault)] * 4)
    assert results == [300] * 4
    conn = sqlite3.connect(vault / ".vaultnet" / "cache" / INDEX_FILE)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 300
    assert conn.execute("SELECT count(*) FROM contacts WHERE talks != ''").fetchone()[0] == 300


def test_cache_is_git_ignored(vault: Path) -> None:
    refresh(vault)
    assert (vault / ".vaultnet" / "cache" / ".gitignore").read_text().strip().endswith("*")


def test_parallel_parse_gives_the_same_index_as_serial(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vaultnet.index as index_module

    write(
        vault,
        {f"People/P{i}.md": f"---\nrole: r{i}\n---\n## Log\n- 2026-11-0{i % 9 + 1} [[P{i + 1}]]\n" for i in range(60)},
    )
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 10)
    index, _ = refresh(vault)
    parallel = [(c.path, c.last_contact) for c in Network(index.conn, index.settings, TODAY).contacts]
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 10**9)
    index, _ = refresh(vault, rebuild=True)
    serial = [(c.path, c.last_contact) for c in Network(index.conn, index.settings, TODAY).contacts]
    assert parallel == serial and len(serial) == 60


def test_unwritable_vault_gets_an_in_memory_index(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vaultnet.index as index_module

    write(vault, {"People/Ann.md": "## Log\n- 2026-11-01 call\n"})
    monkeypatch.setattr(index_module, "_prepare_cache_dir", lambda folder: None)
    index, _ = refresh(vault)
    assert index.location is None
    assert Network(index.conn, index.settings, TODAY).lookup("ann").last_contact == date(2026, 11, 1)
    assert not (vault / ".vaultnet").exists()


def test_a_locked_index_is_a_clear_error(vault: Path) -> None:
    from vaultnet.errors import IndexBusyError

    write(vault, {"People/Ann.md": ""})
    refresh(vault)
    holder = sqlite3.connect(vault / ".vaultnet" / "cache" / INDEX_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    index = Index.open(load_settings(vault))
    index.conn.execute("PRAGMA busy_timeout = 50")
    write(vault, {"People/Bo.md": ""})  # a change, so the refresh needs the write lock
    with pytest.raises(IndexBusyError, match="index is locked: another vaultnet is updating it"):
        index.refresh()
    holder.execute("ROLLBACK")


def test_three_megabyte_note_is_indexed_and_shown(vault: Path) -> None:
    body = "".join(
        f"- 2026-01-{d % 28 + 1:02d} long conversation number {d} about many things\n" for d in range(50_000)
    )
    write(vault, {"People/Big.md": "---\nrole: talker\n---\n## Log\n" + body})
    assert (vault / "People/Big.md").stat().st_size > 3_000_000
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    big = net.lookup("big")
    assert big.last_contact == date(2026, 1, 28)
    assert len(net.interactions(big)) == 50_000


def test_show_reads_the_log_the_note_holds(example: Path) -> None:
    """The index keeps no log texts (a cold build is faster without them): `show` reads
    them back from the stored body. They must be what reading the note itself gives,
    line numbers included, for every contact, whatever its line endings."""
    from vaultnet.parse import parse_note

    write(
        example,
        {
            "People/Crlf Person.md": "\ufeff---\r\nname: Crlf Person\r\n---\r\n## Log\r\n- 2026-11-02: lunch, [[Maya Chen]]\r\n"
        },
    )
    index, _ = refresh(example)
    net = Network(index.conn, index.settings, TODAY)
    assert len(net.contacts) > 25
    for contact in net.contacts:
        from_index = [(i.date, i.line, i.text) for i in net.interactions(contact) if i.source == "log"]
        note = parse_note(contact.path, (example / contact.path).read_bytes(), index.settings.parse_options())
        from_note = [(e.date, e.line, e.text) for e in note.log]
        assert sorted(from_index, reverse=True) == sorted(from_note, reverse=True), contact.path
    crlf = net.lookup("Crlf Person")
    assert [(i.line, i.text) for i in net.interactions(crlf)] == [(5, "lunch, Maya Chen")]


MEETING = (
    "---\ndate: {day}\nattendees: ['[[Ann]]', '[[Bob|Robert]]']\nproject: '[[Cy]]'\n{extra}---\nAsked about [[Cy]].\n"
)


@pytest.mark.parametrize(
    ("extra", "talked"),
    [
        ("", True),
        ("type: event\nattended: true\n", True),
        ("type: event\nattended: false\n", False),  # an event you did not go to
        ("status: cancelled\n", False),
    ],
)
def test_a_meeting_note_is_a_conversation_with_its_attendees(vault: Path, extra: str, talked: bool) -> None:
    write(
        vault,
        {
            "People/Ann.md": "## Log\n- 2026-10-01 call\n",
            "People/Bob.md": "",
            "People/Cy.md": "",
            "Meetings/Acme sync.md": MEETING.format(day="2026-11-20", extra=extra),
        },
    )
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    last = {c.name: c.last_contact for c in net.contacts}
    day = date(2026, 11, 20) if talked else None
    assert last == {"Ann": day or date(2026, 10, 1), "Bob": day, "Cy": None}  # Cy is only named
    if talked:
        assert net.interactions(net.lookup("bob")) == [
            Interaction(date(2026, 11, 20), "Acme sync", "Meetings/Acme sync.md", 3, "meeting")
        ]


@pytest.mark.parametrize(
    "meeting",
    [
        "# Acme sync\ndate:: 2026-11-20\nattendees:: [[Ann]], [[Bob|Robert]]\n\nAsked about [[Cy]].\n",
        "---\ndate: 2026-11-20\n---\nAttendees:: [[Ann]], [[Bob|Robert]]\nAsked about [[Cy]].\n",
    ],
)
def test_a_meeting_note_written_with_dataview_fields_is_one(vault: Path, meeting: str) -> None:
    write(vault, {"People/Ann.md": "", "People/Bob.md": "", "People/Cy.md": "", "Meetings/Acme sync.md": meeting})
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert {c.name: c.last_contact for c in net.contacts} == {
        "Ann": date(2026, 11, 20),
        "Bob": date(2026, 11, 20),
        "Cy": None,
    }


def test_meeting_notes_follow_their_edits(vault: Path) -> None:
    write(
        vault, {"People/Ann.md": "", "People/Bob.md": "", "Meetings/M.md": MEETING.format(day="2026-11-20", extra="")}
    )
    refresh(vault)
    write(vault, {"Meetings/M.md": MEETING.format(day="2026-11-21", extra="")})
    bump_mtime(vault / "Meetings/M.md")
    index, _ = refresh(vault)
    assert Network(index.conn, index.settings, TODAY).lookup("ann").last_contact == date(2026, 11, 21)
    write(vault, {"Meetings/M.md": MEETING.format(day="2026-12-01", extra="")})  # planned, not held yet
    bump_mtime(vault / "Meetings/M.md")
    index, _ = refresh(vault)
    net = Network(index.conn, index.settings, TODAY)
    assert net.lookup("ann").last_contact is None
    assert net.interactions(net.lookup("ann")) == []
    (vault / "Meetings/M.md").unlink()
    index, _ = refresh(vault)
    assert Network(index.conn, index.settings, date(2026, 12, 5)).lookup("ann").last_contact is None


@pytest.mark.parametrize(
    "frontmatter",
    [
        "attendees: ['[[Ann]]']\n",  # no date
        "date: someday\nattendees: ['[[Ann]]']\n",
        "date: 2026-11-20\nrelated: ['[[Ann]]']\n",  # not an attendee field
    ],
)
def test_notes_that_are_no_meeting_are_no_conversation(vault: Path, frontmatter: str) -> None:
    write(vault, {"People/Ann.md": "", "Notes/N.md": f"---\n{frontmatter}---\n"})
    index, _ = refresh(vault)
    assert Network(index.conn, index.settings, TODAY).lookup("ann").last_contact is None


def test_a_cache_of_schema_1_is_migrated_and_learns_who_is_a_note_about_someone(vault: Path) -> None:
    """Schema 2 stores the notes about a person (classify.about_someone) and what says a
    follow-up is owed, schema 3 a summary of each contact's fields; a cache an older
    vaultnet built has none of them, and is migrated."""
    import zlib

    from vaultnet.index import _SCHEMA_V1, SCHEMA_VERSION, _layout, _v1, connect

    write(
        vault,
        {"People/Ann Lee/Ann Lee.md": "---\nemail: ann@x.org\n---\n", "People/Ann Lee/Gift ideas.md": "- [ ] scarf\n"},
    )
    location = vault / ".vaultnet" / "cache" / INDEX_FILE
    location.parent.mkdir(parents=True)
    old = connect(location, fresh=True)  # as vaultnet 0.1.0 left it: schema 1, its parser
    _v1(old)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO meta VALUES ('schema', ?)", (f"{zlib.crc32(_SCHEMA_V1.encode()):08x}",))
    old.execute("INSERT INTO meta VALUES ('layout', ?)", (_layout(old),))
    old.execute("INSERT INTO meta VALUES ('fingerprint', 'settings:85')")
    old.commit()
    old.close()

    index, _ = refresh(vault)
    assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not index.notice  # (a migration is no damage to speak of)
    net = Network.of(index, TODAY)
    assert [c.name for c in net.contacts] == ["Ann Lee"]
    assert [p.text for p in net.promises()["People/Ann Lee/Ann Lee.md"]] == ["scarf"]
    assert net.contacts[0].summary == {}  # read again (a new parser): the summary filled in


def test_the_summary_holds_every_field_diversity_reads() -> None:
    from vaultnet.model import SUMMARY_FIELDS
    from vaultnet.query.shape import DIVERSITY_FIELDS

    assert {key for keys in DIVERSITY_FIELDS.values() for key in keys} <= SUMMARY_FIELDS


def test_fields_read_from_the_summary_are_those_read_from_the_note(vault: Path) -> None:
    """Lists, stats and introductions read the summary the index keeps; `show` reads the
    note's fields. Both must say the same of every summary field, however it is written."""
    from vaultnet.model import SUMMARY_FIELDS
    from vaultnet.query import Network

    write(
        vault,
        {
            "People/Ann.md": "---\nCompany: Acme\norg: Other\nrole: ''\nJob Title: CTO\nindustry: [A, B]\n"
            "offers: [reviews]\nneeds:\nlocation: null\nInterests: [x]\nbirth_year: 1980\n---\n",
            "People/Bo.md": "---\norganisation: '[[Northwind]]'\ncity: Oslo\ngender: f\n---\ncompany:: Inline Co\n",
            "People/Cy.md": "no frontmatter\n",
        },
    )
    index = Index.open(load_settings(vault))
    index.refresh()
    net = Network.of(index, date(2026, 11, 23))
    for contact in net.contacts:
        plain = contact._replace(summary=None, company=None)
        for key in SUMMARY_FIELDS:
            assert contact.field(key) == plain.field(key), (contact.name, key)
        assert contact.field_text("company") == plain.field_text("company")
    index.close()


def _network_of(vault: Path, files: dict[str, str]) -> tuple[Index, Network]:
    """The network of `vault` with `files` written into it, indexed."""
    write(vault, files)
    index = Index.open(load_settings(vault))
    index.refresh()
    return index, Network.of(index, date(2026, 11, 23))


def test_a_field_that_is_no_number_leaves_stats_digest_and_json_working(vault: Path, run: Runner) -> None:
    """YAML reads `.nan` and `.inf` as floats JSON has no word for: kept as SQLite would
    not read them, they broke `stats` and the digest (malformed JSON), and `list --json`
    printed `Infinity`, which no script reads. Such a value is read as not said."""
    write(
        vault,
        {
            "People/Ann.md": "---\nindustry: .nan\nage: .inf\noffers: [-.inf, mentoring]\n---\n",
            "People/Bo.md": "---\nindustry: Energy\n---\n",
        },
    )
    for command in (["stats"], ["stats", "--diversity"], ["digest", "--stdout"]):
        assert run(*command).exit_code == 0, command

    def strict(text: str) -> object:
        return json.loads(text, parse_constant=lambda word: pytest.fail(f"{word} is no JSON"))

    listed = strict(run("list", "--json").stdout)
    assert isinstance(listed, list)
    ann = next(person for person in listed if person["name"] == "Ann")
    assert ann["fields"] == {"industry": None, "age": None, "offers": [None, "mentoring"]}
    industry = strict(run("stats", "--json").stdout)["spreads"]["industry"]  # type: ignore[index]
    assert industry == [{"value": "Energy", "count": 1}, {"value": "(not set)", "count": 1}]


def test_counts_grouped_by_the_index_leave_out_you_and_notes_about_someone(vault: Path) -> None:
    """SQLite groups the spreads and the diversity of everyone; your own note (`[user]`)
    and a note about someone kept in their folder are no one to count."""
    from vaultnet.query.shape import diversity

    index, net = _network_of(
        vault,
        {
            ".vaultnet/config.toml": '[user]\nname = "Sam Park"\n',
            "People/Sam Park.md": "---\nindustry: Me\ngender: man\n---\n",
            "People/Ann Lee/Ann Lee.md": "---\ncircle: inner\nindustry: Energy\ngender: woman\n---\n## Log\n- 2026-11-01 call\n",
            "People/Ann Lee/Gift ideas.md": "Scarf, books\n",  # (no one: not counted as not saying)
            "People/Bo.md": "---\nindustry: energy\n---\n",
        },
    )
    stats = net.stats()
    assert stats.total == 2 and stats.spreads["industry"] == [("Energy", 2)]
    gender = next(spread for spread in diversity(net) if spread.field == "gender")
    assert (gender.known, gender.total, gender.largest) == (1, 2, ("woman", 1))
    index.close()


def test_diversity_grouped_by_the_index_is_diversity_read_from_each_contact(vault: Path) -> None:
    """The digest's diversity groups people by what they say of the diversity fields
    (SQLite reads them); it must count what reading each contact's fields counts."""
    from vaultnet.query.shape import DIVERSITY_FIELDS, _diversity_value, diversity

    index, net = _network_of(
        vault,
        {
            "People/A.md": "---\nage: 34\ngender: Woman\nlanguages: [fr, en]\nindustry: Energy\n---\n",
            "People/B.md": "---\nbirthday: 1961-04-02\nPronouns: she/her\nindustry: energy\n---\n",
            "People/C.md": "---\nborn: '1995'\ngender: woman\nseniority: Senior\n---\n",
            "People/D.md": "---\nage: ''\nbirth_year: 1988\nnationality: NO\nlevel: senior\n---\n",
            "People/E.md": "no fields\n",
            "People/0 First.md": "---\ngender: WOMAN\nindustry: ENERGY\n---\n",
        },
    )
    found = {spread.field: spread for spread in diversity(net)}
    assert found["gender"].largest == ("WOMAN", 3) and found["age"].known == 4
    for name, keys in DIVERSITY_FIELDS.items():
        values = [_diversity_value(c.field, name, keys, net.today) for c in net.contacts]
        known = [v.casefold() for v in values if v]
        assert (found[name].known, found[name].total) == (len(known), len(net.contacts)), name
        assert found[name].groups == len(set(known)), name
    index.close()


def test_a_spread_read_by_the_index_is_the_spread_read_from_each_contact(vault: Path) -> None:
    """`stats` reads industry, location and company of everyone through SQLite's JSON
    functions; it must count what reading each contact's fields counts."""
    import vaultnet.query.shape as shape

    index, net = _network_of(
        vault,
        {
            "People/A.md": "---\nindustry: [Energy, energy, Médias]\nlocation: Oslo\ncompany: '[[Acme]]'\n---\n",
            "People/B.md": "---\nIndustry: Energy\ncity: 'Oslo '\norg: 42\n---\n",
            "People/C.md": "---\nindustry: true\nlocation: ''\ncompany: [1.5, null, x]\n---\n",
            "People/D.md": "---\nindustry: {a: 1}\nlocation: []\n---\n",
            "People/E.md": "no fields\n",
            # Spelled as the first person by name spells it, whatever order SQLite groups in.
            "People/0 First.md": "---\nindustry: ENERGY\nlocation: OSLO\n---\n",
        },
    )
    assert ("ENERGY", 3) in shape.spread(net, "industry")
    for key in ("industry", "location", "company"):
        by_index = shape.spread(net, key)
        original = shape._counted_by_index
        shape._counted_by_index = lambda key: False  # type: ignore[assignment]
        try:
            by_contact = shape.spread(net, key)
        finally:
            shape._counted_by_index = original
        assert by_index == by_contact, key
    index.close()
