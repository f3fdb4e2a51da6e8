"""Every command explains itself with an example, and the README stays true."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vaultnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(cli.commands)
# Every command path, sub-commands of groups included: ["list"], ["templates", "copy"], …
PATHS = sorted(
    [name] if not isinstance(command, click.Group) else [name, sub]
    for name, command in cli.commands.items()
    for sub in (command.commands if isinstance(command, click.Group) else [None])
)
WRITERS = {
    "init",
    "draft",
    "intro",
    "digest",
    "templates copy",
    "add",
    "log",
    "watch",
    "sync",
    "git-setup",
    "merge-driver",
}  # they write; nothing to list


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert re.search(r"Examples?( \(.*\))?:\n\s+vaultnet ", result.stdout), (
        f"`vaultnet {' '.join(path)} --help` shows no example"
    )


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    for name in [n for n in COMMANDS if not cli.commands[n].hidden]:
        assert re.search(rf"^  {name}\b", result.stdout, re.MULTILINE)


@pytest.mark.parametrize("path", [p for p in PATHS if " ".join(p) not in WRITERS], ids=" ".join)
def test_every_listing_command_has_json(path: list[str]) -> None:
    command = cli.commands[path[0]]
    if len(path) > 1:
        command = command.commands[path[1]]  # type: ignore[attr-defined]
    assert any(isinstance(p, click.Option) and "--json" in p.opts for p in command.params)


def test_readme_has_exactly_two_setup_commands_and_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```(?:sh|bash)?\n(.*?)\n```", setup, re.MULTILINE | re.DOTALL)
    assert len(commands) == 2
    assert "example-vault" in commands[0]
    assert "pytest" in commands[1]
    for path in PATHS:
        assert f"vaultnet {' '.join(path)}" in readme or f"vaultnet --vault example-vault {path[0]}" in readme, path
