"""render: the sandboxed Jinja environment, its filters, and what templates see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vaultnet.model import Contact
from vaultnet.render import (
    TemplateError,
    contact_view,
    environment,
    first_name,
    link_to,
    long_day,
    placeholder,
    render,
    signed,
)


@dataclass(frozen=True)
class Given:
    """A context as render takes one: a dataclass whose fields the template sees."""

    value: Any = None


def rendered(vault: Path, template: str, value: Any = None) -> str:
    folder = vault / ".vaultnet" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.md.j2").write_text(template, encoding="utf-8")
    return render(environment(vault), "t.md.j2", Given(value))


def person(name: str, **fields: Any) -> Contact:
    return Contact(path=f"People/{name}.md", name=name, fields=fields)


@pytest.mark.parametrize(
    ("name", "fields", "greeting"),
    [
        ("Ann Lee", {}, "Ann"),
        ("Dr. Ann Lee", {}, "Ann"),
        ("Lee, Ann", {}, "Ann"),
        ("Mr Smith", {}, "Mr Smith"),
        ("Robert Lee", {"nickname": "Bob"}, "Bob"),
        ("🌱 Ana de la Cruz", {}, "Ana"),
    ],
)
def test_people_are_greeted_by_the_name_they_go_by(name: str, fields: dict[str, Any], greeting: str) -> None:
    assert first_name(person(name, **fields)) == greeting


@pytest.mark.parametrize(
    ("aliases", "greeting"),
    [(("Bob",), "Bob"), (("RL",), "Robert"), (("Bobby Lee",), "Robert"), (("bob99",), "Robert")],
)
def test_an_alias_of_one_word_is_the_name_people_call_them(aliases: tuple[str, ...], greeting: str) -> None:
    assert first_name(person("Robert Lee")._replace(aliases=aliases)) == greeting


def test_a_link_shows_the_name_when_the_file_is_named_otherwise() -> None:
    assert link_to("People/Ann Lee.md", "Ann Lee") == "[[Ann Lee]]"
    assert link_to("People/ann-lee.md", "Ann Lee") == "[[ann-lee|Ann Lee]]"


def test_filters() -> None:
    assert placeholder("", "company") == "[company]"
    assert placeholder("Acme", "company") == "Acme"
    assert long_day(date(2026, 11, 3)) == "November 3"
    assert (signed(3), signed(-2), signed(0), signed(None)) == ("+3", "-2", "0", "")


def test_a_view_of_a_contact_has_what_templates_are_promised() -> None:
    ann = person("Ann Lee", company="Acme", offers="intros, hiring advice")._replace(emails=("ann@x.org", "a@y.org"))
    view = contact_view(ann)
    assert (view.first_name, view.email, view.company, view.link) == ("Ann", "ann@x.org", "Acme", "[[Ann Lee]]")
    assert view.last_interaction is None and view.promises == []


def test_note_text_is_only_ever_data(tmp_path: Path) -> None:
    assert rendered(tmp_path, "{{ value }}", "{{ 7*7 }} <b>") == "{{ 7*7 }} <b>"  # no second pass, no escaping


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{{ missing }}", "'missing' is undefined"),
        ("{{ 'x' * 10**7 }}", "a repeat making over"),
        ("{{ 10 ** 100000 }}", "a power making a number"),
        ("{{ value.__class__.__mro__ }}", "template failed"),
    ],
)
def test_a_template_that_goes_wrong_is_one_error_with_its_file(tmp_path: Path, template: str, says: str) -> None:
    with pytest.raises(TemplateError) as error:
        rendered(tmp_path, "line one\n" + template, "v")
    assert says in str(error.value)
    assert error.value.path == ".vaultnet/templates/t.md.j2"


def test_a_template_may_extend_the_built_in_one_it_replaces(tmp_path: Path) -> None:
    folder = tmp_path / ".vaultnet" / "templates"
    folder.mkdir(parents=True)
    (folder / "checkin.md.j2").write_text('{% extends "default:checkin.md.j2" %}\n', encoding="utf-8")
    env = environment(tmp_path)
    assert env.get_template("checkin.md.j2").filename.endswith(".vaultnet/templates/checkin.md.j2")
