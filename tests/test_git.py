"""Living in git: the contact-note merge driver with real git, and `vaultnet sync`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultnet.changes import log_day_of
from vaultnet.cli import cli
from vaultnet.edits import DayOf
from vaultnet.gitsync import merge_notes

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BASE = "---\nname: Jane\ncompany: Acme\nrole: CTO\n---\n# Jane\n\n## Log\n- 2026-10-01 call\n\n## Notes\nlikes tea\n"


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.com")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


def vaultnet(vault: Path, *args: str, today: str = "2026-11-23") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--today", today, *args], catch_exceptions=False)
    return result.exit_code, result.output


# --- the merge itself ---------------------------------------------------------------------


def merged_cleanly(base: str, ours: str, theirs: str, day_of: DayOf | None = None) -> str:
    """The merge of three texts of a note, which must need no conflict markers."""
    merged, clean = merge_notes(base.encode(), ours.encode(), theirs.encode(), day_of=day_of)
    assert clean, merged
    return merged.decode()


def test_logs_are_united_in_date_order_without_duplicates() -> None:
    ours = BASE.replace("- 2026-10-01 call\n", "- 2026-10-01 call\n- 2026-11-20 coffee\n")
    theirs = BASE.replace("- 2026-10-01 call\n", "- 2026-10-01 call\n- 2026-11-05 lunch\n- 2026-11-20 coffee\n")
    merged, clean = merge_notes(BASE.encode(), ours.encode(), theirs.encode())
    assert clean
    assert "## Log\n- 2026-10-01 call\n- 2026-11-05 lunch\n- 2026-11-20 coffee\n\n## Notes" in merged.decode()


@pytest.mark.parametrize(
    ("first", "lunch", "coffee", "head"),
    [
        ("- Oct 1, 2026: call", "- Nov 5, 2026: lunch", "- Nov 20, 2026: coffee", ""),  # days written out
        ("| 2026-10-01 | call |", "| 2026-11-05 | lunch |", "| 2026-11-20 | coffee |", "| Date | Notes |\n|---|---|\n"),
    ],
)
def test_logs_written_otherwise_are_united_in_date_order(first: str, lunch: str, coffee: str, head: str) -> None:
    base = f"## Log\n{head}{first}\n\n## Notes\nx\n"
    ours = base.replace(f"{first}\n", f"{first}\n{coffee}\n")
    theirs = base.replace(f"{first}\n", f"{first}\n{lunch}\n")
    assert (
        merged_cleanly(base, ours, theirs, log_day_of("YYYY-MM-DD"))
        == f"## Log\n{head}{first}\n{lunch}\n{coffee}\n\n## Notes\nx\n"
    )


@pytest.mark.parametrize("gap", ["", "\n"])
def test_a_log_keeps_its_spacing_through_a_merge(gap: str) -> None:
    """A log with a blank line between entries keeps them; a tight one stays tight."""
    base = BASE.replace("- 2026-10-01 call\n", f"- 2026-10-01 call\n{gap}- 2026-10-09 walk\n  - long one\n")
    ours = base.replace(
        "- 2026-10-09 walk\n  - long one\n", f"- 2026-10-09 walk\n  - long one\n{gap}- 2026-11-20 coffee\n"
    )
    theirs = base.replace("- 2026-10-01 call\n", f"- 2026-10-01 call\n{gap}- 2026-10-05 lunch\n")
    merged, clean = merge_notes(base.encode(), ours.encode(), theirs.encode())
    assert clean
    log = (
        f"- 2026-10-01 call\n{gap}- 2026-10-05 lunch\n{gap}- 2026-10-09 walk\n  - long one\n{gap}- 2026-11-20 coffee\n"
    )
    assert merged.decode() == BASE.replace("- 2026-10-01 call\n", log)


def test_a_field_changed_on_one_side_takes_that_change() -> None:
    ours = BASE.replace("role: CTO", "role: CEO")
    theirs = BASE.replace("company: Acme", "company: Acme Corp").replace("likes tea", "likes tea and cake")
    merged, clean = merge_notes(BASE.encode(), ours.encode(), theirs.encode())
    assert clean
    assert merged.decode() == BASE.replace("role: CTO", "role: CEO").replace(
        "company: Acme", "company: Acme Corp"
    ).replace("likes tea", "likes tea and cake")


def test_the_same_field_changed_two_ways_is_a_conflict_with_markers() -> None:
    ours = BASE.replace("company: Acme", "company: Beta")
    theirs = BASE.replace("company: Acme", "company: Gamma")
    merged, clean = merge_notes(BASE.encode(), ours.encode(), theirs.encode())
    assert not clean
    assert "<<<<<<< ours\ncompany: Beta\n=======\ncompany: Gamma\n>>>>>>> theirs\n" in merged.decode()


def test_line_endings_and_bom_of_our_side_are_kept() -> None:
    crlf = lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()  # noqa: E731
    ours = BASE.replace("- 2026-10-01 call\n", "- 2026-10-01 call\n- 2026-11-20 coffee\n")
    merged, clean = merge_notes(crlf(BASE), crlf(ours), crlf(BASE.replace("likes tea", "likes coffee")))
    assert clean
    assert merged.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in merged.replace(b"\r\n", b"")


# --- with real git ------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "People").mkdir(parents=True)
    (vault / ".obsidian").mkdir()
    (vault / "People" / "Jane.md").write_text(BASE)
    (vault / "People" / "Bob.md").write_text("## Log\n")
    git(vault, "init", "-q", "-b", "main")
    code, out = vaultnet(vault, "git-setup")
    assert code == 0, out
    assert "added to .gitattributes: People/**/*.md merge=vaultnet" in out
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "-m", "start")
    return vault


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_note_in_another_encoding_is_merged_line_by_line_as_git_would(tmp_path: Path, encoding: str) -> None:
    from vaultnet.gitsync import merge_driver

    texts = {
        "base": "name: Zoé\nline 1\nline 2\nline 3\n",
        "ours": "name: Zoé\nline 1 (ours)\nline 2\nline 3\n",
        "theirs": "name: Zoé\nline 1\nline 2\nline 3 (theirs)\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
    clean = merge_driver(tmp_path / "base", tmp_path / "ours", tmp_path / "theirs")
    merged = (tmp_path / "ours").read_bytes()
    if encoding == "latin-1":  # git merges bytes: both changes, as the plain text merge makes them
        assert clean == 0
        assert merged.decode(encoding) == "name: Zoé\nline 1 (ours)\nline 2\nline 3 (theirs)\n"
    else:  # binary to git: a conflict, ours kept as it was, as git does for binary files
        assert clean == 1
        assert merged == texts["ours"].encode(encoding)


def test_git_setup_is_safe_to_run_again(repo: Path) -> None:
    before = (repo / ".gitattributes").read_text()
    code, out = vaultnet(repo, "git-setup")
    assert code == 0 and ".gitattributes already sends contact notes to it" in out
    assert (repo / ".gitattributes").read_text() == before


def merge_attribute(repo: Path, path: str) -> str:
    return git(repo, "check-attr", "merge", "--", path).stdout.rsplit(": ", 1)[-1].strip()


PERSON = "---\ntype: person\n---\n## Log\n- 2026-10-01 call\n"


def test_person_notes_outside_the_contact_folders_are_named_one_by_one(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    for path, text in {
        "My People/Jane.md": BASE,
        "Notes/Ann [x] Lee.md": PERSON,  # a space ends an unquoted pattern; [x] is a glob
        "Notes/Ann x Lee.md": PERSON.replace("person", "project"),  # what [x] would match
        "Notes/#1 fan.md": PERSON,  # would start a comment
        ".vaultnet/config.toml": 'contact_folders = ["My People"]\n',
    }.items():
        (vault / path).parent.mkdir(parents=True, exist_ok=True)
        (vault / path).write_text(text)
    git(vault, "init", "-q", "-b", "main")
    code, out = vaultnet(vault, "git-setup")
    assert code == 0, out
    assert (vault / ".gitattributes").read_text() == (
        '"My People/**/*.md" merge=vaultnet\n'
        '"Notes/#1 fan.md" merge=vaultnet\n'
        '"Notes/Ann \\\\[x] Lee.md" merge=vaultnet\n'
    )
    assert [merge_attribute(vault, p) for p in ("My People/Jane.md", "Notes/Ann [x] Lee.md", "Notes/#1 fan.md")] == [
        "vaultnet"
    ] * 3
    assert merge_attribute(vault, "Notes/Ann x Lee.md") == "unspecified"
    # Two devices logging with a person outside the folders merge without a conflict.
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "-m", "start")
    merge_two_logs(vault, "Ann [x] Lee", ("coffee", "2026-11-20"), ("lunch", "2026-11-05"))
    assert (
        "- 2026-10-01 call\n- 2026-11-05 lunch\n- 2026-11-20 coffee\n" in (vault / "Notes/Ann [x] Lee.md").read_text()
    )


def test_logs_dated_as_the_daily_notes_are_named_merge_as_iso_ones_do(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "daily-notes.json").write_text('{"folder": "Journal", "format": "MMMM Do, YYYY"}')
    (vault / ".vaultnet").mkdir()
    (vault / ".vaultnet" / "config.toml").write_text('log_headings = ["Talks"]\n')  # the driver reads it too
    (vault / "People").mkdir()
    (vault / "People" / "Kim.md").write_text("# Kim\n\n## Talks\n- [[October 1st, 2026]] call\n\n## Notes\nx\n")
    git(vault, "init", "-q", "-b", "main")
    assert vaultnet(vault, "git-setup")[0] == 0
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "-m", "start")
    merge_two_logs(vault, "kim", ("coffee", "2026-11-20"), ("lunch", "2026-11-05"))
    assert (vault / "People" / "Kim.md").read_text() == (
        "# Kim\n\n## Talks\n- [[October 1st, 2026]] call\n- [[November 5th, 2026]] lunch\n"
        "- [[November 20th, 2026]] coffee\n\n## Notes\nx\n"
    )


def test_an_outlines_log_merges_entry_by_entry_as_a_list_does() -> None:
    """Logseq indents a log's entries under its `- ## Log` block: they are its entries."""
    base = "type:: person\n\n- ## Log\n\t- [[Oct 1st, 2026]] call\n\t\t- about jazz\n- ## Notes\n\t- x\n"
    ours = base.replace("- ## Log\n", "- ## Log\n\t- [[Nov 20th, 2026]] coffee\n")
    theirs = base.replace("\t\t- about jazz\n", "\t\t- about jazz\n\t- [[Nov 5th, 2026]] lunch\n")
    assert merged_cleanly(base, ours, theirs, log_day_of("YYYY_MM_DD")) == base.replace(
        "- ## Log\n\t- [[Oct 1st, 2026]] call\n\t\t- about jazz\n",
        "- ## Log\n\t- [[Nov 20th, 2026]] coffee\n\t- [[Nov 5th, 2026]] lunch\n\t- [[Oct 1st, 2026]] call\n\t\t- about jazz\n",
    )


def test_a_log_of_dated_sub_headings_merges_entry_by_entry_with_its_paragraphs() -> None:
    # As a person template keeps conversations (and `log` writes into it): each entry a
    # heading with paragraphs and a rule below; two devices each logged one.
    base = (
        "---\nlastContact: 2026-11-03\n---\n# Maria\n\n## 💬 Conversation History\n\n"
        "### 2026-11-03 — Paper feedback\n\n**Where:** Zoom\n- liked the draft\n\n**Follow-up:**\n- [ ] send it\n\n---\n\n"
        "### 2026-09-15 — Coffee\ntalked about PhD programs\n\n---\n\n## 🎬 Action Items\n- [ ] x\n"
    )
    ours = base.replace("2026-11-03\n---", "2026-12-01\n---").replace(
        "History\n\n", "History\n\n### 2026-12-01 call A\n- [ ] send slides\n\n"
    )
    theirs = base.replace("2026-11-03\n---", "2026-12-02\n---").replace(
        "History\n\n", "History\n\n### 2026-12-02 call B\n\n"
    )
    assert merged_cleanly(base, ours, theirs) == base.replace("2026-11-03\n---", "2026-12-02\n---").replace(
        "History\n\n", "History\n\n### 2026-12-02 call B\n\n### 2026-12-01 call A\n- [ ] send slides\n\n"
    )


def test_a_log_of_days_written_day_first_merges_entry_by_entry() -> None:
    base = "## Log\n- 03/11/2026 call\n- 25/10/2026 coffee\n\n## Notes\nx\n"
    ours = base.replace("## Log\n", "## Log\n- 20/11/2026 lunch\n")
    theirs = base.replace("## Log\n", "## Log\n- 05/11/2026 walk\n")
    assert merged_cleanly(base, ours, theirs, log_day_of("YYYY-MM-DD")) == base.replace(
        "## Log\n", "## Log\n- 20/11/2026 lunch\n- 05/11/2026 walk\n"
    )


def test_a_log_of_days_that_read_both_ways_merges_as_the_vaults_date_order_says() -> None:
    base = "## Log\n- 03/11/2026 call\n"
    ours, theirs = base + "- 05/11/2026 lunch\n", base + "- 04/11/2026 walk\n"
    assert (
        merged_cleanly(base, ours, theirs, log_day_of("YYYY-MM-DD", "dmy"))
        == base + "- 04/11/2026 walk\n- 05/11/2026 lunch\n"
    )


def test_dated_headings_with_no_log_heading_merge_entry_by_entry() -> None:
    base = "---\nname: Dee\n---\n## 2026-11-03 Coffee\ntalked\n\nmore\n\n## 2026-10-01 Call\nnotes\n"
    ours = base.replace("---\n## 2026-11-03", "---\n## 2026-11-20 Lunch\nfun\n\n## 2026-11-03")
    theirs = base.replace("---\n## 2026-11-03", "---\n## 2026-11-22 Walk\n\n## 2026-11-03")
    assert merged_cleanly(base, ours, theirs) == base.replace(
        "---\n## 2026-11-03", "---\n## 2026-11-22 Walk\n\n## 2026-11-20 Lunch\nfun\n\n## 2026-11-03"
    )


def test_sync_names_a_new_person_note_outside_the_folders_where_git_setup_ran(repo: Path) -> None:
    (repo / "Projects").mkdir()
    (repo / "Projects" / "Kim.md").write_text(PERSON)
    code, out = vaultnet(repo, "sync", "-m", "kim")
    assert code == 1, out  # (no upstream: committed, nothing pulled or pushed)
    assert out.splitlines()[0] == "added to .gitattributes: Projects/Kim.md merge=vaultnet"
    assert merge_attribute(repo, "Projects/Kim.md") == "vaultnet"
    assert git(repo, "status", "--porcelain").stdout == ""  # committed with the note
    code, out = vaultnet(repo, "sync", "-m", "again")
    assert out.splitlines()[0] == "nothing to commit"


def test_sync_leaves_gitattributes_alone_where_git_setup_never_ran(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Projects").mkdir(parents=True)
    (vault / "Projects" / "Kim.md").write_text(PERSON)
    git(vault, "init", "-q", "-b", "main")
    _code, out = vaultnet(vault, "sync", "-m", "kim")
    assert out.splitlines()[0] == "committed: kim"
    assert not (vault / ".gitattributes").exists()


def merge_two_logs(repo: Path, name: str, laptop: tuple[str, str], phone: tuple[str, str]) -> None:
    """Log a talk with `name` on a laptop branch and another on main, then merge them."""
    git(repo, "checkout", "-q", "-b", "laptop")
    vaultnet(repo, "log", name, laptop[0], "--date", laptop[1])
    git(repo, "commit", "-qam", "laptop")
    git(repo, "checkout", "-q", "main")
    vaultnet(repo, "log", name, phone[0], "--date", phone[1])
    git(repo, "commit", "-qam", "phone")
    merged = git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr


def test_git_merge_of_two_branches_that_logged_different_talks(repo: Path) -> None:
    merge_two_logs(repo, "jane", ("coffee on the laptop", "2026-11-20"), ("call from the phone", "2026-11-05"))
    text = (repo / "People" / "Jane.md").read_text()
    assert "- 2026-10-01 call\n- 2026-11-05 call from the phone\n- 2026-11-20 coffee on the laptop\n" in text
    assert "<<<<<<<" not in text


def test_git_merge_of_two_talks_keeps_the_later_last_contact(repo: Path) -> None:
    # `log` moves last_contact on each device: both sides changed it, and the later day is
    # what both mean (not a conflict in the frontmatter over what the logs already say).
    (repo / "People" / "Jane.md").write_text(BASE.replace("role: CTO\n", "role: CTO\nlast_contact: 2026-10-01\n"))
    git(repo, "commit", "-qam", "last contact")
    merge_two_logs(repo, "jane", ("coffee on the laptop", "2026-11-20"), ("call from the phone", "2026-11-05"))
    text = (repo / "People" / "Jane.md").read_text()
    assert "<<<<<<<" not in text
    assert "role: CTO\nlast_contact: 2026-11-20\n---" in text


def test_last_contact_moved_two_ways_takes_the_later_day_as_that_side_wrote_it() -> None:
    base = "---\nname: Ann\nLast Contact: 2026-10-01\n---\n"
    ours = base.replace("2026-10-01", "2026-11-20")
    theirs = base.replace("2026-10-01", "'2026-11-22' # by hand")
    assert merge_notes(base.encode(), ours.encode(), theirs.encode()) == (theirs.encode(), True)
    assert merge_notes(base.encode(), theirs.encode(), ours.encode()) == (theirs.encode(), True)
    # Any other field moved two ways, or a last contact that is not a day, is a conflict.
    for field, value in (("met_on", "2026-11-22"), ("Last Contact", "last week")):
        other = f"---\nname: Ann\n{field}: {value}\n---\n"
        merged, clean = merge_notes(
            base.replace("Last Contact", field).encode(), ours.replace("Last Contact", field).encode(), other.encode()
        )
        assert not clean and "<<<<<<< ours" in merged.decode()


def test_git_merge_of_a_real_conflict_leaves_markers(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "laptop")
    (repo / "People" / "Jane.md").write_text(BASE.replace("company: Acme", "company: Beta"))
    git(repo, "commit", "-qam", "laptop")
    git(repo, "checkout", "-q", "main")
    (repo / "People" / "Jane.md").write_text(BASE.replace("company: Acme", "company: Gamma"))
    git(repo, "commit", "-qam", "phone")
    merged = git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    assert merged.returncode != 0
    text = (repo / "People" / "Jane.md").read_text()
    assert "company: Gamma\n=======\ncompany: Beta\n" in text
    code, out = vaultnet(repo, "log", "bob", "during the merge")
    assert code == 1 and "in the middle of a merge" in out
    assert (repo / "People" / "Bob.md").read_text() == "## Log\n"


def clone(remote: Path, where: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(where))
    code, out = vaultnet(where, "git-setup")
    assert code == 0, out
    return where


def test_sync_between_two_devices(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(remote))
    laptop = clone(remote, tmp_path / "laptop")
    phone = clone(remote, tmp_path / "phone")
    vaultnet(laptop, "log", "jane", "coffee on the laptop", "--date", "2026-11-20")
    code, out = vaultnet(laptop, "sync", "-m", "laptop notes")
    assert code == 0, out
    assert out.splitlines() == ["committed: laptop notes", "pulled", "pushed"]
    vaultnet(phone, "log", "jane", "call from the phone", "--date", "2026-11-05")
    code, out = vaultnet(phone, "sync")
    assert code == 0, out
    text = (phone / "People" / "Jane.md").read_text()
    assert "- 2026-11-05 call from the phone\n- 2026-11-20 coffee on the laptop\n" in text
    code, out = vaultnet(laptop, "sync")
    assert code == 0 and out.splitlines() == ["nothing to commit", "pulled", "pushed"]
    assert (laptop / "People" / "Jane.md").read_text() == text


def test_sync_stops_at_a_conflict_and_names_the_file(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(remote))
    laptop = clone(remote, tmp_path / "laptop")
    phone = clone(remote, tmp_path / "phone")
    (laptop / "People" / "Jane.md").write_text(BASE.replace("company: Acme", "company: Beta"))
    assert vaultnet(laptop, "sync")[0] == 0
    (phone / "People" / "Jane.md").write_text(BASE.replace("company: Acme", "company: Gamma"))
    code, out = vaultnet(phone, "sync")
    assert code == 1
    assert "pull stopped on a conflict in: People/Jane.md" in out
    assert (phone / ".git" / "rebase-merge").exists() or (phone / ".git" / "rebase-apply").exists()


def test_sync_outside_a_repository_is_a_clear_error(vault: Path) -> None:
    code, out = vaultnet(vault, "sync")
    assert code == 1
    assert "not in a git repository" in out


# --- a merge driver that cannot run never costs a line (issue 14) -------------------------


def set_driver(repo: Path, command: str) -> None:
    git(repo, "config", "merge.vaultnet.driver", command)


def vaultnet_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, present: bool) -> None:
    """PATH with (or without) a `vaultnet` command, and git still on it."""
    import os
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if present:
        script = bin_dir / "vaultnet"
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vaultnet "$@"\n')
        script.chmod(0o755)
    git_dir = str(Path(shutil.which("git") or "/usr/bin/git").parent)
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), git_dir, "/bin", "/usr/bin"]))


def both_logged_lines_kept(repo: Path) -> str:
    """Log a talk on a branch and another on main, merge; every line must be in the file."""
    git(repo, "checkout", "-q", "-b", "laptop")
    vaultnet(repo, "log", "jane", "coffee on the laptop", "--date", "2026-11-20")
    git(repo, "commit", "-qam", "laptop")
    git(repo, "checkout", "-q", "main")
    vaultnet(repo, "log", "jane", "call from the phone", "--date", "2026-11-05")
    git(repo, "commit", "-qam", "phone")
    git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    text = (repo / "People" / "Jane.md").read_text()
    assert "coffee on the laptop" in text and "call from the phone" in text, text
    return text


@pytest.mark.parametrize("on_path", [True, False])
def test_a_driver_whose_python_is_gone_still_keeps_both_sides(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_path: bool
) -> None:
    from vaultnet.gitsync import driver_command

    set_driver(repo, driver_command(python=str(tmp_path / "old-venv/bin/python")))
    vaultnet_on_path(tmp_path, monkeypatch, present=on_path)
    text = both_logged_lines_kept(repo)
    if on_path:  # found at run time: the usual clean merge
        assert "<<<<<<<" not in text
    else:  # git's line merge: a conflict with both sides in it, never one side alone
        assert "<<<<<<< ours" in text
        assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout == "People/Jane.md\n"


def test_a_driver_that_fails_without_markers_leaves_gits_markers(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.gitsync import driver_command

    broken = tmp_path / "broken-python"
    broken.write_text("#!/bin/sh\necho 'Traceback: ImportError' >&2\nexit 1\n")  # a vaultnet that cannot import
    broken.chmod(0o755)
    set_driver(repo, driver_command(python=str(broken)))
    vaultnet_on_path(tmp_path, monkeypatch, present=False)
    assert "<<<<<<< ours" in both_logged_lines_kept(repo)


def test_check_and_sync_say_when_the_configured_driver_cannot_run(repo: Path, tmp_path: Path) -> None:
    gone = tmp_path / "old-venv/bin/python"
    set_driver(repo, f"{gone} -m vaultnet merge-driver %O %A %B %P")  # as git-setup wrote it before
    code, out = vaultnet(repo, "check")
    assert code == 1
    assert f"the merge driver in .git/config runs {gone}, which is gone" in out
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "fetch", "-q", "origin")
    git(repo, "branch", "-q", "--set-upstream-to=origin/main")
    before = git(repo, "rev-parse", "origin/main").stdout
    code, out = vaultnet(repo, "sync")
    assert code == 1 and "which is gone" in out and "nothing was pulled" in out
    assert git(repo, "rev-parse", "origin/main").stdout == before
    vaultnet(repo, "git-setup")  # mends it
    assert "merge driver" not in vaultnet(repo, "check")[1]


def test_sync_names_conflicted_files_as_they_are_spelled(repo: Path, tmp_path: Path) -> None:
    names = ["Maya, Chen.md", "Tomás Núñez.md"]
    for name in names:
        (repo / "People" / name).write_text(BASE)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two more")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(remote))
    laptop = clone(remote, tmp_path / "laptop")
    phone = clone(remote, tmp_path / "phone")
    for name in names:
        (laptop / "People" / name).write_text(BASE.replace("company: Acme", "company: Beta"))
        (phone / "People" / name).write_text(BASE.replace("company: Acme", "company: Gamma"))
    assert vaultnet(laptop, "sync")[0] == 0
    code, out = vaultnet(phone, "sync")
    assert code == 1
    assert "pull stopped on a conflict in: People/Maya, Chen.md, People/Tomás Núñez.md" in out
    code, out = vaultnet(phone, "log", "tomas", "a call")
    assert code == 1 and "in the middle of a rebase" in out and "no contact named" not in out


def test_sync_never_commits_a_temp_file_a_killed_writer_left(repo: Path) -> None:
    (repo / "People" / ".vaultnet-0123456789ab.tmp").write_text("half a note")
    (repo / "People" / "Jane.md").write_text(BASE + "- 2026-11-02 lunch\n")
    vaultnet(repo, "sync", "-m", "notes")
    assert git(repo, "ls-files").stdout.splitlines() == [".gitattributes", "People/Bob.md", "People/Jane.md"]
