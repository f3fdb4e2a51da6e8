"""What every command shares: the App the global options make, option types, the
one place that turns vaultnet's errors into one-line messages, and output helpers."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from ..config import Settings
    from ..errors import VaultnetError
    from ..index import Index, SyncStats
    from ..query import Network


MAX_SKIP_WARNINGS = 5


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A date option: YYYY-MM-DD, or as people say one (`yesterday`, `last tuesday`, `in 2
    weeks`), from --today; the day understood is said on stderr."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            when = date.fromisoformat(str(value))
        except ValueError:
            when = self._spoken(str(value), param, ctx)
        if not 1000 <= when.year <= 8999:
            # Dates are counted in years and spans from it: keep them inside the calendar.
            self.fail(f"{value!r} is too far away (give a year from 1000 to 8999)", param, ctx)
        return when

    def _spoken(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from ..dates import spoken_day

        app = ctx.find_object(App) if ctx is not None else None
        found = spoken_day(value, app.today if app is not None else date.today())
        if found is None:
            self.fail(f"{value!r} is not a date like 2026-11-23 (or yesterday, last tuesday, in 2 weeks)", param, ctx)
        name = param.opts[0] if param is not None and param.opts else "date"
        click.echo(f"({name} {value}: {found.isoformat()})", err=True)
        return found


class SpanType(click.ParamType):  # type: ignore[type-arg]
    """A span such as 7d, 2w or 1m."""

    name = "SPAN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        from ..dates import parse_span

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
            from ..config import find_vault, load_settings

            vault = find_vault(self.vault_option, os.environ, Path.cwd())
            self._settings = load_settings(vault)
        return self._settings

    def index(self, rebuild: bool = False, walk: bool = False) -> Index:
        """The vault's index, refreshed (every command works on a current index); taken as
        it is while `vaultnet watch` keeps it current, unless `walk` says to look anyway."""
        if self._index is None:
            from ..index import Index

            self._index = Index.open(self.settings)
        if not rebuild and not walk and self._index.watched():
            from ..index import SyncStats

            self.sync = SyncStats()
            return self._index
        with _BuildProgress() as shown:
            self._index.progress = shown.advance
            self.sync = self._index.refresh(rebuild=rebuild)
        if self._index.notice:
            click.echo(f"warning: {self._index.notice}", err=True)
            self._index.notice = None  # (said once, however often the index is refreshed)
        if self.sync.leftovers:
            from ..notefile import remove_stale_temps

            remove_stale_temps(self.settings.vault, self.settings.cache_dir, self.sync.leftovers)
        return self._index

    def network(self, quiet_skips: bool = False) -> Network:
        """The refreshed network as of --today, warning on stderr about skipped notes."""
        from ..query import Network

        index = self.index()
        if not quiet_skips:
            self.warn_skipped(index)
        return Network.of(index, self.today)

    def warn_skipped(self, index: Index) -> None:
        """Name the notes that could not be read (they are left out of every answer)."""
        from ..output import printable

        # Skipped (cannot be read), or read without a frontmatter that cannot be: either way
        # some of what the user wrote is missing from every answer until it is fixed.
        said = [(p, "skipped ") for p in index.unreadable()]
        said += [(p, "") for p in index.partly_read()]
        said.sort(key=lambda found: (found[0].path, found[0].line or 0))
        for problem, how in said[:MAX_SKIP_WARNINGS]:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            tail = "" if how else " (read without its frontmatter)"
            click.echo(printable(f"warning: {how}{where}: {problem.message}{tail}"), err=True)
        if len(said) > MAX_SKIP_WARNINGS:
            click.echo(
                f"warning: … and {len(said) - MAX_SKIP_WARNINGS} more notes not fully read (run `vaultnet check`)",
                err=True,
            )

    def writing(self) -> Any:
        """The vault's writer lock, held from reading the notes to be changed to writing
        them: two vaultnet commands writing at once take turns rather than lose a line."""
        from ..notefile import vault_lock

        return vault_lock(self.settings.cache_dir)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()


def _interactive() -> bool:
    """True when a person is watching stderr (not a script, not a pipe)."""
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while a person watches a long step (done / total, time
    left), nothing on a pipe; yields `advance(n)`."""
    if not _interactive() or length < PROGRESS_FROM:
        yield lambda n: None
        return
    with _bar(length, label) as bar:
        yield bar.update


def _bar(length: int, label: str, **more: Any) -> Any:
    """A progress bar on stderr: steps done of all, and the time left."""
    return click.progressbar(
        length=length,
        label=label,
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        update_min_steps=length // 200,
        **more,
    )


# Below this many steps a bar would only flicker.
PROGRESS_FROM = 500


class _BuildProgress:
    """How a long build of the index is going, on stderr: on a terminal a bar (notes done
    of all, notes a second, time left), on a pipe one line at the end."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.total = 0
        self.started = 0.0

    def __enter__(self) -> _BuildProgress:
        return self

    def advance(self, done: int, total: int) -> None:
        import time

        if not self.total:
            self.total, self.started = total, time.monotonic()
            if _interactive():
                self.bar = _bar(total, "reading notes into the index", item_show_func=lambda rate: rate)
                self.bar.__enter__()
        if self.bar is not None:
            rate = done / max(time.monotonic() - self.started, 1e-3)
            self.bar.update(done - self.bar.pos, f"{rate:,.0f} notes/s")

    def __exit__(self, kind: object, *_: object) -> None:
        import time

        if not self.total:
            return
        if self.bar is not None:
            self.bar.update(self.total - self.bar.pos)
            self.bar.__exit__(None, None, None)
        elif kind is None:
            seconds = time.monotonic() - self.started
            rate = self.total / max(seconds, 1e-3)
            click.echo(f"read {self.total:,} notes into the index in {seconds:.1f} s ({rate:,.0f} notes/s)", err=True)


class VaultnetGroup(click.Group):
    """The command group; the one place that turns vaultnet's errors into messages."""

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import VaultnetError

        try:
            return super().invoke(ctx)
        except VaultnetError as exc:
            if _debug(ctx):
                raise
            name_from_vault(exc, ctx.obj)
            _during_git(exc, ctx.obj)
            fail(f"error: {exc}", exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            raise
        except (OSError, MemoryError) as exc:  # the system said no: a file, a folder, memory
            if _debug(ctx):
                raise
            fail(f"error: {_system_problem(exc)}", 1)
        except Exception as exc:  # a bug: one line, not a traceback, unless --debug
            if _debug(ctx):
                raise
            fail(
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


def name_from_vault(exc: VaultnetError, app: object) -> None:
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
    from ..errors import ContactNotFoundError

    settings = app._settings if isinstance(app, App) else None
    if isinstance(exc, ContactNotFoundError) and settings is not None:
        from ..changes import git_operation

        busy = git_operation(settings.vault)
        if busy:
            exc.message = (
                f"the vault is in the middle of {busy}: notes with conflict markers are not read until it is"
                f" done, and the one you named may be among them ({exc.message.removeprefix('no contact named ')})"
            )
            exc.hint = "finish or abort it first; `git status` says how"


def _debug(ctx: click.Context) -> bool:
    return isinstance(ctx.obj, App) and ctx.obj.debug


def fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(code)


def style(text: str, **styles: Any) -> str:
    if os.environ.get("NO_COLOR"):
        return text
    return click.style(text, **styles)


def bold(text: str) -> str:
    return style(text, bold=True)


def echo_json(data: Any) -> None:
    from ..output import dumps

    click.echo(dumps(data))


def echo_json_lines(encoded: Iterable[str]) -> None:
    """A JSON array of already encoded elements, one per line, written as they come."""
    from ..output import json_lines

    batch: list[str] = []
    for line in json_lines(encoded):
        batch.append(line)
        if len(batch) >= 1000:  # (a write per line costs more than the line)
            click.echo("\n".join(batch))
            batch.clear()
    if batch:
        click.echo("\n".join(batch))


def complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for a NAME: the contacts whose name starts with what is typed
    (case- and accent-blind). Quiet on any problem: a completion never prints an error."""
    from click.shell_completion import CompletionItem

    from ..config import find_vault, load_settings
    from ..index import Index
    from ..names import fold
    from ..query import Network

    try:
        root = ctx.find_root()
        vault = find_vault(root.params.get("vault"), os.environ, Path.cwd())
        index = Index.open(load_settings(vault))
        index.refresh()
        wanted = fold(incomplete)
        names = [c.name for c in Network.of(index, date.today()).contacts if fold(c.name).startswith(wanted)]
        index.close()
    except Exception:  # (a completion must never fail loudly: nothing is offered instead)
        return []
    return [CompletionItem(name) for name in names[:50]]
