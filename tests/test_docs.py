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
    "review",
    "export",
    "open",
    "import",
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


def test_readme_is_short_and_has_exactly_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 6 * 1024, "the README is the pitch and quick start; the manual is docs/"
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```(?:sh|bash)?\n(.*?)\n```", setup, re.MULTILINE | re.DOTALL)
    assert len(commands) == 2
    assert "example-vault" in commands[0]
    assert "pytest" in commands[1]


@pytest.mark.parametrize("page", ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")))])
def test_links_between_pages_lead_somewhere(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # (links in code are examples)
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert ((ROOT / page).parent / target).exists(), f"{page} links to {target}, which does not exist"


def test_command_reference_is_what_help_prints() -> None:
    from vaultnet.commands.reference import reference

    written = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert written == reference(cli), (
        "docs/commands.md differs from --help: run `python -m vaultnet.commands.reference > docs/commands.md`"
    )


@pytest.mark.parametrize("path", [p for p in PATHS if not cli.commands[p[0]].hidden], ids=" ".join)
def test_the_guide_tells_what_every_command_is_for(path: list[str]) -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    guide += (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    guide += (ROOT / "docs" / "git-and-devices.md").read_text(encoding="utf-8")
    guide += (ROOT / "docs" / "practice.md").read_text(encoding="utf-8")
    assert f"vaultnet {' '.join(path)}" in guide or f"vaultnet --vault example-vault {path[0]}" in guide, path


# `$ vaultnet --vault example-vault …` examples in the docs, with what they print.
EXAMPLES = [
    (page.name, block)
    for page in sorted((ROOT / "docs").glob("*.md"))
    for block in re.findall(
        r"^```console\n(\$ vaultnet --vault example-vault .*?)\n```", page.read_text("utf-8"), re.M | re.S
    )
]


def _matches(expected: list[str], actual: list[str]) -> bool:
    """`expected` as the docs show output: a line `…` stands for any lines, and a line
    ending in `…` for any line it starts."""
    if not expected:
        return not actual
    first, rest = expected[0], expected[1:]
    if first.strip() == "…":
        return any(_matches(rest, actual[n:]) for n in range(len(actual) + 1))
    if not actual:
        return False
    line = actual[0].rstrip()
    same = line.startswith(first[:-1].rstrip()) if first.endswith("…") else line == first.rstrip()
    return same and _matches(rest, actual[1:])


def test_there_are_examples_to_run() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("page", "block"), EXAMPLES, ids=[f"{p}:{b.split(chr(10))[0][2:60]}" for p, b in EXAMPLES])
def test_docs_examples_print_what_they_show(page: str, block: str, example: Path) -> None:
    import shlex

    command, *expected = block.split("\n")
    args = shlex.split(command[2:])[1:]  # (without `vaultnet`)
    args = [arg.replace("example-vault/", f"{example}/", 1) for arg in args]  # (the sample files it holds)
    args[1] = str(example)
    if "--today" not in args:
        args[2:2] = ["--today", "2026-11-23"]  # the day the example vault was written for
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert _matches(expected, result.stdout.splitlines()), f"{page}: `{command}` printed:\n{result.stdout}"


# The guide's import lines: each sample in example-vault/imports/ reads as its source.
IMPORTS = re.findall(
    r"^vaultnet --vault example-vault import .*example-vault/imports/.*$",
    (ROOT / "docs" / "guide.md").read_text("utf-8"),
    re.M,
)


@pytest.mark.parametrize("line", IMPORTS)
def test_docs_import_lines_run_on_the_samples(line: str, example: Path) -> None:
    import shlex

    args = [arg.replace("example-vault/", f"{example}/", 1) for arg in shlex.split(line)[1:]]
    args[1] = str(example)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert re.search(r"^[1-9]\d* to add, ", result.stdout, re.M), result.stdout


def test_readme_quick_start_runs_on_a_new_folder(tmp_path: Path) -> None:
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```console\n", 1)[1].split("\n```", 1)[0]
    lines = block.replace("\\\n", " ").splitlines()
    commands = [shlex.split(line[2:], comments=True) for line in lines if line.startswith("$ vaultnet ")]
    assert [c[1] for c in commands] == ["init", "add", "log", "due", "today", "digest"]
    folder = tmp_path / "Notes"
    folder.mkdir()
    for command in commands:
        result = CliRunner().invoke(cli, ["--vault", str(folder), "--today", "2026-11-23", *command[1:]])
        assert result.exit_code == 0, (command, result.output)
    assert "Maya Chen" in (folder / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
