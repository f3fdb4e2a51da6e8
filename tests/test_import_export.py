"""Bringing people in: a richer `add`, and days as people type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Runner


def test_add_takes_every_field_of_the_note_format(vault: Path, run: Runner) -> None:
    result = run(
        "add", "Alan Kay", "--email", "alan@example.org", "--phone", "+1 415 555 0100", "--company", "Viewpoints",
        "--role", "Researcher", "--industry", "Research", "--location", "Los Angeles", "--birthday", "05-17",
        "--interests", "music, education", "--offers", "talk reviews", "--needs", "a pipe organ",
        "--met", "yesterday", "--how-met", "Strange Loop", "--circle", "network", "--tag", "mentor",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(--met yesterday: 2026-11-22)" in result.stderr
    alan = json.loads(run("show", "alan", "--json").stdout)
    fields = alan["fields"]
    assert (fields["phone"], fields["industry"], fields["location"], fields["birthday"]) == (
        "+1 415 555 0100", "Research", "Los Angeles", "05-17",
    )  # fmt: skip
    assert (fields["interests"], fields["offers"], fields["needs"]) == (
        ["music", "education"],
        ["talk reviews"],
        ["a pipe organ"],
    )
    assert (fields["met_on"], fields["how_met"], alan["last_contact"]) == ("2026-11-22", "Strange Loop", "2026-11-22")
    assert json.loads(run("due", "--json", "--within", "7d").stdout)[0]["reason"] == "followup"  # met: evidence


def test_add_with_a_place_still_means_met_today(vault: Path, run: Runner) -> None:
    assert run("add", "Ada", "--met", "Monday Meetup").exit_code == 0
    ada = json.loads(run("show", "ada", "--json").stdout)
    assert (ada["fields"]["met_on"], ada["fields"]["how_met"]) == ("2026-11-23", "Monday Meetup")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--phone", "call me maybe"], "is not a phone number"),
        (["--phone", "+1 55"], "is not a phone number"),
        (["--phone", "+1 415 555"], "not a possible number"),
        (["--birthday", "13/13"], "--birthday:"),
        (["--cadence", "sometimes"], "unknown cadence"),
    ],
)
def test_add_refuses_what_it_cannot_read(vault: Path, run: Runner, args: list[str], says: str) -> None:
    result = run("add", "Bo", *args)
    assert result.exit_code == 2 and says in result.stderr
    assert not (vault / "People" / "Bo.md").exists()


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("yesterday", "2026-11-22"),
        ("last tuesday", "2026-11-17"),
        ("in 2 weeks", "2026-12-07"),
        ("2026-11-01", "2026-11-01"),
    ],
)
def test_dates_are_read_as_people_type_them(vault: Path, run: Runner, typed: str, day: str) -> None:
    assert run("add", "Cy").exit_code == 0
    result = run("log", "cy", "coffee", "--date", typed, "--future")
    assert result.exit_code == 0, result.output
    assert f"- {day} coffee" in (vault / "People" / "Cy.md").read_text(encoding="utf-8")
    assert (f"(--date {typed}: {day})" in result.stderr) is (typed != day)


def test_a_day_that_is_no_day_is_refused(vault: Path, run: Runner) -> None:
    assert run("add", "Cy").exit_code == 0
    result = run("log", "cy", "coffee", "--date", "whenever")
    assert result.exit_code == 2 and "is not a date like 2026-11-23" in result.stderr


def test_export_csv_and_json_of_everyone_or_a_query(vault: Path, run: Runner, tmp_path: Path) -> None:
    import csv

    assert run("add", "Ann Lee", "--email", "ann@x.org", "--company", "Acme", "--circle", "inner").exit_code == 0
    assert run("add", "Bo", "--tag", "a, b").exit_code == 0
    rows = list(csv.DictReader(run("export", "csv").stdout.splitlines()))
    assert [(r["name"], r["email"], r["company"], r["circle"], r["tags"]) for r in rows] == [
        ("Ann Lee", "ann@x.org", "Acme", "inner", ""),
        ("Bo", "", "", "", "a; b"),
    ]
    assert json.loads(run("export", "json", "circle:inner").stdout) == json.loads(
        run("list", "circle:inner", "--json").stdout
    )
    out = tmp_path / "elsewhere" / "contacts.csv"
    out.parent.mkdir()
    result = run("export", "csv", "--out", str(out))
    assert result.stdout == f"wrote 2 contacts to {out}\n"
    assert out.read_text(encoding="utf-8").startswith("name,email,phone,")


def test_export_into_the_vault_never_replaces_a_note(vault: Path, run: Runner) -> None:
    assert run("add", "Ann").exit_code == 0
    note = vault / "People" / "Ann.md"
    before = note.read_bytes()
    result = run("export", "csv", "--out", str(note))
    assert result.exit_code == 1 and "is not an export" in result.stderr
    assert note.read_bytes() == before
    assert run("export", "csv", "--out", str(vault / "contacts.csv")).exit_code == 0
    assert run("export", "csv", "--out", str(vault / "contacts.csv")).exit_code == 0  # an export replaces its own


def test_open_goes_to_the_persons_note(vault: Path, run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda target, **_: opened.append(target) or 0)
    monkeypatch.setattr(click, "edit", lambda filename=None, **_: opened.append(f"edit {filename}"))
    assert run("add", "Ann Lee").exit_code == 0
    monkeypatch.setenv("EDITOR", "vi")
    assert run("open", "ann").stdout == "People/Ann Lee.md\n"
    monkeypatch.delenv("EDITOR")
    monkeypatch.delenv("VISUAL", raising=False)
    assert run("open", "ann").exit_code == 0
    assert run("open", "ann", "--obsidian").exit_code == 0
    assert opened == [
        f"edit {vault / 'People' / 'Ann Lee.md'}",
        str(vault / "People" / "Ann Lee.md"),
        "obsidian://open?vault=vault&file=People%2FAnn%20Lee",
    ]
    assert run("open", "nobody").exit_code == 1


def test_the_shell_completes_contact_names(vault: Path, run: Runner) -> None:
    import click

    from vaultnet.cli import cli
    from vaultnet.commands.base import complete_names

    assert run("add", "Álvaro Díaz").exit_code == 0
    assert run("add", "Alan Kay").exit_code == 0
    assert run("add", "Bo").exit_code == 0
    root = click.Context(cli, info_name="vaultnet")
    root.params["vault"] = str(vault)
    names = [item.value for item in complete_names(click.Context(cli.commands["show"], parent=root), None, "al")]  # type: ignore[arg-type]
    assert names == ["Alan Kay", "Álvaro Díaz"]
    root.params["vault"] = str(vault / "nowhere")
    assert complete_names(click.Context(cli.commands["show"], parent=root), None, "al") == []  # type: ignore[arg-type]


def test_export_ics_is_a_calendar_with_stable_uids(vault: Path, run: Runner) -> None:
    from icalendar import Calendar

    from tests.conftest import write

    write(
        vault,
        {
            "People/Ann.md": "---\ncircle: inner\nbirthday: 1990-11-27\n---\n## Log\n- 2026-11-01 call\n"
            "\n- [ ] send the deck 📅 2026-11-30\n",
            "People/Old.md": "---\nstatus: archived\nbirthday: 11-25\n---\n",
        },
    )
    data = run("export", "ics").stdout.encode()
    assert data == run("export", "ics").stdout.encode()  # the same vault and day: the same bytes
    events = {str(e["summary"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert set(events) == {
        "Ann's birthday",
        "Check in: Ann (monthly; last contact 2026-11-01)",
        "Promise to Ann: send the deck",
    }
    birthday = events["Ann's birthday"]
    assert (birthday.decoded("dtstart").isoformat(), birthday["rrule"]["FREQ"]) == ("2026-11-27", ["YEARLY"])
    assert events["Promise to Ann: send the deck"].decoded("dtstart").isoformat() == "2026-11-30"
    later = run("export", "ics", today="2026-12-05").stdout.encode()
    moved = {str(e["summary"]): str(e["uid"]) for e in Calendar.from_ical(later).walk("VEVENT")}
    assert moved["Ann's birthday"] == str(birthday["uid"])  # next year's birthday: the same event
    assert run("export", "ics", "--out", str(vault.parent / "net.ics")).exit_code == 0
    written = (vault.parent / "net.ics").read_bytes()
    assert written.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in written.split(b"\r\n"))  # folded as RFC 5545 says
    # Read again by a second, independent parser: vobject's iCalendar reader.
    import vobject

    calendar = vobject.readOne(written.decode("utf-8"))
    read = {e.summary.value: e for e in calendar.vevent_list}
    assert set(read) == set(events)
    assert {e.uid.value for e in read.values()} == {str(e["uid"]) for e in events.values()}
    assert read["Ann's birthday"].dtstart.value.isoformat() == "2026-11-27"
    assert read["Ann's birthday"].rrule.value == "FREQ=YEARLY"
    assert read["Promise to Ann: send the deck"].dtend.value.isoformat() == "2026-12-01"


LINKEDIN = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Maya,Chen,https://www.linkedin.com/in/mayachen,maya@example.com,Northwind,Head of Product,03 Nov 2026\r\n"
    "Ann,Lee,https://www.linkedin.com/in/annlee,,Acme,CTO,12 Jan 2025\r\n"
    ",,https://www.linkedin.com/in/hidden,,,,01 Feb 2024\r\n"
    'Jo,Park,https://www.linkedin.com/in/jopark,,"Park & Sons, Inc.",Owner,05 May 2023\r\n'
)


def test_import_linkedin_adds_who_is_new_and_only_missing_fields_to_who_is_known(
    vault: Path, run: Runner, tmp_path: Path
) -> None:
    from tests.conftest import write

    ann_note = "---\r\nrole: Chief Technology Officer  # her words\r\ncompany:\r\n---\r\nMy own words.\r\n"
    write(vault, {"People/Ann Lee.md": ann_note})
    export = tmp_path / "Connections.csv"
    export.write_bytes(("\ufeff" + LINKEDIN).encode("utf-8"))
    dry = run("import", "linkedin", str(export), "--dry-run")
    assert dry.stdout.splitlines()[:2] == ["would add People/Maya Chen.md", "would add People/Jo Park.md"]
    assert "-company:\n+company: Acme\n" in dry.stdout.replace("\r", "") and "+connected_on: " in dry.stdout
    assert dry.stdout.endswith("2 to add, 1 to update, 0 known already (unchanged), 1 skipped\n")
    assert dry.stderr == "row 7: has no name; skipped\n"  # (a member who hid their name)
    assert not (vault / "People" / "Maya Chen.md").exists()
    assert (vault / "People" / "Ann Lee.md").read_bytes().decode("utf-8") == ann_note
    result = run("import", "linkedin", str(export))
    assert result.stdout == "2 added, 1 updated, 0 known already (unchanged), 1 skipped\n"
    maya = json.loads(run("show", "maya", "--json").stdout)["fields"]
    assert (maya["email"], maya["company"], maya["role"], maya["source"], maya["connected_on"]) == (
        "maya@example.com", "Northwind", "Head of Product", "linkedin", "2026-11-03",
    )  # fmt: skip
    assert json.loads(run("show", "jo", "--json").stdout)["fields"]["company"] == "Park & Sons, Inc."
    # Known: the empty field filled, the missing ones added; her words, her role, her line endings kept.
    assert (vault / "People" / "Ann Lee.md").read_bytes().decode("utf-8") == (
        "---\r\nrole: Chief Technology Officer  # her words\r\ncompany: Acme\r\n"
        "linkedin: https://www.linkedin.com/in/annlee\r\nconnected_on: 2025-01-12\r\n---\r\nMy own words.\r\n"
    )
    again = run("import", "linkedin", str(export))  # re-import: no one twice, nothing more to add
    assert again.stdout == "0 added, 0 updated, 3 known already (unchanged), 1 skipped\n"
    assert json.loads(run("due", "--json", "--within", "30d").stdout) == []  # connecting is no first meeting


def test_reimport_leaves_alone_a_note_it_cannot_add_to(vault: Path, run: Runner, tmp_path: Path) -> None:
    from tests.conftest import write

    odd = "---\n{role: CTO}\n---\nflow mapping\n"
    write(vault, {"People/Ann Lee.md": odd, "People/Maya Chen.md": "Just text, no frontmatter.\n"})
    export = tmp_path / "Connections.csv"
    export.write_text(LINKEDIN, encoding="utf-8")
    result = run("import", "linkedin", str(export))
    assert "left People/Ann Lee.md as it is (row 6)" in result.stderr
    assert result.stdout == "1 added, 1 updated, 0 known already (unchanged), 2 skipped\n"
    assert (vault / "People" / "Ann Lee.md").read_text(encoding="utf-8") == odd
    maya = (vault / "People" / "Maya Chen.md").read_text(encoding="utf-8")
    assert maya.startswith("---\nemail: maya@example.com\n") and maya.endswith("---\nJust text, no frontmatter.\n")


def test_import_reads_the_export_zip_and_utf16(vault: Path, run: Runner, tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "Basic_LinkedInDataExport_11-23-2026.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Connections.csv", LINKEDIN.encode("utf-16"))
    assert run("import", "linkedin", str(archive)).stdout.startswith("3 added")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Name,Email\nAnn,ann@x.org\n", "not LinkedIn's Connections.csv"),
        (b"First Name,Last Name,Connected On\nAnn,Lee,yesterday\n", "row 2: Connected On 'yesterday'"),
    ],
)
def test_import_says_what_is_wrong_and_writes_nothing(
    vault: Path, run: Runner, tmp_path: Path, content: bytes, says: str
) -> None:
    export = tmp_path / "Connections.csv"
    export.write_bytes(content)
    result = run("import", "linkedin", str(export))
    assert result.exit_code == 2 and says in result.stderr
    assert not (vault / "People").exists()


GOOGLE = (
    "Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,"
    "E-mail 1 - Value,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title\r\n"
    'Ann Lee,Ann,,Lee,1990-05-17,"Met at PyCon.\r\nLikes kilns.",* myContacts ::: Friends ::: Climate,* Home,'
    "ann@x.org ::: ann@work.org,ann2@x.org,Mobile,+1 415 555 0100,Acme,CTO\r\n"
    ",Bo,,Chen,--11-27,,* myContacts,,,,,,,\r\n"
)


def test_import_google_contacts(vault: Path, run: Runner, tmp_path: Path) -> None:
    export = tmp_path / "contacts.csv"
    export.write_bytes(("\ufeff" + GOOGLE).encode("utf-8"))
    assert run("import", "google", str(export)).stdout == "2 added, 0 updated, 0 known already (unchanged), 0 skipped\n"
    ann = json.loads(run("show", "ann", "--json").stdout)
    # Every email the export holds, in its cells and columns: none is left behind.
    assert (ann["emails"], ann["tags"]) == (["ann@x.org", "ann@work.org", "ann2@x.org"], ["Friends", "Climate"])
    fields = ann["fields"]
    assert (fields["phone"], fields["company"], fields["role"], fields["birthday"], fields["source"]) == (
        "+1 415 555 0100", "Acme", "CTO", "1990-05-17", "google",
    )  # fmt: skip
    assert json.loads(run("show", "bo chen", "--json").stdout)["fields"]["birthday"] == "11-27"
    # Google's notes, two lines in one quoted cell, kept in the body, quoted: no line of them
    # read as a heading or a conversation.
    body = (vault / "People" / "Ann Lee.md").read_text(encoding="utf-8")
    assert "\n## Notes\n> Met at PyCon.\n> Likes kilns.\n\n## Log\n" in body
    assert json.loads(run("show", "ann", "--json").stdout)["last_contact"] is None


@pytest.mark.parametrize(("version", "yearless"), [("4.0", "BDAY:--1127"), ("3.0", "BDAY:--11-27")])
def test_vcard_round_trip_changes_nothing(
    vault: Path, run: Runner, tmp_path: Path, version: str, yearless: str
) -> None:
    import vobject

    from tests.conftest import write

    write(
        vault,
        {
            "People/Ann Lee.md": "---\nemail: ann@x.org\nphone: +1 415 555 0100\ncompany: Acme\nrole: CTO\n"
            "birthday: 1990-05-17\ntags: [climate, friend]\n---\n",
            "People/Bo.md": "---\nbirthday: 11-27\n---\n",
        },
    )
    first = tmp_path / "one.vcf"
    assert run("export", "vcard", "--vcard-version", version, "--out", str(first)).exit_code == 0
    text = first.read_text(encoding="utf-8")
    assert f"VERSION:{version}" in text and yearless in text and "N:Lee;Ann;;;" in text
    cards = {c.fn.value: c for c in vobject.readComponents(text)}  # read back by vobject
    ann = cards["Ann Lee"]
    assert (ann.email.value, ann.tel.value, ann.org.value, ann.title.value) == (
        "ann@x.org", "+1 415 555 0100", ["Acme"], "CTO",
    )  # fmt: skip
    assert (ann.version.value, ann.categories.value) == (version, ["climate", "friend"])
    other = tmp_path / "other"
    (other / ".obsidian").mkdir(parents=True)
    assert run("import", "vcard", str(first), in_vault=other).stdout.startswith("2 added")
    assert json.loads(run("show", "ann", "--json", in_vault=other).stdout)["fields"]["birthday"] == "1990-05-17"
    assert json.loads(run("show", "bo", "--json", in_vault=other).stdout)["fields"]["birthday"] == "11-27"
    second = tmp_path / "two.vcf"
    assert run("export", "vcard", "--vcard-version", version, "--out", str(second), in_vault=other).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    again = run("import", "vcard", str(second), in_vault=other)
    assert again.stdout.startswith("0 added, 0 updated, 2 known")


@pytest.mark.parametrize(
    ("bday", "read"),
    [
        ("BDAY:19900517", "1990-05-17"),
        ("BDAY:1990-05-17T00:00:00Z", "1990-05-17"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17", "05-17"),
        ("BDAY;VALUE=date:--05-17", "05-17"),
        ("BDAY:circa 1990", None),
    ],
)
def test_vcard_birthdays_as_phones_write_them(
    vault: Path, run: Runner, tmp_path: Path, bday: str, read: str | None
) -> None:
    card = tmp_path / "ann.vcf"
    card.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n{bday}\r\nEND:VCARD\r\n", encoding="utf-8")
    result = run("import", "vcard", str(card))
    assert result.exit_code == 0
    assert json.loads(run("show", "ann", "--json").stdout)["fields"].get("birthday") == read
    assert ("is no day vaultnet reads; left out" in result.stderr) is (read is None)


def test_import_vcard_of_many_kinds(vault: Path, run: Runner, tmp_path: Path) -> None:
    cards = tmp_path / "contacts.vcf"
    cards.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okafor;Sam;;;\r\nFN:Sam Okafor\r\nORG:Freelance\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:Met at=0D=0Athe climbing gym\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zo\xc3\xab M\xc3\xbcller\r\nEMAIL:zoe@example.de\r\n"
        b"TITLE:Very long title that goes on and on and on and on and on and on and \r\n on\r\nEND:VCARD\r\n"
    )
    assert run("import", "vcard", str(cards)).stdout.startswith("2 added")
    zoe = json.loads(run("show", "zoe", "--json").stdout)
    assert zoe["emails"] == ["zoe@example.de"] and zoe["fields"]["role"].endswith("and on")


def test_an_import_keeps_every_email_phone_and_web_address_of_a_card(vault: Path, run: Runner, tmp_path: Path) -> None:
    """A phone's contacts say more than one way to reach someone: each email and phone, a
    website, a LinkedIn profile, an address. None is left behind, and a person is known
    by any of their emails."""
    cards = tmp_path / "contacts.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL;TYPE=HOME:ann@x.org\r\nEMAIL;TYPE=WORK:ann@acme.com\r\n"
        "EMAIL:ANN@X.ORG\r\nTEL;TYPE=CELL:+1 415 555 0100\r\nTEL;TYPE=WORK:+1 415 555 0199\r\n"
        "URL:https://annlee.example\r\nURL:https://www.linkedin.com/in/annlee/\r\n"
        "ADR;TYPE=WORK:;;1 Main St;Oakland;CA;94607;USA\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Chen\r\nEMAIL:bo@x.org\r\nADR:;;;;;;Kenya\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert run("import", "vcard", str(cards)).stdout.startswith("2 added")
    ann = json.loads(run("show", "ann", "--json").stdout)
    assert ann["emails"] == ["ann@x.org", "ann@acme.com"]
    assert [ann["fields"][k] for k in ("phone", "website", "linkedin", "location")] == [
        ["+1 415 555 0100", "+1 415 555 0199"], "https://annlee.example", "https://www.linkedin.com/in/annlee/",
        "Oakland",
    ]  # fmt: skip
    assert json.loads(run("show", "bo", "--json").stdout)["fields"]["location"] == "Kenya"
    # The phone and the export carry on: each number a TEL of its own, read back the same.
    exported = tmp_path / "out.vcf"
    assert run("export", "vcard", "--out", str(exported)).exit_code == 0
    assert exported.read_text(encoding="utf-8").count("TEL") == 2
    other = tmp_path / "other"
    (other / ".obsidian").mkdir(parents=True)
    assert run("import", "vcard", str(exported), in_vault=other).stdout.startswith("2 added")
    again = tmp_path / "again.vcf"
    assert run("export", "vcard", "--out", str(again), in_vault=other).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()
    # Known by the work email alone, under another name: a card of the same person.
    work = tmp_path / "work.vcf"
    work.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A. Lee\r\nEMAIL:ann@acme.com\r\nEND:VCARD\r\n", encoding="utf-8")
    assert run("import", "vcard", str(work)).stdout == "0 added, 0 updated, 1 known already (unchanged), 0 skipped\n"
    # Known by one email, with another their note lacks: not written into their line, said.
    more = tmp_path / "more.vcf"
    more.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEMAIL:bo@x.org\r\nEMAIL:bo@lab.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = run("import", "vcard", str(more))
    assert result.stdout.startswith("0 added, 0 updated, 1 known")
    assert "row 1, Bo Chen: also bo@lab.org; not added to People/Bo Chen.md" in result.stderr


def test_a_contact_template_of_the_users_own_still_writes_several_emails(
    vault: Path, run: Runner, tmp_path: Path
) -> None:
    """A template written before an import brought lists quotes each field as one value;
    several emails must still come out as YAML that reads back, not an error."""
    own = vault / ".vaultnet" / "templates" / "contact.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        "---\nname: {{ quote(name) }}\n{% for key in ['email', 'phone'] %}{% if key in fields %}"
        "{{ key }}: {{ quote(fields[key]) }}\n{% endif %}{% endfor %}---\n# {{ name }}\n",
        encoding="utf-8",
    )
    card = tmp_path / "ann.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@x.org\r\nEMAIL:ann@acme.com\r\nTEL:+1 555\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    assert run("import", "vcard", str(card)).exit_code == 0
    assert 'email: ["ann@x.org", "ann@acme.com"]\nphone: +1 555\n' in (vault / "People" / "Ann Lee.md").read_text()
    assert json.loads(run("show", "ann", "--json").stdout)["emails"] == ["ann@x.org", "ann@acme.com"]


def test_import_any_csv_with_a_column_mapping(vault: Path, run: Runner, tmp_path: Path) -> None:
    export = tmp_path / "crm.csv"
    export.write_text(
        'Who,Org,Email,Tags,Offers,Shoe size,Notes,Phone\nAnn Lee,Acme,ann@x.org,a; b,"reviews, intros",38,"## Not a heading\n- 2026-01-02 nor a talk",\n'
        'Bo Chen,,"bo@x.org; bo@work.org",,,,,+1 555 0100; +1 555 0199\n,,,,,,,\n',
        encoding="utf-8",
    )
    result = run("import", "csv", str(export), "--map", "Who=name,Org=company")
    assert result.stdout == "2 added, 0 updated, 0 known already (unchanged), 0 skipped\n"
    bo = json.loads(run("show", "bo", "--json").stdout)  # (several emails or phones in a cell: each)
    assert (bo["emails"], bo["fields"]["phone"]) == (["bo@x.org", "bo@work.org"], ["+1 555 0100", "+1 555 0199"])
    ann = json.loads(run("show", "ann", "--json").stdout)
    assert (ann["emails"], ann["tags"], ann["fields"]["company"]) == (["ann@x.org"], ["a", "b"], "Acme")
    assert "Shoe size" not in ann["fields"]  # (a column no field names is left out)
    assert ann["fields"]["offers"] == ["reviews", "intros"] and ann["last_contact"] is None
    assert "> ## Not a heading\n> - 2026-01-02 nor a talk\n" in (vault / "People" / "Ann Lee.md").read_text("utf-8")
    bad = run("import", "csv", str(export), "--map", "Org=shoe")
    assert bad.exit_code == 2 and "--map: 'Org=shoe' is not COLUMN=FIELD" in bad.stderr
    unnamed = run("import", "csv", str(export))
    assert unnamed.exit_code == 2 and "no column is the name" in unnamed.stderr


def test_import_vcard_from_a_folder_of_cards(vault: Path, run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    for name in ("Ann Lee", "Bo Chen"):
        (folder / f"{name}.vcf").write_text(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n", encoding="utf-8"
        )
    (folder / "notes.txt").write_text("not a card", encoding="utf-8")
    assert run("import", "vcard", str(folder)).stdout.startswith("2 added")
    refused = run("import", "linkedin", str(folder))
    assert refused.exit_code == 2 and "a folder is read for vcard only" in refused.stderr


OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,E-mail Address,E-mail 2 Address,Mobile Phone,"
    "Business Phone,Company,Job Title,Business City,Birthday,Categories,Notes\r\n"
    'Ann,,Lee,,,,ann@x.org,,+1 415 555 0100,,Acme,CTO,Oakland,5/17/1990,Friends;Climate,"Two\r\nlines"\r\n'
    "Bo,J.,Chen,,,,,,,+44 20 7946 0000,,,,3/4/1985,,\r\n"
    "Cy,,Diaz,,,,cy@x.org,cy@work.org,,,,,,0/0/00,,\r\n"
)


def test_import_outlook_csv_and_googles_outlook_csv(vault: Path, run: Runner, tmp_path: Path) -> None:
    export = tmp_path / "contacts.csv"
    export.write_bytes(OUTLOOK.encode("cp1252"))
    result = run("import", "outlook", str(export))
    assert result.stdout == "3 added, 0 updated, 0 known already (unchanged), 0 skipped\n"
    assert "row 3, Bo J. Chen: Birthday '3/4/1985' could be read more than one way; left out" in result.stderr
    ann = json.loads(run("show", "ann", "--json").stdout)
    assert (ann["emails"], ann["tags"]) == (["ann@x.org"], ["Friends", "Climate"])
    assert [ann["fields"][k] for k in ("phone", "company", "role", "location", "birthday", "source")] == [
        "+1 415 555 0100", "Acme", "CTO", "Oakland", "1990-05-17", "outlook",
    ]  # fmt: skip
    bo = json.loads(run("show", "bo", "--json").stdout)["fields"]
    assert bo["phone"] == "+44 20 7946 0000" and "birthday" not in bo
    cy = json.loads(run("show", "cy", "--json").stdout)
    assert "birthday" not in cy["fields"] and cy["emails"] == ["cy@x.org", "cy@work.org"]  # 0/0/00: none
    again = run("import", "google", str(export))  # Google's "Outlook CSV": the same people, known
    assert again.stdout == "0 added, 0 updated, 3 known already (unchanged), 0 skipped\n"
    wrong = tmp_path / "other.csv"
    wrong.write_text("Name,Email\nAnn,ann@x.org\n", encoding="utf-8")
    refused = run("import", "outlook", str(wrong))
    assert refused.exit_code == 2 and "not an Outlook contacts CSV" in refused.stderr


def test_a_long_import_shows_progress_on_a_terminal_only(vault: Path, run: Runner, tmp_path: Path) -> None:
    from tests.conftest import run_in_terminal

    rows = "".join(f"First{i},Last{i},https://www.linkedin.com/in/p{i},,Co,Role,03 Nov 2026\r\n" for i in range(600))
    export = tmp_path / "Connections.csv"
    export.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" + rows)
    piped = run("import", "linkedin", str(export), "--dry-run")
    assert piped.stderr == "" and piped.stdout.endswith(
        "600 to add, 0 to update, 0 known already (unchanged), 0 skipped\n"
    )
    code, out, shown = run_in_terminal("--vault", str(vault), "import", "linkedin", str(export))
    assert code == 0 and out.startswith(b"600 added")
    assert b"reading rows" in shown and b"writing notes" in shown and b"600/600" in shown
    assert len(list((vault / "People").glob("*.md"))) == 600


def test_a_person_matching_several_notes_is_listed_never_merged(vault: Path, run: Runner, tmp_path: Path) -> None:
    from tests.conftest import write

    notes = {"People/Ann Lee.md": "---\ncompany: Acme\n---\n", "Work/Ann Lee (Acme).md": "---\nname: Ann Lee\n---\n"}
    write(vault, {**notes, ".vaultnet/config.toml": 'contact_folders = ["People", "Work"]\n'})
    export = tmp_path / "Connections.csv"
    export.write_text(LINKEDIN, encoding="utf-8")
    result = run("import", "linkedin", str(export))
    assert "skipped row 6, Ann Lee: matches several notes (People/Ann Lee.md; Work/Ann Lee (Acme).md)" in result.stderr
    assert result.stdout == "2 added, 0 updated, 0 known already (unchanged), 2 skipped\n"
    assert all((vault / path).read_text(encoding="utf-8") == text for path, text in notes.items())


def test_a_card_without_fn_is_named_from_n_and_a_nameless_one_said(vault: Path, run: Runner, tmp_path: Path) -> None:
    cards = tmp_path / "old-phone.vcf"
    cards.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okafor;Sam;;;\r\nTEL;CELL:+44 7700 900123\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nTEL;CELL:+44 7700 900456\r\nEND:VCARD\r\n"
    )
    result = run("import", "vcard", str(cards))
    assert result.stdout == "1 added, 0 updated, 0 known already (unchanged), 1 skipped\n"
    assert result.stderr == "row 2: this card has no name (FN or N); skipped\n"
    assert json.loads(run("show", "sam okafor", "--json").stdout)["fields"]["phone"] == "+44 7700 900123"
