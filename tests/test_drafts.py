"""Drafts, introductions and templates, as a user runs them."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Runner, check_golden, write
from vaultnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent

PEOPLE = {
    ".vaultnet/config.toml": '[user]\nname = "Alex Rivera"\nemail = "alex@example.com"\nsignature = "Alex"\n',
    "People/Maya Chen.md": (
        "---\nemail: maya@example.com\ncompany: Northwind\nrole: Head of Product\ncircle: inner\n"
        "interests: [grid storage]\nneeds: [senior battery engineers]\nhow_met: Product Camp\nmet_on: 2023-04-15\n---\n"
        "## Log\n- 2026-11-02 coffee, she is hiring battery engineers\n"
    ),
    "People/Oliver Grant.md": (
        "---\nemail: oliver@example.com\nrole: Battery engineer\ncompany: Helio\ncircle: network\n"
        "offers: [battery engineering expertise]\nneeds: [a role in grid storage]\nhow_met: Climate Week\n"
        "met_on: 2026-11-18\n---\n## Log\n- 2026-11-18 met at Climate Week; looking for a grid storage role\n"
    ),
    "People/No Mail.md": "---\ncircle: network\n---\n## Log\n- 2026-10-01 call about {{ 7*7 }} and {% raw %}\n",
}


@pytest.fixture
def people(vault: Path) -> Path:
    write(vault, PEOPLE)
    return vault


def run_example(vault: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--today", "2026-11-23", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("draft-followup.md", ["draft", "oliver", "--template", "followup", "--stdout"]),
        ("draft-checkin.md", ["draft", "tomas", "--template", "checkin", "--stdout"]),
        ("draft-thanks.md", ["draft", "laura", "--template", "thanks", "--stdout"]),
        ("draft-birthday.md", ["draft", "maya", "--template", "birthday", "--stdout"]),
        ("draft-intro.md", ["intro", "maya", "oliver", "--stdout"]),
        ("draft-intro-ask.md", ["intro", "priya", "nadia", "--ask-first", "--stdout"]),
        ("digest-2026-W48.md", ["digest", "--stdout"]),
    ],
)
def test_built_in_templates_render_as_the_golden_files(example: Path, name: str, args: list[str]) -> None:
    check_golden(name, run_example(example, *args))


def test_auto_template_picks_followup_birthday_or_checkin(example: Path) -> None:
    assert "template: followup" in run_example(example, "draft", "nadia", "--stdout")
    assert "template: birthday" in run_example(example, "draft", "joe", "--stdout")
    assert "template: checkin" in run_example(example, "draft", "ivan", "--stdout")


def test_draft_is_written_and_never_overwritten(people: Path, run: Runner) -> None:
    first = run("draft", "maya", "--template", "checkin")
    assert first.exit_code == 0
    assert first.stdout.splitlines()[0] == "wrote Drafts/2026-11-23 Maya Chen - checkin.md"
    assert "mailto:maya@example.com?subject=" in first.stdout
    written = people / "Drafts" / "2026-11-23 Maya Chen - checkin.md"
    written.write_text("my edits\n")
    second = run("draft", "maya", "--template", "checkin")
    assert second.stdout.splitlines()[0] == "wrote Drafts/2026-11-23 Maya Chen - checkin 2.md"
    assert written.read_text() == "my edits\n"


def test_the_same_draft_again_writes_no_copy(people: Path, run: Runner) -> None:
    """Running a command twice must not leave numbered copies in a synced vault."""
    first = run("draft", "maya", "--template", "checkin")
    written = people / "Drafts" / "2026-11-23 Maya Chen - checkin.md"
    before = written.read_bytes()
    again = run("draft", "maya", "--template", "checkin")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[0] == "unchanged Drafts/2026-11-23 Maya Chen - checkin.md (it already says this)"
    assert again.stdout.splitlines()[1:] == first.stdout.splitlines()[1:]  # the mailto: link still
    assert sorted(p.name for p in written.parent.iterdir()) == [written.name]
    assert written.read_bytes() == before
    # A numbered draft that says the same is found too, past an edited one.
    written.write_text("my edits\n")
    run("draft", "maya", "--template", "checkin")
    third = run("draft", "maya", "--template", "checkin")
    assert third.stdout.splitlines()[0].startswith("unchanged Drafts/2026-11-23 Maya Chen - checkin 2.md")
    assert len(list(written.parent.iterdir())) == 2


def test_draft_note_frontmatter_reads_back(people: Path, run: Runner) -> None:
    import yaml

    run("draft", "oliver", "--template", "followup")
    text = (people / "Drafts" / "2026-11-23 Oliver Grant - followup.md").read_text()
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["to"] == "oliver@example.com"
    assert meta["subject"] == "Great to meet you at Climate Week"
    assert meta["contact"] == "[[Oliver Grant]]"


def test_eml_draft_parses_back_with_its_headers(people: Path, run: Runner) -> None:
    result = run("draft", "oliver", "--template", "followup", "--format", "eml")
    assert result.exit_code == 0
    raw = (people / "Drafts" / "2026-11-23 Oliver Grant - followup.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "oliver@example.com"
    assert message["From"] == "Alex Rivera <alex@example.com>"
    assert message["Subject"] == "Great to meet you at Climate Week"
    assert message["X-Unsent"] == "1"
    assert message["Date"] == "Mon, 23 Nov 2026 09:00:00 +0000"
    assert "Hi Oliver," in message.get_content()


def test_no_email_still_drafts_with_a_placeholder_and_a_warning(people: Path, run: Runner) -> None:
    result = run("draft", "no mail", "--template", "checkin", "--stdout")
    assert result.exit_code == 0
    assert 'to: "[email]"' in result.stdout
    assert result.stderr.strip() == "warning: No Mail has no email; the draft says [email]"


@pytest.mark.parametrize(
    ("file_name", "frontmatter", "greeting"),
    [
        ("Dr. Ann Lee", "", "Hi Ann,"),  # past a title
        ("Lee, Ann", "", "Hi Ann,"),  # filed by the family name
        ("Mr Smith", "", "Hi Mr Smith,"),  # no first name to greet by
        ("Robert Jones", "nickname: Bob\n", "Hi Bob,"),  # the note says
        ("Sophie Martin", "first_name: Sophie-Anne\n", "Hi Sophie-Anne,"),
        ("🌱 Kai Tanaka", "", "Hi Kai,"),
    ],
)
def test_a_draft_greets_people_by_the_name_they_go_by(
    vault: Path, run: Runner, file_name: str, frontmatter: str, greeting: str
) -> None:
    write(vault, {f"People/{file_name}.md": f"---\nemail: x@example.com\n{frontmatter}---\n"})
    out = run("draft", file_name, "--template", "checkin", "--stdout").stdout
    assert greeting in out.splitlines()


def test_note_text_is_data_never_template_code(people: Path, run: Runner) -> None:
    result = run("draft", "no mail", "--template", "checkin", "--stdout")
    assert "call about {{ 7*7 }} and {% raw %}" in result.stdout
    assert "49" not in result.stdout


def test_missing_data_shows_a_visible_placeholder(people: Path, run: Runner) -> None:
    out = run("draft", "no mail", "--template", "followup", "--stdout").stdout
    assert "[an offer to help, or a next step]" in out


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("met at Climate Week; looking for a grid storage role", "looking for a grid storage role"),
        ("First met at a dinner; she runs a lab", "she runs a lab"),
        ("met at Climate Week", "met at Climate Week"),  # nothing else said
        ("metrics review; next steps", "metrics review; next steps"),
        ("coffee; met her team", "coffee; met her team"),
    ],
)
def test_a_followup_recalls_what_was_said_not_where_you_met_twice(text: str, detail: str) -> None:
    from datetime import date

    from vaultnet.render import InteractionView

    assert InteractionView(date(2026, 11, 18), text, "People/A.md").detail == detail


def test_intro_ask_first_drafts_one_email_to_each(people: Path, run: Runner) -> None:
    result = run("intro", "maya", "oliver", "--ask-first")
    assert result.exit_code == 0
    drafts = sorted(p.name for p in (people / "Drafts").iterdir())
    assert drafts == ["2026-11-23 Maya Chen - intro_ask.md", "2026-11-23 Oliver Grant - intro_ask.md"]
    to_maya = (people / "Drafts" / drafts[0]).read_text()
    assert "Would you like an intro to Oliver Grant?" in to_maya
    assert "Oliver is looking for a role in grid storage and can help with battery engineering expertise" in to_maya


def test_intro_of_one_person_introduces_them_to_who_fits_best_not_yet_introduced(people: Path, run: Runner) -> None:
    write(
        people,
        {"People/Bea.md": "---\noffers: [senior battery engineers, recruiting]\n---\n## Log\n- 2026-10-01 call\n"},
    )
    result = run("intro", "maya")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "suggested: Oliver Grant, who is looking for a role in grid storage and can help with battery engineering"
        " expertise",
        "wrote Drafts/2026-11-23 Maya Chen & Oliver Grant - intro.md",
    ]
    assert run("intro", "maya", "oliver", "--log").exit_code == 0
    printed = run("intro", "maya", "--stdout")
    assert printed.stderr.startswith("suggested: Bea, who can help with senior battery engineers")
    assert printed.stdout.startswith("---\nto: ") and "suggested" not in printed.stdout  # the draft alone
    write(people, {"People/Bea.md": "---\nstatus: archived\noffers: [senior battery engineers]\n---\n"})
    nobody = run("intro", "maya")
    assert nobody.exit_code == 1 and "no one you are in touch with has what Maya Chen needs" in nobody.stderr
    assert run("intro", "maya", "--log").exit_code == 2  # logging needs both names


def test_intro_of_someone_with_themselves_is_a_usage_error(people: Path, run: Runner) -> None:
    result = run("intro", "maya", "maya chen")
    assert result.exit_code == 2
    assert "are the same person" in result.stderr


def test_user_template_overrides_and_extends_the_built_in(people: Path, run: Runner) -> None:
    write(
        people,
        {
            ".vaultnet/templates/checkin.md.j2": (
                '{% extends "default:checkin.md.j2" %}{% block closing %}Cheers, {{ user.name }}\n{% endblock %}'
            )
        },
    )
    out = run("draft", "maya", "--template", "checkin", "--stdout").stdout
    assert out.rstrip().endswith("Cheers, Alex Rivera")
    assert "Hi Maya," in out
    listing = run("templates", "list").stdout.splitlines()
    assert "checkin      .vaultnet/templates/checkin.md.j2" in listing
    assert "followup     built-in" in listing


def test_template_syntax_error_is_one_line_with_file_and_line(people: Path, run: Runner) -> None:
    write(people, {".vaultnet/templates/checkin.md.j2": "Subject: hi\n\n{% if contact.name %}\nno end\n"})
    result = run("draft", "maya", "--template", "checkin", "--stdout")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    # Named as notes are, from the vault's root.
    assert lines[0].startswith("error: .vaultnet/templates/checkin.md.j2:") and "template syntax" in lines[0]


def test_template_using_an_unknown_name_fails_with_its_line(people: Path, run: Runner) -> None:
    write(people, {".vaultnet/templates/thanks.md.j2": "Subject: x\n\nline two\n{{ contact.nickname }}\n"})
    result = run("draft", "maya", "--template", "thanks", "--stdout")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: .vaultnet/templates/thanks.md.j2:4: template failed:")
    assert "nickname" in result.stderr


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            'Subject: x\n\n{% extends "thanks.md.j2" %}\n',
            "thanks.md.j2:3: template failed: it calls itself without end",
        ),
        ("{% macro m() %}{{ m() }}{% endmacro %}\n\n{{ m() }}\n", "thanks.md.j2:1: template failed: it calls itself"),
        ("Subject: x\n\n{{ 10 ** 400 | float }}\n", "thanks.md.j2:3: template failed: "),
        ("{% for x in range(10 ** 9) %}{% endfor %}\n", "thanks.md.j2:1: template failed: Range too big"),
        ("{{ contact.emails[7] }}\n", "thanks.md.j2:1: template failed: "),
        ("{{ 1 // 0 }}\n", "thanks.md.j2:1: template failed: "),
    ],
)
def test_a_template_that_fails_is_named_with_its_line(people: Path, run: Runner, template: str, message: str) -> None:
    write(people, {".vaultnet/templates/thanks.md.j2": template})
    result = run("draft", "maya", "--template", "thanks", "--stdout")
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_sandbox_blocks_reaching_into_python(people: Path, run: Runner) -> None:
    write(people, {".vaultnet/templates/thanks.md.j2": "{{ contact.__class__.__mro__ }}\n"})
    result = run("draft", "maya", "--template", "thanks", "--stdout")
    assert result.exit_code == 1
    assert "template failed" in result.stderr


def test_unknown_template_name_lists_the_known_ones(people: Path, run: Runner) -> None:
    result = run("draft", "maya", "--template", "nope", "--stdout")
    assert result.exit_code == 1
    assert "no template named 'nope.md.j2'" in result.stderr and "followup" in result.stderr


def test_templates_copy_never_overwrites(people: Path, run: Runner) -> None:
    assert run("templates", "copy", "followup").stdout == "wrote .vaultnet/templates/followup.md.j2\n"
    target = people / ".vaultnet" / "templates" / "followup.md.j2"
    target.write_text("mine")
    again = run("templates", "copy", "followup")
    assert again.exit_code == 1
    assert "exists already" in again.stderr
    assert target.read_text() == "mine"
    assert run("templates", "copy", "nope").exit_code == 1


def test_stdout_draft_writes_nothing(people: Path, run: Runner) -> None:
    from tests.conftest import snapshot

    before = snapshot(people)
    assert run("draft", "maya", "--stdout").exit_code == 0
    assert run("intro", "maya", "oliver", "--stdout", "--format", "eml").exit_code == 0
    assert snapshot(people) == before


def test_draft_dry_run_prints_the_new_file_and_writes_nothing(people: Path, run: Runner) -> None:
    from tests.conftest import snapshot

    before = snapshot(people)
    out = run("draft", "maya", "--template", "checkin", "--dry-run").stdout
    assert out.startswith("--- /dev/null\n+++ b/Drafts/2026-11-23 Maya Chen - checkin.md\n")
    assert snapshot(people) == before
