"""`digest`: the week's digest note."""

from __future__ import annotations

from datetime import timedelta

import click

from .base import App


@click.command()
@click.option("--week", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W48 (default: the week of --today).")
@click.option("--stdout", is_flag=True, help="Print the digest instead of writing it (and write no drafts).")
@click.option("--no-drafts", is_flag=True, help="Do not write the drafts the digest links to.")
@click.option(
    "--dry-run", is_flag=True, help="Print the change to the digest as a diff, and the drafts it would write."
)
@click.pass_obj
def digest(app: App, week: str | None, stdout: bool, no_drafts: bool, dry_run: bool) -> None:
    """Write the week's digest note, Digests/2026-W48.md: who to reach out to (with a
    ready draft for each), promises due, a prospect a day, introductions to make, people
    to share this week's topics with, your network in numbers, and monthly goals.

    vaultnet writes only between its vaultnet:begin/end markers, keeps your ticks there,
    and leaves the file untouched when nothing changed.

    \b
    Examples:
      vaultnet --vault example-vault digest
      vaultnet digest --week 2026-W47 --stdout
    """
    from ..digest import make, parse_week
    from ..render import environment

    net = app.network()
    monday = parse_week(week) if week else app.today - timedelta(days=app.today.weekday())
    write = not (stdout or dry_run)
    result = make(net, environment(app.settings.vault), monday, write=write, drafts=not no_drafts)
    if stdout:
        click.echo(result.text, nl=False)
        return
    if dry_run:
        from ..changes import Change

        click.echo(Change(result.path, result.before, result.text.encode()).diff(app.settings.vault), nl=False)
        for path in result.drafts:
            click.echo(f"would write {path.relative_to(app.settings.vault).as_posix()}")
        return
    for line in result.acted:
        click.echo(line)
    shown = result.path.relative_to(app.settings.vault).as_posix()
    click.echo(
        {"written": f"wrote {shown}", "updated": f"updated {shown}", "unchanged": f"{shown} is up to date"}[
            result.status
        ]
    )
    if result.drafts:
        click.echo(
            f"wrote {len(result.drafts)} draft{'s' if len(result.drafts) != 1 else ''} in {app.settings.drafts_folder}/"
        )
