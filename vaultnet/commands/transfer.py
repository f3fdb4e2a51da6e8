"""Taking the network elsewhere: `export`, and `open` to go to one person's note."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .base import App, complete_names

FORMATS = ("json", "csv", "vcard", "ics")


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("query", nargs=-1)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of printing.")
@click.pass_obj
def export(app: App, fmt: str, query: tuple[str, ...], out: Path | None) -> None:
    """Export contacts as JSON (the shape of `list --json`), CSV (for a spreadsheet or
    another CRM) or vCard (for a phone or mail client): everyone, or those a `list`-style
    QUERY matches. Or `ics`: a calendar of
    birthdays (yearly), check-ins as they fall due and promises with a due date, with
    UIDs that stay the same, for a calendar app to subscribe to.

    \b
    Examples:
      vaultnet export csv --out contacts.csv
      vaultnet export json circle:inner
      vaultnet export ics --out ~/vaultnet.ics
    """
    from ..export import as_csv, as_ics, as_json, as_vcard
    from ..query import sort_contacts

    net = app.network()
    if fmt == "ics":
        data = as_ics(net)
        counted = f"{data.count(b'BEGIN:VEVENT')} events"
    else:
        contacts = sort_contacts(net.filter(query), "name")
        if fmt == "vcard":
            data = as_vcard(contacts)
        else:
            data = (as_json(contacts) if fmt == "json" else as_csv(contacts)).encode("utf-8")
        counted = f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''}"
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    _write_out(app, out, data)
    click.echo(f"wrote {counted} to {out}")


def _write_out(app: App, out: Path, data: bytes) -> None:
    """Write an export: inside the vault through the one writer (a new file, or one an
    export wrote, compare-and-swapped); elsewhere atomically, as a temp file renamed."""
    from .. import notefile

    target = out.absolute()
    try:
        target.relative_to(app.settings.vault.absolute())
    except ValueError:
        temp = target.with_name(f".{target.name}.vaultnet-export.tmp")
        try:
            temp.write_bytes(data)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        return
    notefile.check_target(target, app.settings.vault)
    with app.writing():
        snapshot = notefile.read(target) if target.exists() else None
        if snapshot is not None and snapshot.data.split(b"\n", 1)[0] != data.split(b"\n", 1)[0]:
            # (Inside the vault, only an earlier export is replaced: never a note of yours.)
            raise notefile.WriteRefusedError(
                "exists and is not an export of the same kind; nothing written", path=str(target)
            )
        notefile.write_all([notefile.Write(target, data, snapshot)])


@click.command(name="open")
@click.argument("name", nargs=-1, required=True, shell_complete=complete_names)
@click.option("--obsidian", is_flag=True, help="Open it in Obsidian (an obsidian:// link) instead of your editor.")
@click.pass_obj
def open_(app: App, name: tuple[str, ...], obsidian: bool) -> None:
    """Open a person's note: in $VISUAL or $EDITOR, else with the app your system opens
    Markdown with; with --obsidian, in Obsidian.

    \b
    Examples:
      vaultnet open maya
      vaultnet open "Ann Lee" --obsidian
    """
    from urllib.parse import quote

    contact = app.network().lookup(" ".join(name))
    path = app.settings.vault / contact.path
    click.echo(contact.path)
    if obsidian:
        file = quote(contact.path.removesuffix(".md"), safe="")
        click.launch(f"obsidian://open?vault={quote(app.settings.vault.name, safe='')}&file={file}")
    elif os.environ.get("VISUAL") or os.environ.get("EDITOR"):
        click.edit(filename=str(path))
    else:
        click.launch(str(path))


@click.command(name="import")
@click.argument("source", type=click.Choice(["linkedin", "google", "vcard", "csv"]))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--map", "mapping", metavar="COLUMN=FIELD,…", help="For csv: which column is which field.")
@click.option("--dry-run", is_flag=True, help="Say who would be added and who is known already; write nothing.")
@click.pass_obj
def import_(app: App, source: str, files: tuple[Path, ...], mapping: str | None, dry_run: bool) -> None:
    """Import people from another service's export: a note for each person the vault does
    not have yet (as `add` makes one, with `source:`), and nothing already in the vault
    changed. A person is known already by an email, a profile URL, or the name (case- and
    accent-blind); one that matches several notes is listed, never merged.

    LinkedIn: Connections.csv from LinkedIn's data export, or the export's .zip. Google:
    the CSV Google Contacts exports (Google CSV), labels as tags. vCard: a .vcf of one or
    many cards, or a folder of .vcf files (Apple Contacts, Android, Nextcloud). csv: any CSV, its columns named as the
    note format's fields (Email, Company…) or mapped with --map.

    \b
    Examples:
      vaultnet import linkedin Connections.csv --dry-run
      vaultnet import linkedin ~/Downloads/Basic_LinkedInDataExport.zip
      vaultnet import google contacts.csv
      vaultnet import csv crm.csv --map "Full name=name,Org=company"
    """
    from ..changes import add_change, apply
    from ..errors import VaultnetError
    from ..importing import parse_mapping, plan, read_source
    from ..render import environment

    columns = parse_mapping(mapping) if mapping else None
    paths = [p for path in files for p in (sorted(path.glob("*.vcf")) if path.is_dir() else [path])]
    if any(path.is_dir() for path in files) and source != "vcard":
        raise click.UsageError("a folder is read for vcard only (its .vcf files)")
    people = [person for path in paths for person in read_source(source, path, columns)]
    net = app.network()
    found = plan(people, net.contacts)
    for person, matches in found.ambiguous:
        shown = "; ".join(c.path for c in matches)
        click.echo(f"skipped row {person.row}, {person.name}: matches several notes ({shown})", err=True)
    if dry_run:
        for person in found.new:
            click.echo(f"would add {person.name}")
        click.echo(f"{len(found.new)} to add, {len(found.known)} known already, {len(found.ambiguous)} skipped")
        return
    env = environment(app.settings.vault)
    skipped = len(found.ambiguous)
    with app.writing():
        changes = []
        for person in found.new:
            try:
                changes.append(add_change(app.settings, env, app.today, person.name, net.contacts, **person.fields))
            except VaultnetError as exc:  # (a note of that file name that is no contact, say)
                click.echo(f"skipped row {person.row}, {person.name}: {exc}", err=True)
                skipped += 1
        written = apply(changes)
    click.echo(f"{len(written)} added, {len(found.known)} known already (unchanged), {skipped} skipped")
