"""The practice: `today`, the day's four small acts, and `review`, the quarter's."""

from __future__ import annotations

from typing import Any

import click

from .base import App, echo_json
from .drafts import _write_drafts


@click.command()
@click.option(
    "--drafts", "write_drafts", is_flag=True, help="Also write a draft for each act not done yet, in Drafts/."
)
@click.option(
    "--log",
    "done",
    type=click.IntRange(1, 4),
    multiple=True,
    metavar="N",
    help="Record act N as done (repeatable): a talk logged with the person, or the introduction on both notes.",
)
@click.option(
    "--write",
    "write_note",
    is_flag=True,
    help="Write the acts as tasks into today's daily note (between vaultnet's markers); acts ticked"
    " there since are recorded as done first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def today(app: App, write_drafts: bool, done: tuple[int, ...], write_note: bool, as_json: bool) -> None:
    """Four small acts for today: reach out to someone you do not know yet, introduce two
    people who should meet, share something useful with one person, and send a caring
    note, with why each, from what your notes say.

    The proposals change from day to day (the same for the same day), and an act is done
    when the vault says so: a conversation logged today with the person, or an
    introduction logged today.

    \b
    Examples:
      vaultnet today
      vaultnet today --drafts
      vaultnet today --log 2 --log 4
      vaultnet today --write
    """
    from ..output import act_json, today_lines
    from ..practice import plan_day

    net = app.network()
    acts = plan_day(net)
    if done:
        _log_done(app, net, acts, done)
        return
    if write_note:
        _write_daily(app, net, acts)
        return
    if as_json:
        echo_json([act_json(act) for act in acts])
        return
    click.echo("\n".join(today_lines(acts, app.today)))
    if write_drafts:
        from ..drafts import make_draft, make_intro
        from ..render import environment

        env = environment(app.settings.vault)
        drafts = []
        for act in acts:
            if act.done:
                continue
            if act.kind == "introduce":
                drafts += make_intro(net, env, act.people[0], act.people[1], ask_first=False)
            else:
                drafts.append(make_draft(net, env, act.people[0], act.template, why=act.why, topic=act.topic))
        _write_drafts(app, drafts, "md", stdout=False)


@click.command()
@click.option("--quarter", metavar="YYYY-QN", help="The quarter to review (default: this one).")
@click.option("--month", metavar="YYYY-MM", is_flag=False, flag_value="this", help="Audit a month (default: this one).")
@click.option("--next-goals", is_flag=True, help="With --month: also write next month's goals note, if it has none.")
@click.option("--stdout", is_flag=True, help="Print the note instead of writing it.")
@click.pass_obj
def review(app: App, quarter: str | None, month: str | None, next_goals: bool, stdout: bool) -> None:
    """Write the quarter's review, Reviews/2026-Q4.md: everyone you have not met or
    written to in a while, by circle, with what you last talked about and a small act to
    suggest, and who went dormant or became close this quarter.

    With --month, the month's audit instead, Reviews/2026-11.md: its goals against what
    the vault shows, what is still to cover, first meetings not followed up, and who you
    reconnected with. vaultnet writes only between the note's markers and keeps your
    ticks, as in the digest.

    \b
    Examples:
      vaultnet review
      vaultnet review --quarter 2026-Q3 --stdout
      vaultnet review --month --next-goals
    """
    from ..render import environment
    from ..review import make, make_month, parse_month, parse_quarter, quarter_of

    net = app.network()
    env = environment(app.settings.vault)
    if month is not None:
        start = app.today.replace(day=1) if month == "this" else parse_month(month)
        result = make_month(net, env, start, write=not stdout)
        if next_goals and not stdout:
            _write_next_goals(app, net, start)
    else:
        start = parse_quarter(quarter) if quarter else quarter_of(app.today)
        result = make(net, env, start, write=not stdout)
    if stdout:
        click.echo(result.text, nl=False)
        return
    shown = result.path.relative_to(app.settings.vault).as_posix()
    click.echo(
        f"{shown} is up to date"
        if result.status == "unchanged"
        else f"{'wrote' if result.status == 'written' else 'updated'} {shown}"
    )


def _log_done(app: App, net: Any, acts: list[Any], numbers: tuple[int, ...]) -> None:
    """Record the acts numbered `numbers` as done, through the one writer: a talk logged
    with the person (`reached out`, `shared something on …`, `sent a caring note`), or an
    introduction logged on both notes."""
    from ..changes import apply

    with app.writing():
        changes = _done_changes(app, acts, numbers)
        written = apply(changes)
    for path in written:
        click.echo(f"logged on {path.relative_to(app.settings.vault).as_posix()}")


def _write_next_goals(app: App, net: Any, start: Any) -> None:
    from .. import notefile
    from ..review import next_goals

    path, data = next_goals(net, start)
    notefile.check_target(path, app.settings.vault)
    shown = path.relative_to(app.settings.vault).as_posix()
    if path.exists():
        click.echo(f"{shown} exists; left as it is")
        return
    with app.writing():
        notefile.write_all([notefile.Write(path, data, None)])
    click.echo(f"wrote {shown}")


def _done_changes(app: App, acts: list[Any], numbers: Any) -> list[Any]:
    """The changes that record acts `numbers` as done (read now: hold the writer lock)."""
    from ..changes import intro_changes, log_change
    from ..errors import UsageError

    words = {"reach out": "reached out", "care": "sent a caring note"}
    changes = []
    for number in dict.fromkeys(numbers):
        if number > len(acts):
            raise UsageError(f"there is no act {number} today", hint="`vaultnet today` lists them")
        act = acts[number - 1]
        if act.done:
            continue
        if act.kind == "introduce":
            changes += intro_changes(app.settings, act.people[0], act.people[1], app.today)
        else:
            said = f"shared something on {act.topic}" if act.kind == "share" else words[act.kind]
            changes.append(log_change(app.settings, act.people[0], app.today, said))
    return changes


def _write_daily(app: App, net: Any, acts: list[Any]) -> None:
    """Record the acts ticked in today's daily note, then write the acts there as tasks."""
    from dataclasses import replace

    from .. import notefile
    from ..errors import UsageError
    from ..practice import acts_region, daily_note_path, ticked_acts, with_region

    path = daily_note_path(net)
    if path is None:
        raise UsageError("the daily notes' format names no day alone, so today's note cannot be found")
    notefile.check_target(path, app.settings.vault)
    shown = path.relative_to(app.settings.vault).as_posix()
    with app.writing():
        snapshot = notefile.read(path) if path.exists() else None
        existing = snapshot.data.decode("utf-8-sig") if snapshot else None
        numbers = ticked_acts(existing, acts, app.today) if existing else []
        changes = _done_changes(app, acts, numbers)
        shown_acts = [replace(act, done=True) if n in numbers else act for n, act in enumerate(acts, 1)]
        text = with_region(existing, acts_region(shown_acts, app.today))
        bom = b"\xef\xbb\xbf" if snapshot and snapshot.data.startswith(b"\xef\xbb\xbf") else b""
        writes = [notefile.Write(c.path, c.after, c.before) for c in changes]
        if existing != text:
            writes.append(notefile.Write(path, bom + text.encode(), snapshot))
        written = notefile.write_all(writes)
    for number in numbers:
        click.echo(f"recorded act {number} as done")
    click.echo(f"{'wrote' if path in written else 'unchanged'} {shown}")
