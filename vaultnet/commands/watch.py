"""`watch`: keep the index current while the user edits."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from .base import App, name_from_vault


@click.command()
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
    import signal
    import threading

    from ..config import load_settings
    from ..output import printable
    from ..watch import Watcher, describe, run

    settings = app.settings
    watcher = Watcher(threading.Event())

    def on_change(stats: Any, index: Any) -> None:
        from ..query import Network

        today = app.today if app.today_given else date.today()  # a watch may run past midnight
        for line in describe(Network.of(index, today), stats, with_digest):
            click.echo(printable(line))

    def on_error(exc: Exception) -> None:
        from ..errors import VaultnetError

        if isinstance(exc, VaultnetError):
            name_from_vault(exc, app)
        click.echo(f"error: {exc} (still watching)", err=True)

    click.echo(f"watching {settings.vault} (Ctrl-C to stop)", err=True)
    # Stopped by a service manager (systemd, launchd: SIGTERM) as by Ctrl-C: cleanly, the
    # heartbeat taken back, rather than killed.
    stop_on_term = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM")
    before = signal.signal(signal.SIGTERM, lambda *_: watcher.stop.set()) if stop_on_term else None
    try:
        run(settings, on_change, watcher, poll=poll, on_error=on_error, reload=lambda: load_settings(settings.vault))
    except KeyboardInterrupt:
        watcher.stop.set()
    finally:
        if stop_on_term:
            signal.signal(signal.SIGTERM, before)
    click.echo("stopped", err=True)
