"""Taking the network elsewhere: `export`, and `open` to go to one person's note."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .base import App, complete_names, progress

if TYPE_CHECKING:
    from ..changes import Change
    from ..importing import Plan
    from ..model import Contact

FORMATS = ("json", "csv", "vcard", "ics")


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("query", nargs=-1)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of printing.")
@click.option(
    "--vcard-version",
    type=click.Choice(["4.0", "3.0"]),
    default="4.0",
    show_default=True,
    help="For vcard: 3.0 for older phones and mail clients.",
)
@click.pass_obj
def export(app: App, fmt: str, query: tuple[str, ...], out: Path | None, vcard_version: str) -> None:
    """Export contacts as JSON (the shape of `list --json`), CSV (for a spreadsheet or
    another CRM) or vCard 4.0 or 3.0 (for a phone or mail client): everyone, or those a `list`-style
    QUERY matches. Or `ics`: a calendar of
    birthdays (yearly), check-ins as they fall due and promises with a due date, with
    UIDs that stay the same, for a calendar app to subscribe to.

    \b
    Examples:
      vaultnet export csv --out contacts.csv
      vaultnet export json circle:inner
      vaultnet export vcard --vcard-version 3.0 --out contacts.vcf
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
        net.read_all_fields()  # (each is written out)
        if fmt == "vcard":
            data = as_vcard(contacts, vcard_version)
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
@click.argument("source", type=click.Choice(["linkedin", "google", "outlook", "vcard", "csv"]))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--map", "mapping", metavar="COLUMN=FIELD,…", help="For csv: which column is which field.")
@click.option("--dry-run", is_flag=True, help="Show the notes it would add and the fields it would fill; no writes.")
@click.pass_obj
def import_(app: App, source: str, files: tuple[Path, ...], mapping: str | None, dry_run: bool) -> None:
    """Import people from another service's export: a note for each person the vault does
    not have yet (as `add` makes one, with `source:`), and for each person it has, only
    the fields their note lacks; nothing you wrote is changed. A person is known already
    by an email, a profile URL, or the name (case- and accent-blind); one that matches
    several notes is listed, never merged. --dry-run shows the new notes and the diffs.

    LinkedIn: Connections.csv from LinkedIn's data export, or the export's .zip. Google:
    the CSV Google Contacts exports, labels as tags. Outlook: the contacts CSV Outlook
    exports (or Google's "Outlook CSV"), categories as tags. vCard: a .vcf of one or many
    cards, or a folder of .vcf files (Apple Contacts, Android, Nextcloud). csv: any CSV,
    its columns named as the note format's fields (Email, Company…) or mapped with --map.

    \b
    Examples:
      vaultnet import linkedin Connections.csv --dry-run
      vaultnet import linkedin ~/Downloads/Basic_LinkedInDataExport.zip
      vaultnet import google contacts.csv
      vaultnet import vcard ~/Downloads/contacts.vcf
      vaultnet import csv crm.csv --map "Full name=name,Org=company"
    """
    from ..changes import apply
    from ..importing import parse_mapping, plan, read_source

    columns = parse_mapping(mapping) if mapping else None
    paths = [p for path in files for p in (sorted(path.glob("*.vcf")) if path.is_dir() else [path])]
    if any(path.is_dir() for path in files) and source != "vcard":
        raise click.UsageError("a folder is read for vcard only (its .vcf files)")
    people = [person for path in paths for person in read_source(source, path, columns)]
    for person in people:
        for remark in person.remarks:
            click.echo(f"row {person.row}{', ' + person.name if person.name else ''}: {remark}", err=True)
    net = app.network()
    found = plan([p for p in people if p.name], net.contacts)
    for person, matches in found.ambiguous:
        shown = "; ".join(c.path for c in matches)
        click.echo(f"skipped row {person.row}, {person.name}: matches several notes ({shown})", err=True)
    with app.writing() if not dry_run else contextlib.nullcontext():
        with progress(len(found.new) + len(found.known), "reading rows ") as advance:
            made = _import_changes(app, net.contacts, found, advance)
        if not dry_run:
            with progress(len(made.added) + len(made.updated), "writing notes") as advance:
                apply(made.added + made.updated, lambda: advance(1))
    if dry_run:
        for change in made.added:
            click.echo(f"would add {change.path.relative_to(app.settings.vault).as_posix()}")
        for change in made.updated:
            click.echo(change.diff(app.settings.vault), nl=False)
    skipped = len(found.ambiguous) + made.skipped + sum(1 for p in people if not p.name)
    unchanged = len(found.known) - len(made.updated) - made.refused
    verbs = ("to add", "to update") if dry_run else ("added", "updated")
    click.echo(
        f"{len(made.added)} {verbs[0]}, {len(made.updated)} {verbs[1]}, {unchanged} known already (unchanged), "
        f"{skipped} skipped"
    )


@dataclass
class _Made:
    added: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    skipped: int = 0
    refused: int = 0  # known people whose note could not take the new fields


def _import_changes(app: App, contacts: list[Contact], found: Plan, advance: Callable[[int], None]) -> _Made:
    """The notes an import writes: one per new person, and the missing fields of known ones;
    who cannot be written is said on stderr and counted as skipped."""
    from ..changes import TakenNames, add_change, fields_change
    from ..errors import VaultnetError
    from ..importing import emails_left_out, missing_fields
    from ..render import environment

    env = environment(app.settings.vault)
    made = _Made()
    taken = TakenNames(app.settings, contacts)
    for person in found.new:
        advance(1)
        try:
            made.added.append(add_change(app.settings, env, app.today, person.name, taken, **person.fields))
        except VaultnetError as exc:  # (a note of that file name that is no contact, say)
            click.echo(f"skipped row {person.row}, {person.name}: {exc}", err=True)
            made.skipped += 1
    for person, contact in found.known:
        advance(1)
        left_out = emails_left_out(person, contact)
        if left_out:
            shown = ", ".join(left_out)
            click.echo(f"row {person.row}, {person.name}: also {shown}; not added to {contact.path}", err=True)
        missing = missing_fields(person, contact)
        if not missing:
            continue
        try:
            made.updated.append(fields_change(app.settings, contact, missing))
        except VaultnetError as exc:
            click.echo(f"left {contact.path} as it is (row {person.row}): {exc.message}", err=True)
            made.refused += 1
            made.skipped += 1
    return made
