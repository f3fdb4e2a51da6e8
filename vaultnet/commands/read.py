"""The commands that only read: `list`, `show`, `find`, `due`, `stats`, `check`."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from .base import App, QueryCommand, SpanType, bold, complete_names, echo_json, echo_json_lines, style

if TYPE_CHECKING:
    from ..query import Network


@click.command(name="list", cls=QueryCommand)
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
    from ..model import Listed
    from ..output import contact_json_line, contact_rows, table
    from ..query import sort_contacts

    net = app.network()
    if as_json:
        net.read_all_fields()  # (each is shown)
        echo_json_lines(contact_json_line(c) for c in sort_contacts(net.filter(query), sort))
        return
    # (Everyone, listed from the index's rows; a query's terms read the contacts themselves.)
    contacts = sort_contacts(list(map(Listed.of, net.filter(query))) if query else net.listing(), sort)
    if not contacts:
        if query:
            click.echo("No contacts match.", err=True)
        else:
            from ..scan import no_contacts_hint

            click.echo(no_contacts_hint(app.settings), err=True)
        return
    click.echo(table(["NAME", "CIRCLE", "COMPANY", "LAST CONTACT", "NEXT DUE"], contact_rows(contacts)))
    click.echo(f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''}", err=True)


@click.command()
@click.argument("name", nargs=-1, required=True, shell_complete=complete_names)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def show(app: App, name: tuple[str, ...], as_json: bool) -> None:
    """Everything known about one person: fields, conversations, promises, next due.

    NAME matches the file name, `name`, an alias or an email, ignoring case and accents.

    \b
    Example:
      vaultnet show jane doe
    """
    from ..output import show_json, show_lines

    net = app.network()
    contact = net.lookup(" ".join(name))
    interactions = net.interactions(contact)
    promises = net.promises(contact).get(contact.path, [])
    schedule = net.schedule_of(contact)
    balance = net.balance(contact)
    if as_json:
        echo_json(show_json(contact, interactions, promises, schedule, balance))
    else:
        click.echo("\n".join(show_lines(contact, interactions, promises, schedule, bold, balance)))


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="At most this many people.")
@click.option("--event", is_flag=True, help="Whom to invite to an event on TEXT, closest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def find(app: App, text: tuple[str, ...], limit: int, event: bool, as_json: bool) -> None:
    """Who can help with TEXT: people ranked by offers, role, company, industry,
    interests, tags, other fields and notes, each with the matching snippet and the
    fields (or "notes", the note's text) the words were found in; people archived
    last, marked so. After them, people who know one of them (their note links to
    them), marked "through" that person. With --event, whom to invite to an event on
    TEXT: those it matches, closest circles first.

    \b
    Examples:
      vaultnet find fundraising climate
      vaultnet find --event grid storage
    """
    from ..model import ARCHIVED
    from ..output import hit_json, printable
    from ..query.search import invitees, with_whom_they_know

    net = app.network()
    words = " ".join(text)
    hits = invitees(net, words, limit) if event else with_whom_they_know(net, net.search(words, limit=limit))
    if as_json:
        echo_json([hit_json(h) for h in hits])
        return
    if not hits:
        click.echo(f"Nobody matches {' '.join(text)!r}.", err=True)
        return
    for hit in hits:
        name, path = printable(hit.contact.name), printable(hit.contact.path)
        archived = " [archived]" if hit.contact.circle == ARCHIVED else ""
        if hit.through:
            click.echo(f"{style(name, bold=True)}  (through {printable(hit.through)})  {path}")
            continue
        circle = f" [{hit.contact.circle}]" if event and hit.contact.circle else ""
        click.echo(f"{style(name, bold=True)}{archived}{circle}  ({', '.join(hit.fields)})  {path}")
        click.echo(f"    {printable(hit.snippet)}")


@click.command()
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
    from ..output import due_json, relative_days, table

    net = app.network()
    items = net.due(within)
    if as_json:
        echo_json([due_json(i, app.today) for i in items])
        return
    if not items:
        click.echo("Nothing due. 🎉" if not os.environ.get("NO_COLOR") else "Nothing due.", err=True)
        return
    rows = [[relative_days(i.due, app.today), i.contact.name, i.reason, i.due.isoformat(), i.detail] for i in items]
    click.echo(table(["WHEN", "NAME", "REASON", "DUE", "DETAIL"], rows))


@click.command()
@click.option("--by", "by", multiple=True, metavar="FIELD", help="Also show the spread of this field (repeatable).")
@click.option(
    "--diversity",
    is_flag=True,
    help="How diverse the network is by age, nationality, culture, gender, industry and experience,"
    " over the people whose notes say each.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def stats(app: App, by: tuple[str, ...], diversity: bool, as_json: bool) -> None:
    """The shape of your network: how often you really talk to people (last 12 months),
    circles, and the spread of industry, location, company and any --by field.

    Rhythm counts distinct days with a conversation in the last 12 months: daily 200+,
    weekly 26+, monthly 8+, quarterly 3+, yearly 1+, dormant none.

    \b
    Examples:
      vaultnet stats --by interests
      vaultnet stats --diversity
    """
    from ..output import diversity_json, diversity_lines, stats_json, stats_lines

    net = app.network()
    if diversity:
        from ..query.shape import diversity as spread_of

        found = spread_of(net)
        if as_json:
            echo_json(diversity_json(found))
        else:
            click.echo("\n".join(diversity_lines(found)))
        return
    result = net.stats(by)
    if as_json:
        echo_json(stats_json(result))
        return
    click.echo("\n".join(stats_lines(result, bold)))


@click.command()
@click.option(
    "--explain",
    metavar="NAME",
    help="For one person: why they are a contact or not, where each conversation came from"
    " and which mentions were not counted, the first meeting, and why they are due.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def check(app: App, explain: str | None, as_json: bool) -> None:
    """Every problem in the vault, one per line as `path:line: message`.

    Unreadable YAML, non-UTF-8 files, unclosed frontmatter, git conflict markers, unknown
    cadences, impossible dates, duplicate emails or names, and links that resolve to no
    note. Exits 1 when there are errors (warnings alone exit 0).

    \b
    Examples:
      vaultnet check
      vaultnet check --explain "Ann Lee"
    """
    from ..gitsync import driver_problem
    from ..model import Problem
    from ..output import printable

    net = app.network(quiet_skips=True)
    if explain is not None:
        _explain(net, explain, as_json)
        return
    assert app.sync is not None
    problems = net.problems(app.sync.scan_problems)
    driver = driver_problem(app.settings.vault)
    if driver is not None:
        problems.append(Problem(".git/config", None, "error" if driver.loses_text else "warning", driver.message))
    errors = sum(1 for p in problems if p.severity == "error")
    if as_json:
        echo_json([{"path": p.path, "line": p.line, "severity": p.severity, "message": p.message} for p in problems])
    else:
        for p in problems:
            click.echo(printable(str(p)))
        warnings = len(problems) - errors
        click.echo(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}", err=True
        )
    if errors:
        raise click.exceptions.Exit(1)


def _explain(net: Network, name: str, as_json: bool) -> None:
    from ..output import explain_json, explain_lines
    from ..query.explain import explain

    found = explain(net, name)
    if as_json:
        echo_json(explain_json(found))
    else:
        click.echo("\n".join(explain_lines(found)))
