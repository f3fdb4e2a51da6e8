"""The weekly digest note: what it holds, and what it never does to the user's text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Runner, snapshot, write
from vaultnet.model import Contact, LazyFields

VAULT = {
    ".vaultnet/config.toml": '[user]\nname = "Alex"\n[goals]\npeople = 3\n',
    "People/Ann.md": "---\ncircle: inner\nemail: ann@example.com\n---\n## Log\n- 2026-09-01 coffee\n- [ ] send the deck 📅 2026-11-24\n",
    "People/Bo.md": "---\ncircle: network\nmet_on: 2026-11-19\ninterests: [sailing]\n---\n## Log\n- 2026-11-19 met at a meetup\n",
    "People/Cy.md": "---\ncircle: prospect\nrole: CTO\n---\n",
    "People/Di.md": "---\ncircle: prospect\n---\n",
    "Daily/2026-11-22.md": "Reading about #sailing\n",
}


@pytest.fixture
def week(vault: Path) -> Path:
    write(vault, VAULT)
    return vault


def digest_file(vault: Path) -> Path:
    return vault / "Digests" / "2026-W48.md"


def test_digest_sections_and_drafts(week: Path, run: Runner) -> None:
    result = run("digest")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["wrote Digests/2026-W48.md", "wrote 2 drafts in Drafts/"]
    text = digest_file(week).read_text()
    assert text.startswith("---\ntype: digest\nweek: 2026-W48\ntags: [digest]\n---\n# Week 2026-W48")
    reach = re.findall(r"^- \[ \] (\[\[\w+\]\]): ([^,]+),", text, re.MULTILINE)
    assert reach[:2] == [("[[Ann]]", "check in (monthly)"), ("[[Bo]]", "follow up after your first meeting")]
    assert "[[Drafts/2026-11-23 Ann - checkin|draft]]" in text
    assert (week / "Drafts" / "2026-11-23 Bo - followup.md").exists()
    assert "- [ ] send the deck, for [[Ann]] (due Tue 24)" in text
    assert re.search(r"- \[ \] Mon 23: \[\[(Cy|Di)\]\]", text)
    assert "- [[Bo]]: sailing (you noted it in [[Daily/2026-11-22]])" in text
    assert "## Monthly goals: November 2026" in text and "| New people met | 1 | 3 |" in text
    assert "```mermaid" not in text  # nobody here has an industry: no chart


@pytest.mark.parametrize(
    ("goals_note", "row"),
    [
        ("---\npeople: 5\nevents: 2\n---\nThis month.\n", "| New people met | 1 | 5 |"),
        # broken YAML: the note is reported and the config's goal stands
        ("---\npeople: [5\n---\n", "| New people met | 1 | 3 |"),
        (
            "---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: [*b, *b, *b, *b, *b, *b, *b, *b]\npeople: 9\n---\n",
            "| New people met | 1 | 3 |",
        ),
    ],
)
def test_a_goals_note_sets_the_months_targets(week: Path, run: Runner, goals_note: str, row: str) -> None:
    write(week, {"Goals/2026-11.md": goals_note})
    result = run("digest", "--stdout", "--no-drafts")
    assert result.exit_code == 0, result.output
    assert row in result.stdout


def test_prospects_never_repeat_on_consecutive_days(week: Path, run: Runner) -> None:
    text = run("digest", "--stdout").stdout
    days = re.findall(r"^- \[ \] (Mon|Tue|Wed|Thu|Fri) \d+: \[\[(\w+)\]\]", text, re.MULTILINE)
    assert [d for d, _ in days] == ["Mon", "Tue"]  # two prospects: two days
    assert days[0][1] != days[1][1]


def test_rerun_with_nothing_changed_leaves_the_file_untouched(week: Path, run: Runner) -> None:
    run("digest")
    path = digest_file(week)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = run("digest")
    assert result.stdout.splitlines() == ["Digests/2026-W48.md is up to date"]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert len(list((week / "Drafts").iterdir())) == 2  # the week's drafts are reused


def test_same_vault_and_date_give_identical_bytes(week: Path, run: Runner) -> None:
    first = run("digest", "--stdout").stdout
    second = run("digest", "--stdout").stdout
    assert first == second


def test_user_text_and_ticks_survive_regeneration(week: Path, run: Runner) -> None:
    run("digest")
    path = digest_file(week)
    text = path.read_text()
    ticked = text.replace("- [ ] send the deck", "- [x] send the deck")
    ticked = ticked.replace(
        "<!-- vaultnet:begin -->", "My plan for the week: call Ann first.\n\n<!-- vaultnet:begin -->"
    )
    ticked += "\nNotes after the digest.\n"
    path.write_text(ticked)
    write(week, {"People/Ann.md": VAULT["People/Ann.md"] + "- 2026-11-20 call about the deck\n"})
    result = run("digest")
    # (A promise ticked in the digest is ticked in its note too, issue 17.)
    assert result.stdout.splitlines()[:2] == ["ticked 'send the deck' in People/Ann.md", "updated Digests/2026-W48.md"]
    new = path.read_text()
    assert "My plan for the week: call Ann first.\n\n<!-- vaultnet:begin -->" in new
    assert new.endswith("<!-- vaultnet:end -->\n\nNotes after the digest.\n")
    assert "- [x] send the deck, for [[Ann]]" in new
    assert "[[Ann]]: check in" not in new  # Ann is no longer due after the call


def test_a_file_not_written_by_vaultnet_is_refused(week: Path, run: Runner) -> None:
    write(week, {"Digests/2026-W48.md": "# My own weekly note\n"})
    before = snapshot(week)
    result = run("digest")
    assert result.exit_code == 1
    assert "was not written by vaultnet" in result.stderr
    assert snapshot(week) == before


def test_stdout_writes_nothing(week: Path, run: Runner) -> None:
    before = snapshot(week)
    result = run("digest", "--stdout")
    assert result.exit_code == 0
    assert "<!-- vaultnet:begin -->" in result.stdout
    assert snapshot(week) == before


def test_network_change_since_last_weeks_digest(week: Path, run: Runner) -> None:
    run("digest", "--week", "2026-W47", today="2026-11-16")
    write(week, {"People/Eve.md": "---\ncircle: inner\n---\n"})
    text = run("digest", "--stdout").stdout
    assert re.search(r"^5 people \(\+1 since last week\)\.$", text, re.MULTILINE)
    assert "| inner | 2 | +1 |" in text


def test_last_weeks_figures_edited_by_hand_show_no_change(week: Path, run: Runner) -> None:
    run("digest", "--week", "2026-W47", today="2026-11-16")
    last = week / "Digests" / "2026-W47.md"
    text = last.read_text()
    edited = re.sub(
        r"<!-- vaultnet:stats .* -->", '<!-- vaultnet:stats {"total": "4", "circles": {"inner": "x"}} -->', text
    )
    assert edited != text
    last.write_text(edited)
    result = run("digest", "--stdout")
    assert result.exit_code == 0, result.output
    assert re.search(r"^4 people\.$", result.stdout, re.MULTILINE)
    assert "| inner | 1 |  |" in result.stdout


def test_bad_week_is_a_usage_error(week: Path, run: Runner) -> None:
    result = run("digest", "--week", "2026-48")
    assert result.exit_code == 2
    assert "is not a week" in result.stderr


def test_crlf_digest_keeps_its_line_endings(week: Path, run: Runner) -> None:
    run("digest")
    path = digest_file(week)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    write(week, {"People/Fay.md": "---\ncircle: prospect\n---\n"})
    run("digest")
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_digest_tasks_are_not_read_back_as_promises(week: Path, run: Runner) -> None:
    run("digest")
    import json

    shown = json.loads(run("show", "ann", "--json").stdout)
    assert [p["text"] for p in shown["promises"]] == ["send the deck"]
    assert not os.path.exists(week / "Digests" / ".vaultnet")


MATCHES = {
    "People/Gia.md": "---\ncircle: network\noffers: [battery engineering]\n---\n## Log\n- 2026-11-01 call\n",
    "People/Hal.md": "---\ncircle: network\nneeds: [battery engineers]\n---\n## Log\n- 2026-11-02 call\n",
}


def test_introductions_suggest_a_match_until_it_is_logged(vault: Path, run: Runner) -> None:
    write(vault, MATCHES)
    text = run("digest", "--stdout").stdout
    assert (
        "- [ ] Introduce [[Gia]] and [[Hal]]: Gia can help with battery engineering, Hal needs battery engineers"
        in text
    )
    write(vault, {"People/Gia.md": MATCHES["People/Gia.md"] + "- 2026-11-10 introduced to [[Hal]] by email\n"})
    assert "Introduce [[Gia]]" not in run("digest", "--stdout").stdout


def test_someone_archived_is_introduced_to_no_one(vault: Path, run: Runner) -> None:
    write(vault, {**MATCHES, "People/Hal.md": MATCHES["People/Hal.md"].replace("circle: network", "status: deceased")})
    assert "Introduce" not in run("digest", "--stdout").stdout


def test_dry_run_shows_the_digest_diff_and_the_drafts_and_writes_nothing(week: Path, run: Runner) -> None:
    before = snapshot(week)
    result = run("digest", "--dry-run")
    assert result.exit_code == 0
    assert "+++ b/Digests/2026-W48.md" in result.stdout
    assert "would write Drafts/2026-11-23 Ann - checkin.md" in result.stdout
    assert snapshot(week) == before
    run("digest")
    write(week, {"People/Ann.md": VAULT["People/Ann.md"] + "- 2026-11-20 call\n"})
    diff = run("digest", "--dry-run").stdout
    assert "--- a/Digests/2026-W48.md" in diff and "-- [ ] [[Ann]]: check in" in diff


def test_the_pair_scorer_agrees_with_match_on_every_pair(example: Path) -> None:
    """`suggest` ranks pairs with a cheap scorer and words only the ones it picks; the
    scorer must give exactly match()'s score (0 where match finds nothing)."""
    from datetime import date
    from itertools import combinations

    from vaultnet.config import load_settings
    from vaultnet.index import Index
    from vaultnet.matching import _profile, _score, match
    from vaultnet.query import Network

    index = Index.open(load_settings(example))
    index.refresh()
    people = Network(index.conn, index.settings, date(2026, 11, 23)).contacts
    scored = 0
    for a, b in combinations(people, 2):
        found = match(a, b)
        bits: dict[str, int] = {}
        assert _score(_profile(a, bits).scoring(), _profile(b, bits).scoring()) == (found.score if found else 0), (
            a.path,
            b.path,
        )
        scored += found is not None
    assert scored > 20  # the example vault has plenty of people who should meet


def _person(n: int, fields: dict[str, object], sort_key: str | None = None) -> Contact:
    """A contact with these fields, as the index would give it."""
    return Contact(
        path=f"People/P{n:03d}.md",
        name=f"P{n:03d}",
        fields=LazyFields(json.dumps(fields)),
        circle="network",
        cadence=None,
        emails=(),
        aliases=(),
        tags=(),
        met_on=None,
        birthday=None,
        last_contact=None,
        first_contact=None,
        next_due=None,
        sort_key=sort_key or f"p{n:03d}",
    )


def test_shared_interests_can_lift_a_pair_above_a_busier_one() -> None:
    """A pair whose offer meets a need and who share two interests (6 + 2) comes before
    one with more words in common but a weaker match (2 x 3 + 1): ranking by a ceiling
    must leave room for what shared interests add."""
    from vaultnet.matching import suggest

    people = [
        _person(1, {"offers": ["grid storage"], "needs": ["pricing"], "interests": ["jazz", "chess"]}),
        _person(2, {"needs": ["grid storage"], "interests": ["jazz", "chess"]}),
        _person(3, {"interests": ["pricing hiring sales"]}),
        _person(4, {"needs": ["pricing hiring sales"], "interests": ["sales hiring"]}),
    ]
    chosen = suggest(people, lambda a, b: False, limit=3)
    assert [(m.a.name, m.b.name, m.score) for m in chosen] == [("P001", "P002", 8), ("P003", "P004", 7)]


def test_reading_every_contact_once_keeps_no_fields_decoded_that_were_not() -> None:
    fields = LazyFields('{"offers": ["grid storage"]}')
    assert fields.read_once(lambda: fields["offers"]) == ["grid storage"]
    assert fields._data is None  # read once, not kept: the digest holds one contact's at a time
    assert fields["offers"] == ["grid storage"]  # read again when asked
    assert fields.read_once(lambda: len(fields)) == 1 and fields._data is not None  # kept: it was


def test_suggestions_are_the_best_pairs_by_match() -> None:
    """Many people sharing a few topics: `suggest` (cheap scores first, words for the
    pairs it picks) chooses what ranking every pair by match() would."""
    from vaultnet.matching import match, suggest

    topics = ["grid storage", "fundraising", "hiring", "pricing", "battery chemistry", "sales engineers"]
    people = [
        _person(
            n,
            {
                "offers": [topics[n % 6]],
                "needs": [topics[(n * 7 + 1) % 6], topics[(n * 5 + 3) % 6]],
                "interests": [topics[(n + 2) % 6], topics[(n * 11 + 4) % 6]],
                "role": "founder" if n % 4 == 0 else "",
            },
            sort_key=f"p{(n * 37) % 120:03d}",
        )
        for n in range(120)
    ]
    skip = {("People/P000.md", "People/P005.md")}  # as if already introduced

    def already(a: Contact, b: Contact) -> bool:
        return (a.path, b.path) in skip

    every = [m for i, a in enumerate(people) for b in people[i + 1 :] if (m := match(a, b)) is not None]
    every.sort(key=lambda m: (-m.score, m.a.sort_key, m.b.sort_key, m.a.path, m.b.path))
    expected, used = [], set()
    for m in every:
        if m.a.path in used or m.b.path in used or already(m.a, m.b):
            continue
        expected.append(m)
        used.update((m.a.path, m.b.path))
    for limit in (1, 5, 30):
        chosen = suggest(people, already, limit=limit)
        assert chosen == expected[:limit]
        assert len(chosen) == limit


def _best_pairs_by_match(people: list[Contact], limit: int) -> list[object]:
    """What `suggest` must choose, the slow way: every pair worded by match(), ranked."""
    from vaultnet.matching import match

    every = [m for i, a in enumerate(people) for b in people[i + 1 :] if (m := match(a, b)) is not None]
    every.sort(key=lambda m: (-m.score, m.a.sort_key, m.b.sort_key, m.a.path, m.b.path))
    chosen: list[object] = []
    used: set[str] = set()
    for m in every:
        if m.a.path not in used and m.b.path not in used:
            chosen.append(m)
            used.update((m.a.path, m.b.path))
    return chosen[:limit]


_WORDS = ["grid storage", "storage pricing", "grid hiring", "sales", "battery sales", "pricing", "jazz"]
_phrases = st.lists(st.sampled_from(_WORDS), max_size=3)


@given(
    st.lists(
        st.fixed_dictionaries(
            {"offers": _phrases, "needs": _phrases, "interests": _phrases, "role": st.sampled_from(["", "sales lead"])}
        ),
        min_size=2,
        max_size=14,
    ),
    st.integers(min_value=1, max_value=5),
)
def test_suggestions_of_any_small_network_are_the_best_pairs_by_match(
    fields: list[dict[str, object]], limit: int
) -> None:
    """Few words, many ties: whatever ceilings `suggest` sorts pairs by, it chooses
    what ranking every pair by match() would."""
    from vaultnet.matching import suggest

    people = [_person(n, f, sort_key=f"p{(n * 5) % 14:03d}") for n, f in enumerate(fields)]
    # Only people who say what they offer, need or are into take part (not a role alone).
    taking_part = [p for p, f in zip(people, fields) if f["offers"] or f["needs"] or f["interests"]]
    assert suggest(people, lambda a, b: False, limit=limit) == _best_pairs_by_match(taking_part, limit)


def test_one_persons_suggestion_is_the_best_pair_that_includes_them(example: Path) -> None:
    """A check-in draft suggests an introduction: the pair `suggest` would rank first
    among those that include the person, found without ranking every pair."""
    from datetime import date

    from vaultnet.config import load_settings
    from vaultnet.index import Index
    from vaultnet.matching import suggest, suggest_for
    from vaultnet.query import Network

    index = Index.open(load_settings(example))
    index.refresh()
    people = Network(index.conn, index.settings, date(2026, 11, 23)).contacts
    found = 0
    for person in people:
        others = [c for c in people if c.path != person.path]
        pairs = suggest([person, *others], lambda a, b, me=person.path: me not in (a.path, b.path), limit=1)
        assert suggest_for(person, others) == (pairs[0] if pairs else None), person.path
        found += bool(pairs)
    assert found > 10


def test_a_network_of_one_is_one_person(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "---\ncircle: inner\n---\n"})
    assert "\n1 person.\n" in run("digest", "--stdout", "--no-drafts").stdout
    assert run("stats").stdout.startswith("1 contact\n")
    write(vault, {"People/Bob.md": ""})
    assert "\n2 people.\n" in run("digest", "--stdout", "--no-drafts").stdout
