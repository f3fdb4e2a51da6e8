"""The shipped example vault: clean, and its answers pinned by golden files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import check_golden
from vaultnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(vault: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--today", "2026-11-23", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_example_vault_has_no_problems(example: Path) -> None:
    assert run(example, "check") == ""


def test_example_vault_has_every_circle_and_enough_people(example: Path) -> None:
    import json

    contacts = json.loads(run(example, "list", "--json"))
    assert 25 <= len(contacts) <= 40
    assert {c["circle"] for c in contacts} >= {"inner", "network", "prospect", None}
    assert {c["cadence"] for c in contacts} >= {"weekly", "biweekly", "monthly", "quarterly", "yearly", "6w", None}


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("example-due.txt", ["due", "--within", "7d"]),
        ("example-list.txt", ["list"]),
        ("example-show-maya.txt", ["show", "maya"]),
        ("example-stats.txt", ["stats"]),
        ("example-find.txt", ["find", "battery", "engineers"]),
        ("example-today.txt", ["today"]),
        ("example-review.md", ["review", "--stdout"]),
        ("example-review-month.md", ["review", "--month", "--stdout"]),
    ],
)
def test_example_vault_answers(example: Path, name: str, args: list[str]) -> None:
    check_golden(name, run(example, *args))


def test_the_example_digest_and_drafts_in_the_repository_are_what_vaultnet_writes(example: Path) -> None:
    """The README's first command writes them; a change to the digest or a draft that is
    not committed to example-vault/ would show as a diff for everyone who runs it."""
    committed = {p.relative_to(example).as_posix(): p.read_bytes() for p in example.glob("D*/*.md")}
    for path in list(example.glob("Digests/*.md")) + list(example.glob("Drafts/*.md")):
        path.unlink()
    run(example, "digest")
    written = {p.relative_to(example).as_posix(): p.read_bytes() for p in example.glob("D*/*.md")}
    assert written == committed, "run the README's first command and commit example-vault/ as it leaves it"


def test_the_example_digest_suggests_no_follow_up_a_careful_reader_would_not(example: Path) -> None:
    """The example vault keeps the shapes real vaults misled vaultnet with: a mother listed
    in a journal, a partner of years whose log starts this month, the owner's own note."""
    run(example, "digest", "--no-drafts")
    digest = (example / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
    followups = re.findall(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]: follow up after your first meeting", digest)
    assert sorted(followups) == ["Nadia Rahman", "Oliver Grant"]  # met at Climate Week: met_on says so
    for name in ("Mom", "Dana Whitfield", "Alex Rivera"):
        assert f"[[{name}" not in digest
