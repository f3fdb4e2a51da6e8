"""parse_note: from one note's bytes to what the index stores."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vaultnet.parse as parse_module
from vaultnet.edits import item_day
from vaultnet.model import Contact
from vaultnet.parse import ParseOptions, daily_date_of, parse_note

OPTS = ParseOptions(contact_folders=("People",), log_headings=("Log", "Interactions"))


def parse(text: str | bytes, path: str = "People/Jane Doe.md", opts: ParseOptions = OPTS):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_note(path, data, opts)


def errors(note) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in note.problems if p.severity == "error"]


# --- frontmatter and encodings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "frontmatter", "name"),
    [
        ("People/202611031230 Wes Li.md", "", "Wes Li"),  # a Zettelkasten ID before the name
        ("People/20261103123001_Wes Li.md", "", "Wes Li"),
        ("People/202611031230.md", "title: Uma Vo", "Uma Vo"),  # the ID alone: its title
        ("People/202611031230.md", "", "202611031230"),
        ("People/2026 Plans.md", "", "2026 Plans"),  # no ID
        ("People/202611031230 Wes Li.md", "name: Wesley Li", "Wesley Li"),  # `name:` says
        ("People/Uma Vo.md", "title: CTO", "Uma Vo"),  # a title beside a name is a job's
    ],
)
def test_a_zettelkasten_id_is_no_part_of_a_name(path: str, frontmatter: str, name: str) -> None:
    assert parse(f"---\n{frontmatter}\n---\n" if frontmatter else "", path=path).name == name


def test_name_defaults_to_file_name_and_fields_keep_their_order() -> None:
    note = parse("---\nrole: CTO\ncompany: Acme\n---\nbody\n")
    assert note.kind == "contact"
    assert note.name == "Jane Doe"
    assert list(note.fields) == ["role", "company"]


def test_yaml_1_1_surprises_stay_as_written() -> None:
    note = parse("---\ncountry: NO\nzip: 01234\nphone: +4915112345678\nanswer: yes\ntime: 1:30\nok: true\n---\n")
    assert note.fields["country"] == "NO"
    assert note.fields["zip"] == "01234"
    assert note.fields["phone"] == "+4915112345678"
    assert note.fields["answer"] == "yes"
    assert note.fields["time"] == "1:30"
    assert note.fields["ok"] is True


def test_yaml_date_quoted_date_and_datetime_all_read_as_dates() -> None:
    from vaultnet.dates import parse_date

    note = parse('---\na: 2026-11-03\nb: "2026-11-03"\nc: 2026-11-03T10:30:00\nd: 2026-11-03 10:30\n---\n')
    assert {k: parse_date(v) for k, v in note.fields.items()} == dict.fromkeys("abcd", date(2026, 11, 3))


def test_an_unquoted_date_link_in_a_date_field_is_that_date() -> None:
    """`last_contact: [[2026-11-02]]` is a list in a list to YAML; people mean the day."""
    note = parse("---\nlast_contact: [[2026-11-02]]\nmet_on: [[2026-10-01]]\nbirthday: [[1988-11-27]]\n---\n")
    assert errors(note) == []
    assert (note.last_contact, note.met_on, note.birthday) == ("2026-11-02", "2026-10-01", "11-27")


def test_a_value_that_is_no_date_is_shown_as_written() -> None:
    note = parse("---\nlast_contact: [[2026-11-02, 2026-11-03]]\n---\n")
    assert errors(note) == [(2, "last_contact: not a date: [[2026-11-02, 2026-11-03]] (write YYYY-MM-DD)")]


def test_crlf_and_bom_are_read_like_lf() -> None:
    lf = "---\nname: Jane\n---\n## Log\n- 2026-11-03 coffee\n"
    crlf = b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode()
    a, b = parse(lf), parse(crlf)
    assert a.fields == b.fields == {"name": "Jane"}
    assert [(e.date, e.line, e.text) for e in b.log] == [(date(2026, 11, 3), 5, "coffee")]
    assert a.log == b.log


def test_utf16_with_bom_is_read() -> None:
    text = "---\nname: Zoë\n---\n"
    note = parse(text.encode("utf-16"))
    assert note.name == "Zoë"


def test_empty_file_is_a_contact_without_fields() -> None:
    note = parse(b"")
    assert note.kind == "contact" and note.fields == {} and note.problems == []


def test_non_utf8_is_an_error_with_its_line() -> None:
    note = parse("---\nname: Ren\xe9\n---\n".encode("latin-1"))
    assert note.kind == "error"
    assert errors(note)[0][0] == 2
    assert "not UTF-8" in errors(note)[0][1]


def test_unclosed_frontmatter_is_an_error_on_line_1() -> None:
    note = parse("---\nname: Jane\n\n## Log\n")
    assert note.kind == "error"
    assert errors(note) == [
        (1, "frontmatter opened with --- on line 1 is never closed (add a line with --- where the frontmatter ends)")
    ]


def test_bad_yaml_names_the_line() -> None:
    note = parse("---\nname: Jane\nrole: [CTO\ncompany: Acme\n---\n")
    # Still read, as Obsidian still shows it (issue 16), and never edited until fixed.
    # The lines that can be read alone still are (`role: [CTO` hides only itself).
    assert (note.kind, note.frontmatter_error, note.fields) == ("contact", True, {"name": "Jane", "company": "Acme"})
    line, message = errors(note)[0]
    assert line == 3
    assert "not valid YAML" in message


@pytest.mark.parametrize(
    ("frontmatter", "reason"),
    [
        ("k: " + "[" * 5000 + "]" * 5000, "nested more than 64 deep"),
        ("".join("  " * i + "k:\n" for i in range(200)), "nested more than 64 deep"),
        ("k: &a [*a]", "nested more than 64 deep"),  # a list inside itself
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh")),
            "YAML aliases (*name) repeat values",  # 9^8 values from ten lines
        ),
    ],
)
def test_frontmatter_too_deep_or_too_large_is_refused(frontmatter: str, reason: str) -> None:
    note = parse(f"---\n{frontmatter}\n---\n## Log\n- 2026-11-03 call\n")
    assert note.kind == "error"
    [(line, message)] = errors(note)
    assert line == 1 and message.startswith("frontmatter cannot be read: ") and reason in message


def test_aliases_within_reason_are_read() -> None:
    note = parse("---\nbase: &b {industry: climate}\nwork: &w [Acme, Beta]\npast: *w\nnow:\n  <<: *b\n---\n")
    assert note.fields["past"] == ["Acme", "Beta"] and note.fields["now"] == {"industry": "climate"}
    assert errors(note) == []


def test_yaml_tab_indentation_error_points_inside_frontmatter() -> None:
    note = parse("---\nname: Jane\ntags:\n\t- a\n---\n")
    # Still read, as Obsidian still shows it (issue 16), and never edited until fixed.
    assert (note.kind, note.frontmatter_error, note.fields) == ("contact", True, {"name": "Jane"})
    assert 2 <= errors(note)[0][0] <= 4


def test_frontmatter_that_is_a_list_is_an_error() -> None:
    note = parse("---\n- a\n- b\n---\n")
    # Still read, as Obsidian still shows it (issue 16), and never edited until fixed.
    assert (note.kind, note.frontmatter_error, note.fields) == ("contact", True, {})


def test_impossible_date_is_kept_as_text_and_reported() -> None:
    note = parse("---\nmet_on: 2026-02-30\nrole: CTO\n---\n")
    assert note.kind == "contact"
    assert note.fields["met_on"] == "2026-02-30"
    assert errors(note) == [(2, "met_on: impossible date '2026-02-30'")]


def test_unknown_cadence_is_reported_with_its_line() -> None:
    note = parse("---\nname: Jane\ncadence: montly\n---\n")
    assert errors(note)[0][0] == 3
    assert "unknown cadence 'montly'" in errors(note)[0][1]


def test_conflict_markers_are_reported() -> None:
    note = parse("---\nname: Jane\n---\n## Log\n<<<<<<< HEAD\n- 2026-11-03 a\n=======\n- 2026-11-04 b\n>>>>>>> other\n")
    assert (5, "git conflict markers (<<<<<<< … >>>>>>>): resolve the merge") in errors(note)


def test_setext_heading_underline_is_not_a_conflict() -> None:
    note = parse("Title\n=======\n")
    assert note.problems == []


# --- who is a contact ---------------------------------------------------------------------


def test_type_person_outside_people_is_a_contact() -> None:
    assert parse("---\ntype: person\n---\n", path="Clients/Rosa.md").kind == "contact"
    assert parse("---\ntype: '[[Person]]'\n---\n", path="x.md").kind == "contact"


def test_recognised_fields_in_camel_case_or_as_crm_templates_name_them() -> None:
    note = parse(
        "---\nlastContact: 2026-10-01\nmetOn: 2026-05-01\nhowMet: ICRA dinner\nemailAddress: m@uni.edu\n"
        "contactFrequency: 1 month\njobTitle: Professor\ncell: +351 912\nfullName: Maria Silva\n---\n"
    )
    assert note.name == "Maria Silva"
    assert (note.last_contact, note.met_on, note.cadence, note.emails) == (
        "2026-10-01",
        "2026-05-01",
        "1m",
        ["m@uni.edu"],
    )
    contact = Contact(path=note.path, name=note.name, fields=note.fields)
    assert [contact.field(k) for k in ("how_met", "role", "phone")] == ["ICRA dinner", "Professor", "+351 912"]
    assert list(note.fields)[:2] == ["lastContact", "metOn"]  # shown as written
    assert parse("---\niPhone: yes\nURL: x\n---\n").names == {}  # not humps of a field's name


def test_recognised_fields_under_other_names_as_real_vaults_write_them() -> None:
    note = parse(
        "---\nName: Ann Lee\nCadence: Monthly\nCircle: Inner\nDOB: 1988-11-27\nLast Contact: 2026-10-01\n"
        "E-mail: ann@acme.com\nTags: [investor]\nmet-on: 2026-02-30\n---\n"
    )
    assert (note.name, note.cadence, note.circle, note.birthday, note.last_contact) == (
        "Ann Lee",
        "monthly",
        "inner",
        "11-27",
        "2026-10-01",
    )
    assert note.emails == ["ann@acme.com"] and note.tags == ["investor"]
    assert errors(note) == [(9, "met-on: impossible date '2026-02-30'")]  # named as written, on its line
    assert list(note.fields) == ["Name", "Cadence", "Circle", "DOB", "Last Contact", "E-mail", "Tags", "met-on"]
    bad = parse("---\nrole: x\nCadence: montly\n---\n")
    assert errors(bad) == [
        (
            3,
            "unknown cadence 'montly' (use weekly, biweekly, monthly, quarterly, yearly, none, or a span like 14d, 6w, 3m)",
        )
    ]


def test_dataview_fields_on_lines_of_their_own_are_fields_where_the_frontmatter_is_silent() -> None:
    note = parse(
        "---\ncompany: Beta\n---\n# Ann\n"
        "company:: Gamma\nCadence:: monthly\nCircle:: inner\nmet_on:: 2026-02-30\ntype :: person\n"
        "```\nhidden:: no\n```\n## Log\n- 2026-11-01 call mood:: fine\n- role:: in a list\n"
        "  - nested:: not the page's\n* Phone:: +1 555\n",
        path="Notes/Ann.md",
    )
    assert note.kind == "contact"  # `type:: person`, inline
    assert note.fields == {
        "company": "Beta",
        "Cadence": "monthly",
        "Circle": "inner",
        "met_on": "2026-02-30",
        "type": "person",
        "role": "in a list",  # a list item of its own, as Dataview reads it
        "Phone": "+1 555",
    }
    assert (note.cadence, note.circle) == ("monthly", "inner")
    assert errors(note) == [(8, "met_on: impossible date '2026-02-30'")]  # the line in the body
    assert [e.text for e in note.log] == ["call mood:: fine"]


@pytest.mark.parametrize(
    ("frontmatter", "kind"),
    [
        ("Type: Client", "contact"),  # the relationship, not what the note is
        ("type: client", "contact"),
        ("type: friend", "contact"),
        ("type: [colleague, mentor]", "contact"),
        ("type: company", "note"),  # what the note is: no person
        ("type: Organisation", "note"),
        ("type: '[[MOC]]'", "note"),
        ("type: [client, meeting]", "note"),
        ("type: note", "contact"),  # what a template may give every note, people's too
        ("type: resource", "contact"),
    ],
)
def test_a_type_in_people_takes_a_note_out_only_when_it_says_it_is_no_person(frontmatter: str, kind: str) -> None:
    assert parse(f"---\n{frontmatter}\n---\n", path="People/Ann.md").kind == kind


def test_a_field_under_its_own_name_wins_over_another_name_for_it() -> None:
    note = parse("---\nCircle: inner\ncircle: network\n---\n")
    assert note.circle == "network" and errors(note) == []


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (
            '+++\nname = "Ann"\n+++\nbody\n',
            (1, "frontmatter in TOML (+++) is not read: write it as YAML between --- lines"),
        ),
        (
            "\n\n---\ncompany: Beta\n---\nbody\n",
            (3, "a --- block below line 1 is not frontmatter: Obsidian reads it only on the first line"),
        ),
    ],
)
def test_frontmatter_neither_obsidian_nor_vaultnet_reads_is_pointed_out(text: str, warning: tuple[int, str]) -> None:
    note = parse(text)
    assert note.fields == {} and [(p.line, p.message) for p in note.problems] == [warning]


@pytest.mark.parametrize("text", ["\n---\nA thought between rules.\n---\n", "+++ not toml\n", "\n\nplain\n"])
def test_rules_and_pluses_that_are_not_frontmatter_are_not_warned_about(text: str) -> None:
    assert parse(text).problems == []


def test_other_type_inside_people_is_not_a_contact() -> None:
    assert parse("---\ntype: index\n---\n", path="People/Index.md").kind == "note"
    # A category groups people; it takes no one in People/ out of the contacts.
    assert parse("---\ncategories: ['[[Investors]]']\n---\n", path="People/Ann.md").kind == "contact"


@pytest.mark.parametrize(
    "frontmatter",
    ["categories:\n  - '[[People]]'\n  - '[[Investors]]'", "category: person", "categories: '[[Contacts]]'"],
)
def test_a_note_filed_by_category_as_obsidian_s_vault_template_does_is_a_contact(frontmatter: str) -> None:
    assert parse(f"---\n{frontmatter}\n---\n", path="Notes/Steph.md").kind == "contact"
    assert parse("---\ncategories: ['[[Books]]']\n---\n", path="Notes/Steph.md").kind == "note"


@pytest.mark.parametrize(
    ("frontmatter", "kind"),
    [
        ("tags: [person]", "contact"),
        ("tags: Person", "contact"),  # Obsidian's tags ignore case
        ("tags:\n  - friend\n  - people/colleague", "contact"),
        ("tags: [person/family]", "contact"),
        ("tags: '#person'", "contact"),
        ("tags: #person", "contact"),  # a YAML comment people mean as the tag (and are warned about)
        ("tags: [contact]", "contact"),
        ("tags: [contacts/investor]", "contact"),
        ("tags: [people]", "note"),  # a topic as often as a person
        ("tags: [personal, persona]", "note"),
        ("type: company\ntags: [person]", "note"),  # the type says what it is
    ],
)
def test_a_note_tagged_as_a_person_is_a_contact_wherever_it_is(frontmatter: str, kind: str) -> None:
    note = parse(f"---\n{frontmatter}\n---\n## Log\n- 2026-11-03 call\n", path="Notes/Steph.md")
    assert note.kind == kind
    assert [e.date.day for e in note.log] == ([3] if kind == "contact" else [])


@pytest.mark.parametrize(
    ("body", "path", "kind"),
    [
        ("# Ray Ng\n#person #climate\n", "Ray Ng.md", "contact"),
        ("# Sam\nTags: #climate, #person\n", "Notes/Sam.md", "contact"),
        ("- #Person\n", "Sam.md", "contact"),  # tags ignore case
        ("Lunch with a new #person today\n", "Lunch.md", "note"),  # a tag in a sentence
        ("#people/ray\n", "Lunch.md", "note"),  # how some mention a person
        ("#person\n", "Daily/2026-11-03.md", "daily"),
        ("#personal\n", "Sam.md", "note"),
    ],
)
def test_a_note_tagged_person_in_its_text_is_a_contact(body: str, path: str, kind: str) -> None:
    assert parse(body, path=path).kind == kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("People/People.md", "note"),  # the folder's own note, as folder-note plugins make it
        ("People/README.md", "note"),
        ("People/index.md", "note"),
        ("People/People MOC.md", "note"),
        ("People/_template.md", "note"),  # a template kept beside the people
        ("People/Person Template.md", "note"),
        ("People/Untitled 2.md", "note"),  # made by Obsidian, never named
        ("People/_Archive/Old Friend.md", "contact"),  # (a folder's name says nothing)
        ("People/Ann Lee/Ann Lee.md", "contact"),  # a person's own folder holds the person
        ("People/Peoples.md", "contact"),
        ("People/Ann Lee/2026-11-03 Coffee.md", "daily"),  # a note of a day with her: no person
        ("People/2026-11-03.md", "daily"),
        ("People/2026 Intern.md", "contact"),
    ],
)
def test_an_index_of_the_contact_folder_is_no_contact(path: str, kind: str) -> None:
    assert parse("", path=path).kind == kind
    assert parse("---\ntype: person\n---\n", path=path).kind == "contact"  # unless it says so


def test_subfolders_of_people_hold_contacts() -> None:
    assert parse("", path="People/Work/Bob.md").kind == "contact"
    assert parse("", path="Peoplex/Bob.md").kind == "note"


def test_tags_as_string_with_hashes_and_body_tags() -> None:
    note = parse("---\ntags: '#investor, #climate vc'\n---\nLoves #sailing but not `#code` or #123\n")
    assert note.tags == ["investor", "climate", "vc", "sailing"]


def test_a_contact_card_at_the_top_of_a_note_gives_what_the_frontmatter_does_not() -> None:
    """Plain Markdown editors (and Notion's export) leave a card of `Key: value` lines."""
    note = parse(
        "# Ann Lee\n**Email:** ann@acme.com\n- **Company**: Acme\nRole: CTO\nNote: met via Bo\nBirthday: March 4\n"
        "\nLoves jazz. Company: not this one\nPhone: not in the card\n## Log\n- 2026-11-03 coffee\n"
    )
    assert note.fields == {"Email": "ann@acme.com", "Company": "Acme", "Role": "CTO", "Birthday": "March 4"}
    assert (note.emails, note.birthday) == (["ann@acme.com"], "03-04")
    said = parse("---\ncompany: Real\n---\nCompany: Fake\nLocation: Oslo\n")
    assert said.fields == {"company": "Real", "Location": "Oslo"}  # the frontmatter says the company
    assert parse("Mood: good\nWeather: sunny\n", path="Daily/2026-11-03.md").fields == {}
    meeting = parse("Date: 2026-11-03\nAttendees: [[Ann Lee]], Bob\n\nNotes.\n", path="Meetings/Sync.md")
    assert meeting.meeting_date == date(2026, 11, 3)
    assert {link.key for link in meeting.links} == {"ann lee", "bob"}


def test_a_page_linked_as_a_tag_is_one_tag() -> None:
    note = parse("tags:: investor, [[climate tech]], #vc, [[]]\n", path="People/Pia.md")  # as Logseq writes them
    assert note.tags == ["investor", "climate tech", "vc"]


def test_emails_from_list_string_and_mailto() -> None:
    note = parse("---\nemails: [A@Example.com, 'b@example.org']\nemail: '[c](mailto:c@example.net)'\n---\n")
    assert note.emails == ["a@example.com", "b@example.org", "c@example.net"]


@pytest.mark.parametrize(
    ("value", "emails"),
    [
        ("ann@example.com.", ["ann@example.com"]),  # end of a sentence
        ("Ann <ann@ex.co.uk>; bob@example.org", ["ann@ex.co.uk", "bob@example.org"]),
        ("ann@example..com", []),
        ("ann@example", []),
        ("a" * 65 + "@example.com", []),  # longer than an address may be
    ],
)
def test_what_is_read_as_an_email_address(value: str, emails: list[str]) -> None:
    note = parse(f"---\nemail: '{value}'\n---\n")
    assert note.emails == emails
    assert bool(note.problems) == (not emails)


@pytest.mark.parametrize("unit", ["*", "a@", "a.", "a@b."])
def test_a_long_value_in_an_email_field_is_read(unit: str) -> None:
    """A value of one repeated character once made the address pattern retry from every
    position (100 KB took minutes); it is refused as no address, and the real one after it
    is found."""
    value = unit * 50_000 + " ann@example.com"
    note = parse(f"---\nemail: '{value}'\n---\n")
    assert note.emails[-1:] == ["ann@example.com"]


@pytest.mark.parametrize(
    "copy",
    [
        "Ann Lee.sync-conflict-20261103-142233-ABCDEF7",  # Syncthing
        "Ann Lee (conflicted copy)",  # Dropbox
        "Ann Lee (Jo's MacBook's conflicted copy 2026-11-03)",  # Dropbox
        "Ann Lee (conflicted copy 2026-11-03 142233)",  # Nextcloud
    ],
)
def test_a_sync_conflict_copy_is_no_second_person(copy: str) -> None:
    note = parse("---\nname: Ann Lee\n---\n## Log\n- 2026-11-03 call\n", path=f"People/{copy}.md")
    assert note.kind == "note"
    assert warnings_of(note) == [
        (None, "a sync conflict copy of People/Ann Lee.md: merge what it adds into that note, then delete it")
    ]


@pytest.mark.parametrize("stem", ["Conflict resolution", "Ann (conflict)", "Ann.sync-conflict"])
def test_notes_named_for_conflicts_are_still_people(stem: str) -> None:
    note = parse("---\nname: Ann\n---\n", path=f"People/{stem}.md")
    assert note.kind == "contact" and note.problems == []


# --- logs ---------------------------------------------------------------------------------


LOG_FORMS = """---
name: Jane
---
## Log
- 2026-11-03 coffee at Blue Bottle
- 2026-11-04: call about the round
- 2026-11-05 — lunch
- [[2026-11-06]] dinner
* 2026-11-07 met at the conference
+ **2026-11-08** bold date
1. 2026-11-09 numbered
- [2026-11-10](Daily/2026-11-10.md) markdown link date
- 2026/11/11 slashes
"""


def test_every_common_log_form_is_read() -> None:
    note = parse(LOG_FORMS)
    assert [(e.date.day, e.text) for e in note.log] == [
        (3, "coffee at Blue Bottle"),
        (4, "call about the round"),
        (5, "lunch"),
        (6, "dinner"),
        (7, "met at the conference"),
        (8, "bold date"),
        (9, "numbered"),
        (10, "markdown link date"),
        (11, "slashes"),
    ]
    assert [e.line for e in note.log] == list(range(5, 14))


@pytest.mark.parametrize(
    ("line", "day", "text"),
    [
        ("- [[Daily/2026-11-03]] call", 3, "call"),  # Obsidian's link format "path in vault"
        ("- [[Journal/2026/11/2026-11-03#Calls|Tue]]: call", 3, "call"),
        ("- [[2026-11-03#Notes]] call", 3, "call"),
        ("- ![[2026-11-03#Ann]] standup", 3, "standup"),  # the day's note embedded
        ("- `2026-11-03` email", 3, "email"),  # the day set in code
        ("- [2026-11-03] call", 3, "call"),
        ("- (2026-11-03) call", 3, "call"),
        ("- 2026-11-3 call", 3, "call"),
        ("- 2026-11-03T14:30 call", 3, "14:30 call"),
        ("- 2026-11-03：call", 3, "call"),  # a full-width colon
        ("- [[Daily/2026-02-30]] call", None, ""),  # impossible: reported
        ("- 03/11/2026 call", None, ""),  # day or month first? not guessed
        # Days written out, whatever the daily notes' format.
        ("- Nov 3, 2026: call", 3, "call"),
        ("- November 3rd, 2026 — lunch", 3, "lunch"),
        ("- Tue, Nov 3, 2026 - walk", 3, "walk"),
        ("- Tuesday, November 3, 2026: dinner", 3, "dinner"),
        ("- 3 November 2026 coffee", 3, "coffee"),
        ("- 3. Nov. 2026: Kaffee", 3, "Kaffee"),
        ("- **Sept 3, 2026**: bold", 3, "bold"),
        ("- 03.11.2026 call", 3, "call"),  # dots put the day first
        ("- [[Nov 3rd, 2026]] coffee", 3, "coffee"),  # a link to the day, as Logseq names its journals
        ("- [[November 3rd, 2026|Tue]]: coffee", 3, "coffee"),
        ("- [[Nov 3rd, 2026 coffee", None, ""),  # no link: not closed
        ("- May 2026 plans", None, ""),  # no day
        ("- Mayday 3, 2026 x", None, ""),
        ("- Novel 3, 2026 x", None, ""),
    ],
)
@pytest.mark.parametrize("fast", [True, False])
def test_more_log_date_forms(
    monkeypatch: pytest.MonkeyPatch, line: str, day: int | None, text: str, fast: bool
) -> None:
    monkeypatch.setattr(parse_module, "FAST_PATHS", fast)
    note = parse(f"## Log\n{line}\n")
    assert [(e.date.day, e.text) for e in note.log] == ([(day, text)] if day else [])
    lean = parse_note("People/Jane Doe.md", f"## Log\n{line}\n".encode(), OPTS, lean=True)
    assert lean.log_days == [e.date.isoformat() for e in note.log]
    assert not (day and note.problems)


def test_links_to_days_written_out_are_no_links_to_people() -> None:
    note = parse_note("People/Jane Doe.md", b"## Log\n- [[Nov 3rd, 2026]] met [[Bob]]\n", OPTS, lean=True)
    assert [link.key for link in note.links] == ["bob"]


def test_log_days_that_cannot_be_read_are_said() -> None:
    note = parse("## Log\n- Feb 30, 2026 call\n- 11/03/2026 lunch\n- 2026-11-05 ok\n- 03-11-2026 x\n")
    assert [e.date.isoformat() for e in note.log] == ["2026-11-05"]
    assert [(p.line, p.severity, p.message) for p in note.problems] == [
        (2, "error", "impossible date Feb 30, 2026 in the log"),
        (
            3,
            "warning",
            "11/03/2026 in the log is not read as a day (day or month first?): write 2026-03-11 or 2026-11-03,"
            " or set date_order in .vaultnet/config.toml",
        ),
        (  # as Europe writes days with dashes: said too, not passed over in silence
            5,
            "warning",
            "03-11-2026 in the log is not read as a day (day or month first?): write 2026-11-03 or 2026-03-11,"
            " or set date_order in .vaultnet/config.toml",
        ),
    ]


@pytest.mark.parametrize(
    ("log", "read", "said"),
    [
        # A day that can be read one way only is that day, and says how the note's others read.
        ("- 25/11/2026 walk\n- 03/11/2026: lunch\n- 03-11-2026 x\n", ["2026-11-25", "2026-11-03", "2026-11-03"], []),
        ("- 11/25/2026 walk\n- 03/11/2026 lunch\n", ["2026-11-25", "2026-03-11"], []),  # month first
        ("- 25/11/2026 a\n- 11/25/2026 b\n- 03/11/2026 c\n", ["2026-11-25", "2026-11-25"], [4]),  # both ways: said
        ("- 03/11/2026 lunch\n", [], [2]),  # nothing to tell: said, not guessed
    ],
)
def test_days_written_day_or_month_first_read_as_the_note_writes_them(
    log: str, read: list[str], said: list[int]
) -> None:
    note = parse("## Log\n" + log)
    assert [e.date.isoformat() for e in note.log] == read
    assert [p.line for p in note.problems] == said
    lean = parse_note("People/Ann.md", ("## Log\n" + log).encode(), OPTS, lean=True)
    assert lean.log_days == read


def test_dated_sub_headings_written_out_are_entries() -> None:
    note = parse("## Log\n### Nov 3, 2026 Kickoff\nwent well\nNov 5, 2026: follow-up call\n### 2026-11-09\nlunch\n")
    assert [(e.date.day, e.text) for e in note.log] == [(3, "Kickoff — went well"), (5, "follow-up call"), (9, "lunch")]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("## Notes\n- 2026-11-03 coffee\n- 2026-11-10 call\n", (2, "under `Notes`")),
        ("- Nov 3, 2026: coffee\n", (1, "under no heading")),
        ("Intro.\n\n### Meeting notes\n1. 2026-11-03 coffee\n", (4, "under `Meeting notes`")),
        ("## Log\n- 2026-11-01 call\n## Projects\n- 2026-10-01 launched\n", None),  # a log is kept
        ("## Notes\n- [ ] 2026-11-03 send the deck\n- likes jazz\n", None),  # a task, a plain item
        ("## Career\n- 2019-03-01 joined Acme\n", None),  # dated lines about something else
        ("## Follow-ups\n- 2026-11-03 sent the deck\n", (2, "under `Follow-ups`")),
        ("# Ann\n## 📝 Notes\n### 2026-11-03 — Coffee\nwent well\n", (3, "under `📝 Notes`")),
        ("## Career\n### 2019-03-01 Acme\n", None),
    ],
)
def test_dated_lines_under_no_log_heading_are_said(body: str, said: tuple[int, str] | None) -> None:
    for lean in (False, True):
        note = parse_note("People/Ann.md", body.encode(), OPTS, lean)
        assert [(p.line, p.message.split(" are not")[0]) for p in note.problems] == (
            [(said[0], f"dated lines {said[1]}")] if said else []
        )
    if said:
        assert note.problems[0].message.endswith(
            "are not read as conversations: put them under a log heading (Log, Interactions, …) or add that"
            " heading to log_headings in .vaultnet/config.toml"
        )


def test_a_log_kept_as_a_table_has_a_conversation_a_dated_row() -> None:
    text = (
        "## Log\n| Date | Type | Notes |\n|:-----|------|------:|\n"
        "| 2026-11-03 | coffee | talked with [[Bob]] |\n| [[2026-11-05]] | call | |\n"
        "| Nov 7, 2026 | lunch | a \\| b |\n| 2026-02-30 | bad | |\n| | empty | |\n"
        "| email | 2026-11-09 | the day in another column |\n\n| not | a log |\n"
    )
    note = parse(text)
    assert [(e.date.isoformat(), e.text, e.line) for e in note.log] == [
        ("2026-11-03", "coffee; talked with Bob", 4),
        ("2026-11-05", "call", 5),
        ("2026-11-07", "lunch; a | b", 6),
        ("2026-11-09", "email; the day in another column", 9),
    ]
    assert errors(note) == [(7, "impossible date 2026-02-30 in the log")]
    assert [(link.key, link.line) for link in note.links] == [("bob", 4), ("2026-11-05", 5)]
    lean = parse_note("People/Jane Doe.md", text.encode(), OPTS, lean=True)
    assert lean.log_days == ["2026-11-03", "2026-11-05", "2026-11-07", "2026-11-09"]


def test_log_items_take_their_indented_children() -> None:
    note = parse("## Log\n- 2026-11-03 coffee\n  - she is hiring\n  - wants intros\n- 2026-11-04 call\n")
    assert [(e.date.day, e.text) for e in note.log] == [(3, "coffee; she is hiring; wants intros"), (4, "call")]


def test_a_rule_between_log_entries_ends_the_one_above() -> None:
    note = parse(
        "## 💬 Conversation History\n\n### 2026-11-03 — Paper feedback\n**Where:** Zoom\n- liked the draft\n\n---\n\n"
        "### 2026-09-15 — Coffee\ntalked about PhD programs\n\n***\n## Log\n- 2026-08-01 call\n  ___\n"
    )
    assert [(e.date.isoformat(), e.text) for e in note.log] == [
        ("2026-11-03", "Paper feedback — **Where:** Zoom; liked the draft"),
        ("2026-09-15", "Coffee — talked about PhD programs"),
        ("2026-08-01", "call"),
    ]


def test_a_day_linked_by_a_note_named_for_more_than_its_day_dates_the_entry() -> None:
    # Daily notes named `2026-11-03 Tue` (format `YYYY-MM-DD ddd`) or meeting notes named for
    # their day and what happened, linked at the start of a log line or heading.
    note = parse(
        "## Log\n\n### [[2026-11-03 Tue]]\n\n- [x] talked pricing\n- [ ] send deck\n\n### [[2026-10-01 Thu|Oct 1]]\ncoffee\n"
    )
    assert [(e.date.isoformat(), e.text) for e in note.log] == [
        ("2026-11-03", "talked pricing"),  # a task done then says what was done
        ("2026-10-01", "coffee"),
    ]
    assert [t.text for t in note.tasks] == ["send deck"]
    items = parse("## Log\n- [[2026-09-05 Coffee with Ann]] pricing\n- [[Meetings/2026-09-01 Kickoff]]\n")
    assert [(e.date.isoformat(), e.text) for e in items.log] == [
        ("2026-09-05", "Coffee with Ann: pricing"),
        ("2026-09-01", "Kickoff"),
    ]


def test_a_log_item_may_open_with_an_emoji_before_its_day() -> None:
    note = parse("## Log\n- ☕ 2026-11-03 coffee\n- 📞 2026-11-02: call\n- ✉️ [[2026-10-30]] email\n- ☕☕ two\n")
    assert [(e.date.isoformat(), e.text) for e in note.log] == [
        ("2026-11-03", "☕ coffee"),
        ("2026-11-02", "📞 call"),
        ("2026-10-30", "✉️ email"),
    ]
    assert note.problems == []
    assert item_day("- ☕ 2026-11-03 coffee") == "2026-11-03"  # as log and the merge driver read it


def test_dated_sub_headings_under_the_log_are_entries() -> None:
    note = parse(
        "## Interactions\n### 2026-07-20 Quarterly review\nWent well.\n### 2026-04-18 Kickoff\n## Other\n- 2026-01-01 x\n"
    )
    assert [(e.date, e.text) for e in note.log] == [
        (date(2026, 7, 20), "Quarterly review — Went well."),
        (date(2026, 4, 18), "Kickoff"),
    ]


def test_dated_lines_outside_log_headings_are_not_entries() -> None:
    note = parse("## Notes\n- 2026-11-03 not a conversation\n## Log\n- 2026-11-04 yes\n")
    assert [e.date.day for e in note.log] == [4]


def test_log_heading_match_ignores_case_and_emoji() -> None:
    note = parse("## 📝 log\n- 2026-11-03 coffee\n")
    assert len(note.log) == 1


def test_dataview_fields_with_bold_keys_fill_what_a_template_left_empty() -> None:
    """A person template leaves `company:` empty in the frontmatter and the note says it
    in Dataview fields, the keys perhaps bold or italic as Dataview allows."""
    note = parse(
        "---\ntags: [people]\ncompany:\nrole: ''\nemail:\nlocation: Oslo\n---\n# Mo\n## Info\n"
        "- **Company**:: Acme\n- __Role__:: CTO\n- *Email*:: mo@acme.com\n_Location_:: Bergen\n"
    )
    assert note.fields == {
        "tags": ["people"],
        "company": None,
        "role": "",
        "email": None,
        "location": "Oslo",  # said in the frontmatter: that wins
        "Company": "Acme",
        "Role": "CTO",
        "Email": "mo@acme.com",
        "Location": "Bergen",  # kept, as any field, but `location:` says where
    }
    assert note.emails == ["mo@acme.com"]
    contact = Contact(path=note.path, name=note.name, fields=note.fields)
    assert [contact.field(k) for k in ("company", "role", "location", "phone")] == ["Acme", "CTO", "Oslo", None]
    assert Contact(path="", name="", fields={"company": "", "org": None}).field("company") == ""


@pytest.mark.parametrize(
    ("heading", "read"),
    [
        ("## Log (newest first)", True),
        ("## Interactions [2026]", True),
        ("## Meeting log", True),
        ("## Notes & Log", True),
        ("## Call logs", True),
        ("## Changelog", False),
        ("## Blog posts", False),
        ("## Career (since 2019)", False),
        ("## 💬 Conversation History", True),
        ("## Interaction Timeline", True),
        ("## Meeting history", True),
        ("## Work History", False),
        ("## Career timeline", False),
        ("## Conversation starters", False),
    ],
)
def test_a_log_heading_may_be_qualified_or_name_what_it_logs(heading: str, read: bool) -> None:
    note = parse(f"{heading}\n- 2026-11-03 coffee\n### 2026-11-05 Kickoff\nplans\n")
    assert [e.date.day for e in note.log] == ([3, 5] if read else [])


def test_the_log_word_counts_only_where_log_is_a_log_heading() -> None:
    opts = ParseOptions(contact_folders=("People",), log_headings=("Journal",))
    assert parse("## Meeting log\n- 2026-11-03 coffee\n", opts=opts).log == []
    assert len(parse("## Journal (2026)\n- 2026-11-03 coffee\n", opts=opts).log) == 1


def test_dated_headings_with_no_log_heading_are_conversations() -> None:
    text = (
        "# Dee\n\n## 2026-11-03\nCoffee, talked about X\n### Next steps\n- send deck\n"
        "## Nov 1, 2026 Call\nnotes\n## Career\n- 2019-01-01 joined Acme\n### 2018-01-01 school\n"
    )
    note = parse(text)
    assert [(e.date.isoformat(), e.text, e.line) for e in note.log] == [
        ("2026-11-03", "Coffee, talked about X", 3),
        ("2026-11-01", "Call — notes", 7),
    ]
    lean = parse_note("People/Jane Doe.md", text.encode(), OPTS, lean=True)
    assert lean.log_days == ["2026-11-03", "2026-11-01"]
    # A title is no conversation, a note that is no person keeps no log, and dated
    # headings beside a log are read with it.
    assert parse("# 2026-11-03 Kickoff\ncoffee\n").log == []
    assert parse("## 2026-11-03\ncoffee\n", path="Projects/P.md").log == []
    both = parse("## Log\n- 2026-11-05 call\n## 2026-10-01 Offsite\nnotes\n")
    assert [e.date.day for e in both.log] == [5, 1]


def test_a_log_item_may_close_with_its_day() -> None:
    text = (
        "## Log\n- Coffee with Ann (2026-11-03)\n- call — 2026-10-01\n- lunch [[2026-09-01|Sep 1]]\n"
        "- send the deck by 2026-12-01\n- 2026-08-01 normal\n  - follow-up (2026-08-03)\n- bad (2026-02-30)\n"
        "- (2026-07-01)\n"
    )
    note = parse(text)
    assert [(e.date.isoformat(), e.text) for e in note.log] == [
        ("2026-11-03", "Coffee with Ann"),
        ("2026-10-01", "call"),
        ("2026-09-01", "lunch"),
        ("2026-08-01", "normal; follow-up (2026-08-03)"),  # a detail of the entry above
        ("2026-07-01", ""),
    ]
    assert errors(note) == [(8, "impossible date 2026-02-30 in the log")]
    assert parse_note("People/Jane Doe.md", text.encode(), OPTS, lean=True).log_days == [
        e.date.isoformat() for e in note.log
    ]


def test_a_day_in_the_middle_of_a_log_line_is_named_once() -> None:
    note = parse("## Log\n- coffee 2026-11-03 with Ann\n- lunch on 2026-11-05\n- 2026-10-01 call\n- 2026-02-30 x\n")
    assert [e.date.day for e in note.log] == [1]
    assert warnings_of(note) == [
        (
            2,
            "2026-11-03 in this log line is not read as its day: write it first (`- 2026-11-03 …`)"
            " or last in brackets (`- … (2026-11-03)`)",
        )
    ]
    assert errors(note) == [(5, "impossible date 2026-02-30 in the log")]  # said as that alone
    assert warnings_of(parse("## Notes\n- coffee 2026-11-03\n")) == []  # not a log: not named


def test_a_log_of_tasks_ticked_off_has_a_conversation_a_done_task() -> None:
    note = parse(
        "## Log\n- [x] 2026-11-03 call\n- [-] 2026-11-02 cancelled\n- [ ] 2026-11-20 call again\n"
        "- [X] **2026-10-01** coffee\n- [x] Send deck ✅ 2026-11-10\n- [x] lunch (2026-09-01)\n"
    )
    assert [(e.date.isoformat(), e.text) for e in note.log] == [
        ("2026-11-03", "call"),
        ("2026-10-01", "coffee"),
        ("2026-09-01", "lunch"),
    ]
    assert [t.text for t in note.tasks] == ["2026-11-20 call again"]  # a plan, still owed
    assert parse("## Notes\n- [x] 2026-11-03 call\n").log == []  # under no log heading


def test_impossible_log_date_is_reported_and_skipped() -> None:
    note = parse("## Log\n- 2026-02-30 nope\n- 2026-02-28 yes\n")
    assert [e.date.day for e in note.log] == [28]
    assert errors(note) == [(2, "impossible date 2026-02-30 in the log")]


def test_code_blocks_are_ignored() -> None:
    note = parse("## Log\n```\n- 2026-11-03 in code [[Bob]]\n```\n- 2026-11-04 real\n")
    assert [e.date.day for e in note.log] == [4]
    assert note.links == []


# --- links and tasks ----------------------------------------------------------------------


def test_markdown_links_with_a_title_are_links_and_read_as_their_text() -> None:
    everything = parse_note("Daily/2026-11-03.md", b'met [Bob](People/Bob.md "Bob")\n', OPTS)
    assert [(link.key, link.folder, link.text) for link in everything.links] == [("bob", "people", "met Bob")]
    note = parse(
        "## Log\n- 2026-11-03 coffee with [Bob](../People/Bob%20Smith.md \"Bob\") and [Eve](<Eve Ng.md> 'E')\n"
        "- 2026-11-04 read [the deck](https://x.org/deck.md)\n"
    )
    assert [e.text for e in note.log] == ["coffee with Bob and Eve", "read the deck"]
    assert [(link.key, link.folder) for link in note.links] == [("bob smith", "people"), ("eve ng", "")]


def test_link_forms_resolve_to_file_name_keys() -> None:
    note = parse(
        "[[Bob Smith]] [[bob smith|Bobby]] [[Bob Smith#Work]] [[People/Bob Smith]] "
        "[[Bob Smith.md]] ![[diagram.png]] [x](People/Bob%20Smith.md) [y](https://x.org/a.md)\n",
        path="Daily/2026-11-03.md",
    )
    assert [(link.key, link.folder) for link in note.links] == [
        ("bob smith", ""),
        ("bob smith", ""),
        ("bob smith", ""),
        ("bob smith", "people"),
        ("bob smith", ""),
        ("bob smith", "people"),
    ]


def test_nfd_and_nfc_links_get_the_same_key() -> None:
    nfc = parse("[[Zo\u00eb]]\n", path="a.md").links[0].key
    nfd = parse("[[Zoe\u0308]]\n", path="a.md").links[0].key
    assert nfc == nfd


def test_tasks_with_due_dates_in_both_forms() -> None:
    note = parse(
        "- [ ] send deck 📅 2026-12-01\n- [ ] intro [due:: 2026-12-02]\n- [x] done 📅 2026-01-01\n- [ ] undated\n"
        "- [ ] call 📆 2026-12-04\n- [ ] lunch 🗓️ 2026-12-05\n"  # signs Tasks reads as 📅 too
    )
    assert [(t.text, t.due) for t in note.tasks] == [
        ("send deck", date(2026, 12, 1)),
        ("intro", date(2026, 12, 2)),
        ("undated", None),
        ("call", date(2026, 12, 4)),
        ("lunch", date(2026, 12, 5)),
    ]


def test_a_due_day_said_in_words_is_the_due_date() -> None:
    note = parse(
        "- [ ] send the paper by [[2026-12-05]]\n"
        "- [ ] send the deck by 2026-12-06.\n"
        "- [ ] intro to Bob (due 2026-12-07) when he is back\n"
        "- [ ] call Due: 2026-12-08\n"
        "- [ ] book before 2026-12-09\n"
        "- [ ] tell them what changed by 2026-01-01 at Acme\n"  # a day in the sentence: not when it is owed
        "- [ ] both by 2026-12-20 📅 2026-12-10\n"  # the Tasks date wins
    )
    assert [t.due.day if t.due else None for t in note.tasks] == [5, 6, 7, 8, 9, None, 10]


def test_a_due_date_linked_to_its_day_or_only_scheduled_is_still_the_due_date() -> None:
    note = parse(
        "- [ ] linked [due:: [[2026-12-01]]]\n"
        "- [ ] planned ⏳ 2026-12-02\n"
        "- [ ] both ⏳ 2026-12-02 📅 2026-12-03\n"
        "- [ ] dataview [scheduled:: 2026-12-04]\n"
        "- [ ] started 🛫 2026-12-05\n"
    )
    assert [(t.text, t.due) for t in note.tasks] == [
        ("linked", date(2026, 12, 1)),
        ("planned", date(2026, 12, 2)),
        ("both", date(2026, 12, 3)),  # the due date wins over the planned day
        ("dataview", date(2026, 12, 4)),
        ("started", None),  # a start date says nothing of when it is owed
    ]


STATUS_LINES = (
    "## Log\n"
    "- 2026-11-03 call\n"
    "  - [!] important: send [[Ann]] the deck 📅 2026-11-25\n"
    "- [>] rescheduled intro\n"
    "- [ ] plain\n"
    "- [/] half done\n"
    "- [-] cancelled with [[Bob]]\n"
    "- [x] done\n"
    "- [X] done too\n"
    "- [?] a question for [[Cy]]\n"
    "- [i] a note\n"
)


@pytest.mark.parametrize(
    ("closed", "open_lines"),
    [
        (None, [5, 6]),  # no Tasks plugin: only [ ] and [/], as Obsidian itself shows them open
        ("-Xx", [3, 4, 5, 6, 10, 11]),  # the Tasks plugin's defaults: a symbol it has no status for is TODO
        ("-Xix", [3, 4, 5, 6, 10]),  # `[i]` given a NON_TASK status
    ],
)
def test_which_task_statuses_are_promises(closed: str | None, open_lines: list[int]) -> None:
    opts = replace(OPTS, closed_task_marks=closed)
    for lean in (False, True):
        note = parse_note("People/Jane Doe.md", STATUS_LINES.encode(), opts, lean)
        assert [t.line for t in note.tasks] == open_lines
        # A link on an open task is a to-do, not a conversation; on a closed one it is not a to-do.
        assert {link.key: link.in_task for link in note.links} == {
            "ann": 3 in open_lines,
            "bob": False,
            "cy": 10 in open_lines,
        }
    # The promise under an entry is not part of what was said, open or not.
    whole = parse_note("People/Jane Doe.md", STATUS_LINES.encode(), opts)
    assert [e.text for e in whole.log] == (
        ["call"] if 3 in open_lines else ["call; [!] important: send Ann the deck 📅 2026-11-25"]
    )


def test_tasks_in_a_blockquote_or_callout_are_promises_but_quoted_dates_are_not_conversations() -> None:
    text = (
        "## Log\n"
        "- 2026-11-03 call with Ana\n"
        "> 2026-10-01 Ana wrote: happy to help\n"
        "> [!todo] Promises\n"
        "> - [ ] send her the deck 📅 2026-11-25\n"
        ">> - [ ] nested quote [due:: 2026-11-26]\n"
        "> - [x] done already\n"
        "- 2026-11-05 lunch\n"
    )
    for lean in (False, True):  # the index reads lean, `show` whole
        note = parse_note("People/Jane Doe.md", text.encode(), OPTS, lean)
        assert [(t.line, t.text, t.due) for t in note.tasks] == [
            (5, "send her the deck", date(2026, 11, 25)),
            (6, "nested quote", date(2026, 11, 26)),
        ]
        days = note.log_days if lean else [e.date.isoformat() for e in note.log]
        assert days == ["2026-11-03", "2026-11-05"]
    assert [e.text for e in parse(text).log] == ["call with Ana", "lunch"]
    daily = parse("> [!note] Calls\n> - [ ] send [[Laura]] the CVs\n", path="Daily/2026-11-03.md")
    assert [[t.key for t in task.targets] for task in daily.tasks] == [["laura"]]


def test_task_in_daily_note_targets_its_own_links_then_its_parent() -> None:
    note = parse(
        "- Call with [[Laura]]\n  - [ ] send her CVs\n  - [ ] ask [[Maya]] too\n# Meeting with [[Ben]]\n- [ ] follow up\n",
        path="Daily/2026-11-03.md",
    )
    assert note.kind == "daily" and note.daily_date == date(2026, 11, 3)
    assert [[t.key for t in task.targets] for task in note.tasks] == [["laura"], ["maya"], ["ben"]]
    assert [(link.key, link.in_task) for link in note.links] == [
        ("laura", False),
        ("maya", True),
        ("ben", False),
    ]


@pytest.mark.parametrize(
    ("fmt", "name", "day"),
    [
        ("YYYY-MM-DD-HHmm", "2026-11-03-0930", 3),
        ("dddd, MMMM Do YYYY", "Tuesday, November 3rd 2026", 3),
        ("DD.MM.YY", "03.11.26", 3),
        ("YYYY-[W]WW-DD MMM", "2026-W45-03 Nov", 3),
        ("YYYY-MM-DD [notes]", "2026-11-03 notes", 3),
        ("YYYY-MM-DD", "2026-11-03 copy", None),  # a copy of that day's note
        ("YYYY-MM-DD", "2026-11-03 copy 2", None),
        ("YYYY-MM-DD", "2026-11-03 1", None),
        ("YYYY-MM-DD", "2026-11-03 Coffee with Ann", 3),  # a note named for its day and what happened
        ("YYYY-MM-DD", "2026-11-03 Tuesday", 3),
        ("YYYY-MM-DD", "2026-02-30 Coffee", None),
        ("YYYY-MM-DD", "2026-02-30", None),
    ],
)
def test_daily_note_names_in_moment_formats(fmt: str, name: str, day: int | None) -> None:
    opts = ParseOptions(daily_folder="Daily", daily_format=fmt)
    found = daily_date_of(f"Daily/{name}.md", opts)
    assert (found.day if found else None) == day


def test_an_excalidraw_drawing_is_neither_a_person_nor_a_days_note() -> None:
    drawing = "---\nexcalidraw-plugin: parsed\ntags: [excalidraw]\n---\n## Text Elements\n[[Ann Lee]] ^abc\n"
    assert parse(drawing, path="People/Ann.excalidraw.md").kind == "note"
    assert parse(drawing, path="Sketches/2026-11-03 whiteboard.excalidraw.md").daily_date is None
    assert parse("---\ntags: [excalidraw]\n---\n", path="People/Bo.excalidraw.md").kind == "note"


def test_a_note_named_for_its_day_has_conversations_that_day_but_not_a_draft() -> None:
    meeting = parse("Coffee. [[Ann Lee]] is hiring.\n", path="Meetings/2026-11-03 Coffee with Ann.md")
    assert (meeting.kind, meeting.daily_date) == ("daily", date(2026, 11, 3))
    assert [(link.key, link.text) for link in meeting.links] == [("ann lee", "Coffee. Ann Lee is hiring.")]
    draft = parse('---\ncontact: "[[Ann Lee]]"\n---\nHi Ann\n', path="Drafts/2026-11-20 Ann Lee - checkin.md")
    assert (draft.kind, draft.daily_date) == ("note", None)


def test_daily_note_format_with_folders() -> None:
    opts = ParseOptions(daily_folder="Journal", daily_format="YYYY/MM/YYYY-MM-DD dddd")
    note = parse("", path="Journal/2026/11/2026-11-03 Tuesday.md", opts=opts)
    assert note.daily_date == date(2026, 11, 3)
    assert parse("", path="Journal/2026/12/Tuesday.md", opts=opts).daily_date is None


def test_large_note_is_parsed() -> None:
    body = "## Log\n" + "".join(
        f"- 2026-01-{d % 28 + 1:02d} long coffee conversation number {d} with [[Bob]]\n" for d in range(60_000)
    )
    assert len(body) > 3_000_000  # a 3 MB note
    note = parse("---\nname: Big\n---\n" + body)
    assert len(note.log) == 60_000
    assert len(note.links) == 60_000


@pytest.mark.parametrize(
    "value", ["weekly", "biweekly", "monthly", "quarterly", "yearly", "14d", "6w", "3m", "none", 30]
)
def test_known_cadences_are_accepted(value: object) -> None:
    note = parse(f"---\ncadence: {value}\n---\n")
    assert errors(note) == []


@pytest.mark.parametrize(
    ("written", "days", "months"),
    [
        ("Bi-Weekly", 14, 0),
        ("every other week", 14, 0),
        ("every month", 0, 1),
        ("once a month", 0, 1),
        ("every quarter", 0, 3),
        ("every other month", 0, 2),
        ("twice a year", 0, 6),
        ("semi-annually", 0, 6),
        ("half-yearly", 0, 6),
        ("every 2 weeks", 14, 0),
        ('"10"', 10, 0),
        ("10", 10, 0),
        ("6mo", 0, 6),  # short forms of the units
        ("3 mos", 0, 3),
        ("2 wks", 14, 0),
        ("1yr", 0, 12),
        ("2 quarters", 0, 6),
        ("month", 0, 1),  # a unit alone: every one
        ("Quarter", 0, 3),
        ("semi-monthly", 14, 0),
        ("2x a month", 14, 0),  # so many times a week, month, quarter or year
        ("3x/month", 9, 0),
        ("3 times a year", 0, 4),
        ("4x per year", 0, 3),
        ("5 times a year", 73, 0),
        ("twice a week", 4, 0),
        ("once per month", 0, 1),
        ("thrice a quarter", 0, 1),
    ],
)
def test_cadences_as_people_spell_them(written: str, days: int, months: int) -> None:
    from vaultnet.model import parse_cadence

    note = parse(f"---\ncadence: {written}\n---\n")
    assert errors(note) == []
    cadence = parse_cadence(note.cadence)  # the label the index keeps reads back the same
    assert cadence is not None and (cadence.days, cadence.months) == (days, months)


@pytest.mark.parametrize("written", ["99999y", "11y", "600m", "5000d", "99999999999"])
def test_a_cadence_longer_than_ten_years_is_a_typo_reported_not_a_crash(written: str) -> None:
    note = parse(f"---\ncadence: {written}\n---\n")
    assert errors(note) == [(2, f"cadence '{written}' is longer than ten years (use none for no cadence)")]
    assert parse(f"---\ncadence: {'10y' if written.endswith('y') else '120m'}\n---\n").cadence in ("10y", "120m")


@pytest.mark.parametrize(
    ("written", "circle", "warned"),
    [
        ("Inner", "inner", False),
        ("Inner circle", "inner", False),
        ("Prospects", "prospect", False),
        ("'[[Network]]'", "network", False),
        ("[[Inner]]", "inner", False),  # unquoted: YAML's list in a list, meant as the link
        ("close friends", "close friends", True),
        ("[inner, network]", "inner, network", True),
    ],
)
def test_circles_as_people_write_them(written: str, circle: str, warned: bool) -> None:
    note = parse(f"---\ncircle: {written}\n---\n")
    assert note.circle == circle
    assert bool(note.problems) == warned


def test_a_cadence_after_a_date_at_the_end_of_the_calendar_is_the_last_date() -> None:
    from vaultnet.model import parse_cadence

    monthly = parse_cadence("monthly")
    assert monthly is not None and monthly.after(date(9999, 12, 15)) == date.max


@pytest.mark.parametrize(
    ("fmt", "lines", "days"),
    [
        (
            "MMMM Do, YYYY",
            [
                "- [[November 3rd, 2026]] call",
                "- [[Journal/November 5th, 2026#Calls|Thu]]: lunch",
                "- **November 7th, 2026**: walk",
                "- November 8th, 2026 — notes",
                "- Novembers 9th, 2026 no such month",
            ],
            ["2026-11-03", "2026-11-05", "2026-11-07", "2026-11-08"],
        ),
        (
            "DD.MM.YYYY",
            ["- 03.11.2026 coffee", "- 03.11.20261 not a day", "- 2026-11-04 ISO still"],
            ["2026-11-03", "2026-11-04"],
        ),
        ("MM-DD-YYYY", ["- 11-03-2026: call", "- [[11-05-2026]] lunch"], ["2026-11-03", "2026-11-05"]),
        (
            "YYYY/MMMM/DD-MM-YYYY",
            ["- [[03-11-2026]] call", "- [[2026/November/05-11-2026|Thu]] lunch"],
            ["2026-11-03", "2026-11-05"],
        ),
        ("YYYY-[W]WW", ["- [[2026-W45]] a week is not a day", "- 2026-11-04 call"], ["2026-11-04"]),
    ],
)
def test_log_days_written_as_the_daily_notes_are_named(fmt: str, lines: list[str], days: list[str]) -> None:
    opts = ParseOptions(contact_folders=("People",), log_headings=("Log",), daily_folder="Journal", daily_format=fmt)
    text = ("## Log\n" + "\n".join(lines) + "\n").encode()
    full = parse_note("People/Ann.md", text, opts)
    lean = parse_note("People/Ann.md", text, opts, lean=True)
    assert sorted(e.date.isoformat() for e in full.log) == sorted(lean.log_days) == days
    # Links to days (in either form) are not kept by the index: nothing reads them (a
    # week is not a day).
    assert [link.key for link in lean.links if not link.folder] == (["2026-w45"] if "W" in fmt else [])


@given(
    day=st.dates(min_value=date(1000, 1, 1), max_value=date(8999, 12, 31)),
    fmt=st.sampled_from(
        [
            "YYYY-MM-DD",
            "MMMM Do, YYYY",
            "DD.MM.YYYY",
            "dddd, MMMM D YYYY",
            "YYYY/MM/YYYY-MM-DD",
            "YY-M-D ddd",
            "[Day] DDDD [of] YYYY",
            "MMM D YYYY",
            "YYYYMMDD",
            "D MMMM YYYY, dd",
        ]
    ),
)
def test_a_day_written_in_a_daily_format_reads_back_as_that_day(day: date, fmt: str) -> None:
    from vaultnet.dates import moment_format, moment_parser

    written = moment_format(day, fmt)
    assert written is not None
    if "YY" in fmt and "YYYY" not in fmt:
        day = day.replace(year=2000 + day.year % 100)  # a two-digit year reads as this century
    assert moment_parser(fmt)(written) == day


def test_a_format_with_a_time_or_a_week_cannot_be_written_for_a_day() -> None:
    from vaultnet.dates import moment_format

    assert moment_format(date(2026, 11, 3), "YYYY-MM-DD-HHmm") is None
    assert moment_format(date(2026, 11, 3), "gggg-[W]ww") is None
    assert moment_format(date(2026, 11, 21), "Do [of] MMMM") == "21st of November"


def test_an_impossible_day_named_as_the_daily_notes_is_reported() -> None:
    opts = ParseOptions(contact_folders=("People",), log_headings=("Log",), daily_format="MMMM Do, YYYY")
    note = parse_note("People/Ann.md", b"## Log\n- [[November 31st, 2026]] call\n", opts)
    assert errors(note) == [(2, "impossible date November 31st, 2026 in the log")] and note.log == []


def test_dated_sub_headings_named_as_the_daily_notes() -> None:
    opts = ParseOptions(contact_folders=("People",), log_headings=("Log",), daily_format="dddd, MMMM D YYYY")
    note = parse_note(
        "People/Ann.md", b"## Log\n### Tuesday, November 3 2026 Kickoff\n- scope\n### Notes\n- none\n", opts
    )
    assert [(e.date.isoformat(), e.text) for e in note.log] == [("2026-11-03", "Kickoff — scope")]


# --- the fast paths agree with the general reader -----------------------------------------

LINE_PARTS = st.sampled_from(
    [
        "- 2026-11-03 coffee",
        "- 2026-11-03: call",
        "- 2026-11-03 — lunch",
        "* 2026-11-04 met",
        "+ 2026-02-30 bad",
        "- 2026-11-03_x",
        "- 2026-11-03.5 y",
        "- 2026-11-03  two  spaces ",
        "- 2026-11-03 with [[Bob]]",
        "- [[2026-11-05]] dinner",
        "- [[2026-11-05]] dinner with [[Bob]]",
        "- 2026-11-03: with [[Bob|Bobby]] and [[People/Carol]]",
        "- 2026-11-03 see [[Bob#Work]]",
        "- [[2026-11-05]]_x",
        "- [[2026-11-05]]. x",
        "- [[2026-11-05]]-5",
        "- [[2026-02-30]] bad",
        "- [[2026-11-05|Nov 5]] x",
        "- [[2026-11-05]]",
        "- 2026-11-03 [[]] empty",
        "- 2026-11-03 [[a]b]] odd",
        "- 2026-11-03 [Bob](People/Bob.md)",
        "- 2026-11-03 x `code` [[Bob]]",
        "- 2026-11-03 50% off",
        "- 2026-11-03 ~ approx",
        "  - child line",
        "    - deeper",
        "  continued text",
        "plain paragraph",
        "",
        "- [ ] task 📅 2026-12-01",
        "- 2026-11-03 #tag",
        "### 2026-07-20 Review",
        "## Log",
        "## Other",
        "```",
        "- 2026-11-03 `code`",
        "\t- tabbed",
        "1. 2026-11-06 numbered",
        "- 2026/11/07 slashes",
        "- Nov 3, 2026: written out",
        "| 2026-11-05 | a row | [[Bob]] |",
        "|---|---|",
        "### Nov 4, 2026 Review",
        "- 11/03/2026 slashed",
        "Feb 30, 2026 impossible",
        "- **2026-11-08** bold",
        "- 2026-11-09-",
    ]
)


@given(st.lists(LINE_PARTS, min_size=1, max_size=14))
def test_fast_log_path_reads_like_the_general_reader(lines: list[str]) -> None:
    for end in ("\n", ""):
        text = ("---\nname: X\n---\n## Log\n" + "\n".join(lines) + end).encode()
        read = {}
        for lean in (False, True):  # the index reads lean, `show` whole
            fast = parse_note("People/X.md", text, OPTS, lean)
            parse_module.FAST_PATHS = False
            try:
                slow = parse_note("People/X.md", text, OPTS, lean)
            finally:
                parse_module.FAST_PATHS = True
            assert fast.log == slow.log and fast.log_days == slow.log_days
            assert fast.problems == slow.problems
            assert fast.links == slow.links and fast.tasks == slow.tasks and fast.tags == slow.tags
            read[lean] = fast
        # The lean read keeps the same days, tasks and links, less links to days.
        whole, lean_note = read[False], read[True]
        assert lean_note.log == [] and sorted(set(lean_note.log_days)) == sorted(
            {e.date.isoformat() for e in whole.log}
        )
        assert lean_note.tasks == whole.tasks
        assert [(k.key, k.folder, k.line) for k in lean_note.links] == [
            (k.key, k.folder, k.line) for k in whole.links if k.folder or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", k.key)
        ]


PLAIN_NOTE_LINES = st.sampled_from(
    [
        "## Call with [[Ann]]",
        "# [[Bob|Robert]] and [[Carol]]",
        "- [ ] send the deck",
        "- [/] half done for [[Ann]] 📅 2026-12-01",
        "- [x] done with [[Bob]]",
        "- [[Carol]]",
        "  - [ ] ask about the seed round [due:: 2026-12-03]",
        "\t- [ ] tabbed",
        "1. [ ] numbered [[Dan]]",
        "Paragraph about [[Ann]] and #topic",
        "```",
        "- [ ] in a fence maybe",
        "~~~",
        "`- [ ] code`",
        "%% - [ ] hidden %%",
        "",
        "text with a [link](People/Eve.md)",
        "- item [Eve](People/Eve.md)",
    ]
)


@given(st.lists(PLAIN_NOTE_LINES, min_size=1, max_size=12))
def test_the_index_reads_only_open_tasks_of_other_notes(lines: list[str]) -> None:
    """Of a note that is neither a contact nor a daily note, the index keeps its open
    tasks (with the people they name); its links and body tags are read nowhere."""
    text = ("---\ntags: [project]\n---\n" + "\n".join(lines) + "\n").encode()
    whole = parse_note("Projects/P.md", text, OPTS)
    lean = parse_note("Projects/P.md", text, OPTS, lean=True)
    assert whole.kind == lean.kind == "note"

    def shape(tasks: list) -> list:  # (the lean read keeps no line text with a link)
        return [(t.line, t.text, t.due, [(k.key, k.folder, k.line, k.in_task) for k in t.targets]) for t in tasks]

    assert shape(lean.tasks) == shape(whole.tasks)
    assert lean.links == [] and lean.tags == ["project"]
    assert lean.problems == whole.problems


OLD_TAG = re.compile(r"(?:(?<=\s)|^)#((?:[^\W\d]|\d+[^\W\d])[\w/-]*)")


@given(st.text(alphabet=st.sampled_from(list("ab1 #\t/-_é.\n")), max_size=40))
def test_the_tag_pattern_finds_what_the_plain_one_did(text: str) -> None:
    from vaultnet.parse import _TAG

    assert _TAG.findall(text) == OLD_TAG.findall(text)


MARKDOWN_BITS = st.sampled_from(
    [
        "`x`",
        "``",
        "%%c%%",
        "%%",
        "- ",
        "* ",
        "1. ",
        "[ ] ",
        "[[a]]",
        "[[2026-11-03]]",
        "[b](P/b.md)",
        "#t",
        "# ",
        "## Log",
        "```",
        "~~~",
        "\t",
        "  ",
        "2026-11-03 ",
        "📅 2026-12-01",
        "[due:: 2026-12-01]",
        "\n",
        "x",
        "<<<<<<< a",
    ]
)


@given(st.lists(MARKDOWN_BITS, max_size=40).map("".join))
def test_markdown_shapes_parse_without_an_exception(body: str) -> None:
    """Lines made of code spans, comments, bullets, links and headings, in every kind of
    note and both readings: answered with problems, never a crash."""
    for path in ("People/X.md", "Daily/2026-11-03.md", "Projects/P.md"):
        for lean in (False, True):
            note = parse_note(path, f"---\nname: X\n---\n{body}".encode(), OPTS, lean)
            assert note.kind in ("contact", "daily", "note", "error")


@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_parse_without_an_exception(data: bytes) -> None:
    """A note can hold anything: the parser answers with problems, never a crash."""
    for prefix in (b"", b"---\n", b"---\nname: x\n---\n## Log\n"):
        note = parse_note("People/X.md", prefix + data, OPTS)
        assert note.kind in ("contact", "error")


def test_an_open_task_under_an_entry_is_a_promise_not_conversation_text() -> None:
    note = parse(
        "## Log\n"
        "- 2026-11-03 call with Ana\n"
        "  - [ ] send her the deck 📅 2026-11-25\n"
        "  - [x] booked the room\n"
        "### 2026-11-07 Review\n"
        "- point one\n"
        "- [ ] follow up on point one\n"
    )
    assert [(e.date.isoformat(), e.text) for e in note.log] == [
        ("2026-11-03", "call with Ana; booked the room"),  # done then: what was done
        ("2026-11-07", "Review — point one"),
    ]
    assert [(t.line, t.text) for t in note.tasks] == [(3, "send her the deck"), (7, "follow up on point one")]


def test_lines_of_only_code_or_a_comment_read_as_empty() -> None:
    note = parse("---\nname: X\n---\n## Log\n- 2026-11-03 call\n`npm install`\n%% later %%\n- 2026-11-04 [[Bob]]\n")
    assert [(e.date.day, e.text) for e in note.log] == [(3, "call"), (4, "Bob")]
    assert errors(note) == []


def test_an_entrys_lines_read_as_one_sentence() -> None:
    note = parse(
        "---\nname: X\n---\n## Log\n- 2026-11-03 coffee at Blue Bottle\n  - she is hiring\n  - wants intros.\n"
        "  wrapped on\n  two lines\n- 2026-11-04 call:\n  - notes\n### 2026-11-05 Review\nWent well.\nThey extend.\n"
    )
    assert [e.text for e in note.log] == [
        "coffee at Blue Bottle; she is hiring; wants intros. wrapped on two lines",
        "call: notes",
        "Review — Went well. They extend.",
    ]


@pytest.mark.parametrize("fragment", ["[x](", "[x](a.md ", "![x](", "[x](<"])
def test_a_long_line_of_unclosed_markdown_links_is_read(fragment: str) -> None:
    """Pasted text can hold thousands of `[x](` with no `)`: every one of them once made
    the link pattern rescan the rest of the line (an 80 KB line took over 10 s)."""
    line = fragment * 10_000 + " see [Bob](People/Bob.md)"
    note = parse(f"---\nname: X\n---\n## Log\n- 2026-11-03 {line}\n")
    assert [e.date.day for e in note.log] == [3]
    assert [(k.key, k.folder) for k in note.links][-1:] == [("bob", "people")]


@pytest.mark.parametrize(
    ("line", "links"),
    [
        ("`[[Ann]]` and [[Bob]]", ["bob"]),
        ("``a ` [[Ann]]`` and [[Bob]]", ["bob"]),  # a span opened by two backticks holds one
        ("`` [[Ann]] ` [[Bob]]", ["ann", "bob"]),  # a run with no partner is plain text
        ("`a`` [[Ann]] `", []),  # `` is no closer for `, so the span runs to the last `
    ],
)
def test_code_spans_are_read_as_commonmark_does(line: str, links: list[str]) -> None:
    note = parse(f"- 2026-11-03 {line}\n", path="Daily/2026-11-03.md")
    assert [k.key for k in note.links] == links


@pytest.mark.parametrize("fragment", ["`", "`a``", " ", "\t", "[due:: ", "(x:: ", "@due(", "📅 ", "🔁 every ", "🆔 a"])
def test_a_long_line_of_backticks_spaces_or_task_fields_is_read(fragment: str) -> None:
    """A backreferencing code-span pattern never finished on a line of backticks, and the
    task-field pattern took seconds on a line of spaces or of unclosed `[due:: `."""
    line = fragment * 20_000
    note = parse(f"---\nname: X\n---\n## Log\n- 2026-11-03 call {line} [[Bob]]\n- [ ] send {line} deck\n")
    assert [e.date.day for e in note.log] == [3]
    assert [(t.line, t.text[:4]) for t in note.tasks] == [(6, "send")]
    assert [k.key for k in note.links] == ["bob"]


def test_task_fields_leave_the_words() -> None:
    note = parse(
        "- [ ] send ⏫ the deck 📅 2026-12-01 ➕ 2026-11-01\n"
        "- [ ] call [due:: [[2026-12-02]]] (owner:: me) Ann @due(2026-12-03)\n"
        "- [ ] send the update 🔁 every week on Monday 📅 2026-12-04 #work\n"
        "- [ ] review 🆔 abc123 ⛔ def456,ghi789 📅 2026-12-05\n",
        path="a.md",
    )
    assert [t.text for t in note.tasks] == ["send the deck", "call Ann", "send the update #work", "review"]
    assert [t.due for t in note.tasks][2:] == [date(2026, 12, 4), date(2026, 12, 5)]


# --- tags written as YAML comments --------------------------------------------------------


def warnings_of(note) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in note.problems if p.severity == "warning"]


def test_tags_written_as_a_comment_are_read_and_warned_about() -> None:
    note = parse("---\nname: X\ntags: #investor #climate-tech\n---\n")
    assert note.fields["tags"] is None  # what YAML (and so Obsidian) reads
    assert note.tags == ["investor", "climate-tech"]
    [(line, message)] = warnings_of(note)
    assert line == 3
    assert message.startswith("tags: `#investor #climate-tech` is a YAML comment")
    assert message.endswith("(write `tags: [investor, climate-tech]`)")


def test_commented_items_of_a_tag_list_are_read() -> None:
    note = parse("---\ntags:\n  - #founder\n  - angel\n  # a note to self\n  - #press\nrole: CTO\n---\n")
    assert note.fields["tags"] == [None, "angel", None]
    assert note.tags == ["angel", "founder", "press"]
    assert len(warnings_of(note)) == 1


@pytest.mark.parametrize(
    "frontmatter",
    ["tags: investor # mine", "tags: [investor]", 'tags: "#investor"', "# tags: #old\ntags: investor"],
)
def test_tags_with_a_real_value_are_left_alone(frontmatter: str) -> None:
    note = parse(f"---\n{frontmatter}\n---\n")
    assert note.tags == ["investor"]
    assert warnings_of(note) == []


@pytest.mark.parametrize(
    ("written", "birthday"),
    [
        ("1988/11/27", "11-27"),
        ("1988.11.27", "11-27"),
        ("27.11.1988", "11-27"),
        ("'27.11.'", "11-27"),
        ("3.4.1990", "04-03"),
        ("Sept 3", "09-03"),  # the four-letter September people write
        ("3 Sept 1990", "09-03"),
        ("4th of March", "03-04"),
        ("March 4th, 1985", "03-04"),
    ],
)
def test_a_birthday_written_year_first_or_with_dots_day_first_is_read(written: str, birthday: str) -> None:
    note = parse(f"---\nbirthday: {written}\n---\n")
    assert errors(note) == [] and note.birthday == birthday


def test_a_birthday_with_slashes_and_the_year_last_is_not_guessed() -> None:
    note = parse("---\nbirthday: 11/12/1988\n---\n")  # 11 December or November 12?
    assert errors(note) == [(2, "birthday '11/12/1988' may be day/month or month/day (write YYYY-MM-DD or MM-DD)")]
    assert note.birthday is None


@pytest.mark.parametrize("written", ["2026/11/03", "2026.11.03", "2026/11/3 10:00"])
def test_a_date_field_may_use_slashes_or_dots_year_first(written: str) -> None:
    note = parse(f"---\nmet_on: {written}\nlast_contact: '{written}'\n---\n")
    assert errors(note) == [] and note.met_on == note.last_contact == "2026-11-03"


def test_a_date_field_with_mixed_separators_is_not_a_date() -> None:
    note = parse("---\nmet_on: 2026/11-03\n---\n")
    assert errors(note) == [(2, "met_on: not a date: '2026/11-03' (write YYYY-MM-DD)")]


def test_an_impossible_birthday_is_reported_once() -> None:
    note = parse("---\nbirthday: 1990-02-30\n---\n")
    assert errors(note) == [(2, "birthday: impossible date '1990-02-30'")]
    assert note.birthday is None


@pytest.mark.parametrize(
    "written", ["2026-11-20", "'[[2026-11-20]]'", "'[[Daily/2026-11-20|Thursday]]'", "2026-11-20 10:00"]
)
def test_a_meeting_and_a_contact_read_their_dates_alike(written: str) -> None:
    meeting = parse(f"---\ndate: {written}\nattendees: ['[[Ann]]']\n---\n", path="Meetings/Sync.md")
    contact = parse(f"---\nmet_on: {written}\n---\n")
    assert meeting.meeting_date == date(2026, 11, 20)
    assert contact.met_on == "2026-11-20" and errors(contact) == []
