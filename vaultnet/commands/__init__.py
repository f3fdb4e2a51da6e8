"""The `vaultnet` command line: options in, one core call, output out.

Click lives only in this package: `base` holds what every command shares, and each other
module a group of commands, imported only when one of its commands runs (or help lists
them), so that `vaultnet --help` stays fast. Core modules are imported inside commands.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from datetime import date
from typing import NoReturn

import click

from .base import App, DateType, VaultnetGroup

# Each command, and where it lives: "module:function" in this package.
COMMANDS = {
    "init": "setup:init",
    "index": "setup:index",
    "list": "read:list_",
    "show": "read:show",
    "find": "read:find",
    "due": "read:due",
    "stats": "read:stats",
    "check": "read:check",
    "add": "write:add",
    "log": "write:log",
    "draft": "drafts:draft",
    "intro": "drafts:intro",
    "templates": "drafts:templates",
    "digest": "digest:digest",
    "today": "practice:today",
    "review": "practice:review",
    "export": "transfer:export",
    "open": "transfer:open_",
    "import": "transfer:import_",
    "watch": "watch:watch",
    "git-setup": "git:git_setup",
    "sync": "git:sync",
    "merge-driver": "git:merge_driver_command",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported the first time it is asked for."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = where
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name].split(":")
            self._loaded[name] = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._where.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        self._loaded.pop(name, None)
        del self._where[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


class LazyGroup(VaultnetGroup):
    """The top-level group, loading each command's module only when it is needed."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.commands = LazyCommands(dict(COMMANDS))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--vault",
    metavar="PATH",
    help="The vault folder (default: $VAULTNET_VAULT, or the nearest folder above with .vaultnet/ or .obsidian/).",
)
@click.option("--today", type=DateType(), help="Pretend today is this date (for reviews and tests).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="vaultnet")
@click.pass_context
def cli(ctx: click.Context, vault: str | None, today: date | None, debug: bool) -> None:
    """vaultnet: a personal networking CRM over a folder of Markdown notes.

    Each contact is a note with YAML frontmatter (in People/, or with `type: person` or a
    #person tag); conversations are dated lines under `## Log` and daily notes that link to
    the person; promises are `- [ ]` tasks.

    \b
    Examples:
      vaultnet --vault example-vault due
      vaultnet list circle:inner
      vaultnet show "Jane Doe"
      vaultnet find fundraising
    """
    ctx.obj = App(vault_option=vault, today=today or date.today(), debug=debug, today_given=today is not None)


def main() -> None:
    """The console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        # Names are rarely ASCII: on a stream that cannot encode them (a Windows console
        # redirected to a file, say), print a replacement character rather than fail.
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    # A command is a short run that builds tens of thousands of small objects and no
    # garbage cycles worth chasing: collect less often, and never in what start-up loaded.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        cli.main(prog_name="vaultnet")
    except BrokenPipeError:
        _reader_left()
    except SystemExit as done:  # (what click's main always ends with)
        _leave(done.code)


def _reader_left() -> NoReturn:
    """`vaultnet list | head`: the reader left; that is not an error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _leave(code: object) -> NoReturn:
    """End the process with `code` (as SystemExit reads it) once the output is out,
    without tearing down what the command built: freeing the objects of 50,000 contacts
    one by one took a fifth of a second of `list` at 50k. The command has closed the
    index and released its locks by now; nothing else is left to finish."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()
    except OSError as exc:  # (a full disk under a redirected output, say)
        with contextlib.suppress(OSError, ValueError):
            print(f"error: the output could not be written: {exc.strerror}", file=sys.stderr)
        code = 1
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
