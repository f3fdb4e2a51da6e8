"""Judgement on vaults written the way real ones are: what vaultnet suggests must be what a
careful person reading the notes would suggest, and where the notes do not say, nothing.

Each case is a small vault shaped like one people keep (a journal's list of people, a
family member, a partner of years whose log starts late, the owner's own note).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Runner, write


def due(run: Runner, *args: str) -> list[tuple[str, str]]:
    result = run("due", "--json", *args)
    assert result.exit_code == 0, result.output
    return [(item["name"], item["reason"]) for item in json.loads(result.stdout)]


def followups(run: Runner) -> list[str]:
    return [name for name, reason in due(run, "--within", "30d") if reason == "followup"]


# --- a follow-up after a first meeting needs evidence that it was one ----------------------


def test_a_mother_listed_in_a_journal_is_no_first_meeting(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Mom.md": "# Mom\n\nCalls on Sundays.\n",
            "People/Lazar.md": "",
            "Daily/2026-11-20.md": "- **People:** [[Lazar]] · [[Mom]]\n- Lunch with [[Mom]], she liked the garden\n",
        },
    )
    assert followups(run) == []


def test_a_partner_of_years_whose_log_starts_late_is_no_first_meeting(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Sam Lee.md": "---\ncircle: network\n---\n## Log\n- 2026-11-18 dinner at home, talked about the move\n"
        },
    )
    assert due(run, "--within", "30d") == []  # quarterly from the 18th: not yet


def test_a_contact_added_without_where_you_met_and_then_logged_is_no_first_meeting(vault: Path, run: Runner) -> None:
    assert run("add", "Ann Lee", "--email", "ann@x.org").exit_code == 0
    assert run("log", "ann", "coffee: talked about her new role", today="2026-11-20").exit_code == 0
    assert followups(run) == []


def test_add_with_where_you_met_is_evidence_of_a_first_meeting(vault: Path, run: Runner) -> None:
    assert run("add", "Ann Lee", "--met", "PyCon", today="2026-11-18").exit_code == 0
    assert due(run) == [("Ann Lee", "followup")]  # met on the 18th, three days on
    assert run("log", "ann", "email: sent her the slides", today="2026-11-22").exit_code == 0
    assert followups(run) == []  # followed up


def test_a_log_whose_first_entry_says_you_met_is_evidence(vault: Path, run: Runner) -> None:
    write(vault, {"People/Bo Chen.md": "## Log\n- 2026-11-17 met at the climate meetup, works on heat pumps\n"})
    assert due(run) == [("Bo Chen", "followup")]


def test_a_first_meeting_said_in_a_log_is_none_when_you_talked_before(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Bo Chen.md": "## Log\n- 2026-11-17 met at the climate meetup\n",
            "Daily/2026-10-02.md": "Call with [[Bo Chen]] about the grant\n",
        },
    )
    assert followups(run) == []


def test_no_follow_up_for_the_inner_circle_family_or_anyone_archived(vault: Path, run: Runner) -> None:
    met = "met_on: 2026-11-18\n"
    write(
        vault,
        {
            "People/Ann.md": f"---\n{met}circle: inner\n---\n",
            "People/Ben.md": f"---\n{met}relationship: brother\n---\n",
            "People/Cy.md": f"---\n{met}tags: [family/cousin]\n---\n",
            "People/Di.md": f"---\n{met}status: archived\n---\n",
            "People/Ed.md": f"---\n{met}relationship: colleague\n---\n",
        },
    )
    assert followups(run) == ["Ed"]
    assert ("Ann", "cadence") in due(run, "--within", "60d")  # the inner circle's monthly check-in stands


# --- the vault's owner ---------------------------------------------------------------------


def owner_vault(vault: Path) -> None:
    write(
        vault,
        {
            ".vaultnet/config.toml": '[user]\nname = "Jo Park"\nemail = "jo@park.example"\n',
            "People/Jo Park.md": "---\ncadence: weekly\nbirthday: 11-25\nmet_on: 2026-11-18\n"
            "offers: [product strategy reviews]\n---\n- [ ] renew my passport 📅 2026-11-24\n",
            "People/Maya.md": "---\ncircle: network\nneeds: [product strategy review]\n---\n## Log\n- 2026-11-02 coffee\n",
            "People/Oliver.md": "---\ncircle: network\noffers: [product strategy]\n---\n## Log\n- 2026-11-01 call\n",
        },
    )


def test_the_owner_is_never_due(vault: Path, run: Runner) -> None:
    owner_vault(vault)
    assert [name for name, _ in due(run, "--within", "30d")] == []


def test_the_owner_is_found_by_email_too(vault: Path, run: Runner) -> None:
    owner_vault(vault)
    write(
        vault,
        {
            ".vaultnet/config.toml": '[user]\nemail = "JO@park.example"\n',
            "People/Jo Park.md": "---\nemail: jo@park.example\ncadence: weekly\n---\n",
        },
    )
    assert due(run, "--within", "30d") == []


def test_the_owner_is_in_no_digest_and_no_introduction(vault: Path, run: Runner) -> None:
    owner_vault(vault)
    assert run("digest", "--no-drafts").exit_code == 0
    digest = (vault / "Digests" / "2026-W48.md").read_text(encoding="utf-8")
    assert "Jo Park" not in digest
    assert "[[Maya]]" in digest and "[[Oliver]]" in digest  # the introduction that is not with yourself
    result = run("intro", "maya", "--stdout")
    assert result.exit_code == 0, result.output
    assert "Introduction: Maya and Oliver" in result.stdout  # (signed by Jo Park, who makes it)


# --- a mention is no conversation ----------------------------------------------------------


def last_contacts(run: Runner) -> dict[str, str | None]:
    result = run("list", "--json")
    assert result.exit_code == 0, result.output
    return {c["name"]: c["last_contact"] for c in json.loads(result.stdout)}


def test_only_lines_that_say_you_talked_are_conversations(vault: Path, run: Runner) -> None:
    names = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida"]
    write(vault, {f"People/{n}.md": "" for n in names})
    write(
        vault,
        {
            "Daily/2026-11-20.md": "\n".join(
                [
                    "Lunch with [[Ann]], she is moving to Lisbon",  # prose: a conversation
                    "- [x] Called [[Bo]] about the edit",  # done: it happened
                    "- [ ] Call [[Cy]] about the contract",  # a to-do: a promise
                    "- **People:** [[Di]] · [[Ed]]",  # a list of links
                    "| [[Flo]] | edit | in progress |",  # a tracker's row
                    "Attendees: [[Gus]]",  # a label that says they were there
                    "## Related",
                    "- coffee with [[Hal]] last spring",  # under Related: a footer
                    "See also: [[Ida]]",
                    "",
                ]
            )
        },
    )
    talked = {name for name, day in last_contacts(run).items() if day == "2026-11-20"}
    assert talked == {"Ann", "Bo", "Gus"}
    assert [p["text"] for p in json.loads(run("show", "cy", "--json").stdout)["promises"]] == [
        "Call Cy about the contract"
    ]


def test_which_headings_hold_mentions_is_configurable(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            ".vaultnet/config.toml": 'mention_headings = ["Gratitude"]\n',
            "People/Ann.md": "",
            "People/Bo.md": "",
            "Daily/2026-11-20.md": "## Gratitude\n- thankful for [[Ann]] and her help\n## Related\n- chat with [[Bo]]\n",
        },
    )
    assert last_contacts(run) == {"Ann": None, "Bo": "2026-11-20"}


# --- who is a contact, and by what name ------------------------------------------------------


def names(run: Runner) -> dict[str, str]:
    result = run("list", "--json")
    assert result.exit_code == 0, result.output
    return {c["path"]: c["name"] for c in json.loads(result.stdout)}


def test_a_folder_per_person_vault_is_read(vault: Path, run: Runner) -> None:
    """`data/person/<slug>/index.md` with `person: Alice Formwalt`, as a static-site
    knowledge base keeps people: found without a config line, named, and linked to."""
    write(
        vault,
        {
            "data/person/alice-formwalt/index.md": "---\nperson: Alice Formwalt\nfirm: Formwalt & Co\n---\nNotes.\n",
            "data/person/todd-hartley/README.md": "---\nemail: todd@h.example\n---\n# Todd Hartley\n",
            "data/person/group/index.md": "# People we met at the fair\n",  # a group's index: nobody
            "Daily/2026-11-20.md": "Coffee with [[alice-formwalt]] about the launch\n",
        },
    )
    assert names(run) == {
        "data/person/alice-formwalt/index.md": "Alice Formwalt",
        "data/person/todd-hartley/README.md": "Todd Hartley",
    }
    shown = run("show", "Todd Hartley")
    assert shown.exit_code == 0 and shown.stdout.startswith("Todd Hartley  (data/person/todd-hartley/README.md)")
    alice = json.loads(run("show", "alice", "--json").stdout)
    assert alice["last_contact"] == "2026-11-20"  # [[alice-formwalt]] is her folder's note
    assert alice["fields"]["firm"] == "Formwalt & Co"
    assert "Alice Formwalt" in run("list", "company:formwalt").stdout  # `firm:` is the company


@pytest.mark.parametrize(
    ("file", "text", "name"),
    [
        ("todd-hartley.md", "# Todd Hartley\n\nMet at a meetup.\n", "Todd Hartley"),
        ("todd-hartley.md", "---\ntitle: Todd J. Hartley\n---\n", "Todd J. Hartley"),
        ("todd-hartley.md", "# Meeting notes\n", "Todd Hartley"),  # a heading that is not his name
        ("ac-dc.md", "", "Ac Dc"),
        ("Ann Lee.md", "# Someone else\n", "Ann Lee"),  # a file named as a name keeps it
        ("Ann Lee.md", "---\nperson: true\n---\n", "Ann Lee"),  # a flag, not a name
    ],
)
def test_a_slug_named_note_is_named_as_people_write_names(
    vault: Path, run: Runner, file: str, text: str, name: str
) -> None:
    write(vault, {f"People/{file}": text})
    assert names(run) == {f"People/{file}": name}


def test_field_names_people_use(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\naliases:\nalias: Annie\nfirm: Acme\nlast-contacted-at: 2026-11-02\n---\n",
        },
    )
    ann = json.loads(run("show", "annie", "--json").stdout)
    assert (ann["name"], ann["aliases"], ann["last_contact"]) == ("Ann", ["Annie"], "2026-11-02")
    assert "Acme" in run("list", "company:acme").stdout


def test_a_note_whose_frontmatter_obsidian_cannot_read_is_still_a_contact(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Boss.md": "---\nTags: [#People, [[Boss]]]\n---\n## Log\n- 2026-11-10 1:1, talked about the reorg\n",
            "Daily/2026-11-12.md": "Lunch with [[Boss]], went well\n",
        },
    )
    result = run("list", "--json")
    boss = json.loads(result.stdout)[0]
    assert (boss["name"], boss["last_contact"]) == ("Boss", "2026-11-12")
    assert "People/Boss.md:2: frontmatter is not valid YAML" in result.stderr
    check = run("check").stdout
    assert "People/Boss.md:2: error: frontmatter is not valid YAML" in check
    assert "resolves to no note" not in check
    refused = run("log", "boss", "call: budget")
    assert refused.exit_code == 1 and "will not edit it until that is fixed" in refused.stderr


# --- drafts ----------------------------------------------------------------------------------


def draft(run: Runner, name: str, *args: str) -> str:
    result = run("draft", name, "--stdout", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_draft_recalls_a_note_as_a_reminder_never_as_the_email(vault: Path, run: Runner) -> None:
    long_note = "she wants intros to investors. " + "Her husband is ill and she is worried about money. " * 5
    write(vault, {"People/Ann Lee.md": f"---\ncircle: network\n---\n## Log\n- 2026-09-01 coffee: {long_note}\n"})
    text = draft(run, "ann", "--template", "checkin")
    assert "[last time, September 1, you noted: coffee: she wants intros to investors.]" in text
    assert "worried" not in text  # the first sentence, never the whole private note


def test_the_way_a_conversation_was_had_is_said_once(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "---\nmet_on: 2026-11-20\nhow_met: the venue\n---\n## Log\n"})
    assert (
        run("log", "ann", "coffee at the venue, talked about kilns", "--via", "coffee", today="2026-11-20").exit_code
        == 0
    )
    assert "- 2026-11-20 coffee at the venue, talked about kilns\n" in (vault / "People/Ann.md").read_text()
    assert "coffee: coffee" not in draft(run, "ann", "--template", "followup")


def test_a_draft_greets_by_a_name_not_by_punctuation(vault: Path, run: Runner) -> None:
    write(vault, {"People/AC-DC.md": "---\nname: 'AC/DC:'\n---\n"})
    assert "Hi AC/DC,\n" in draft(run, "ac/dc")


def test_an_introduction_you_logged_is_not_recalled_as_a_conversation(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "---\nmet_on: 2026-11-19\nhow_met: PyCon\n---\n## Log\n- 2026-11-19 met at PyCon, works on kilns\n",
            "People/Lukasz.md": "",
        },
    )
    assert run("intro", "ann", "lukasz", "--log").exit_code == 0
    text = draft(run, "ann", "--template", "followup")
    assert "introduced" not in text and "works on kilns" in text


# --- check --explain ---------------------------------------------------------------------------


def explained(run: Runner, name: str) -> dict:  # type: ignore[type-arg]
    result = run("check", "--explain", name, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_explain_tells_why_a_contact_where_talks_came_from_and_what_was_not_counted(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Mom.md": "---\nrelationship: mother\ncircle: inner\n---\n",
            "Daily/2026-11-20.md": "Lunch with [[Mom]] in the garden\n- **People:** [[Mom]]\n## Related\n- [[Mom]]\n",
        },
    )
    mom = explained(run, "mom")
    assert (mom["contact"], mom["why"]) == (True, "it is in the contact folder People/")
    assert [(t["path"], t["line"], t["source"]) for t in mom["conversations"]] == [("Daily/2026-11-20.md", 1, "daily")]
    assert [(m["line"], m["why"]) for m in mom["not_counted"]] == [
        (2, "a bare link or list of links, saying nothing of a talk"),
        (4, "under the heading 'Related', where people are mentioned (mention_headings)"),
    ]
    assert mom["first_meeting"] == "no first-meeting follow-up is ever owed: in the inner circle"
    assert mom["due"].startswith("next due 2026-12-20: cadence (monthly; last contact 2026-11-20)")
    text = run("check", "--explain", "mom").stdout
    assert "Not counted as conversations (2):" in text and "First meeting:" in text


def test_explain_tells_why_a_note_is_no_contact(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann Lee/Ann Lee.md": "---\nemail: ann@x.org\n---\n",
            "People/Ann Lee/Gift ideas.md": "- [ ] scarf\n",
            "People/Acme.md": "---\ntype: company\n---\n",
            "Projects/Launch.md": "",
        },
    )
    assert explained(run, "Gift ideas")["why"].startswith("it is a note about Ann Lee kept in their folder")
    acme = explained(run, "Acme")
    assert (acme["contact"], acme["why"]) == (
        False,
        "its `type:` says it is no person (a company, an index, a meeting…)",
    )
    assert explained(run, "launch")["why"].startswith("it is in no contact folder")
    missing = run("check", "--explain", "Nobody")
    assert missing.exit_code == 1 and "no note named 'Nobody'" in missing.stderr


def test_explain_says_on_what_evidence_a_follow_up_is_owed(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Bo.md": "## Log\n- 2026-11-17 met at the climate meetup\n",
            "People/Cy.md": "## Log\n- 2026-11-17 dinner at home\n",
        },
    )
    assert explained(run, "bo")["first_meeting"].startswith("first met 2026-11-17 (the log's first entry says so")
    assert explained(run, "bo")["due"].startswith("next due 2026-11-20: followup")
    assert explained(run, "cy")["first_meeting"].startswith("no evidence of a first meeting")
    assert explained(run, "cy")["due"] == "nothing scheduled: no `cadence:`, and no `circle:` to give one"


# --- dates people write ------------------------------------------------------------------------


def test_a_bold_day_with_a_label_reads_as_the_day_and_the_words(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "## Log\n- **2026-06-30 deal:** wants bundles\n"})
    talks = json.loads(run("show", "ann", "--json").stdout)["interactions"]
    assert [(t["date"], t["text"]) for t in talks] == [("2026-06-30", "deal: wants bundles")]


def test_dated_lines_under_the_title_alone_are_named_not_ignored(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "# Ann\n- 2026-06-30 call about bundles\n"})
    assert "People/Ann.md:2: warning: dated lines under no heading are not read" in run("check").stdout


def test_a_meeting_note_named_for_its_day_and_time_is_that_days(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/John Doe.md": "",
            "Meetings/2022-10-10_0937.md": "participants:: [[John Doe]]\n\nWent through the roadmap.\n",
            "Meetings/2022-10-11 2.md": "with [[John Doe]]\n",  # `… 2`: a copy's number, no time
        },
    )
    assert last_contacts(run) == {"John Doe": "2022-10-10"}


# --- daily notes not found; false warnings --------------------------------------------------


def test_a_renamed_obsidian_config_folder_still_says_where_the_days_are(tmp_path: Path, run: Runner) -> None:
    vault = tmp_path / "renamed"
    write(
        vault,
        {
            ".desktop/app.json": "{}",
            ".desktop/daily-notes.json": '{"folder": "Journal", "format": "MMMM Do, YYYY, dddd"}',
            "People/Ann.md": "",
            "Journal/April 21st, 2022, Thursday.md": "Coffee with [[Ann]], she starts at Acme\n",
        },
    )
    assert last_contacts(lambda *a, **k: run(*a, in_vault=vault, **k)) == {"Ann": "2022-04-21"}


def test_days_named_in_a_format_nobody_set_are_said_in_check(vault: Path, run: Runner) -> None:
    days = ["April 21st, 2022, Thursday", "April 22nd, 2022, Friday", "April 25th, 2022, Monday"]
    days += ["April 26th, 2022, Tuesday", "April 27th, 2022, Wednesday"]
    write(vault, {f"Journal/{d}.md": "Coffee with [[Ann]]\n" for d in days})
    write(vault, {"People/Ann.md": "", "People/Bo.md": "", "People/Cy.md": ""})
    assert "Ann" not in {n for n, day in last_contacts(run).items() if day}
    hint = [line for line in run("check").stdout.splitlines() if "are named for days" in line]
    assert hint == [
        "Journal/April 21st, 2022, Thursday.md: warning: 5 notes are named for days as this one is, but are not"
        ' read as daily notes, and 3 of 3 people have no conversation: set [daily] format = "MMMM Do, YYYY, dddd"'
        ' and folder = "Journal" in .vaultnet/config.toml'
    ]
    write(vault, {".vaultnet/config.toml": '[daily]\nfolder = "Journal"\nformat = "MMMM Do, YYYY, dddd"\n'})
    assert last_contacts(run)["Ann"] == "2022-04-27"
    assert "named for days" not in run("check").stdout


def test_links_in_fields_that_name_no_person_are_not_called_broken(vault: Path, run: Runner) -> None:
    write(
        vault,
        {"People/Ann.md": "---\nHow We Met: '[[LinkedIn]]'\nBirthday: '[[February 7th]]'\nspouse: '[[Jo Roe]]'\n---\n"},
    )
    assert run("check").stdout.splitlines() == ["People/Ann.md:4: warning: link [[Jo Roe]] resolves to no note"]


def test_in_a_logseq_graph_a_link_is_a_page(vault: Path, run: Runner) -> None:
    write(vault, {"logseq/config.edn": "{}", "pages/Ann.md": "type:: person\n- met [[Sam Rossi]] at the fair\n"})
    assert run("check").stdout == ""


def test_find_keeps_a_notes_own_bold_apart_from_what_it_found(vault: Path, run: Runner) -> None:
    write(vault, {"People/Ann.md": "Runs a **Dog**-business and a **cat** shelter.\n"})
    out = run("find", "dog", "business").stdout
    assert "****" not in out and "**Dog**-**business**" in out


def test_a_journal_notes_day_sections_are_conversations_on_their_days(vault: Path, run: Runner) -> None:
    write(
        vault,
        {
            "People/Ann.md": "",
            "People/Bo.md": "",
            "Journal/2021.md": (
                "# Journal 2021\nWhat I want from this year, with [[Ann]].\n"
                "### [[September 5th, 2021, Sunday]]\n- Coffee with [[Ann]] at the market\n- [[Bo]]\n"
                "### 2021-09-07\nCall with [[Bo]] about the grant\n## Ideas\n- ask [[Ann]] about kilns\n"
            ),
        },
    )
    assert last_contacts(run) == {"Ann": "2021-09-05", "Bo": "2021-09-07"}
    ann = json.loads(run("show", "ann", "--json").stdout)["interactions"]
    assert [(t["date"], t["text"], t["source"]) for t in ann] == [
        ("2021-09-05", "Coffee with Ann at the market", "journal")
    ]


@pytest.mark.parametrize(
    ("path", "a_talk"),
    [
        ("Reading/2022-03-10 Sapiens.md", False),  # a note that carries a date: no day's events
        ("Projects/2023-01-05 Budget.md", False),
        ("Projects/2023-05-01 Kickoff with Acme.md", True),  # what happened that day
        ("Notes/2026-11-03 Coffee with Ann.md", True),
        ("Meetings/2026-11-10 Pricing.md", True),  # a folder of meetings
        ("Notes/2026-11-03 Tuesday.md", True),
        ("Daily/2026-11-03 Sapiens.md", True),  # in the daily notes' folder, what it is called aside
    ],
)
def test_a_note_named_for_a_day_tells_of_it_only_when_it_says_so(
    vault: Path, run: Runner, path: str, a_talk: bool
) -> None:
    write(vault, {"People/Yuval Harari.md": "", path: "Lunch with [[Yuval Harari]], who wrote it\n"})
    assert (last_contacts(run)["Yuval Harari"] is not None) is a_talk


def test_one_bad_frontmatter_line_hides_only_itself(vault: Path, run: Runner) -> None:
    write(vault, {"Notes/Boss.md": "---\ntype: person\nemail: boss@x.org\nTags: [#People, [[Boss]]]\n---\n"})
    boss = json.loads(run("list", "--json").stdout)
    assert [(c["name"], c["emails"]) for c in boss] == [("Boss", ["boss@x.org"])]
    assert "frontmatter is not valid YAML" in run("check").stdout
