"""The practice: `today`, the day's four small acts."""

from __future__ import annotations

import click

from .base import App, echo_json
from .drafts import _write_drafts


@click.command()
@click.option(
    "--drafts", "write_drafts", is_flag=True, help="Also write a draft for each act not done yet, in Drafts/."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def today(app: App, write_drafts: bool, as_json: bool) -> None:
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
    """
    from ..output import act_json, today_lines
    from ..practice import plan_day

    net = app.network()
    acts = plan_day(net)
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
