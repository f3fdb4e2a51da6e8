"""`init` and `index`: setting a folder up as a vault, and the index by hand."""

from __future__ import annotations

from pathlib import Path

import click

from .base import App, echo_json


@click.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def init(app: App, path: Path | None) -> None:
    """Set up a folder as a vault: .vaultnet/config.toml, .vaultnet/.gitignore, People/.

    Never overwrites anything, so it is safe to run again.

    \b
    Example:
      vaultnet init ~/Notes
    """
    from ..vaultinit import init_vault

    target = path or (Path(app.vault_option) if app.vault_option else Path.cwd())
    for item, created in init_vault(target):
        click.echo(f"{'created' if created else 'exists '}  {item}")


@click.command()
@click.option("--rebuild", is_flag=True, help="Throw the cache away and read every note again.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def index(app: App, rebuild: bool, as_json: bool) -> None:
    """Bring the index up to date and say what changed.

    Every command does this first (a long first build shows its progress); run it to see
    the counts and the notes that could not be read. Those are warnings: the rest of the
    vault is indexed and `index` exits 0, as a cron job expects; `vaultnet check` exits 1
    for them.

    \b
    Example:
      vaultnet index --rebuild
    """
    from ..output import index_json, index_lines

    built = app.index(rebuild=rebuild, walk=True)  # (asked for: the walk, even while a watcher runs)
    # (Notes read without their frontmatter count: some of what they say is not read.)
    unreadable = sorted(built.unreadable() + built.partly_read(), key=lambda p: (p.path, p.line or 0))
    assert app.sync is not None
    if as_json:
        echo_json(index_json(app.sync, unreadable))
    else:
        counts, warnings = index_lines(app.sync, unreadable)
        click.echo(counts)
        for line in warnings:
            click.echo(line, err=True)
