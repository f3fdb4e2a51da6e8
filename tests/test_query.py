"""Network queries checked against the plain definition, on a generated network."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from vaultnet.config import load_settings
from vaultnet.index import Index
from vaultnet.query import Network

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Index:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(BENCH))
    vault = generate(400, tmp_path_factory.mktemp("net") / "vault", days=120)
    # First meetings near 2026-11-23, the one way to be due with no cadence or birthday.
    for name, text in {
        "Met Lately": "---\nmet_on: 2026-11-13\n---\n",
        "Talked Lately": "## Log\n- 2026-11-20 met at the conference, coffee\n",  # (a log that says so)
        "Stated Earlier": "---\nlast_contact: 2026-10-01\n---\n## Log\n- 2026-11-18 call\n",
        "Planned": "## Log\n- 2026-12-02 dinner\n",
        "Met Long Ago": "---\nmet_on: 2025-01-05\n---\n",
        # Birthdays at the year's and February's ends, months of cadence, a day far ahead.
        "Leap Day": "---\nbirthday: 2000-02-29\ncadence: none\n---\n",
        "New Year": "---\nbirthday: 1990-01-01\ncadence: none\n---\n",
        "Two Months": "---\ncadence: every 2 months\n---\n## Log\n- 2026-09-30 lunch\n- 2027-01-31 call\n",
        "Far Ahead": "---\nlast_contact: 2031-01-01\ncadence: weekly\n---\n",
        "Gone": "---\ncircle: archived\ncadence: monthly\n---\n## Log\n- 2026-01-05 lunch\n",
    }.items():
        (vault / "People" / f"{name}.md").write_text(text, encoding="utf-8")
    index = Index.open(load_settings(vault))
    index.refresh()
    return index


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2026, 9, 1), date(2027, 3, 15)])
@pytest.mark.parametrize("within", [0, 7, 45])
def test_due_is_every_contact_checked_one_by_one(generated: Index, today: date, within: int) -> None:
    """`due` works from the index rows, lean; the plain definition, asked of each contact
    (`schedule_of`), must give the same cadence and follow-up items."""
    net = Network(generated.conn, generated.settings, today)
    horizon = today + timedelta(days=within)
    expected = set()
    for contact in net.contacts:
        schedule = net.schedule_of(contact)
        if schedule and schedule[0] <= horizon:
            expected.add((contact.path, schedule[1], schedule[0]))
    found = {
        (i.contact.path, i.reason, i.due)
        for i in net.due(timedelta(days=within))
        if i.reason in ("cadence", "followup")
    }
    assert found == expected
    if today == date(2026, 11, 23):  # first meetings are among them
        assert {p for p, reason, _ in expected if reason == "followup"} >= {
            "People/Met Lately.md",
            "People/Talked Lately.md",
        }


@pytest.mark.parametrize("within", [0, 30])
@pytest.mark.parametrize("configured", [False, True])
def test_due_read_from_the_rows_that_may_be_due_is_due_read_from_every_row(
    generated: Index, within: int, configured: bool
) -> None:
    """`due` asks SQLite for the rows something may fall due for (not every contact's);
    what it finds must be what working out everyone's dates finds, on any day, with the
    default settings or others (cadences by circle and a default, a longer follow-up
    window, you among the contacts)."""
    import dataclasses

    from vaultnet.model import parse_cadence

    settings = generated.settings
    if configured:
        cadences = {"default": parse_cadence("3w"), "inner": parse_cadence("every 2 months"), "network": None}
        settings = dataclasses.replace(
            settings, cadence_by_circle=cadences, followup_window_days=90, birthday_days=20, user_name="Far Ahead"
        )
    days = [date(2026, 11, 23) + timedelta(days=n) for n in range(-400, 400, 17)]
    days += [date(2027, 2, d) for d in (21, 27, 28)] + [date(2028, 2, 28), date(2028, 2, 29), date(2026, 12, 31)]
    for today in days:
        lean = Network(generated.conn, settings, today)
        found = lean.due(timedelta(days=within))
        assert "_rows" not in lean.__dict__, "read every row"
        everyone = Network(generated.conn, settings, today)
        everyone.contacts  # noqa: B018 (every row read first: due then works them all out)
        expected = everyone.due(timedelta(days=within))
        assert [(i.contact.path, i.reason, i.due, i.detail) for i in found] == [
            (i.contact.path, i.reason, i.due, i.detail) for i in expected
        ], today
        assert found and found == expected, today


def test_everyone_listed_from_the_rows_is_everyone_listed_from_their_contacts(generated: Index) -> None:
    """`list` without terms makes its lines from the index's rows, building no Contact;
    they must be the lines the contacts give, the archived among them."""
    from vaultnet.model import ARCHIVED, Listed

    for today in (date(2026, 11, 23), date(2025, 6, 1)):
        lean = Network(generated.conn, generated.settings, today).listing()
        contacts = Network(generated.conn, generated.settings, today).contacts
        assert lean == [Listed.of(c) for c in contacts]
        assert any(c.circle == ARCHIVED for c in contacts) and any(line.next_due for line in lean)


def test_a_kept_ranking_gives_the_suggestions_ranking_again_gives(
    generated: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest keeps the head of the introductions' ranking between runs (a memo keyed
    by everything the ranking reads); replayed, it must choose exactly as ranking again."""
    import vaultnet.matching as matching
    from vaultnet.model import LazyFields

    net = Network(generated.conn, generated.settings, date(2026, 11, 23))
    people = net.introducible()

    def pairs(found: list[matching.Match]) -> list[tuple[str, str, str]]:
        return [(m.a.path, m.b.path, m.reason) for m in found]

    plain = pairs(matching.suggest(people, net.introduced, limit=3))
    assert len(plain) == 3
    memo: dict[str, object] = {}
    assert pairs(matching.suggest(people, net.introduced, limit=3, memo=memo)) == plain
    assert len(memo) == 1
    # A pair introduced since: both skip it alike, and the replay needs no ranking.
    first = (plain[0][0], plain[0][1])
    introduced_since = lambda a, b: net.introduced(a, b) or (a.path, b.path) == first  # noqa: E731
    suggest_now = pairs(matching.suggest(people, introduced_since, limit=3))
    assert suggest_now != plain

    def no_ranking(_: object) -> None:
        raise AssertionError("ranked again")

    monkeypatch.setattr(matching, "_ranked", no_ranking)
    assert pairs(matching.suggest(people, net.introduced, limit=3, memo=memo)) == plain
    assert pairs(matching.suggest(people, introduced_since, limit=3, memo=memo)) == suggest_now
    monkeypatch.undo()
    # Where someone lives changed: nothing the ranking reads, the same key, no ranking.
    said = json.loads(people[0].summary.json_text()) if isinstance(people[0].summary, LazyFields) else {}
    moved = [people[0]._replace(summary=LazyFields(json.dumps({**said, "location": "Ulaanbaatar"}))), *people[1:]]
    monkeypatch.setattr(matching, "_ranked", no_ranking)
    assert pairs(matching.suggest(moved, net.introduced, limit=3, memo=memo)) == plain and len(memo) == 1
    monkeypatch.undo()
    # What someone offers changed: another key, ranked again (and both kept).
    changed = [people[0]._replace(summary=LazyFields('{"offers": ["grid storage"]}')), *people[1:]]
    again = pairs(matching.suggest(changed, net.introduced, limit=3, memo=memo))
    assert again == pairs(matching.suggest(changed, net.introduced, limit=3)) and len(memo) == 2


def test_one_person_is_found_alike_through_the_index_or_every_row(generated: Index) -> None:
    """`show NAME` looks a name up in the index without reading every contact's row; the
    answer (or the refusal) must be the one reading every row gives."""
    from vaultnet.errors import VaultnetError

    everyone = Network(generated.conn, generated.settings, date(2026, 11, 23))
    people = everyone.contacts
    typed = ["Met Lately", "met lately", "people/met lately", "People/Talked Lately.md", "[[Planned]]", "nobody here"]
    for c in people[:: max(1, len(people) // 40)]:
        typed += [c.name, c.name.upper(), *c.emails, *c.aliases, c.path, c.name.split()[0]]

    def answer(net: Network, name: str) -> str:
        try:
            return net.lookup(name).path
        except VaultnetError as exc:
            return f"{type(exc).__name__}: {exc}"

    for name in typed:
        lazy = Network(generated.conn, generated.settings, date(2026, 11, 23))
        assert answer(lazy, name) == answer(everyone, name), name
        if "_rows" not in lazy.__dict__:  # (found through the index alone: the same person, the same dates)
            found = lazy.lookup(name)
            assert found == everyone.lookup(name)._replace(fields=found.fields, summary=found.summary)
            assert found.company == everyone.lookup(name).company
            assert lazy.interactions(found) == everyone.interactions(found)
            assert lazy.promises(found) == everyone.promises(found)


def test_the_owner_is_known_through_the_index_or_every_row(vault: Path) -> None:
    from tests.conftest import write

    write(
        vault,
        {
            ".vaultnet/config.toml": '[user]\nname = "Sam Park"\nemail = "me@x.org"\n',
            "People/Sam Park.md": "",
            "People/Me Too.md": "---\nemail: [other@x.org, me@x.org]\n---\n",
            "People/Ann.md": "---\nemail: mme@x.org\n---\n",
        },
    )
    index = Index.open(load_settings(vault))
    index.refresh()
    lazy, everyone = (Network.of(index, date(2026, 11, 23)) for _ in range(2))
    assert len(everyone.contacts) == 3  # (every row read)
    assert lazy._owner == everyone._owner and len(lazy._owner) == 2
    assert [lazy.is_owner(lazy.lookup(n)) for n in ("sam park", "me too", "ann")] == [True, True, False]
    index.close()


@pytest.mark.parametrize(
    "args",
    [
        *(["due"], ["due", "--json"], ["list"], ["list", "--json"], ["stats"], ["stats", "--json"]),
        *(["show", "Ada Abe"], ["add", "Zed Newcomer", "--dry-run"]),
    ],
    ids=" ".join,
)
def test_commands_about_everyone_ask_the_index_the_same_few_questions_at_any_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """No query per contact (an N+1 made `due --json` run 8,000 statements at 10k): the
    statements a command runs are as many for 40 contacts as for 160."""
    from click.testing import CliRunner

    import vaultnet.index as index_module
    from vaultnet.cli import cli

    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(BENCH))
    said: list[str] = []
    real = index_module.connect

    def counted(*a: object, **k: object) -> object:
        conn = real(*a, **k)  # type: ignore[arg-type]
        conn.set_trace_callback(said.append)
        return conn

    monkeypatch.setattr(index_module, "connect", counted)
    asked = []
    for size in (40, 160):
        vault = generate(size, tmp_path / str(size), days=30)
        (vault / "People" / "Ada Abe.md").write_text("---\nemail: ada@x.org\n---\n## Log\n- 2026-11-01 call\n")
        assert CliRunner().invoke(cli, ["--vault", str(vault), "index"]).exit_code == 0
        said.clear()
        result = CliRunner().invoke(cli, ["--vault", str(vault), "--today", "2026-11-23", *args])
        assert result.exit_code == 0, result.output
        asked.append([s.split(" WHERE")[0] for s in said if not s.startswith("--")])  # (not SQLite's own)
    assert asked[0] == asked[1]
    assert len(asked[1]) < 30
