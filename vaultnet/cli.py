"""The `vaultnet` command line: options in, one core call, output out.

This is the only module that imports Click, reads today's date, or turns errors into exit
codes (0 ok, 1 a problem to fix, 2 usage). Core modules are imported inside commands so
that `vaultnet --help` stays fast.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from .config import Settings
    from .edits import DayOf
    from .errors import VaultnetError
    from .index import Index, SyncStats
    from .query import Network

MAX_SKIP_WARNINGS = 5


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A YYYY-MM-DD date option."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            when = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-11-23", param, ctx)
        if not 1000 <= when.year <= 8999:
            # Dates are counted in years and spans from it: keep them inside the calendar.
            self.fail(f"{value!r} is too far away (give a year from 1000 to 8999)", param, ctx)
        return when


class SpanType(click.ParamType):  # type: ignore[type-arg]
    """A span such as 7d, 2w or 1m."""

    name = "SPAN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        from .dates import parse_span

        try:
            return parse_span(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class QueryCommand(click.Command):
    """A command whose arguments may be negated query terms such as `-industry:finance`,
    which Click would otherwise take for options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" not in args:
            negated = [a for a in args if _NEGATED_TERM.match(a)]
            if negated:
                args = [a for a in args if not _NEGATED_TERM.match(a)] + ["--", *negated]
        return super().parse_args(ctx, args)


_NEGATED_TERM = re.compile(r"^-[^-\s:][^\s:]*:")
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+")


@dataclass
class App:
    """What the global options chose, and the vault opened lazily from them."""

    vault_option: str | None
    today: date
    debug: bool
    _settings: Settings | None = None
    _index: Index | None = None
    sync: SyncStats | None = None
    today_given: bool = False

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from .config import find_vault, load_settings

            vault = find_vault(self.vault_option, os.environ, Path.cwd())
            self._settings = load_settings(vault)
        return self._settings

    def index(self, rebuild: bool = False) -> Index:
        """The vault's index, refreshed (every command works on a current index)."""
        if self._index is None:
            from .index import Index

            self._index = Index.open(self.settings)
            if _interactive():
                self._index.announce = _announce_build
        self.sync = self._index.refresh(rebuild=rebuild)
        if self._index.notice:
            click.echo(f"warning: {self._index.notice}", err=True)
            self._index.notice = None  # (said once, however often the index is refreshed)
        if self.sync.leftovers:
            from .notefile import remove_stale_temps

            remove_stale_temps(self.settings.vault, self.settings.cache_dir, self.sync.leftovers)
        return self._index

    def network(self, quiet_skips: bool = False) -> Network:
        """The refreshed network as of --today, warning on stderr about skipped notes."""
        from .query import Network

        index = self.index()
        if not quiet_skips:
            self.warn_skipped(index)
        return Network(index.conn, self.settings, self.today)

    def warn_skipped(self, index: Index) -> None:
        """Name the notes that could not be read (they are left out of every answer)."""
        from .output import printable

        rows = index.unreadable()
        for problem in rows[:MAX_SKIP_WARNINGS]:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            click.echo(printable(f"warning: skipped {where}: {problem.message}"), err=True)
        if len(rows) > MAX_SKIP_WARNINGS:
            click.echo(
                f"warning: … and {len(rows) - MAX_SKIP_WARNINGS} more unreadable notes (run `vaultnet check`)", err=True
            )

    def writing(self) -> Any:
        """The vault's writer lock, held from reading the notes to be changed to writing
        them: two vaultnet commands writing at once take turns rather than lose a line."""
        from .notefile import vault_lock

        return vault_lock(self.settings.cache_dir)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()


def _interactive() -> bool:
    """True when a person is watching stderr (not a script, not a pipe)."""
    return sys.stderr.isatty()


def _announce_build(count: int) -> None:
    click.echo(f"reading {count:,} notes into the index (a few seconds, then it is kept up to date)…", err=True)


class VaultnetGroup(click.Group):
    """The command group; the one place that turns vaultnet's errors into messages."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import VaultnetError

        try:
            return super().invoke(ctx)
        except VaultnetError as exc:
            if _debug(ctx):
                raise
            _name_from_vault(exc, ctx.obj)
            _during_git(exc, ctx.obj)
            _fail(f"error: {exc}", exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            raise
        except (OSError, MemoryError) as exc:  # the system said no: a file, a folder, memory
            if _debug(ctx):
                raise
            _fail(f"error: {_system_problem(exc)}", 1)
        except Exception as exc:  # a bug: one line, not a traceback, unless --debug
            if _debug(ctx):
                raise
            _fail(
                f"error: vaultnet hit an internal problem ({type(exc).__name__}: {exc}); "
                "run again with --debug and report the traceback",
                1,
            )
        finally:
            app = ctx.obj
            if isinstance(app, App):
                app.close()


def _system_problem(exc: OSError | MemoryError) -> str:
    """What the system refused, in one line that names the file."""
    if isinstance(exc, MemoryError):
        return "ran out of memory (a template of yours that repeats text, or a huge note?)"
    where = f"{exc.filename}: " if exc.filename else ""
    hint = " (check that you may read it)" if isinstance(exc, PermissionError) else ""
    return f"{where}{exc.strerror or exc}{hint}"


def _name_from_vault(exc: VaultnetError, app: object) -> None:
    """Name a file inside the vault as every other message does: from the vault's root."""
    settings = app._settings if isinstance(app, App) else None
    if exc.path and settings is not None and Path(exc.path).is_absolute():  # (others are named so already)
        try:
            relative = Path(exc.path).relative_to(settings.vault.absolute())
        except ValueError:
            return  # outside the vault (or on another drive): the full path says more
        if relative.parts:
            exc.path = relative.as_posix()


def _during_git(exc: VaultnetError, app: object) -> None:
    """A person not found while git is merging or rebasing is most likely in a note
    holding conflict markers (unreadable until resolved): say that, not "no such person"."""
    from .errors import ContactNotFoundError

    settings = app._settings if isinstance(app, App) else None
    if isinstance(exc, ContactNotFoundError) and settings is not None:
        from .changes import git_operation

        busy = git_operation(settings.vault)
        if busy:
            exc.message = (
                f"the vault is in the middle of {busy}: notes with conflict markers are not read until it is"
                f" done, and the one you named may be among them ({exc.message.removeprefix('no contact named ')})"
            )
            exc.hint = "finish or abort it first; `git status` says how"


def _debug(ctx: click.Context) -> bool:
    return isinstance(ctx.obj, App) and ctx.obj.debug


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(code)


def _style(text: str, **styles: Any) -> str:
    if os.environ.get("NO_COLOR"):
        return text
    return click.style(text, **styles)


def _bold(text: str) -> str:
    return _style(text, bold=True)


def _echo_json(data: Any) -> None:
    from .output import dumps

    click.echo(dumps(data))


@click.group(cls=VaultnetGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def init(app: App, path: Path | None) -> None:
    """Set up a folder as a vault: .vaultnet/config.toml, .vaultnet/.gitignore, People/.

    Never overwrites anything, so it is safe to run again.

    \b
    Example:
      vaultnet init ~/Notes
    """
    from .vaultinit import init_vault

    target = path or (Path(app.vault_option) if app.vault_option else Path.cwd())
    for item, created in init_vault(target):
        click.echo(f"{'created' if created else 'exists '}  {item}")


@cli.command()
@click.option("--rebuild", is_flag=True, help="Throw the cache away and read every note again.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def index(app: App, rebuild: bool, as_json: bool) -> None:
    """Bring the index up to date and say what changed.

    Every command does this quietly first; run it to see the counts and the notes that
    could not be read. Exits 1 when some notes could not be read.

    \b
    Example:
      vaultnet index --rebuild
    """
    from .output import printable

    idx = app.index(rebuild=rebuild)
    stats = app.sync
    assert stats is not None
    unreadable = idx.unreadable()
    if as_json:
        _echo_json(
            {
                "added": len(stats.added),
                "changed": len(stats.changed),
                "removed": len(stats.removed),
                "unchanged": stats.unchanged,
                "rebuilt": stats.rebuilt,
                "unreadable": [{"path": p.path, "line": p.line, "message": p.message} for p in unreadable],
                "passed_over": [{"path": p.path, "message": p.message} for p in stats.scan_problems],
            }
        )
    else:
        click.echo(
            f"{len(stats.added)} added, {len(stats.changed)} changed, {len(stats.removed)} removed,"
            f" {stats.unchanged} unchanged" + (" (rebuilt)" if stats.rebuilt else "")
        )
        for p in unreadable:
            click.echo(f"{p.path}:{p.line}: {p.message}" if p.line else f"{p.path}: {p.message}", err=True)
        # Files the walk passed over (a broken link, a name that is not UTF-8, a note
        # iCloud keeps off this computer): warnings, as `check` gives them.
        for problem in stats.scan_problems:
            click.echo(printable(f"{problem.path}: warning: {problem.message}"), err=True)
    if unreadable:
        raise click.exceptions.Exit(1)


@cli.command(name="list", cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option(
    "--sort",
    type=click.Choice(["name", "last", "due"]),
    default="name",
    show_default=True,
    help="Order by name, last contact (oldest first) or next due date.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def list_(app: App, query: tuple[str, ...], sort: str, as_json: bool) -> None:
    """List contacts with their last contact and next due date.

    QUERY terms are ANDed: `field:value` (contains, any frontmatter field), `-field:value`
    (does not), `field:` (has one), `field:>2026-01-01` (dates and numbers), and plain
    words (name, alias, email, company, role, tags). Put a negated plain word after `--`:
    `vaultnet list -- -acme`.

    \b
    Examples:
      vaultnet list tag:investor circle:prospect
      vaultnet list company:acme -industry:finance
      vaultnet list last_contact:<2026-06-01 --sort last
    """
    from .output import contact_json, table

    net = app.network()
    contacts = net.filter(query)
    if sort == "last":
        contacts.sort(key=lambda c: (c.last_contact is not None, c.last_contact or date.min))
    elif sort == "due":
        contacts.sort(key=lambda c: (c.next_due is None, c.next_due or date.max))
    if as_json:
        _echo_json([contact_json(c) for c in contacts])
        return
    if not contacts:
        if query:
            click.echo("No contacts match.", err=True)
        else:
            from .scan import likely_contact_folders

            settings = app.settings
            folders = ", ".join(f"{f}/" for f in settings.contact_folders) or "no folder"
            elsewhere = likely_contact_folders(settings.vault, settings.contact_folders)
            setting = "[" + ", ".join('"' + f + '"' for f in elsewhere) + "]"  # as TOML writes it
            hint = (
                f"{', '.join(f + '/' for f in elsewhere)} {'holds' if len(elsewhere) == 1 else 'hold'} notes:"
                " to read them, set contact_folders = "
                f"{setting} in .vaultnet/config.toml"
                if elsewhere
                else "people kept elsewhere? set contact_folders in .vaultnet/config.toml"
            )
            click.echo(
                f"No contacts yet: vaultnet reads the notes in {folders} and any note with `type: person`"
                f" or tagged #person ({hint}).",
                err=True,
            )
        return
    rows = [
        [
            c.name,
            c.circle or "",
            c.field_text("company"),
            c.last_contact.isoformat() if c.last_contact else "never",
            c.next_due.isoformat() if c.next_due else "",
        ]
        for c in contacts
    ]
    click.echo(table(["NAME", "CIRCLE", "COMPANY", "LAST CONTACT", "NEXT DUE"], rows))
    click.echo(f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''}", err=True)


@cli.command()
@click.argument("name", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def show(app: App, name: tuple[str, ...], as_json: bool) -> None:
    """Everything known about one person: fields, conversations, promises, next due.

    NAME matches the file name, `name`, an alias or an email, ignoring case and accents.

    \b
    Example:
      vaultnet show jane doe
    """
    from .output import show_json, show_lines

    net = app.network()
    contact = net.lookup(" ".join(name))
    interactions = net.interactions(contact)
    promises = net.promises(contact).get(contact.path, [])
    schedule = net.schedule_of(contact)
    if as_json:
        _echo_json(show_json(contact, interactions, promises, schedule))
    else:
        click.echo("\n".join(show_lines(contact, interactions, promises, schedule, _bold)))


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="At most this many people.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def find(app: App, text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Who can help with TEXT: people ranked by offers, role, company, industry,
    interests, tags, other fields and notes, each with the matching snippet and the
    fields (or "notes", the note's text) the words were found in; people archived
    last, marked so.

    \b
    Example:
      vaultnet find fundraising climate
    """
    from .model import ARCHIVED
    from .output import hit_json, printable

    net = app.network()
    hits = net.search(" ".join(text), limit=limit)
    if as_json:
        _echo_json([hit_json(h) for h in hits])
        return
    if not hits:
        click.echo(f"Nobody matches {' '.join(text)!r}.", err=True)
        return
    for hit in hits:
        name, path = printable(hit.contact.name), printable(hit.contact.path)
        archived = " [archived]" if hit.contact.circle == ARCHIVED else ""
        click.echo(f"{_style(name, bold=True)}{archived}  ({', '.join(hit.fields)})  {path}")
        click.echo(f"    {printable(hit.snippet)}")


@cli.command()
@click.option(
    "--within",
    type=SpanType(),
    default="0d",
    show_default=True,
    help='Also show what falls due this soon (7d, 2w, 1m, or "2 weeks").',
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def due(app: App, within: timedelta, as_json: bool) -> None:
    """What needs doing, most overdue first, each with its reason.

    Reasons: cadence (last contact + cadence has passed), followup (a first meeting
    with no follow-up logged), promise (an open task past or near its date), birthday
    (within 7 days).

    \b
    Example:
      vaultnet due --within 7d
    """
    from .output import due_json, relative_days, table

    net = app.network()
    items = net.due(within)
    if as_json:
        _echo_json([due_json(i, app.today) for i in items])
        return
    if not items:
        click.echo("Nothing due. 🎉" if not os.environ.get("NO_COLOR") else "Nothing due.", err=True)
        return
    rows = [[relative_days(i.due, app.today), i.contact.name, i.reason, i.due.isoformat(), i.detail] for i in items]
    click.echo(table(["WHEN", "NAME", "REASON", "DUE", "DETAIL"], rows))


@cli.command()
@click.option("--by", "by", multiple=True, metavar="FIELD", help="Also show the spread of this field (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def stats(app: App, by: tuple[str, ...], as_json: bool) -> None:
    """The shape of your network: how often you really talk to people (last 12 months),
    circles, and the spread of industry, location, company and any --by field.

    Rhythm counts distinct days with a conversation in the last 12 months: weekly 26+,
    monthly 8+, quarterly 3+, yearly 1+, dormant none.

    \b
    Example:
      vaultnet stats --by interests
    """
    from .output import stats_json, stats_lines

    net = app.network()
    result = net.stats(by)
    if as_json:
        _echo_json(stats_json(result))
        return
    click.echo("\n".join(stats_lines(result, _bold)))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def check(app: App, as_json: bool) -> None:
    """Every problem in the vault, one per line as `path:line: message`.

    Unreadable YAML, non-UTF-8 files, unclosed frontmatter, git conflict markers, unknown
    cadences, impossible dates, duplicate emails or names, and links that resolve to no
    note. Exits 1 when there are errors (warnings alone exit 0).

    \b
    Example:
      vaultnet check
    """
    from .gitsync import driver_problem
    from .model import Problem
    from .output import printable

    net = app.network(quiet_skips=True)
    assert app.sync is not None
    problems = net.problems(app.sync.scan_problems)
    driver = driver_problem(app.settings.vault)
    if driver is not None:
        problems.append(Problem(".git/config", None, "error" if driver.loses_text else "warning", driver.message))
    errors = sum(1 for p in problems if p.severity == "error")
    if as_json:
        _echo_json([{"path": p.path, "line": p.line, "severity": p.severity, "message": p.message} for p in problems])
    else:
        for p in problems:
            click.echo(printable(str(p)))
        warnings = len(problems) - errors
        click.echo(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}", err=True
        )
    if errors:
        raise click.exceptions.Exit(1)


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
    from . import notefile
    from .drafts import as_eml, as_markdown, draft_path, mailto

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
            from .changes import Change

            click.echo(Change(target, None, data).diff(app.settings.vault), nl=False)
            continue
        with app.writing():
            written, created = notefile.create_unique(target, data)
        shown = written.relative_to(app.settings.vault).as_posix()
        click.echo(f"wrote {shown}" if created else f"unchanged {shown} (it already says this)")
        link = mailto(draft)
        if link:
            click.echo(f"  {link}")


@cli.command()
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
    from .drafts import auto_template, check_template_name, make_draft
    from .render import environment

    if template != "auto":
        check_template_name(template)
    net = app.network()
    contact = net.lookup(" ".join(name))
    chosen = auto_template(net, contact) if template == "auto" else template
    _write_drafts(app, [make_draft(net, environment(app.settings.vault), contact, chosen)], fmt, stdout, dry_run)


@cli.command()
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
    from .drafts import introduction_for, make_intro
    from .errors import UsageError, VaultnetError
    from .render import environment

    if second is None and log_it:
        raise click.UsageError("name both people to log an introduction: vaultnet intro FIRST SECOND --log")
    net = app.network()
    a = net.lookup(first)
    if second is None:
        found = introduction_for(net, a)
        if found is None:
            raise VaultnetError(
                f"no one you are in touch with has what {a.name} needs or needs what they offer",
                hint="name the second person: vaultnet intro FIRST SECOND (offers, needs and interests say who fits)",
            )
        b = found[0]
        from .output import printable

        # (On stderr when the draft itself is printed, so that it stays the whole output.)
        click.echo(printable(f"suggested: {b.name}, who {found[1]}"), err=stdout)
    else:
        b = net.lookup(second)
    if a.path == b.path:
        raise UsageError(f"{first!r} and {second!r} are the same person ({a.path})")
    if log_it:
        from .changes import log_change
        from .render import link_to

        pair = ((a, b), (b, a))
        _apply_or_show(
            app,
            lambda: [
                log_change(app.settings, person, app.today, f"introduced to {link_to(other.path, other.name)}")
                for person, other in pair
            ],
            dry_run,
            "logged on",
        )
        return
    _write_drafts(app, make_intro(net, environment(app.settings.vault), a, b, ask_first), fmt, stdout, dry_run)


@cli.group()
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
    from .render import TEMPLATE_SUFFIX, template_names

    names = template_names(app.settings.vault)
    if as_json:
        _echo_json([{"name": n.removesuffix(TEMPLATE_SUFFIX), "file": n, "source": source} for n, source in names])
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
    from . import notefile
    from .errors import VaultnetError
    from .render import TEMPLATE_SUFFIX, template_names
    from .vaultinit import builtin_template, builtin_templates

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


@cli.command()
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
    from .digest import make, parse_week
    from .render import environment

    net = app.network()
    monday = parse_week(week) if week else app.today - timedelta(days=app.today.weekday())
    write = not (stdout or dry_run)
    result = make(net, environment(app.settings.vault), monday, write=write, drafts=not no_drafts)
    if stdout:
        click.echo(result.text, nl=False)
        return
    if dry_run:
        from .changes import Change

        click.echo(Change(result.path, result.before, result.text.encode()).diff(app.settings.vault), nl=False)
        for path in result.drafts:
            click.echo(f"would write {path.relative_to(app.settings.vault).as_posix()}")
        return
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


def _apply_or_show(app: App, plan: Callable[[], list[Any]], dry_run: bool, verb: str) -> None:
    """Print the diffs (--dry-run) of the changes `plan` makes, or make and write them
    under the writer lock (read and written in one turn) and say what was written."""
    from .changes import apply

    if dry_run:
        for change in plan():
            click.echo(change.diff(app.settings.vault), nl=False)
        return
    with app.writing():
        written = apply(plan())
    for path in written:
        click.echo(f"{verb} {path.relative_to(app.settings.vault).as_posix()}")


@cli.command()
@click.argument("name")
@click.option("--email", help="Their email address.")
@click.option("--company", help="Where they work.")
@click.option("--role", help="What they do there.")
@click.option("--met", metavar="WHERE", help="Where you met (sets how_met and met_on, and logs the meeting).")
@click.option("--circle", type=click.Choice(["inner", "network", "prospect"]), help="How close they are.")
@click.option("--cadence", help="How often to be in touch: weekly, monthly, quarterly, 6w, …")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--dry-run", is_flag=True, help="Print the note that would be created; write nothing.")
@click.pass_obj
def add(app: App, name: str, email: str | None, company: str | None, role: str | None, met: str | None,
        circle: str | None, cadence: str | None, tags: tuple[str, ...], dry_run: bool) -> None:  # fmt: skip
    """Add a contact: a new note in People/ from the `contact` template.

    The file name is made safe for every system and for Obsidian links. An existing
    person (same name, alias or file name, whatever the case or accents) is never
    overwritten: vaultnet says who exists.

    \b
    Examples:
      vaultnet add "Ada Lovelace" --email ada@example.com --met "PyCon" --circle network
      vaultnet add "Grace Hopper" --tag mentor --cadence quarterly --dry-run
    """
    from .changes import add_change
    from .errors import UsageError
    from .model import parse_cadence
    from .render import environment

    if cadence:
        try:
            parse_cadence(cadence)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if email and not _EMAIL.fullmatch(email):
        click.echo(f"warning: {email!r} does not look like an email address; written as given", err=True)
    net = app.network()
    fields = {"email": email, "company": company, "role": role, "circle": circle, "cadence": cadence,
              "tags": list(tags), "met": met}  # fmt: skip
    env = environment(app.settings.vault)
    _apply_or_show(
        app, lambda: [add_change(app.settings, env, app.today, name, net.contacts, **fields)], dry_run, "added"
    )


@cli.command(name="log")
@click.argument("names", nargs=-1, required=True, metavar="NAME... TEXT")
@click.option("--date", "when", type=DateType(), help="When it happened (default: --today).")
@click.option("--via", help="How: call, coffee, email, event, lunch, …")
@click.option("--promise", help="Something you promised them: added as a - [ ] task.")
@click.option("--due", type=DateType(), help="When the promise is due.")
@click.option("--future", is_flag=True, help="Allow a --date after today (a talk planned; a typo'd 2062 is refused).")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.pass_obj
def log(app: App, names: tuple[str, ...], when: date | None, via: str | None, promise: str | None,
        due: date | None, future: bool, dry_run: bool) -> None:  # fmt: skip
    """Log a conversation: a dated line under each person's ## Log heading.

    The line is dated as the log's latest entry is (2026-11-23, [[2026-11-23]], or as
    daily notes are named) and goes where the log's order says. The heading is added at
    the end of the note if it has none; `last_contact:` moves forward only in notes that
    already have it. Name several people (each one argument) to log the same meeting on
    each. Nothing else in the notes changes.

    \b
    Examples:
      vaultnet log maya "coffee: she is hiring two battery engineers" --via coffee
      vaultnet log "Maya Chen" "Oliver Grant" "lunch together at Climate Week"
      vaultnet log nadia "call about the pilot" --promise "send the city contacts" --due 2026-11-30
    """
    from .changes import log_change
    from .errors import UsageError

    if len(names) < 2:
        raise UsageError('give a name and the text to log, e.g. vaultnet log maya "coffee at Blue Bottle"')
    if due and not promise:
        raise UsageError("--due goes with --promise")
    if when and when > app.today and not future:
        raise UsageError(f"--date {when.isoformat()} is after today", hint="add --future if you mean it")
    *people, text = names
    net = app.network()
    contacts = [net.lookup(person) for person in people]  # every name first: all or nothing
    unique = {c.path: c for c in contacts}.values()
    _apply_or_show(
        app,
        lambda: [log_change(app.settings, contact, when or app.today, text, via, promise, due) for contact in unique],
        dry_run,
        "logged on",
    )


@cli.command()
@click.option("--digest", "with_digest", is_flag=True, help="Also rewrite this week's digest when a contact changes.")
@click.option("--poll", is_flag=True, help="Poll the folder instead of using the system's file events.")
@click.pass_obj
def watch(app: App, with_digest: bool, poll: bool) -> None:
    """Keep the index current while you edit, and say what changed.

    One refresh per burst of changes (an editor's save, a git pull), one line per
    changed note: who it is and when they are next due. Ctrl-C stops.

    \b
    Examples:
      vaultnet watch
      vaultnet --vault ~/Notes watch --digest
    """
    import threading

    from .config import load_settings
    from .output import printable
    from .watch import Watcher, describe, run

    settings = app.settings
    watcher = Watcher(threading.Event())

    def on_change(stats: Any, index: Any) -> None:
        from .query import Network

        today = app.today if app.today_given else date.today()  # a watch may run past midnight
        for line in describe(Network(index.conn, index.settings, today), stats, with_digest):
            click.echo(printable(line))

    def on_error(exc: Exception) -> None:
        from .errors import VaultnetError

        if isinstance(exc, VaultnetError):
            _name_from_vault(exc, app)
        click.echo(f"error: {exc} (still watching)", err=True)

    click.echo(f"watching {settings.vault} (Ctrl-C to stop)", err=True)
    try:
        run(settings, on_change, watcher, poll=poll, on_error=on_error, reload=lambda: load_settings(settings.vault))
    except KeyboardInterrupt:
        watcher.stop.set()
    click.echo("stopped", err=True)


@cli.command(name="git-setup")
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
    from .gitsync import setup

    others = _people_elsewhere(app)
    with app.writing():
        done = setup(app.settings.vault, app.settings.contact_folders, others)
    for line in done:
        click.echo(line)


def _people_elsewhere(app: App) -> list[str]:
    """The person notes (`type: person`) outside the contact folders, which .gitattributes
    must name one by one."""
    from .names import in_folder

    folders = app.settings.contact_folders
    return [c.path for c in app.network().contacts if not any(in_folder(c.path, f) for f in folders)]


@cli.command()
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
    from .gitsync import GitError
    from .gitsync import sync as run_sync

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


@cli.command(name="merge-driver", hidden=True)
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
    from .gitsync import merge_driver

    headings, day_of = _merge_settings(name)
    raise click.exceptions.Exit(merge_driver(base, ours, theirs, headings, day_of))


def _merge_settings(name: str | None) -> tuple[tuple[str, ...], DayOf]:
    """The log headings and the reader of log days (other than YYYY-MM-DD) of the vault
    holding the note git merges (`name`, from the repository's top, where git runs
    drivers); the defaults when it cannot be told."""
    from .changes import log_day_of
    from .config import DEFAULT_LOG_HEADINGS, find_vault, load_settings
    from .errors import VaultnetError

    if not name:
        return DEFAULT_LOG_HEADINGS, log_day_of("YYYY-MM-DD")
    try:
        settings = load_settings(find_vault(None, {}, (Path.cwd() / name).parent))
    except (VaultnetError, OSError):
        return DEFAULT_LOG_HEADINGS, log_day_of("YYYY-MM-DD")
    return settings.log_headings, log_day_of(settings.daily_format, settings.day_order)


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
        # `vaultnet list | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
