"""classify: the one place that decides whether a note is a person, a day, or neither."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from vaultnet.classify import PersonRow, about_someone, daily_date_of, kind_of, tagged_in_body, written_as_a_name
from vaultnet.config import ParseOptions

OPTS = ParseOptions(contact_folders=("People",), daily_folder="Daily", daily_format="YYYY-MM-DD")


def kind(path: str, types: tuple[str, ...] = (), tags: tuple[str, ...] = (), categories: tuple[str, ...] = ()) -> str:
    return kind_of(path, set(types), set(categories), list(tags), OPTS)[0]


@pytest.mark.parametrize(
    ("path", "types", "tags", "categories", "expected"),
    [
        ("People/Ann Lee.md", (), (), (), "contact"),
        ("People/Work/Ann Lee.md", (), (), (), "contact"),  # sub-folders too
        ("Notes/Ann Lee.md", ("person",), (), (), "contact"),
        ("Notes/Ann Lee.md", (), ("people/colleague",), (), "contact"),
        ("Notes/Ann Lee.md", (), ("people",), (), "note"),  # a topic as often as a person
        ("Notes/Ann Lee.md", (), (), ("people",), "contact"),
        ("People/Acme.md", ("company",), (), (), "note"),
        ("People/Ann Lee.md", ("client",), (), (), "contact"),  # the relationship, not what it is
        ("People/People.md", (), (), (), "note"),
        ("People/_template.md", (), (), (), "note"),
        ("People/Person Template.md", (), (), (), "note"),
        ("People/Untitled 2.md", (), (), (), "note"),
        ("People/README.md", (), (), (), "note"),
        ("People/Ann.excalidraw.md", (), (), (), "note"),
        ("People/Ann.sync-conflict-20261103-142233-ABCDEF7.md", (), (), (), "note"),
        ("People/Ann (conflicted copy).md", (), (), (), "note"),
        ("People/2026-11-03 Coffee.md", (), (), (), "daily"),
        ("Daily/2026-11-03.md", (), (), (), "daily"),
        ("Projects/Launch.md", (), (), (), "note"),
    ],
)
def test_what_a_note_is(
    path: str, types: tuple[str, ...], tags: tuple[str, ...], categories: tuple[str, ...], expected: str
) -> None:
    assert kind(path, types, tags, categories) == expected


def test_a_days_note_carries_its_day() -> None:
    assert kind_of("Daily/2026-11-03.md", set(), set(), [], OPTS) == ("daily", date(2026, 11, 3), "outside")
    assert daily_date_of("Journal/2026-11-03 Coffee with Ann.md", OPTS) == date(2026, 11, 3)
    assert daily_date_of("Journal/2026-11-03 copy.md", OPTS) is None
    assert (
        daily_date_of("Drafts/2026-11-23 Ann - checkin.md", dataclasses.replace(OPTS, generated_folders=("Drafts",)))
        is None
    )


@pytest.mark.parametrize(
    ("body", "tagged"),
    [("#person\n", True), ("Tags: #person #climate\n", True), ("lunch with a new #person today\n", False)],
)
def test_a_person_tag_in_the_body_is_one_on_a_line_of_tags(body: str, tagged: bool) -> None:
    assert tagged_in_body(body) is tagged


@pytest.mark.parametrize(
    ("text", "name"),
    [("Ann Lee", True), ("Ana de la Cruz", True), ("machine learning", False), ("Q3 planning", False), ("NASA", False)],
)
def test_what_is_written_as_a_name(text: str, name: bool) -> None:
    assert written_as_a_name(text) is name


def test_notes_about_someone_kept_in_their_folder_are_not_people() -> None:
    people = [PersonRow(1, "People/Ann Lee/Ann Lee.md", "", True), PersonRow(6, "People/Ann Lee/Jo.md", "", True)]
    bare = [
        PersonRow(2, "People/Ann Lee/Gift ideas.md", "", False),
        PersonRow(3, "People/Ann Lee/Notes.md", "", False),
        PersonRow(4, "People/Ann Lee/Bo Chen.md", "", False),  # a name: someone kept in her folder
        PersonRow(5, "People/Cy/Ideas.md", "", False),  # no person said to be Cy
        PersonRow(7, "People/Ann Lee/Links.md", "person", False),  # tagged a person
    ]
    fields = {2: {}, 3: {"type": "person"}, 4: {}}
    about = about_someone(bare, people, lambda ids: [(i, json.dumps(fields.get(i, {}))) for i in ids])
    assert about == {2: 1}  # Notes.md says it is a person; Bo Chen is named as one
