"""The command reference, docs/commands.md, written from the commands' own `--help`.

The help texts are the one source: this writes them out as Markdown so the docs cannot
drift from the program (tests/test_docs.py fails when docs/commands.md differs from what
this prints). After changing a command's help, run:

    python -m vaultnet.commands.reference > docs/commands.md
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

# Help is wrapped at a fixed width so the page does not depend on the terminal it was made in.
WIDTH = 88

_HEADER = """\
# Command reference

Every command and option, as `vaultnet COMMAND --help` prints it. This page is written
from the program itself (`python -m vaultnet.commands.reference > docs/commands.md`), and
a test fails when the two differ. What the commands are for, with examples, is in the
[guide](guide.md).
"""


def _help(command: click.Command, path: list[str], parent: click.Context | None) -> tuple[str, click.Context]:
    # With the command's own context settings (`-h` for help), as when it runs.
    settings = {"terminal_width": WIDTH, "max_content_width": WIDTH, **command.context_settings}
    ctx = click.Context(command, info_name=path[-1], parent=parent, **settings)
    return command.get_help(ctx), ctx


def _commands(group: click.Group) -> Iterator[tuple[list[str], click.Command, click.Context]]:
    """Every command under `group` (sub-commands of groups too), in the order help lists them."""
    _, root = _help(group, ["vaultnet"], None)
    for name in group.list_commands(root):
        command = group.commands[name]
        _, ctx = _help(command, ["vaultnet", name], root)
        yield [name], command, root
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                yield [name, sub], command.commands[sub], ctx


def reference(cli: click.Group) -> str:
    """docs/commands.md: the top-level help, then each command's."""
    top, _ = _help(cli, ["vaultnet"], None)
    parts = [_HEADER, "```text", top.rstrip(), "```", ""]
    for path, command, parent in _commands(cli):
        text, _ = _help(command, path, parent)
        parts += [f"{'#' * (1 + len(path))} vaultnet {' '.join(path)}", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    from . import cli

    sys.stdout.write(reference(cli))
