"""The commands that write into notes: `add` and `log`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from .base import App, DateType

_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+")


def _apply_or_show(app: App, plan: Callable[[], list[Any]], dry_run: bool, verb: str) -> None:
    """Print the diffs (--dry-run) of the changes `plan` makes, or make and write them
    under the writer lock (read and written in one turn) and say what was written."""
    from ..changes import apply

    if dry_run:
        for change in plan():
            click.echo(change.diff(app.settings.vault), nl=False)
        return
    with app.writing():
        written = apply(plan())
    for path in written:
        click.echo(f"{verb} {path.relative_to(app.settings.vault).as_posix()}")


@click.command()
@click.argument("name")
@click.option("--email", help="Their email address.")
@click.option("--phone", help="Their phone number (as you write it; checked).")
@click.option("--company", help="Where they work.")
@click.option("--role", help="What they do there.")
@click.option("--industry", help="Their industry.")
@click.option("--location", help="Where they live or work.")
@click.option("--birthday", help="Their birthday: 1988-11-27, 11-27 or November 27.")
@click.option("--interests", multiple=True, help="What they are into (repeatable, or comma-separated).")
@click.option("--offers", multiple=True, help="What they can help with (repeatable, or comma-separated).")
@click.option("--needs", multiple=True, help="What they are looking for (repeatable, or comma-separated).")
@click.option(
    "--met",
    metavar="WHERE|DAY",
    help="Where you met (sets how_met and met_on today, and logs the meeting), or the day you met"
    " (2026-11-20, yesterday, last tuesday).",
)
@click.option("--how-met", metavar="WHERE", help="How or where you met, when --met gives the day.")
@click.option("--circle", type=click.Choice(["inner", "network", "prospect"]), help="How close they are.")
@click.option("--cadence", help="How often to be in touch: weekly, monthly, quarterly, 6w, …")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--dry-run", is_flag=True, help="Print the note that would be created; write nothing.")
@click.pass_obj
def add(app: App, name: str, email: str | None, phone: str | None, company: str | None, role: str | None,
        industry: str | None, location: str | None, birthday: str | None, interests: tuple[str, ...],
        offers: tuple[str, ...], needs: tuple[str, ...], met: str | None, how_met: str | None,
        circle: str | None, cadence: str | None, tags: tuple[str, ...], dry_run: bool) -> None:  # fmt: skip
    """Add a contact: a new note in People/ from the `contact` template.

    The file name is made safe for every system and for Obsidian links. An existing
    person (same name, alias or file name, whatever the case or accents) is never
    overwritten: vaultnet says who exists.

    \b
    Examples:
      vaultnet add "Ada Lovelace" --email ada@example.com --met "PyCon" --circle network
      vaultnet add "Grace Hopper" --tag mentor --cadence quarterly --dry-run
      vaultnet add "Alan Kay" --met yesterday --how-met "Strange Loop" --offers "talk reviews"
    """
    from ..changes import TakenNames, add_change
    from ..render import environment

    given = {"email": email, "phone": phone, "company": company, "role": role, "industry": industry,
             "location": location, "birthday": birthday, "interests": interests, "offers": offers, "needs": needs,
             "met": met, "how_met": how_met, "circle": circle, "cadence": cadence, "tags": tags}  # fmt: skip
    fields = _add_fields(app, given)
    net = app.network()
    env = environment(app.settings.vault)
    _apply_or_show(
        app,
        lambda: [
            add_change(app.settings, env, app.today, name, TakenNames(app.settings, net.answering_to(name)), **fields)
        ],
        dry_run,
        "added",
    )


def _add_fields(app: App, given: dict[str, Any]) -> dict[str, Any]:
    """The fields `add` writes, checked: a cadence and a birthday vaultnet can read, a
    phone number that is one, lists split on commas, and --met read as a day or a place."""
    from ..dates import parse_birthday
    from ..errors import UsageError
    from ..model import parse_cadence

    fields = {key: value for key, value in given.items() if value not in (None, "", ())}
    if "cadence" in fields:
        try:
            parse_cadence(fields["cadence"])
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if "birthday" in fields:
        try:
            parse_birthday(fields["birthday"])
        except ValueError as exc:
            raise UsageError(f"--birthday: {exc}") from None
    if "email" in fields and not _EMAIL.fullmatch(fields["email"]):
        click.echo(f"warning: {fields['email']!r} does not look like an email address; written as given", err=True)
    if "phone" in fields:
        _check_phone(fields["phone"])
    for key in ("interests", "offers", "needs", "tags"):
        if key in fields:
            fields[key] = [part.strip() for item in fields[key] for part in item.split(",") if part.strip()]
    met = fields.pop("met", None)
    if met is not None:
        day = _typed_day(met, app.today)
        if day is None:
            fields["met"] = met  # a place: how_met, and met today
        else:
            fields["met_on"] = day.isoformat()
            if met != day.isoformat():
                click.echo(f"(--met {met}: {day.isoformat()})", err=True)
    return fields


def _typed_day(text: str, today: date) -> date | None:
    """The day `text` is, when it is one: ISO, or words as people type a day (`yesterday`,
    `last tuesday`, in lower case: `Monday Meetup` is a place)."""
    from ..dates import spoken_day

    try:
        return date.fromisoformat(text)
    except ValueError:
        return spoken_day(text, today) if text == text.lower() else None


def _check_phone(phone: str) -> None:
    """Refuse what is no phone number; a number without a country code is taken as typed."""
    import phonenumbers

    from ..errors import UsageError

    digits = sum(ch.isdigit() for ch in phone)
    if digits < 5 or any(ch.isalpha() for ch in phone.lower().replace("ext", "").replace("x", "")):
        raise UsageError(f"--phone {phone!r} is not a phone number")
    if phone.strip().startswith("+"):
        try:
            number = phonenumbers.parse(phone, None)
        except phonenumbers.NumberParseException:
            raise UsageError(f"--phone {phone!r} is not a phone number") from None
        if not phonenumbers.is_possible_number(number):
            raise UsageError(f"--phone {phone!r} is not a possible number for its country code")


@click.command(name="log")
@click.argument("names", nargs=-1, required=True, metavar="NAME... TEXT")
@click.option("--date", "when", type=DateType(), help="When it happened (default: --today).")
@click.option("--via", help="How: call, coffee, email, event, lunch, …")
@click.option("--promise", help="Something you promised them: added as a - [ ] task.")
@click.option("--due", type=DateType(), help="When the promise is due.")
@click.option("--gave", is_flag=True, help="You gave them something (help, an intro, a lead): the line says `gave:`.")
@click.option("--asked", is_flag=True, help="You asked them for something: the line says `asked:`.")
@click.option("--future", is_flag=True, help="Allow a --date after today (a talk planned; a typo'd 2062 is refused).")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.pass_obj
def log(app: App, names: tuple[str, ...], when: date | None, via: str | None, promise: str | None,
        due: date | None, gave: bool, asked: bool, future: bool, dry_run: bool) -> None:  # fmt: skip
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
      vaultnet log ben "sent him two seed investors" --gave
    """
    from ..changes import log_change
    from ..errors import UsageError

    if len(names) < 2:
        raise UsageError('give a name and the text to log, e.g. vaultnet log maya "coffee at Blue Bottle"')
    if due and not promise:
        raise UsageError("--due goes with --promise")
    if gave and asked:
        raise UsageError("a line is --gave or --asked, not both: log them as two lines")
    if when and when > app.today and not future:
        raise UsageError(f"--date {when.isoformat()} is after today", hint="add --future if you mean it")
    *people, text = names
    if gave or asked:
        text = f"{'gave' if gave else 'asked'}: {text}"  # (what `show` counts as given and asked)
    net = app.network()
    contacts = [net.lookup(person) for person in people]  # every name first: all or nothing
    unique = {c.path: c for c in contacts}.values()
    _apply_or_show(
        app,
        lambda: [log_change(app.settings, contact, when or app.today, text, via, promise, due) for contact in unique],
        dry_run,
        "logged on",
    )
