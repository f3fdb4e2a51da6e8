"""Drafts: `draft`, `intro`, and the `templates` they are made from."""

from __future__ import annotations

from typing import Any

import click

from .base import App, echo_json
from .write import _apply_or_show

TEMPLATE_CHOICES = ["auto", "followup", "checkin", "thanks", "birthday"]


def draft_output_options(command: Any) -> Any:
    """--format, --stdout and --dry-run, shared by the commands that write drafts."""
    command = click.option("--dry-run", is_flag=True, help="Print what would be written, as a diff; write nothing.")(
        command
    )
    command = click.option("--stdout", is_flag=True, help="Print the draft instead of writing it.")(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["md", "eml"]),
        default="md",
        show_default=True,
        help="A note in Drafts/, or an .eml message to open in a mail client.",
    )(command)


def _write_drafts(app: App, drafts: list[Any], fmt: str, stdout: bool, dry_run: bool = False) -> None:
    """Print drafts, or write each as a new file and say where (never overwriting)."""
    from .. import notefile
    from ..drafts import as_eml, as_markdown, draft_path, mailto

    for draft in drafts:
        for name in draft.missing_email:
            click.echo(f"warning: {name} has no email; the draft says [email]", err=True)
        data = as_eml(draft, app.settings, app.today) if fmt == "eml" else as_markdown(draft, app.today).encode()
        if stdout:
            click.echo(data.decode(), nl=False)
            continue
        target = draft_path(app.settings, app.today, draft, ".eml" if fmt == "eml" else ".md")
        notefile.check_target(target, app.settings.vault)
        if dry_run:
            from ..changes import Change

            click.echo(Change(target, None, data).diff(app.settings.vault), nl=False)
            continue
        with app.writing():
            written, created = notefile.create_unique(target, data)
        shown = written.relative_to(app.settings.vault).as_posix()
        click.echo(f"wrote {shown}" if created else f"unchanged {shown} (it already says this)")
        link = mailto(draft)
        if link:
            click.echo(f"  {link}")


@click.command()
@click.argument("name", nargs=-1, required=True)
@click.option(
    "--template",
    "-t",
    default="auto",
    show_default=True,
    help=f"One of {', '.join(TEMPLATE_CHOICES)}, or a template of yours in .vaultnet/templates/"
    " (auto: followup after a first meeting, birthday near one, else checkin).",
)
@draft_output_options
@click.pass_obj
def draft(app: App, name: tuple[str, ...], template: str, fmt: str, stdout: bool, dry_run: bool) -> None:
    """Draft an email to one person from a template, into Drafts/.

    Writes `Drafts/YYYY-MM-DD Name - template.md` (never over an existing file: a second,
    different draft the same day gets a new name; the same draft again is left as it is)
    and prints a mailto: link when it fits.

    \b
    Examples:
      vaultnet draft maya
      vaultnet draft "Oliver Grant" --template followup --format eml
      vaultnet draft tomas --template checkin --stdout
    """
    from ..drafts import auto_template, check_template_name, make_draft
    from ..render import environment

    if template != "auto":
        check_template_name(template)
    net = app.network()
    contact = net.lookup(" ".join(name))
    chosen = auto_template(net, contact) if template == "auto" else template
    _write_drafts(app, [make_draft(net, environment(app.settings.vault), contact, chosen)], fmt, stdout, dry_run)


@click.command()
@click.argument("first")
@click.argument("second", required=False)
@click.option(
    "--ask-first", is_flag=True, help="Draft one email to each, asking whether they would like the introduction."
)
@click.option("--log", "log_it", is_flag=True, help="Record the introduction on both notes instead of drafting it.")
@draft_output_options
@click.pass_obj
def intro(app: App, first: str, second: str | None, ask_first: bool, fmt: str, stdout: bool, log_it: bool,
          dry_run: bool) -> None:  # fmt: skip
    """Draft a double-opt-in introduction of two people, saying why each should meet
    the other (from their offers, needs, interests, role and industry). Given one
    person, introduce them to whoever in your network they would gain most from
    meeting. With --log, record instead that you introduced them, on both notes, so the
    digest stops suggesting it.

    \b
    Examples:
      vaultnet intro "Maya Chen" "Oliver Grant"
      vaultnet intro maya
      vaultnet intro priya nadia --ask-first
      vaultnet intro maya oliver --log
    """
    from ..drafts import make_intro, partner_for
    from ..errors import UsageError
    from ..output import printable
    from ..render import environment

    if second is None and log_it:
        raise click.UsageError("name both people to log an introduction: vaultnet intro FIRST SECOND --log")
    net = app.network()
    a = net.lookup(first)
    if second is None:
        b, why = partner_for(net, a)
        # (On stderr when the draft itself is printed, so that it stays the whole output.)
        click.echo(printable(f"suggested: {b.name}, who {why}"), err=stdout)
    else:
        b = net.lookup(second)
    if a.path == b.path:
        raise UsageError(f"{first!r} and {second!r} are the same person ({a.path})")
    if log_it:
        from ..changes import intro_changes

        _apply_or_show(app, lambda: intro_changes(app.settings, a, b, app.today), dry_run, "logged on")
        return
    _write_drafts(app, make_intro(net, environment(app.settings.vault), a, b, ask_first), fmt, stdout, dry_run)


@click.group()
def templates() -> None:
    """See and customise the templates drafts and digests are written with.

    A file of the same name in the vault's .vaultnet/templates/ replaces a built-in one;
    it can also extend it to change one block:
    {% extends "default:followup.md.j2" %}{% block closing %}Cheers{% endblock %}

    \b
    Examples:
      vaultnet templates list
      vaultnet templates copy followup
    """


@templates.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def templates_list(app: App, as_json: bool) -> None:
    """List every template and which copy is in use (your vault's or the built-in one).

    \b
    Example:
      vaultnet templates list
    """
    from ..render import TEMPLATE_SUFFIX, template_names

    names = template_names(app.settings.vault)
    if as_json:
        echo_json([{"name": n.removesuffix(TEMPLATE_SUFFIX), "file": n, "source": source} for n, source in names])
        return
    for file_name, source in names:
        where = f".vaultnet/templates/{file_name}" if source == "vault" else "built-in"
        click.echo(f"{file_name.removesuffix(TEMPLATE_SUFFIX):<12} {where}")


@templates.command(name="copy")
@click.argument("name")
@click.pass_obj
def templates_copy(app: App, name: str) -> None:
    """Copy a built-in template into .vaultnet/templates/ to edit (never overwriting).

    \b
    Example:
      vaultnet templates copy checkin
    """
    from .. import notefile
    from ..errors import VaultnetError
    from ..render import TEMPLATE_SUFFIX, template_names
    from ..vaultinit import builtin_template, builtin_templates

    file_name = name if name.endswith(TEMPLATE_SUFFIX) else name + TEMPLATE_SUFFIX
    if not (builtin_templates() / file_name).is_file():
        known = ", ".join(n.removesuffix(TEMPLATE_SUFFIX) for n, _ in template_names(app.settings.vault))
        raise VaultnetError(f"no built-in template named {name!r}", hint=f"known: {known}")
    target = app.settings.vault / ".vaultnet" / "templates" / file_name
    try:
        notefile.create_new(target, builtin_template(file_name).encode())
    except FileExistsError:
        raise VaultnetError(
            "exists already; edit it, or delete it to copy the built-in one again", path=str(target)
        ) from None
    click.echo(f"wrote {target.relative_to(app.settings.vault).as_posix()}")
