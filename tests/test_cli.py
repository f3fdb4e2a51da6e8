"""The commands, as a user runs them: output, JSON, exit codes, and no writes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Runner, snapshot, write
from vaultnet.cli import cli

NETWORK = {
    "People/Ann Lee.md": (
        "---\nname: Ann Lee\nemail: ann@example.com\ncompany: Acme\nrole: CTO\ncircle: inner\n"
        "industry: Fintech\nlocation: Berlin\ncountry: NO\ntags: [investor, climate]\n"
        "offers: [fundraising advice]\n---\n## Log\n- 2026-10-01 coffee about the seed round\n"
        "- [ ] send deck 📅 2026-11-20\n"
    ),
    "People/Bo Ström.md": (
        "---\ncompany: Beta GmbH\ncircle: network\ncadence: weekly\nindustry: Finance\n"
        "interests: [sailing]\n---\n## Log\n- 2026-11-19 call\n- 2026-11-12 coffee\n"
    ),
    "People/Cai.md": "---\ncircle: prospect\nindustry: Climate\noffers: [climate policy]\n---\nWants to meet.\n",
    "People/Dee.md": "---\ncircle: network\nmet_on: 2026-11-18\nbirthday: 1990-11-26\n---\n## Log\n- 2026-11-18 met at a meetup\n",
    "Daily/2026-11-10.md": "- lunch with [[Ann Lee]], she is hiring\n",
}


@pytest.fixture
def network(vault: Path) -> Path:
    write(vault, NETWORK)
    return vault


def test_list_shows_everyone_with_last_contact_and_next_due(network: Path, run: Runner) -> None:
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "CIRCLE", "COMPANY", "LAST", "CONTACT", "NEXT", "DUE"]
    assert lines[1].split() == ["Ann", "Lee", "inner", "Acme", "2026-11-10", "2026-12-10"]
    assert [line.split()[0] for line in lines[1:]] == ["Ann", "Bo", "Cai", "Dee"]


@pytest.mark.parametrize(
    ("terms", "names"),
    [
        (["tag:investor"], ["Ann Lee"]),
        (["circle:prospect"], ["Cai"]),
        (["company:acme"], ["Ann Lee"]),
        (["-industry:fin"], ["Cai", "Dee"]),
        (["industry:fin", "-company:acme"], ["Bo Ström"]),
        (["country:NO"], ["Ann Lee"]),
        (["interests:"], ["Bo Ström"]),
        (["last_contact:>=2026-11-15"], ["Bo Ström", "Dee"]),
        (["strom"], ["Bo Ström"]),
        (["--", "-strom"], ["Ann Lee", "Cai", "Dee"]),
        (["-industry:healthcare", "--sort", "due"], ["Dee", "Bo Ström", "Ann Lee", "Cai"]),
    ],
)
def test_list_query_terms(network: Path, run: Runner, terms: list[str], names: list[str]) -> None:
    result = run("list", "--json", *terms)
    assert result.exit_code == 0, result.output
    assert [c["name"] for c in json.loads(result.stdout)] == names


def test_json_carries_the_promised_keys_and_values_as_written(network: Path, run: Runner) -> None:
    data = json.loads(run("list", "--json", "tag:investor").stdout)[0]
    assert {"name", "path", "last_contact", "cadence", "next_due", "circle"} <= set(data)
    assert data["path"] == "People/Ann Lee.md"
    assert data["cadence"] == "monthly"
    assert data["fields"]["country"] == "NO"


def test_show_finds_a_person_by_partial_accentless_name(network: Path, run: Runner) -> None:
    result = run("show", "bo", "strom")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Bo Ström  (People/Bo Ström.md)")
    assert "2026-11-19  call  [People/Bo Ström.md:9]" in result.stdout


def test_show_lists_conversations_newest_first_with_sources_and_promises(network: Path, run: Runner) -> None:
    data = json.loads(run("show", "ann@example.com", "--json").stdout)
    assert [(i["date"], i["path"], i["line"]) for i in data["interactions"]] == [
        ("2026-11-10", "Daily/2026-11-10.md", 1),
        ("2026-10-01", "People/Ann Lee.md", 14),
    ]
    assert data["promises"] == [{"text": "send deck", "due": "2026-11-20", "path": "People/Ann Lee.md", "line": 15}]


def test_show_unknown_name_suggests_the_closest(network: Path, run: Runner) -> None:
    result = run("show", "Anne Le")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no contact named 'Anne Le' (did you mean: Ann Lee)"


def test_show_ambiguous_name_lists_the_matches(vault: Path, run: Runner) -> None:
    write(vault, {"People/Sam Fox.md": "", "People/Sam Roe.md": ""})
    result = run("show", "sam")
    assert result.exit_code == 1
    assert "matches 2 contacts: Sam Fox (People/Sam Fox.md); Sam Roe (People/Sam Roe.md)" in result.stderr


def test_show_of_an_unreadable_note_says_why_instead_of_someone_else(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/b.md": "---\ntags: [#a, b]\n---\nMet at the fair.\n",
            "People/c.md": b"\x80\x81bad",
            "People/Eve.md": "---\nemail: b@example.com\nalias: [c2]\n---\n",
        },
    )
    # Frontmatter Obsidian cannot read: the note is still b's (issue 16), and show says what is wrong.
    result = run("show", "b")
    assert result.exit_code == 0
    assert result.stdout.startswith("b  (People/b.md)")
    assert result.stderr.startswith("warning: People/b.md:2: frontmatter is not valid YAML")
    assert result.stderr.splitlines()[0].endswith("(read without its frontmatter)")
    # A note that cannot be read at all: named, rather than someone whose name starts the same.
    result = run("show", "c")
    assert result.exit_code == 1
    assert "People/c.md" in result.stderr and "cannot be read" in result.stderr
    assert run("show", "b@example.com").stdout.startswith("Eve  (People/Eve.md)")


def test_find_ranks_offers_and_shows_a_snippet(network: Path, run: Runner) -> None:
    data = json.loads(run("find", "climate", "--json").stdout)
    assert [h["name"] for h in data][:1] == ["Cai"]
    assert "offers" in data[0]["matched"]
    assert "**climate**" in data[0]["snippet"].lower()
    assert {h["name"] for h in data} == {"Cai", "Ann Lee"}


def test_find_lists_people_archived_last_and_says_so(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\nstatus: deceased\noffers: [seed funding, seed intros]\n---\n",
            "People/Bo.md": "---\noffers: [seed funding]\n---\n",
        },
    )
    assert [h["name"] for h in json.loads(run("find", "seed", "--json").stdout)] == ["Bo", "Ann"]
    lines = run("find", "seed").stdout.splitlines()
    assert lines[0].startswith("Bo  (offers)") and lines[2].startswith("Ann [archived]  (offers)")


def test_find_says_which_fields_and_whether_the_note_text_hold_the_words(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\nneeds: [seed investors]\naliases: [Seedy]\n---\n## Log\n- 2026-11-01 raising a seed round\n",
            "People/Bo.md": "---\noffers: [seed funding]\n---\nNothing else.\n",
        },
    )
    data = {h["name"]: h["matched"] for h in json.loads(run("find", "seed", "--json").stdout)}
    assert data == {"Ann": ["aliases", "needs", "notes"], "Bo": ["offers"]}


def test_find_takes_short_words_whole(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\noffers: [AI strategy]\n---\n",
            "People/Bob.md": "---\ninterests: [air quality, aim]\n---\n",
            "People/Cai.md": "---\nrole: C developer\n---\n",
            "People/Cleo.md": "---\nrole: CTO\n---\n",
        },
    )
    assert [h["name"] for h in json.loads(run("find", "ai", "--json").stdout)] == ["Ann"]
    assert [h["name"] for h in json.loads(run("find", "C++", "--json").stdout)] == ["Cai"]
    assert [h["name"] for h in json.loads(run("find", "a", "air", "--json").stdout)] == ["Bob"]


def test_find_looks_for_what_a_question_is_about_not_how_it_is_put(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\noffers: [help with anything, happy to help]\n---\n",
            "People/Bea.md": "---\noffers: [hiring advice]\n---\n",
            "People/Cy.md": "---\noffers: [intros to investors]\n---\n",
        },
    )

    def found(*words: str) -> list[str]:
        return [h["name"] for h in json.loads(run("find", *words, "--json").stdout)]

    assert found("help", "with", "hiring") == ["Bea"]  # not Ann, who offers "help"
    assert found("introductions", "to", "investors") == ["Cy"]
    assert found("help") == ["Ann"]  # a question that is only such words still finds them


def test_find_matches_words_in_note_bodies(network: Path, run: Runner) -> None:
    result = run("find", "seed round")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("Ann Lee")


def test_due_gives_each_reason_most_overdue_first(network: Path, run: Runner) -> None:
    data = json.loads(run("due", "--within", "7d", "--json").stdout)
    assert [(d["name"], d["reason"], d["due"], d["overdue_days"]) for d in data] == [
        ("Ann Lee", "promise", "2026-11-20", 3),
        ("Dee", "followup", "2026-11-21", 2),
        ("Bo Ström", "cadence", "2026-11-26", -3),  # same day: cadence before birthday
        ("Dee", "birthday", "2026-11-26", -3),
    ]


@pytest.mark.parametrize("span", ["1 week", "7 days", "7", "1wk"])
def test_within_takes_a_span_as_people_write_it(network: Path, run: Runner, span: str) -> None:
    assert run("due", "--within", span, "--json").stdout == run("due", "--within", "7d", "--json").stdout


def test_due_without_within_shows_only_what_is_due_now(network: Path, run: Runner) -> None:
    data = json.loads(run("due", "--json").stdout)
    # the birthday is 3 days off (inside the 7-day birthday window); Bo's cadence is not due yet
    assert [(d["name"], d["reason"]) for d in data] == [
        ("Ann Lee", "promise"),
        ("Dee", "followup"),
        ("Dee", "birthday"),
    ]


def test_a_stated_last_contact_before_the_first_logged_talk_means_it_was_no_first_meeting(
    vault: Path, run: Runner
) -> None:
    write(
        vault,
        {
            "People/Bob.md": "---\nlast_contact: 2026-11-05\n---\n",
            "People/Cy.md": "---\n---\n",
            "Daily/2026-11-20.md": "Lunch with [[Bob]] and [[Cy]]\n",
        },
    )
    data = {c["name"]: c for c in json.loads(run("list", "--json").stdout)}
    assert (data["Bob"]["first_contact"], data["Bob"]["last_contact"]) == ("2026-11-05", "2026-11-20")
    assert data["Bob"]["next_due"] is None  # no cadence, and no first meeting to follow up
    # A first mention is no evidence of a first meeting (issue 16): no follow-up for Cy either.
    assert (data["Cy"]["first_contact"], data["Cy"]["next_due"]) == ("2026-11-20", None)


def test_due_text_output(network: Path, run: Runner) -> None:
    out = run("due").stdout.splitlines()
    assert out[0].split() == ["WHEN", "NAME", "REASON", "DUE", "DETAIL"]
    assert out[1].split()[:5] == ["3d", "late", "Ann", "Lee", "promise"]


def test_stats_counts_rhythm_circles_and_spreads(network: Path, run: Runner) -> None:
    data = json.loads(run("stats", "--json", "--by", "tags").stdout)
    assert data["total"] == 4
    assert data["rhythm"] == {"daily": 0, "weekly": 0, "monthly": 0, "quarterly": 0, "yearly": 3, "dormant": 1}
    assert data["circles"] == {"inner": 1, "network": 2, "prospect": 1}
    assert data["spreads"]["industry"][0] == {"value": "Climate", "count": 1}
    assert {"value": "investor", "count": 1} in data["spreads"]["tags"]


def test_check_lists_every_problem_and_exits_1_on_errors(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/A.md": "---\nemail: same@example.com\ncadence: sometimes\n---\n",
            "People/B.md": "---\nemail: same@example.com\n---\n[[Nobody Here]]\n",
            "People/C.md": "---\nname: [broken\n---\n",
            "People/D.md": "---\nname: D\n",
            "People/E.md": b"---\nname: Ren\xe9\n---\n",
            "People/F.md": "---\nmet_on: 2026-13-01\n---\n",
            "People/G.md": "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n",
            "People/H.md": "---\nname: A\n---\n",
        },
    )
    result = run("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "People/A.md:3: error: unknown cadence 'sometimes' (use weekly, biweekly, monthly, quarterly, yearly, none, or a span like 14d, 6w, 3m)",
        "People/B.md:2: error: email same@example.com is also on People/A.md (merge the two notes or fix one)",
        "People/B.md:4: warning: link [[Nobody Here]] resolves to no note",
        "People/C.md:2: error: frontmatter is not valid YAML: while parsing a flow sequence: did not find expected ',' or ']' (fix or quote the value)",
        "People/D.md:1: error: frontmatter opened with --- on line 1 is never closed (add a line with --- where the frontmatter ends)",
        "People/E.md:2: error: not UTF-8: byte 0xe9 cannot be read (re-save the file as UTF-8)",
        "People/F.md:2: error: met_on: impossible date '2026-13-01'",
        "People/G.md:1: error: git conflict markers (<<<<<<< … >>>>>>>): resolve the merge",
        "People/H.md:2: error: two contacts named 'A': this and People/A.md (rename one or add an alias)",
    ]
    assert result.stderr.strip().endswith("8 errors, 1 warning")


def test_check_names_links_to_no_one_but_not_to_companies_places_or_topics_with_no_note(
    vault: Path, run: Runner
) -> None:
    write(
        vault,
        {
            "People/Ann.md": (
                "---\ncompany: [[Acme Corp|Acme]]\nlocation: '[[Berlin]]'\nOrganization: '[[Foo Ltd]]'\n"
                "industry: ['[[Climate]]']\ninterests: [[Jazz]]\nspouse: '[[Jane Roe]]'\n---\n"
                "## Log\n- 2026-11-01 lunch with [[Sam Rossi]] about [[machine learning]] and [[AI]]\n"
            ),
            # Topics linked before their notes are written, as every day in Obsidian: not
            # people gone missing. A name as people write one is.
            "Daily/2026-11-02.md": (
                "- read [[The History of Rome]], [[Q3 planning]], [[grid storage]]\n"
                "- met [[Ana de la Cruz]] and [[Jean-Luc O'Brien]]\n"
            ),
        },
    )
    assert run("check").stdout.splitlines() == [
        "Daily/2026-11-02.md:2: warning: link [[Ana de la Cruz]] resolves to no note",
        "Daily/2026-11-02.md:2: warning: link [[Jean-Luc O'Brien]] resolves to no note",
        "People/Ann.md:7: warning: link [[Jane Roe]] resolves to no note",
        "People/Ann.md:10: warning: link [[Sam Rossi]] resolves to no note",
    ]
    # An unquoted link (which YAML reads as a list in a list) is shown as the link it means.
    # (No next due: a first log line that says nothing of meeting is no first meeting, issue 16.)
    assert run("list").stdout.splitlines()[1].split() == ["Ann", "Acme", "2026-11-01"]
    assert "interests: Jazz" in run("show", "ann").stdout


def test_check_clean_vault_exits_0(network: Path, run: Runner) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_read_commands_warn_about_skipped_notes_and_still_answer(vault: Path, run: Runner) -> None:
    write(vault, {"People/Bad.md": b"\x80 not UTF-8", "People/Odd.md": "---\nname: [x\n---\n", "People/Good.md": ""})
    result = run("list", "--json")
    assert result.exit_code == 0
    assert [c["name"] for c in json.loads(result.stdout)] == ["Good", "Odd"]  # Odd: its file name (issue 16)
    assert result.stderr.splitlines() == [
        "warning: skipped People/Bad.md:1: not UTF-8: byte 0x80 cannot be read (re-save the file as UTF-8)",
        "warning: People/Odd.md:2: frontmatter is not valid YAML: while parsing a flow sequence: did not find"
        " expected ',' or ']' (fix or quote the value) (read without its frontmatter)",
    ]


def test_index_prints_counts_and_unreadable_notes(vault: Path, run: Runner) -> None:
    write(vault, {"People/Bad.md": "---\nname: [x\n---\n", "People/Good.md": "", "People/Worse.md": b"\x80"})
    result = run("index")
    assert result.exit_code == 0  # warnings: the rest is indexed, and a cron job sees no failure
    assert result.stdout == "3 added, 0 changed, 0 removed, 0 unchanged\n"
    assert result.stderr.startswith("People/Bad.md:2: frontmatter is not valid YAML")
    assert "People/Worse.md:1: not UTF-8" in result.stderr
    assert run("check").exit_code == 1  # where they are errors
    (vault / "People/Bad.md").write_text("---\nname: fixed\n---\n")
    result = run("index", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["changed"] == 1


def test_index_and_check_name_a_note_icloud_keeps_off_this_computer(vault: Path, run: Runner) -> None:
    write(vault, {"People/Good.md": "", "People/.Ann Lee.md.icloud": b"bplist00", "People/.hidden.md": ""})
    result = run("index")
    assert result.exit_code == 0  # a warning: the note is not broken, only elsewhere
    assert result.stdout == "1 added, 0 changed, 0 removed, 0 unchanged\n"
    assert result.stderr.startswith("People/Ann Lee.md: warning: not on this computer: iCloud Drive keeps only a")
    assert json.loads(run("index", "--json").stdout)["passed_over"][0]["path"] == "People/Ann Lee.md"
    check = run("check")
    assert check.exit_code == 0 and "People/Ann Lee.md: warning: not on this computer" in check.stdout
    write(vault, {".vaultnet/config.toml": 'exclude = ["People/"]\n'})  # not read anyway: not named
    assert "not on this computer" not in run("index").stderr


def test_read_commands_write_nothing_outside_the_cache(network: Path, run: Runner) -> None:
    before = snapshot(network)
    for args in (["index"], ["list"], ["show", "ann"], ["find", "x"], ["due"], ["stats"], ["check"]):
        run(*args)
    assert snapshot(network) == before


def test_bad_today_is_a_usage_error(network: Path, run: Runner) -> None:
    result = run("due", today="2026-13-45")
    assert result.exit_code == 2
    assert "is not a date like" in result.stderr


def test_bad_within_is_a_usage_error(network: Path, run: Runner) -> None:
    result = run("due", "--within", "soon")
    assert result.exit_code == 2


def test_vault_is_found_from_env_then_by_walking_up(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("VAULTNET_VAULT", str(network))
    assert "Ann Lee" in runner.invoke(cli, ["list"]).stdout
    monkeypatch.delenv("VAULTNET_VAULT")
    monkeypatch.chdir(network / "People")
    assert "Ann Lee" in runner.invoke(cli, ["list"]).stdout


def test_no_vault_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no vault found here or in any folder above (pass --vault PATH, set VAULTNET_VAULT, "
        "or run `vaultnet init` in your notes folder)\n"
    )


def test_a_sync_conflict_copy_is_listed_once_and_checked(vault: Path, run: Runner) -> None:
    ann = "---\ncircle: inner\n---\n## Log\n- 2026-11-03 call\n"
    write(vault, {"People/Ann.md": ann, "People/Ann (conflicted copy).md": ann + "- 2026-11-04 lunch\n"})
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Ann"]
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "People/Ann (conflicted copy).md: warning: a sync conflict copy of People/Ann.md: "
        "merge what it adds into that note, then delete it"
    ]


def test_missing_vault_folder_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(tmp_path / "nope"), "list"])
    assert result.exit_code == 1
    assert "nope' (from --vault) does not exist" in result.stderr


def refused_config(vault: Path, run: Runner, config: str | bytes) -> str:
    """The one-line error a command gives for this config.toml (exit 1)."""
    write(vault, {".vaultnet/config.toml": config})
    result = run("list")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    return str(result.stderr)


def test_bad_config_names_the_file_and_key(vault: Path, run: Runner) -> None:
    message = refused_config(vault, run, '[cadence]\ninner = "sometimes"\n')
    assert "config.toml: cadence.inner: unknown cadence 'sometimes'" in message


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (b'\xef\xbb\xbf[cadence]\r\ninner = "weekly"\r\n', None),  # Notepad: a BOM and CRLF
        (b"[cadence\ninner = 1\n", "config.toml: not valid TOML: "),
        (b"inner = '\xff'\n", "config.toml: cannot be read: "),
    ],
)
def test_config_files_as_editors_save_them(vault: Path, run: Runner, config: bytes, message: str | None) -> None:
    write(vault, {"People/Ann.md": "---\ncircle: inner\n---\n"})
    if message is None:
        write(vault, {".vaultnet/config.toml": config})
        result = run("list", "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)[0]["cadence"] == "weekly"
    else:
        assert message in refused_config(vault, run, config)


@pytest.mark.parametrize(
    "config",
    [
        '[digest]\nfolder = "../outside"\n',
        'contact_folders = ["People", "a/../../b"]\n',
        '[drafts]\nfolder = "C:/Mail"\n',
    ],
)
def test_a_folder_outside_the_vault_is_refused_in_config(vault: Path, run: Runner, config: str) -> None:
    assert "must be a folder inside the vault" in refused_config(vault, run, config)


def test_a_long_first_build_shows_progress_or_one_line_at_the_end(
    vault: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultnet.commands.base as cli_module
    import vaultnet.index as index_module

    write(vault, {"People/Ann.md": "", "People/Bob.md": "", "Daily/2026-11-20.md": "[[Ann]]\n"})
    monkeypatch.setattr(index_module, "PROGRESS_THRESHOLD", 3)
    piped = run("list")  # not a terminal: one line at the end, on stderr
    assert re.fullmatch(r"read 3 notes into the index in \d+\.\d s \([\d,]+ notes/s\)", piped.stderr.splitlines()[0])
    assert piped.stdout.startswith("NAME")
    assert "read" not in run("list").stderr  # kept up to date: nothing to say
    (vault / ".vaultnet" / "cache" / "index.sqlite").unlink()
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)
    assert run("list").stderr.startswith("reading notes into the index")  # the bar (a terminal draws it)


def test_a_cold_index_draws_its_progress_on_a_terminal(vault: Path) -> None:
    from tests.conftest import run_in_terminal

    write(vault, {f"People/P{n}.md": f"## Log\n- 2026-11-0{n % 9 + 1} call\n" for n in range(2100)})
    code, out, shown = run_in_terminal("--vault", str(vault), "index")
    assert code == 0 and out == b"2100 added, 0 changed, 0 removed, 0 unchanged\n"
    assert b"reading notes into the index" in shown and b"2100/2100" in shown and b"notes/s" in shown


def test_an_empty_list_of_log_headings_is_refused(vault: Path, run: Runner) -> None:
    assert "log_headings: must name at least one heading" in refused_config(vault, run, "log_headings = []\n")


def test_init_creates_the_vault_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "notes"
    first = runner.invoke(cli, ["init", str(target)])
    assert first.exit_code == 0
    assert first.stdout.splitlines() == [
        "created  .vaultnet/",
        "created  .vaultnet/config.toml",
        "created  .vaultnet/.gitignore",
        "created  People/",
    ]
    config = target / ".vaultnet" / "config.toml"
    assert '# inner = "monthly"' in config.read_text()
    config.write_text("# mine\n")
    second = runner.invoke(cli, ["init", str(target)])
    assert second.exit_code == 0
    assert all(line.startswith("exists") for line in second.stdout.splitlines())
    assert config.read_text() == "# mine\n"
    assert (target / ".vaultnet" / ".gitignore").read_text().splitlines()[-1] == "cache/"


def test_init_config_template_shows_the_default_log_headings() -> None:
    import tomllib

    from vaultnet.config import DEFAULT_LOG_HEADINGS
    from vaultnet.vaultinit import builtin_templates

    line = next(x for x in (builtin_templates() / "config.toml").read_text().splitlines() if "log_headings =" in x)
    assert tuple(tomllib.loads(line.removeprefix("# "))["log_headings"]) == DEFAULT_LOG_HEADINGS


def test_init_config_template_is_valid_when_uncommented(tmp_path: Path) -> None:
    """Every option the template documents must be accepted once uncommented."""
    import re

    from vaultnet.config import load_settings
    from vaultnet.vaultinit import builtin_template

    text = builtin_template("config.toml")
    uncommented = re.sub(r"^# (\w+ = .*?)(\s+#.*)?$", r"\1", text, flags=re.MULTILINE)
    (tmp_path / ".vaultnet").mkdir()
    (tmp_path / ".vaultnet" / "config.toml").write_text(uncommented)
    settings = load_settings(tmp_path, environ={})
    assert settings.contact_folders == ("People",)
    assert settings.followup_days == 3


def test_folders_written_with_backslashes_are_the_vaults_folders(tmp_path: Path) -> None:
    from vaultnet.config import load_settings

    (tmp_path / ".vaultnet").mkdir()
    (tmp_path / ".vaultnet" / "config.toml").write_text(
        'contact_folders = ["CRM\\\\People\\\\"]\nexclude = ["Archive\\\\Old"]\n[daily]\nfolder = "Journal\\\\Daily"\n'
    )
    settings = load_settings(tmp_path, environ={})
    assert (settings.contact_folders, settings.exclude, settings.daily_folder) == (
        ("CRM/People",),
        ("Archive/Old",),
        "Journal/Daily",
    )


@pytest.mark.parametrize("bom", ["", "\ufeff"])  # a Windows editor may save it with a BOM
def test_obsidian_daily_notes_settings_are_used(vault: Path, run: Runner, bom: str) -> None:
    write(
        vault,
        {
            ".obsidian/daily-notes.json": bom + '{"folder": "Journal", "format": "DD.MM.YYYY"}',
            "People/Ann.md": "",
            "Journal/20.11.2026.md": "saw [[Ann]]\n",
        },
    )
    data = json.loads(run("list", "--json").stdout)
    assert data[0]["last_contact"] == "2026-11-20"


TASKS_DATA = json.dumps(
    {
        "globalFilter": "",
        "statusSettings": {
            "coreStatuses": [
                {"symbol": " ", "name": "Todo", "nextStatusSymbol": "x", "availableAsCommand": True, "type": "TODO"},
                {"symbol": "x", "name": "Done", "nextStatusSymbol": " ", "availableAsCommand": True, "type": "DONE"},
            ],
            "customStatuses": [
                {"symbol": "!", "name": "Important", "nextStatusSymbol": "x", "type": "TODO"},
                {"symbol": "w", "name": "Waiting", "nextStatusSymbol": "x", "type": "ON_HOLD"},
                {"symbol": "i", "name": "Info", "nextStatusSymbol": "i", "type": "NON_TASK"},
                {"symbol": "!", "name": "Duplicate, ignored by Tasks", "nextStatusSymbol": "x", "type": "DONE"},
                {"symbol": "-", "name": "Dropped", "nextStatusSymbol": " ", "type": "CANCELLED"},
            ],
        },
    }
)


def test_promises_follow_the_tasks_plugins_statuses_when_it_is_on(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\nlast_contact: 2026-11-20\n---\n- [!] send the deck 📅 2026-11-24\n- [i] likes tea\n",
            "Projects/Fund.md": "- [w] hear back from [[Ann]] 📅 2026-11-22\n- [-] dropped: call [[Ann]] 📅 2026-11-20\n",
        },
    )

    def promises() -> list[tuple[str, str]]:
        return [(i["text"], i["due"]) for i in json.loads(run("show", "Ann", "--json").stdout)["promises"]]

    # Without the plugin, Obsidian shows any mark but a space (or /) as checked: not owed.
    assert promises() == []
    write(vault, {".obsidian/plugins/obsidian-tasks-plugin/data.json": TASKS_DATA})
    assert promises() == []  # installed but not turned on
    write(vault, {".obsidian/community-plugins.json": '["dataview", "obsidian-tasks-plugin"]'})
    assert promises() == [("hear back from Ann", "2026-11-22"), ("send the deck", "2026-11-24")]
    due = run("due", "--json")
    assert [(d["reason"], d["detail"]) for d in json.loads(due.stdout)] == [
        ("promise", "hear back from Ann"),
        ("promise", "send the deck"),
    ]


def test_the_tasks_plugins_closing_statuses(vault: Path) -> None:
    from vaultnet.config import load_settings

    write(vault, {".obsidian/community-plugins.json": '["obsidian-tasks-plugin"]'})
    # No statuses saved (the plugin's defaults): x, X and - close a task, any other mark is open.
    assert load_settings(vault, environ={}).parse_options().closed_task_marks == "-Xx"
    write(vault, {".obsidian/plugins/obsidian-tasks-plugin/data.json": TASKS_DATA})
    assert load_settings(vault, environ={}).parse_options().closed_task_marks == "-Xix"
    for broken in ("{not json", "[]", '{"statusSettings": {"customStatuses": [7, {"symbol": "ab"}]}}'):
        write(vault, {".obsidian/plugins/obsidian-tasks-plugin/data.json": broken})
        assert load_settings(vault, environ={}).parse_options().closed_task_marks == "-Xx"
    write(vault, {".obsidian/community-plugins.json": "not json"})
    assert load_settings(vault, environ={}).parse_options().closed_task_marks is None


def test_a_log_dated_by_links_to_daily_notes_in_their_own_format(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            ".obsidian/daily-notes.json": '{"folder": "Journal", "format": "MMMM Do, YYYY"}',
            "People/Ann.md": (
                "## Log\n- [[November 3rd, 2026]] call\n- [[Journal/November 5th, 2026|Nov 5]]: lunch\n"
                "- [[Nobody]] is no day\n"
            ),
            "Journal/November 10th, 2026.md": "saw [[Ann]]\n",
        },
    )
    show = run("show", "ann", "--json")
    assert [(i["date"], i["text"]) for i in json.loads(show.stdout)["interactions"]] == [
        ("2026-11-10", "saw Ann"),
        ("2026-11-05", "lunch"),
        ("2026-11-03", "call"),
    ]
    # A link to a day with no daily note yet is normal; a link to no one is not.
    assert run("check").stdout == "People/Ann.md:4: warning: link [[Nobody]] resolves to no note\n"


def test_commands_run_without_today(network: Path) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(network), "list"])
    assert result.exit_code == 0


def test_internal_errors_are_one_line_unless_debug(network: Path, run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultnet import query

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(query.Network, "due", boom)
    result = run("due")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: vaultnet hit an internal problem (RuntimeError: kaboom); run again with --debug and report the traceback"
    ]
    with pytest.raises(RuntimeError):
        CliRunner().invoke(cli, ["--vault", str(network), "--debug", "due"], catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [
        ["index"],
        ["list"],
        ["list", "--json"],
        ["due"],
        ["find", "x"],
        ["stats"],
        ["check"],
        ["digest", "--stdout"],
        ["templates", "list"],
    ],
)
def test_every_command_answers_on_an_empty_vault(vault: Path, run: Runner, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    if args[0] == "digest":
        assert "<!-- vaultnet:begin -->\n\n<!-- vaultnet:end -->" in result.stdout  # every section left out


def test_no_contacts_says_where_vaultnet_looked(vault: Path, run: Runner) -> None:
    write(vault, {".vaultnet/config.toml": 'contact_folders = ["CRM/People"]\n', "Clients/Ann.md": ""})
    result = run("list")
    assert result.exit_code == 0
    assert "reads the notes in CRM/People/ and any note with `type: person`" in result.stderr
    assert "set contact_folders in .vaultnet/config.toml" in result.stderr


def test_no_contacts_names_the_folder_they_are_likely_in(vault: Path, run: Runner) -> None:
    write(vault, {"CRM/Work/Ann.md": "", "Network/readme.txt": "", "People/.keep": "", "🤝 Network/Bo.md": ""})
    result = run("list")
    assert result.stderr == (
        "No contacts yet: vaultnet reads the notes in People/ and any note with `type: person` or tagged #person"
        " (CRM/, 🤝 Network/ hold"
        ' notes: to read them, set contact_folders = ["CRM", "🤝 Network"] in .vaultnet/config.toml).\n'
    )


def test_people_folders_numbered_with_emoji_or_one_level_down_are_read_unless_config_says(
    vault: Path, run: Runner
) -> None:
    # As decorated and PARA-style vaults keep them; not a folder named otherwise.
    write(
        vault,
        {
            "👥 People/Ann.md": "",
            "2. Areas/Contacts/Bob.md": "",
            "Projects/People stuff/Cy.md": "",
            "Contacts/Di.md": "",
        },
    )
    assert [c["path"] for c in json.loads(run("list", "--json").stdout)] == [
        "👥 People/Ann.md",
        "2. Areas/Contacts/Bob.md",
        "Contacts/Di.md",
    ]
    assert run("add", "Ed").stdout == "added 2. Areas/Contacts/Ed.md\n"  # the first such folder: no People/
    write(vault, {"People/Fay.md": ""})
    assert run("add", "Gus").stdout == "added People/Gus.md\n"  # People/ first where it exists
    write(vault, {".vaultnet/config.toml": 'contact_folders = ["Contacts"]\n'})
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Di"]


def test_date_order_in_config_reads_days_where_the_note_does_not_tell(vault: Path, run: Runner) -> None:
    write(
        vault,
        {"People/Ann.md": "## Log\n- 03/11/2026 lunch\n", "People/Bo.md": "## Log\n- 11/20/2026 a\n- 03/11/2026 b\n"},
    )
    assert run("check").stdout.startswith("People/Ann.md:2: warning: 03/11/2026 in the log is not read as a day")
    write(vault, {".vaultnet/config.toml": 'date_order = "day first"\n'})
    assert run("check").stdout == ""
    days = {c["name"]: c["last_contact"] for c in json.loads(run("list", "--json").stdout)}
    assert days == {"Ann": "2026-11-03", "Bo": "2026-11-20"}  # (Bo's note says month first: 11 March)
    assert run("log", "Ann", "call", "--date", "2026-11-20").exit_code == 0
    assert (vault / "People/Ann.md").read_text() == "## Log\n- 03/11/2026 lunch\n- 20/11/2026 call\n"
    # Without the option, daily notes named day first (`DD-MM-YYYY`) say how the vault writes days.
    write(vault, {".vaultnet/config.toml": "", ".obsidian/daily-notes.json": '{"format": "DD-MM-YYYY"}'})
    assert run("check").stdout == ""
    assert json.loads(run("show", "Ann", "--json").stdout)["last_contact"] == "2026-11-20"
    write(vault, {".vaultnet/config.toml": 'date_order = "sideways"\n'})
    bad = run("list")
    assert bad.exit_code == 1 and 'date_order: must be "day first"' in bad.stderr


def test_a_days_note_in_a_persons_own_folder_is_a_talk_with_them(vault: Path, run: Runner) -> None:
    # As folder-note layouts keep a person: `People/Ann Lee/Ann Lee.md` and notes beside it.
    write(
        vault,
        {
            "People/Ann Lee/Ann Lee.md": "---\ncircle: inner\n---\n## Log\n- 2026-11-01 call\n",
            "People/Ann Lee/2026-11-10 Coffee.md": "We talked about the thesis.\n- [ ] send her the paper\n",
            "People/Ann Lee/2026-11-12 Lunch.md": "With [[Ann Lee]] and Bo.\n",  # linked already: once
            "People/Team/2026-11-05 Standup.md": "notes\n",  # a group's folder, with no note of its own
            "People/Team/Bo.md": "",
            "People/2026-11-06 Offsite.md": "no one\n",
            "People/Bea.md": "",  # her folder's note kept beside her folder
            "People/Bea/2026-11-11 Tea.md": "",
        },
    )
    bea = json.loads(run("show", "Bea", "--json").stdout)
    assert [(t["date"], t["text"]) for t in bea["interactions"]] == [("2026-11-11", "Tea")]
    shown = json.loads(run("show", "Ann Lee", "--json").stdout)
    assert [(t["date"], t["text"]) for t in shown["interactions"]] == [
        ("2026-11-12", "With Ann Lee and Bo."),
        ("2026-11-10", "Coffee"),
        ("2026-11-01", "call"),
    ]
    assert [p["text"] for p in shown["promises"]] == ["send her the paper"]  # a task naming no one: hers
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Ann Lee", "Bea", "Bo"]
    assert run("check").stdout == ""  # (nothing said of the Team folder's day)


def test_notes_about_a_person_in_their_own_folder_are_no_people(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann Lee/Ann Lee.md": "---\ncircle: inner\n---\n## Log\n- 2026-11-01 call\n",
            "People/Ann Lee/Gift ideas.md": "Scarf, books\n- [ ] buy the scarf 📅 2026-11-20\n",
            "People/Ann Lee/Notes.md": "x\n",
            "People/Ann Lee/Carl.md": "---\nemail: carl@example.com\n---\n",  # says it is someone: stays
            "People/Ann Lee/Dee.md": "---\ntype: person\n---\n",
            "People/Bea.md": "---\nemail: bea@example.com\n---\n",  # her folder's note beside it
            "People/Bea/Notes.md": "y\n",
            "People/Team/Bo.md": "",  # a group's folder: its people stay people, said of or not
            "People/Team/Cy.md": "",
            "People/Family/Family.md": "## Log\n- 2026-11-01 dinner\n",  # a group's note with a log
            "People/Family/Mom.md": "Birthday in May.\n",  # named as a person is: still one
        },
    )
    names = [c["name"] for c in json.loads(run("list", "--json").stdout)]
    assert names == ["Ann Lee", "Bea", "Bo", "Carl", "Cy", "Dee", "Family", "Mom"]
    assert run("check").stdout == ""  # (no "two contacts named Notes")
    assert run("show", "Gift ideas").exit_code == 1
    # A task in a note about her is a promise to her.
    shown = json.loads(run("show", "Ann Lee", "--json").stdout)
    assert [(p["text"], p["path"]) for p in shown["promises"]] == [("buy the scarf", "People/Ann Lee/Gift ideas.md")]
    due = json.loads(run("due", "--json").stdout)
    assert [(d["name"], d["reason"]) for d in due if d["reason"] == "promise"] == [("Ann Lee", "promise")]


def test_nothing_falls_due_for_someone_archived_but_their_promises(vault: Path, run: Runner) -> None:
    due_soon = "last_contact: 2025-01-01\nbirthday: 11-25\nmet_on: 2026-11-21\n"
    write(
        vault,
        {
            "People/Ann.md": f"---\ncircle: inner\nstatus: Deceased\n{due_soon}---\n- [ ] send flowers 📅 2026-11-23\n",
            "People/Bob.md": f"---\ncircle: Archived\n{due_soon}---\n",
            "People/Cy.md": f"---\ncircle: inner\ntags: [archived]\n{due_soon}---\n",
            "People/Di.md": f"---\ncircle: inner\narchived: true\n{due_soon}---\n",
            # (network: the inner circle gets no first-meeting follow-up, issue 16)
            "People/Ed.md": f"---\ncircle: network\nstatus: active\n{due_soon}---\n",
        },
    )
    due = json.loads(run("due", "--within", "3d", "--json").stdout)
    assert sorted((d["name"], d["reason"]) for d in due) == [
        ("Ann", "promise"),
        ("Ed", "birthday"),
        ("Ed", "followup"),
    ]
    listed = {c["name"]: (c["circle"], c["next_due"]) for c in json.loads(run("list", "--json").stdout)}
    assert listed == {n: ("archived", None) for n in ("Ann", "Bob", "Cy", "Di")} | {"Ed": ("network", "2026-11-24")}
    assert run("list", "circle:archived").stdout.split("\n")[1].startswith("Ann")
    assert "Next due:     never (archived" in run("show", "Bob").stdout
    assert run("check").stdout == ""  # `circle: Archived` is a circle


def test_check_names_a_meeting_attendee_who_is_no_one(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "",
            "Meetings/Sync.md": "---\ndate: 2026-11-20\nattendees:\n  - '[[Ann]]'\n  - '[[Anne]]'\n---\n",
            "Notes/Idea.md": "---\nsee: '[[Nobody]]'\n---\n",  # not a meeting: links there are not checked
        },
    )
    result = run("check")
    assert result.stdout.splitlines() == ["Meetings/Sync.md:3: warning: link [[Anne]] resolves to no note"]


def test_check_names_days_more_than_a_year_ahead_as_likely_typos(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": (
                "---\ncircle: inner\nlast_contact: 2062-11-03\nmet_on: 2027-11-24\n---\n"
                "## Log\n- 2026-08-01 call\n- 2062-11-05 lunch\n- 2027-11-24 a year and a day on\n"
            ),
            # Planned within the year: no typo.
            "People/Bob.md": "---\nmet_on: 2027-11-23\n---\n## Log\n- 2026-12-05 dinner planned\n",
        },
    )
    assert run("check").stdout.splitlines() == [
        "People/Ann.md:3: warning: last_contact: 2062-11-03 is more than a year ahead (a typo?)",
        "People/Ann.md:4: warning: met_on: 2027-11-24 is more than a year ahead (a typo?)",
        "People/Ann.md:8: warning: 2062-11-05 in the log is more than a year ahead (a typo?)",
        "People/Ann.md:9: warning: 2027-11-24 in the log is more than a year ahead (a typo?)",
    ]
    # And the typo counts for nothing meanwhile: Ann is due by her last real conversation.
    assert json.loads(run("list", "--json").stdout)[0]["last_contact"] == "2026-08-01"


def test_a_name_that_is_not_utf8_is_named_and_passed_over(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "## Log\n- 2026-11-01 call\n"})
    try:  # (a name in Latin-1 from an old disk or archive; only some file systems allow it)
        with open(os.path.join(os.fsencode(vault), b"People", b"Ren\xe9.md"), "wb"):
            pass
        os.mkdir(os.path.join(os.fsencode(vault), b"Old \xff"))
    except (OSError, ValueError):
        pytest.skip("this file system takes only UTF-8 names")
    listed = run("list")
    assert listed.exit_code == 0 and listed.stdout.splitlines()[1].split()[0] == "Ann"
    assert run("check").stdout.splitlines() == [
        "Old \\xff: warning: the name is not UTF-8: rename it to read it",
        "People/Ren\\xe9.md: warning: the name is not UTF-8: rename it to read it",
    ]


def test_control_characters_in_names_and_notes_do_not_reach_the_terminal(vault: Path, run: Runner) -> None:
    try:
        write(vault, {"People/Ann\nLee.md": "", "People/\u202eevil.md": ""})
    except OSError:
        pytest.skip("this file system takes no newline in a name")
    write(
        vault, {"People/Esc.md": '---\nrole: "CTO\\tand\\e[31mred"\n---\n## Log\n- 2026-11-01 call \x1b[2J cleared\n'}
    )
    listed = run("list").stdout.splitlines()
    assert [line.split("  ")[0] for line in listed] == ["NAME", "Ann Lee", "Esc", "evil"]  # one row each
    shown = run("show", "esc").stdout
    assert "\x1b" not in shown and "call \ufffd[2J cleared" in shown and "role: CTO and\ufffd[31mred" in shown
    # JSON keeps what the notes say, escaped as JSON escapes it.
    assert json.loads(run("show", "esc", "--json").stdout)["interactions"][0]["text"] == "call \x1b[2J cleared"


@pytest.mark.parametrize(
    ("files", "talks", "warning"),
    [
        (  # attendees named without links: found by name, alias or file name
            {
                "People/Ann.md": "",
                "People/Robert Jones.md": "---\naliases: [Bob]\n---\n",
                "Meetings/Board.md": "---\ndate: 2026-11-20\nattendees: [Ann, Bob, Zed Nobody]\npeople: 12\n---\n",
                "Meetings/Standup.md": "date:: 2026-11-21\nattendees:: Ann, [[Robert Jones]]\n",
            },
            {"Ann": "2026-11-21", "Robert Jones": "2026-11-21"},
            "Meetings/Board.md:3: warning: link [[Zed Nobody]] resolves to no note",
        ),
        (  # links left unquoted, which YAML reads as a list in a list (Dataview's habit)
            {
                "People/Ann.md": "",
                "People/Bob.md": "---\nintroduced_by: [[Ann]]\nspouse: [[Cleo Roe]]\n---\n",
                "Meetings/Sync.md": "---\ndate: 2026-11-20\nattendees:\n  - [[Ann]]\n  - [[Bob|Robert]]\n---\n",
                "Meetings/Lunch.md": "---\ndate: 2026-11-21\nwith: [[[Ann]], [[Bob]]]\n---\n",
            },
            {"Ann": "2026-11-21", "Bob": "2026-11-21"},
            "People/Bob.md:3: warning: link [[Cleo Roe]] resolves to no note",
        ),
    ],
)
def test_people_named_in_frontmatter_as_people_write_them(
    vault: Path, run: Runner, files: dict[str, str], talks: dict[str, str], warning: str
) -> None:
    write(vault, files)
    assert {c["name"]: c["last_contact"] for c in json.loads(run("list", "--json").stdout)} == talks
    assert run("check").stdout.splitlines() == [warning]


EDGE_OF_TIME = {
    "People/Old.md": (
        "---\nmet_on: 0001-01-01\nlast_contact: 9999-12-31\nbirthday: 9999-12-31\ncadence: 10y\n---\n"
        "## Log\n- 0001-01-01 start of time\n- 9999-12-31 end of time\n"
        "- [ ] old promise 📅 0001-01-01\n- [ ] late promise 📅 9999-12-31\n"
    ),
    "People/New.md": "---\nmet_on: 9999-12-31\ncadence: weekly\n---\n## Log\n- 0001-01-01 start\n",
    "Meetings/End.md": "---\ndate: 9999-12-31\nattendees: ['[[Old]]']\n---\n",
    "Daily/9999-12-31.md": "- [[Old]] and [[New]]\n",
    "Daily/0001-01-01.md": "- [ ] ask [[New]] 📅 0001-01-01\n",
}


@pytest.mark.parametrize("today", ["2026-11-23", "1000-01-01", "8999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_answered_not_crashed_on(vault: Path, run: Runner, today: str) -> None:
    write(vault, EDGE_OF_TIME)
    for args in (
        ["due", "--within", "100y"],
        ["list", "--json"],
        ["stats"],
        ["show", "old"],
        ["draft", "new", "--stdout"],
        ["intro", "old", "new", "--stdout"],
        ["digest", "--stdout"],
        ["check"],
    ):
        result = run(*args, today=today)
        assert result.exit_code == 0, (args, result.output)
    due = run("due", "--json").stdout
    assert [item["due"] for item in json.loads(due) if item["reason"] == "promise"][:2] == ["0001-01-01"] * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "9999-12-30", "due"], "'9999-12-30' is too far away (give a year from 1000 to 8999)"),
        (["--today", "0001-01-01", "due"], "'0001-01-01' is too far away (give a year from 1000 to 8999)"),
        (["due", "--within", "99999y"], "span too long: '99999y' (at most 100 years)"),
    ],
)
def test_dates_and_spans_off_the_calendar_are_usage_errors(vault: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(vault), *args])
    assert result.exit_code == 2 and message in result.output


def test_company_and_other_fields_under_the_names_people_give_them(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\nCompany: '[[Acme]]'\nJob Title: CTO\nInterests: [sailing]\n---\n",
            "People/Bo.md": "---\norg: Beta GmbH\n---\n",
            "People/Cy.md": "---\norg: Not this\ncompany: Gamma\n---\n",
        },
    )
    rows = [line.split()[:2] for line in run("list").stdout.splitlines()[1:]]
    assert rows == [["Ann", "Acme"], ["Bo", "Beta"], ["Cy", "Gamma"]]
    assert [c["name"] for c in json.loads(run("list", "company:beta", "--json").stdout)] == ["Bo"]
    assert [c["name"] for c in json.loads(run("list", "role:cto", "--json").stdout)] == ["Ann"]
    assert run("find", "sailing").stdout.startswith("Ann  (interests)")
    assert "Beta GmbH" in run("stats").stdout


@pytest.mark.parametrize("heading", ["## Contact Log", "### Call log", "## Touchpoints", "## Catch-ups:"])
def test_log_headings_people_use_are_read_by_default(vault: Path, run: Runner, heading: str) -> None:
    write(vault, {"People/Kim.md": f"{heading}\n- 2026-11-03 call\n"})
    assert json.loads(run("list", "--json").stdout)[0]["last_contact"] == "2026-11-03"


def test_two_notes_whose_paths_differ_only_in_case_are_pointed_out(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "", "People/ann.md": "", "People/Bo.md": "---\nname: Ann\n---\n"})
    lines = run("check").stdout.splitlines()
    assert (
        "People/ann.md: error: People/Ann.md differs from this only in letter case: on Windows and macOS" in lines[-1]
    )
    assert (
        lines[0]
        == "People/Bo.md:2: error: two contacts named 'Ann': this and People/Ann.md (rename one or add an alias)"
    )


def test_errors_name_notes_from_the_vault_root_wherever_the_command_runs(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(vault, {"People/b.md": "---\ntags: [#a, b]\n---\n", "People/Uta.md": "## Log\n".encode("utf-16")})
    monkeypatch.chdir(vault / "People")  # the vault is found above
    show = CliRunner().invoke(cli, ["show", "b"])
    assert show.stderr.splitlines()[0].startswith("warning: People/b.md:2: frontmatter is not valid YAML")
    log = CliRunner().invoke(cli, ["log", "uta", "hi"])
    assert log.stderr.splitlines()[-1].startswith("error: People/Uta.md: is not saved as UTF-8")


def test_a_meeting_named_for_its_day_shows_as_what_it_was(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann Lee.md": "# Ann Lee\nEmail: ann@acme.com\n",
            "Meetings/2026-11-10 Pricing.md": "Date: 2026-11-10\nAttendees: [[Ann Lee]]\n\nWe met [[Ann Lee]] again.\n",
            "Daily/2026-11-12.md": "---\npeople: ['[[Ann Lee]]']\n---\n",
        },
    )
    shown = run("show", "ann").stdout
    assert "2026-11-10  Pricing  [Meetings/2026-11-10 Pricing.md:2]" in shown  # listed by it: its title
    assert "2026-11-10  We met Ann Lee again.  [Meetings/2026-11-10 Pricing.md:4]" in shown  # said in it: the line
    assert "2026-11-12  people: Ann Lee  [Daily/2026-11-12.md:2]" in shown  # a day's note: no title but the day


def test_the_console_command_ends_with_its_exit_code_and_all_its_output(vault: Path, run: Runner) -> None:
    """The installed command leaves without tearing down what it built (os._exit): what
    it printed must all be out, through a pipe, with the exit code click gave."""
    import subprocess
    import sys

    write(vault, {f"People/Person {n:03}.md": f"---\ncompany: Firm {n}\n---\n" for n in range(300)})

    def console(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vaultnet", "--vault", str(vault), "--today", "2026-11-23", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            check=False,
        )

    listed = console("list", "--json")
    assert (listed.returncode, listed.stdout) == (0, run("list", "--json").output)
    assert len(listed.stdout.splitlines()) == 302  # ([, 300 people, ])
    missing = console("show", "Nobody Here")
    assert missing.returncode == 1 and missing.stderr.startswith("error: no contact named 'Nobody Here'")
    assert console("list", "--sort", "sideways").returncode == 2
    if Path("/dev/full").exists():  # (Linux: a disk that is always full)
        with open("/dev/full", "w") as full:
            failed = subprocess.run(
                [sys.executable, "-m", "vaultnet", "--vault", str(vault), "list"],
                stdout=full, stderr=subprocess.PIPE, text=True, check=False,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            )  # fmt: skip
        assert failed.returncode == 1 and "Traceback" not in failed.stderr
        assert failed.stderr.strip().splitlines()[-1].startswith("error:")
    for command in ("list", "--json"), ("stats",):
        piped = subprocess.run(
            f"{sys.executable} -m vaultnet --vault {vault} {' '.join(command)} | head -1",
            shell=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            check=False,
        )
        assert piped.stderr == "" or "contacts" in piped.stderr, piped.stderr  # (no broken pipe)
