"""Jinja templates for drafts and digests, and the data they are given.

Templates are looked up in the vault's `.vaultnet/templates/` first, then among the
built-in ones; `{% extends "default:followup.md.j2" %}` reaches the built-in copy of a
template from a user's override, to change one block. Rendering is sandboxed
(ImmutableSandboxedEnvironment), undefined names are errors, nothing is HTML-escaped,
and note text is only ever data: a note holding `{{ 7*7 }}` is printed as written.

The context classes below are what templates see; docs/templates.md lists their fields.
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import VaultnetError
from .model import Contact, Interaction, Promise, display_value
from .names import note_title
from .vaultinit import builtin_templates

TEMPLATE_SUFFIX = ".md.j2"


class TemplateError(VaultnetError):
    """A template that does not parse or fails while rendering."""


# --- what templates see -------------------------------------------------------------------


@dataclass(frozen=True)
class InteractionView:
    """One conversation: `date`, `text`, and `source` (the note it is written in);
    `detail` is the text without a first clause that only says where you met."""

    date: date
    text: str
    source: str

    @property
    def detail(self) -> str:
        """What was said, short, for a reminder in a draft: `met at Climate Week; looking
        for a grid storage role` -> `looking for a grid storage role` (the note already
        says where you met); a label that only repeats the rest (`coffee: coffee at the
        venue`) said once; at most its first sentence, cut near DETAIL_CHARS at a word."""
        text = self.text
        head, sep, rest = text.partition(";")
        if sep and rest.strip() and _WHERE_MET.match(head.strip()):
            text = rest.strip()
        label, colon, said = text.partition(": ")
        if colon and said.lower().startswith(label.strip().lower()) and label.strip():
            text = said
        text = _FIRST_SENTENCE.match(text).group(0).strip()  # type: ignore[union-attr]  # (matches "")
        if len(text) > DETAIL_CHARS:
            text = text[:DETAIL_CHARS].rsplit(" ", 1)[0].rstrip(",;:—–- ") + "…"
        return text


_LOGGED_INTRO = re.compile(r"introduced to\b", re.IGNORECASE)  # what `intro --log` writes
DETAIL_CHARS = 120  # of a conversation recalled in a draft: a reminder, never a whole note
_FIRST_SENTENCE = re.compile(r".*?(?:[.!?](?=\s+[A-Z])|$)", re.DOTALL)
_WHERE_MET = re.compile(r"(?:first[ \t]+)?met[ \t]", re.IGNORECASE)


@dataclass(frozen=True)
class PromiseView:
    """An open promise: `text`, and `due` (a date or None)."""

    text: str
    due: date | None


@dataclass(frozen=True)
class ContactView:
    """A person as templates see them. Text fields are "" when the note has no value."""

    name: str
    first_name: str
    link: str  # a wikilink to the person's note, e.g. "[[Maya Chen]]"
    path: str
    email: str
    emails: list[str]
    company: str
    role: str
    industry: str
    location: str
    circle: str
    cadence: str
    how_met: str
    met_on: date | None
    last_contact: date | None
    next_due: date | None
    tags: list[str]
    interests: list[str]
    offers: list[str]
    needs: list[str]
    fields: dict[str, Any]  # every frontmatter field as written, unknown ones too
    last_interaction: InteractionView | None
    interactions: list[InteractionView]  # newest first
    promises: list[PromiseView]


@dataclass(frozen=True)
class UserView:
    """You, from the `[user]` config section: `name`, `email`, `signature`."""

    name: str
    email: str
    signature: str


@dataclass(frozen=True)
class DraftContext:
    """What a draft template (followup, checkin, thanks, birthday) is given."""

    contact: ContactView
    user: UserView
    today: date
    template: str
    suggestion: ContactView | None = None  # someone worth introducing them to
    suggestion_reason: str = ""
    why: str = ""  # why `today` proposed this draft (what you noted of them)
    topic: str = ""  # for share: the topic they care about that you noted lately


@dataclass(frozen=True)
class IntroContext:
    """What the intro templates are given: the two people and why each should meet the
    other; `to` is the one being asked first (with --ask-first), else None."""

    a: ContactView
    b: ContactView
    why_a: str
    why_b: str
    user: UserView
    today: date
    to: ContactView | None = None
    other: ContactView | None = None
    why: str = ""


@dataclass(frozen=True)
class DigestContext:
    """What the digest template is given; each list holds the rows of one section."""

    week: str
    start: date
    end: date
    today: date
    user: UserView
    reach_out: list[dict[str, Any]] = field(default_factory=list)
    promises: list[dict[str, Any]] = field(default_factory=list)
    prospects: list[dict[str, Any]] = field(default_factory=list)
    introductions: list[dict[str, Any]] = field(default_factory=list)
    share: list[dict[str, Any]] = field(default_factory=list)
    give_first: list[dict[str, Any]] = field(default_factory=list)  # people you asked of, lately only
    network: dict[str, Any] | None = None
    goals: dict[str, Any] | None = None


def _list(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value] if value not in (None, "") else []
    return [display_value(v) for v in items if display_value(v)]


def link_to(path: str, name: str) -> str:
    """A wikilink to a note by its file name, showing `name` when that differs."""
    stem = note_title(path)
    return f"[[{stem}]]" if stem == name else f"[[{stem}|{name}]]"


# Fields a note may give the name to greet someone by, the first found winning.
_GREETING_FIELDS = ("nickname", "preferred_name", "first_name", "firstname", "given_name")
# Titles before a name: `Dr. Ann Lee` is greeted as Ann.
_TITLES = frozenset(
    "dr dr. prof prof. mr mr. mrs mrs. ms ms. mx mx. miss sir dame herr frau m. mme mme. sr. sra.".split()
)


def first_name(contact: Contact) -> str:
    """The name to greet someone by: `nickname:` or `first_name:` (or the like) when the
    note says, else an alias of one word (`Bob`), else the first word of the name, after
    `Lee, Ann`'s comma and past titles (`Dr.`) and anything that is not a word (an emoji);
    `Mr Smith` when that is all."""
    for key in _GREETING_FIELDS:
        value = contact.field(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for alias in contact.aliases:
        # An alias of one word is the name people call them by (`Bob` for Robert Lee),
        # but not one written in capitals alone (`RL`, an initialism) nor a handle.
        if alias.isalpha() and not alias.isupper() and alias[:1].isupper():
            return alias
    name = contact.name
    if "," in name and name.split(",", 1)[1].strip():
        name = name.split(",", 1)[1]  # `Lee, Ann`, as names are filed to sort by the family name
    words = [w.strip(",;:.!?") for w in name.split() if any(ch.isalpha() for ch in w)]
    titles = []
    while len(words) > 1 and words[0].casefold() in _TITLES:
        titles.append(words.pop(0))
    if titles and len(words) == 1:
        return f"{titles[-1]} {words[0]}"  # `Mr Smith`: no first name to greet by
    return words[0] if words else contact.name


def contact_view(
    contact: Contact, interactions: list[Interaction] | None = None, promises: list[Promise] | None = None
) -> ContactView:
    """A Contact made ready for templates."""
    talks = [InteractionView(i.date, i.text, i.path) for i in (interactions or [])]
    emails = list(contact.emails)
    return ContactView(
        name=contact.name,
        first_name=first_name(contact),
        link=link_to(contact.path, contact.name),
        path=contact.path,
        email=emails[0] if emails else "",
        emails=emails,
        company=contact.field_text("company"),
        role=contact.field_text("role"),
        industry=contact.field_text("industry"),
        location=contact.field_text("location"),
        circle=contact.circle or "",
        cadence=contact.cadence.label if contact.cadence else "",
        how_met=contact.field_text("how_met"),
        met_on=contact.met_on,
        last_contact=contact.last_contact,
        next_due=contact.next_due,
        tags=list(contact.tags),
        interests=_list(contact.field("interests")),
        offers=_list(contact.field("offers")),
        needs=_list(contact.field("needs")),
        fields=dict(contact.fields),
        # (Not an introduction vaultnet logged for you: a follow-up recalls a conversation.)
        last_interaction=next((t for t in talks if not _LOGGED_INTRO.match(t.text)), None),
        interactions=talks,
        promises=[PromiseView(p.text, p.due) for p in (promises or [])],
    )


# --- the environment ----------------------------------------------------------------------


def placeholder(value: object, label: str) -> object:
    """`{{ contact.company | ph("company") }}`: the value, or a visible `[company]`."""
    if value is None or value == "" or value == [] or value == {}:
        return f"[{label}]"
    return value


def long_day(value: date) -> str:
    """`2026-11-17` -> `November 17` (the same in every locale and on every system)."""
    months = "January February March April May June July August September October November December".split()
    return f"{months[value.month - 1]} {value.day}"


def signed(value: int | None) -> str:
    """A change with its sign: `+3`, `-2`, `0`; "" when there is nothing to compare."""
    if value is None:
        return ""
    return f"{value:+d}" if value else "0"


def _builtin_dir() -> Path:
    return builtin_templates()


MAX_BUILT = 1_000_000  # characters or items one `*` in a template may make
MAX_POWER_BITS = 4096  # how large an integer one `**` may make


@functools.cache
def _bounded_environment() -> Any:
    """Jinja's immutable sandbox, with `*` and `**` bounded: a template's `'x' * n**10`
    would otherwise ask for gigabytes (and get them, or end in a MemoryError)."""
    import math

    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Bounded(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for items, times in ((left, right), (right, left)):
                    if (
                        isinstance(items, str | list | tuple)
                        and isinstance(times, int)
                        and len(items) * times > MAX_BUILT
                    ):
                        raise SecurityError(f"a repeat making over {MAX_BUILT:,} characters or items")
            elif (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and right * math.log2(abs(left)) > MAX_POWER_BITS
            ):
                raise SecurityError(f"a power making a number of over {MAX_POWER_BITS:,} bits")
            return super().call_binop(context, operator, left, right)

    return Bounded


def environment(vault: Path) -> Any:
    """The Jinja environment for a vault: its own templates first, then the built-ins."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined

    builtin = FileSystemLoader(str(_builtin_dir()))
    loader = ChoiceLoader(
        [
            FileSystemLoader(str(vault / ".vaultnet" / "templates")),
            builtin,
            PrefixLoader({"default": builtin}, delimiter=":"),
        ]
    )
    env = _bounded_environment()(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ph"] = placeholder
    env.filters["display"] = display_value
    env.filters["day"] = long_day
    env.filters["signed"] = signed
    return env


def template_names(vault: Path) -> list[tuple[str, str]]:
    """Every template with where the copy in use comes from ("vault" or "built-in")."""
    names: dict[str, str] = {}
    for path in sorted(_builtin_dir().glob(f"*{TEMPLATE_SUFFIX}")):
        names[path.name] = "built-in"
    user = vault / ".vaultnet" / "templates"
    if user.is_dir():
        for path in sorted(user.glob(f"*{TEMPLATE_SUFFIX}")):
            names[path.name] = "vault"
    return sorted(names.items())


def render(env: Any, name: str, context: object) -> str:
    """Render template `name` with the fields of `context`; TemplateError on any failure,
    naming the template file and line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    values = {k: getattr(context, k) for k in context.__dataclass_fields__}  # type: ignore[attr-defined]
    try:
        template = env.get_template(name)
        return str(template.render(**values))
    except TemplateNotFound as exc:
        known = ", ".join(n.removesuffix(TEMPLATE_SUFFIX) for n in env.list_templates() if n.endswith(TEMPLATE_SUFFIX))
        raise TemplateError(f"no template named {exc.name!r}", hint=f"known: {known}") from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax: {exc.message}", path=_shown_path(env, exc.filename) or exc.name, line=exc.lineno
        ) from None
    except RecursionError as exc:
        where, line = _template_frame(exc)
        raise TemplateError(
            "template failed: it calls itself without end",
            path=_shown_path(env, where) or name,
            line=line,
            hint=f'a template that extends or includes itself reaches the built-in one as "default:{name}"',
        ) from None
    except MemoryError:
        raise TemplateError(
            "template failed: it made more text than fits in memory", path=name, hint="look for repeats that grow"
        ) from None
    except (UndefinedError, SecurityError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # A template is the user's code: whatever it does wrong is theirs to fix, with its line.
        where, line = _template_frame(exc)
        raise TemplateError(f"template failed: {exc}", path=_shown_path(env, where) or name, line=line) from None


def _shown_path(env: Any, filename: str | None) -> str | None:
    """A template file as messages name notes: relative to the vault, or `built-in NAME`."""
    if filename is None:
        return None
    user_dir = Path(env.loader.loaders[0].searchpath[0])  # <vault>/.vaultnet/templates
    path = Path(filename)
    try:
        return path.relative_to(user_dir.parent.parent).as_posix()
    except ValueError:
        return f"built-in {path.name}"


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line a rendering error happened on (Jinja rewrites its
    tracebacks so that template frames carry template line numbers)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return None, None
