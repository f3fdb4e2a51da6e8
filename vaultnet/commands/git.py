"""Living in git: `git-setup`, `sync`, and the merge driver git runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .base import App

if TYPE_CHECKING:
    from ..edits import DayOf


@click.command(name="git-setup")
@click.pass_obj
def git_setup(app: App) -> None:
    """Make git merge contact notes by their logs: two devices that logged different
    conversations with the same person then merge without a conflict.

    Registers vaultnet's merge driver in .git/config and, for the contact folders and the
    `type: person` notes outside them, in .gitattributes. Safe to run again.

    \b
    Example:
      vaultnet git-setup
    """
    from ..gitsync import setup

    others = _people_elsewhere(app)
    with app.writing():
        done = setup(app.settings.vault, app.settings.contact_folders, others)
    for line in done:
        click.echo(line)


def _people_elsewhere(app: App) -> list[str]:
    """The person notes (`type: person`) outside the contact folders, which .gitattributes
    must name one by one."""
    from ..names import in_folder

    folders = app.settings.contact_folders
    return [c.path for c in app.network().contacts if not any(in_folder(c.path, f) for f in folders)]


@click.command()
@click.option("-m", "--message", help="The commit message (default: vaultnet sync and the date).")
@click.pass_obj
def sync(app: App, message: str | None) -> None:
    """Commit your changes, pull with rebase, and push, for a vault that is a git repository.

    Stops at a conflict, naming the files, and leaves the repository as git left it.
    After `git-setup`, it first names new `type: person` notes outside the contact
    folders in .gitattributes, so they merge as contact notes do.

    \b
    Examples:
      vaultnet sync
      vaultnet sync -m "notes from the conference"
    """
    from ..gitsync import GitError
    from ..gitsync import sync as run_sync

    settings = app.settings
    message = message or f"vaultnet sync {date.today().isoformat()}"
    try:
        with app.writing():  # (vaultnet's own writers wait while git changes the notes)
            said = run_sync(settings.vault, message, settings.contact_folders, lambda: _people_elsewhere(app))
    except GitError as exc:
        for line in exc.done:
            click.echo(line)
        raise
    for line in said:
        click.echo(line)


@click.command(name="merge-driver", hidden=True)
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.argument("name", required=False)
def merge_driver_command(base: Path, ours: Path, theirs: Path, name: str | None) -> None:
    """Git's merge driver for contact notes (set up by `vaultnet git-setup`).

    \b
    Example (what git runs, from .git/config):
      vaultnet merge-driver %O %A %B %P
    """
    from ..gitsync import merge_driver

    headings, day_of = _merge_settings(name)
    raise click.exceptions.Exit(merge_driver(base, ours, theirs, headings, day_of))


def _merge_settings(name: str | None) -> tuple[tuple[str, ...], DayOf]:
    """The log headings and the reader of log days (other than YYYY-MM-DD) of the vault
    holding the note git merges (`name`, from the repository's top, where git runs
    drivers); the defaults when it cannot be told."""
    from ..changes import log_day_of
    from ..config import DEFAULT_LOG_HEADINGS, find_vault, load_settings
    from ..errors import VaultnetError

    if not name:
        return DEFAULT_LOG_HEADINGS, log_day_of("YYYY-MM-DD")
    try:
        settings = load_settings(find_vault(None, {}, (Path.cwd() / name).parent))
    except (VaultnetError, OSError):
        return DEFAULT_LOG_HEADINGS, log_day_of("YYYY-MM-DD")
    return settings.log_headings, log_day_of(settings.daily_format, settings.day_order)
