"""The practice: `today`'s four acts, chosen from what the vault says, read back as done."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Runner, write

VAULT = {
    "People/Pat Prospect.md": "---\ncircle: prospect\nrole: CTO\ncompany: Acme\nhow_met: Sam's podcast\n---\n",
    "People/Quin Prospect.md": "---\ncircle: prospect\n---\n",
    "People/Maya.md": "---\ncircle: network\nneeds: [battery engineers]\n---\n## Log\n- 2026-11-02 coffee\n",
    "People/Oliver.md": "---\ncircle: network\noffers: [battery engineering]\n---\n## Log\n- 2026-11-01 call\n",
    "People/Rosa.md": "---\ncircle: network\ninterests: [heat pumps]\n---\n## Log\n- 2026-10-01 lunch\n",
    "People/Ben.md": (
        "---\ncircle: network\n---\n## Log\n- 2026-11-10 call: a tough month, his mother is in hospital\n"
        "- 2026-05-01 call: he was sick\n"
    ),
    "People/Ann.md": "---\ncircle: inner\n---\n## Log\n- 2026-08-01 dinner\n",
    "Daily/2026-11-20.md": "Read a long piece on #heat-pumps\n",
}


def acts(run: Runner, **kwargs: str) -> dict[str, dict]:  # type: ignore[type-arg]
    result = run("today", "--json", **kwargs)
    assert result.exit_code == 0, result.output
    return {act["act"]: act for act in json.loads(result.stdout)}


def names(act: dict) -> list[str]:  # type: ignore[type-arg]
    return [p["name"] for p in act["people"]]


def test_one_of_each_act_with_why(vault: Path, run: Runner) -> None:
    write(vault, VAULT)
    day = acts(run)
    assert list(day) == ["reach out", "introduce", "share", "care"]
    assert names(day["introduce"]) == ["Maya", "Oliver"]
    assert "Oliver can help with battery engineering" in day["introduce"]["why"]
    assert (names(day["share"]), day["share"]["why"]) == (["Rosa"], "heat pumps (you noted it in Daily/2026-11-20)")
    assert names(day["care"]) == ["Ben"]  # going through a hard time, lately
    assert day["care"]["why"] == "2026-11-10: call: a tough month, his mother is in hospital"
    assert names(day["reach out"])[0] in ("Pat Prospect", "Quin Prospect")
    everyone = [n for act in day.values() for n in names(act)]
    assert len(everyone) == len(set(everyone))  # one person, one act
    assert not any(act["done"] for act in day.values())


def test_the_proposals_rotate_by_day_and_hold_for_a_day(vault: Path, run: Runner) -> None:
    write(vault, VAULT)
    monday, again, tuesday = acts(run), acts(run), acts(run, today="2026-11-24")
    assert monday == again
    assert names(monday["reach out"]) != names(tuesday["reach out"])


def test_an_act_is_done_when_the_vault_says_so(vault: Path, run: Runner) -> None:
    write(vault, VAULT)
    prospect = names(acts(run)["reach out"])[0]
    assert run("log", prospect.split()[0], "call: intro call, they want a demo").exit_code == 0
    assert run("log", "ben", "call: how is your mother?").exit_code == 0
    day = acts(run)
    assert (names(day["reach out"]), day["reach out"]["done"]) == ([prospect], True)
    assert (names(day["care"]), day["care"]["done"]) == (["Ben"], True)


def test_a_hard_time_long_ago_is_not_news(vault: Path, run: Runner) -> None:
    write(vault, {**VAULT, "People/Ben.md": "---\ncircle: network\n---\n## Log\n- 2026-05-01 call: he was sick\n"})
    day = acts(run)
    assert names(day["care"]) == ["Ann"]  # the inner circle, longest since a talk
    assert day["care"]["why"] == "close to you; last talked 2026-08-01"


def test_drafts_for_the_days_acts(vault: Path, run: Runner) -> None:
    write(vault, VAULT)
    result = run("today", "--drafts")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (vault / "Drafts").glob("*.md"))
    prospect = next(n for n in written if n.endswith("reach_out.md"))
    assert written == sorted(
        ["2026-11-23 Ben - care.md", "2026-11-23 Maya & Oliver - intro.md", "2026-11-23 Rosa - share.md", prospect]
    )
    care = (vault / "Drafts" / "2026-11-23 Ben - care.md").read_text(encoding="utf-8")
    assert "I was thinking about you [you noted: 2026-11-10: call: a tough month" in care


def test_today_on_a_vault_with_nothing_to_propose(vault: Path, run: Runner) -> None:
    result = run("today")
    assert result.exit_code == 0
    assert "Nothing to propose yet" in result.stdout


def lists(run: Runner) -> list[dict]:  # type: ignore[type-arg]
    result = run("stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["lists"]  # type: ignore[no-any-return]


def test_the_list_of_20_and_the_network_of_90_against_their_sizes(vault: Path, run: Runner) -> None:
    write(vault, VAULT)
    prospects, network = lists(run)
    assert (prospects["name"], prospects["size"], prospects["advice"]) == ("List of 20", 2, "add 18")
    assert (network["name"], network["size"], network["target"]) == ("Network of 90", 5, 90)
    assert "List of 20 (prospects): 2 of 20, add 18" in run("stats").stdout


def test_the_sizes_come_from_the_config_and_the_advice_names_whom(vault: Path, run: Runner) -> None:
    write(vault, {**VAULT, ".vaultnet/config.toml": "[lists]\nprospects = 1\nnetwork = 3\n"})
    write(vault, {"People/Zed.md": "## Log\n- 2026-11-01 lunch\n- 2026-10-01 call\n"})  # no circle, talked often
    prospects, network = lists(run)
    assert prospects["advice"] == "1 more than it holds: meet some, or let the coldest go"
    assert network["advice"] == "trim 2, or move them to the wider network; you talk least with"
    assert network["candidates"] == ["Ann", "Maya"]  # one talk each this year (Ben: two), by name
    write(vault, {".vaultnet/config.toml": "[lists]\nnetwork = 9\n"})
    assert lists(run)[1]["candidates"] == ["Zed"]  # room to grow: whom you talk to most outside it


def test_an_empty_list_of_20_says_to_start_with_3(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": ""})
    assert lists(run)[0]["advice"] == "start with 3: add people you want to meet with `circle: prospect`"


def test_the_tally_by_tier_and_who_moved_since_a_week_ago(vault: Path, run: Runner) -> None:
    days = "".join(
        f"- 2026-{m:02d}-{d:02d} stand-up\n" for m in range(1, 12) for d in range(1, 29) if (m, d) < (11, 23)
    )
    write(
        vault,
        {
            "People/Kim.md": f"## Log\n{days}",  # most days of the year
            "People/Lu.md": "## Log\n- 2026-11-20 lunch\n- 2026-08-01 call\n- 2026-05-01 call\n",  # quarterly, since Friday
            "People/Mo.md": "## Log\n- 2025-11-20 call\n",  # a year ago last week
        },
    )
    data = json.loads(run("stats", "--json").stdout)
    assert (data["rhythm"]["daily"], data["rhythm"]["quarterly"], data["rhythm"]["dormant"]) == (1, 1, 1)
    assert data["moved"] == [
        {"name": "Lu", "from": "yearly", "to": "quarterly"},
        {"name": "Mo", "from": "yearly", "to": "dormant"},
    ]
    assert "Moved since a week ago: Lu (yearly → quarterly), Mo (yearly → dormant)" in run("stats").stdout
    assert run("digest", "--no-drafts").exit_code == 0
    digest = (vault / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
    assert "| quarterly | 1 | +1 |" in digest  # from the notes, with no digest of last week
    assert "Moved this week: Lu (yearly → quarterly), Mo (yearly → dormant)." in digest


def test_diversity_is_measured_over_those_known_and_says_what_is_unknown(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/A.md": "---\nindustry: Climate\ngender: woman\nbirthday: 1990-01-02\n---\n",
            "People/B.md": "---\nindustry: Climate\ngender: man\n---\n",
            "People/C.md": "---\nindustry: Finance\n---\n",
            "People/D.md": "---\nindustry: climate\n---\n",
        },
    )
    data = {d["field"]: d for d in json.loads(run("stats", "--diversity", "--json").stdout)}
    industry = data["industry"]
    assert (industry["known"], industry["groups"], industry["largest"]) == (4, 2, {"value": "Climate", "count": 3})
    assert industry["evenness"] == 0.81  # 3:1 over two groups
    assert (data["gender"]["known"], data["gender"]["evenness"]) == (2, 1.0)
    assert data["age"]["largest"] == {"value": "30s", "count": 1}  # born 1990: 36 in 2026
    assert data["nationality"]["known"] == 0
    text = run("stats", "--diversity").stdout
    assert "nationality  no one's note says it" in text
    assert (
        "gender       2 groups, largest " in text
        and "mostly unknown, so this says little" not in text.split("gender")[1].split("\n")[0]
    )


def test_give_and_ask_are_counted_and_a_one_way_street_is_flagged(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ben.md": "---\ncircle: network\ninterests: [heat pumps]\n---\n## Log\n"
            "- 2026-11-20 asked: for a referral to his bank\n- 2026-10-02 call: asked him about hiring\n"
            "- 2026-09-01 gave: two seed investors\n- 2026-08-01 received: a great book tip\n",
            "People/Cy.md": "---\ncircle: network\n---\n## Log\n- 2026-11-01 asked: for a quote\n",
            "Daily/2026-11-20.md": "Read a long piece on #heat-pumps\n",
        },
    )
    ben = json.loads(run("show", "ben", "--json").stdout)["balance"]
    assert ben == {
        "gave": 1, "asked": 2, "received": 1, "last_gave": "2026-09-01", "last_asked": "2026-11-20",
        "last_received": "2026-08-01", "asked_since_gave": 2,
    }  # fmt: skip
    assert (
        "Give and ask: gave 1 (last 2026-09-01), asked 2 (last 2026-11-20), received 1 (last 2026-08-01); 2 asks"
        in (run("show", "ben").stdout)
    )
    assert run("digest", "--no-drafts").exit_code == 0
    digest = (vault / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
    assert "- [ ] [[Ben]]: you asked 2 times since you last gave (2026-09-01): offer something" in digest
    assert "[[Cy]]: you asked" not in digest  # asked once: no street yet
    assert names(acts(run)["share"]) == ["Ben"]  # give first to whom you only asked of


def test_log_says_what_you_gave_and_asked(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ben.md": "## Log\n"})
    assert run("log", "ben", "sent him two seed investors", "--gave", "--via", "email").exit_code == 0
    assert "- 2026-11-23 email: gave: sent him two seed investors" in (vault / "People/Ben.md").read_text()
    both = run("log", "ben", "x", "--gave", "--asked")
    assert both.exit_code == 2 and "not both" in both.stderr  # (a usage error)
    assert json.loads(run("show", "ben", "--json").stdout)["balance"]["gave"] == 1


def test_find_also_names_who_knows_a_match(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Oliver.md": "---\noffers: [battery engineering]\n---\n",
            "People/Kim.md": "## Log\n- 2026-10-01 dinner with [[Oliver]] and friends\n",
            "People/Lee.md": "---\nstatus: archived\n---\n- knows [[Oliver]]\n",
            "Daily/2026-11-01.md": "Lunch with [[Oliver]]\n",  # a day's note is no one
        },
    )
    hits = json.loads(run("find", "battery", "--json").stdout)
    assert [(h["name"], h["through"]) for h in hits] == [("Oliver", None), ("Kim", "Oliver")]
    assert "Kim  (through Oliver)  People/Kim.md" in run("find", "battery").stdout


def test_find_event_lists_whom_to_invite_closest_first(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: network\ninterests: [grid storage]\n---\n## Log\n- 2026-11-01 call\n",
            "People/Bo.md": "---\ncircle: inner\ninterests: [grid storage]\n---\n## Log\n- 2026-06-01 call\n",
            "People/Cy.md": "---\ncircle: prospect\ninterests: [grid storage]\n---\n",
            "People/Di.md": "---\ncircle: network\ninterests: [grid storage]\n---\n## Log\n- 2026-11-10 call\n",
            "People/Ed.md": "---\nstatus: archived\ninterests: [grid storage]\n---\n",
        },
    )
    hits = json.loads(run("find", "--event", "grid", "storage", "--json").stdout)
    assert [h["name"] for h in hits] == ["Bo", "Di", "Ann", "Cy"]


def test_the_quarterly_review_lists_the_quiet_by_circle_and_keeps_ticks(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: inner\ninterests: [kilns]\n---\n## Log\n- 2026-06-01 dinner at hers\n",
            "People/Bo.md": "---\ncircle: network\n---\n## Log\n- 2026-11-20 coffee\n",  # just talked
            "People/Cy.md": "---\ncircle: prospect\n---\n",
            "People/Di.md": (
                "---\ncircle: network\n---\n## Log\n"
                + "".join(f"- 2026-{m:02d}-{d:02d} call\n" for m in (10, 11) for d in (1, 8, 15, 22))  # monthly now
            ),
        },
    )
    result = run("review")
    assert (result.exit_code, result.stdout) == (0, "wrote Reviews/2026-Q4.md\n")
    text = (vault / "Reviews" / "2026-Q4.md").read_text(encoding="utf-8")
    assert "### Inner\n\n- [ ] [[Ann]]: last 2026-06-01 (dinner at hers); share something on kilns ^vn-" in text
    assert "[[Cy]]: last never; invite them to an event you go to" in text
    assert "[[Bo]]" not in text
    assert "- Became close (talking monthly or more): [[Di]]" in text
    ticked = text.replace("- [ ] [[Ann]]", "- [x] [[Ann]]").replace(
        "<!-- vaultnet:begin -->", "Mine.\n<!-- vaultnet:begin -->"
    )
    (vault / "Reviews" / "2026-Q4.md").write_text(ticked, encoding="utf-8")
    assert run("review").stdout == "Reviews/2026-Q4.md is up to date\n"  # your text and tick kept
    again = (vault / "Reviews" / "2026-Q4.md").read_text(encoding="utf-8")
    assert "Mine.\n<!-- vaultnet:begin -->" in again and "- [x] [[Ann]]" in again


def test_what_is_ticked_in_the_digest_is_done_in_the_notes(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-01 call\n\n- [ ] send the deck 📅 2026-11-24\n",
            "People/Bo.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-02 call\n",
        },
    )
    assert run("digest", "--no-drafts").exit_code == 0
    digest = vault / "Digests" / "2026-W48.md"
    text = digest.read_text(encoding="utf-8")
    ticked = text.replace("- [ ] send the deck", "- [x] send the deck").replace("- [ ] [[Bo]]", "- [x] [[Bo]]")
    digest.write_text(ticked, encoding="utf-8")
    ann_before = (vault / "People/Ann.md").read_bytes()
    result = run("digest", "--no-drafts")
    assert result.stdout.splitlines()[:2] == [
        "ticked 'send the deck' in People/Ann.md",
        "logged a check-in with Bo",
    ]
    ann = (vault / "People/Ann.md").read_bytes()
    assert ann == ann_before.replace(
        b"- [ ] send the deck \xf0\x9f\x93\x85 2026-11-24", "- [x] send the deck 📅 2026-11-24 ✅ 2026-11-23".encode()
    )
    assert "- 2026-11-23 checked in (ticked in the digest)" in (vault / "People/Bo.md").read_text(encoding="utf-8")
    again = run("digest", "--no-drafts")  # nothing done twice
    assert not any(line.startswith(("ticked", "logged")) for line in again.stdout.splitlines())
    assert "- [x] send the deck" in digest.read_text(encoding="utf-8")  # the tick kept


def test_a_tick_whose_task_changed_since_is_left_alone(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "## Log\n- 2026-09-01 call\n\n- [ ] send the deck 📅 2026-11-24\n"})
    assert run("digest", "--no-drafts").exit_code == 0
    digest = vault / "Digests" / "2026-W48.md"
    digest.write_text(digest.read_text(encoding="utf-8").replace("- [ ] send the deck", "- [x] send the deck"))
    write(vault, {"People/Ann.md": "## Log\n- 2026-09-01 call\n\n- [ ] send the slides 📅 2026-11-24\n"})
    before = (vault / "People/Ann.md").read_bytes()
    result = run("digest", "--no-drafts")
    assert result.exit_code == 0
    assert (vault / "People/Ann.md").read_bytes() == before


def test_today_log_records_what_was_done(vault: Path, run: Runner) -> None:
    write(vault, VAULT)
    day = acts(run)
    result = run("today", "--log", "2", "--log", "3")
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()) == [
        "logged on People/Maya.md",
        "logged on People/Oliver.md",
        "logged on People/Rosa.md",
    ]
    assert "- 2026-11-23 shared something on heat pumps" in (vault / "People/Rosa.md").read_text(encoding="utf-8")
    assert "- 2026-11-23 introduced to [[Oliver]]" in (vault / "People/Maya.md").read_text(encoding="utf-8")
    after = acts(run)
    assert after["introduce"]["done"] and after["share"]["done"]
    assert not after["care"]["done"] and names(after["care"]) == names(day["care"])
    assert run("today", "--log", "9").exit_code == 2  # (not an act: a usage error)


def test_the_monthly_audit_compares_goals_with_the_vault(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "Goals/2026-11.md": "---\nevents: 2\npeople: 2\nfollowups: 1\n---\n",
            "Events/Meetup.md": "---\ntype: event\ndate: 2026-11-05\nattended: true\n---\n",
            "People/Ann.md": "---\nmet_on: 2026-11-05\n---\n## Log\n- 2026-11-09 coffee\n- 2026-11-05 met at the meetup\n",
            "People/Bo.md": "---\nmet_on: 2026-11-18\n---\n",
            "People/Cy.md": "## Log\n- 2026-11-20 call\n- 2026-06-01 lunch\n",  # back after five months
        },
    )
    result = run("review", "--month", "--next-goals")
    assert result.stdout.splitlines() == ["wrote Goals/2026-12.md", "wrote Reviews/2026-11.md"]
    text = (vault / "Reviews" / "2026-11.md").read_text(encoding="utf-8")
    assert "| Events attended | 1 of 1 | 2 |" in text and "- Events attended: 1 of 2, 1 to go" in text
    assert "New people met: 2 of 2" not in text  # met its target: nothing to cover
    assert "- [ ] [[Bo]] (met 2026-11-18) ^vn-" in text and "[[Ann]] (met" not in text
    assert "- [[Cy]]: talked this month after three months or more" in text
    assert "| Re-connections | 1 | – |" in text
    assert (
        (vault / "Goals" / "2026-12.md")
        .read_text(encoding="utf-8")
        .startswith("---\nevents: 2\npeople: 2\nfollowups: 1\nreconnections: 0\n---\n")
    )
    again = run("review", "--month", "2026-11", "--next-goals")
    assert again.stdout.splitlines() == ["Goals/2026-12.md exists; left as it is", "Reviews/2026-11.md is up to date"]
    assert run("review", "--month", "2026-13").exit_code == 2


def test_industries_are_charted_by_sector_with_the_unknown_apart(vault: Path, run: Runner) -> None:
    from vaultnet.query.shape import by_sector

    sectors, unknown = by_sector(
        [("Climate tech", 4), ("Fintech", 1), ("Health tech", 1), ("Beekeeping", 2), ("(not set)", 3)]
    )
    assert (sectors, unknown) == ([("Climate & energy", 4), ("Beekeeping", 2), ("Finance", 1), ("Health", 1)], 3)
    write(
        vault,
        {
            "People/A.md": "---\nindustry: Venture capital\n---\n",
            "People/B.md": "",
            "People/C.md": "---\nindustry: Banking\n---\n",
        },
    )
    assert run("digest", "--no-drafts").exit_code == 0
    digest = (vault / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
    assert '    "Finance" : 2\n' in digest and "(1 person with no industry in their note.)" in digest


def test_the_digest_says_who_joined_and_left_each_list(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "---\ncircle: prospect\n---\n", "People/Bo.md": "---\ncircle: network\n---\n"})
    assert run("digest", "--no-drafts", today="2026-11-16").exit_code == 0  # last week's
    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: network\n---\n",  # met: from the List of 20 to the Network of 90
            "People/Cy --> x.md": "---\ncircle: prospect\n---\n",
        },
    )
    assert run("digest", "--no-drafts").exit_code == 0
    text = (vault / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
    assert "- Since last week, List of 20: joined Cy --> x; left Ann\n" in text
    assert "- Since last week, Network of 90: joined Ann\n" in text
    kept = text.split("<!-- vaultnet:stats ", 1)[1].split(" -->", 1)[0]
    assert "Cy --\\u003e x" in kept and json.loads(kept)["lists"]["prospects"] == ["Cy --> x"]


def test_today_write_puts_the_acts_in_the_daily_note_and_records_ticks(vault: Path, run: Runner) -> None:
    write(vault, {**VAULT, "Daily/2026-11-23.md": "Slept badly.\r\n- coffee with [[Ann]] at noon\r\n"})
    result = run("today", "--write")
    assert result.stdout == "wrote Daily/2026-11-23.md\n"
    note = vault / "Daily/2026-11-23.md"
    text = note.read_bytes().decode()
    assert text.startswith(
        "Slept badly.\r\n- coffee with [[Ann]] at noon\r\n\r\n## Today's acts\r\n\r\n<!-- vaultnet:begin -->"
    )
    assert text.count("- [ ] ") == 4 and text.endswith("<!-- vaultnet:end -->\r\n")
    # The acts written there are proposals: no promise, and no talk with anyone named in them.
    assert all(item["reason"] != "promise" for item in json.loads(run("due", "--json", "--within", "30d").stdout))
    rosa = json.loads(run("show", "rosa", "--json").stdout)
    assert rosa["last_contact"] == "2026-10-01"
    note.write_bytes(text.replace("- [ ] Share with [[Rosa]]", "- [x] Share with [[Rosa]]").encode())
    again = run("today", "--write")
    assert again.stdout.splitlines() == ["recorded act 3 as done", "unchanged Daily/2026-11-23.md"]  # (ticked already)
    assert "- 2026-11-23 shared something on heat pumps" in (vault / "People/Rosa.md").read_text(encoding="utf-8")
    after = note.read_bytes().decode()
    assert (
        after.startswith("Slept badly.\r\n- coffee with [[Ann]] at noon\r\n") and "- [x] Share with [[Rosa]]" in after
    )
    assert run("today", "--write").stdout == "unchanged Daily/2026-11-23.md\n"  # nothing done twice


def test_old_digest_drafts_nobody_edited_are_removed_and_no_other(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-01 call\n",
            "People/Bo.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-02 call\n",
            "People/Cy.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-03 call\n",
            "People/Di.md": "---\ncircle: inner\n---\n## Log\n- 2026-09-04 call\n",
        },
    )
    assert run("digest", today="2026-11-16").exit_code == 0  # last week's, with drafts
    drafts = vault / "Drafts"
    old = {p.name for p in drafts.glob("*.md")}
    assert old == {f"2026-11-16 {n} - checkin.md" for n in ("Ann", "Bo", "Cy", "Di")}
    edited = drafts / "2026-11-16 Bo - checkin.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Hi Bo,", "Hi Bo, long time!"), encoding="utf-8")
    write(vault, {"Daily/2026-11-20.md": "Must send [[Drafts/2026-11-16 Cy - checkin]] soon\n"})
    assert run("draft", "di", "--template", "thanks", today="2026-11-16").exit_code == 0  # yours, asked for
    result = run("digest")
    assert "removed Drafts/2026-11-16 Ann - checkin.md: an old draft nobody edited or linked to" in result.stdout
    assert "removed Drafts/2026-11-16 Di - checkin.md: an old draft nobody edited or linked to" in result.stdout
    left = {p.name for p in drafts.glob("*.md")}
    assert {"2026-11-16 Bo - checkin.md", "2026-11-16 Cy - checkin.md", "2026-11-16 Di - thanks.md"} <= left
    assert "2026-11-16 Ann - checkin.md" not in left
    assert all(name.startswith("2026-11-23") or name in {
        "2026-11-16 Bo - checkin.md", "2026-11-16 Cy - checkin.md", "2026-11-16 Di - thanks.md"
    } for name in left)  # fmt: skip


def test_a_file_edited_while_it_is_being_removed_is_kept(tmp_path: Path) -> None:
    from vaultnet import notefile

    path = tmp_path / "draft.md"
    path.write_bytes(b"as written\n")
    assert notefile.remove_if_unchanged(path, b"as written\n") and not path.exists()
    path.write_bytes(b"edited by you\n")
    assert not notefile.remove_if_unchanged(path, b"as written\n")
    assert path.read_bytes() == b"edited by you\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]  # nothing left aside


def test_a_dataview_field_in_a_log_line_says_gave_or_asked(vault: Path, run: Runner) -> None:
    write(
        vault, {"People/Ben.md": "## Log\n- 2026-11-20 lunch [asked:: a referral]\n- 2026-11-02 call [gave:: a lead]\n"}
    )
    balance = json.loads(run("show", "ben", "--json").stdout)["balance"]
    assert (balance["gave"], balance["asked"], balance["asked_since_gave"]) == (1, 1, 1)


def test_tags_say_hard_times_and_list_membership(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Eve.md": "---\ntags: [tough-time, network-of-90]\n---\n## Log\n- 2026-10-01 call\n",
            "People/Fay.md": "---\ncircle: network\n---\n",
        },
    )
    care = acts(run)["care"]
    assert (names(care), care["why"]) == (["Eve"], "2026-10-01: tagged tough-time")
    assert lists(run)[1]["size"] == 2  # Fay by her circle, Eve by her tag
