"""Email drafts: a context from the network, a template rendered, a note or .eml made.

A rendered draft template starts with `Subject: …`; the rest is the body. Drafts are
written as new files only (`notefile.create_unique`), never over anything.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import UsageError, VaultnetError
from .matching import match, suggest_for
from .model import Contact
from .query import Network
from .render import (
    TEMPLATE_SUFFIX,
    ContactView,
    DraftContext,
    IntroContext,
    UserView,
    contact_view,
    link_to,
    render,
)

MAILTO_LIMIT = 1800  # longer mailto: links are cut off by some mail clients
EMAIL_PLACEHOLDER = "[email]"


@dataclass(frozen=True)
class Draft:
    """A rendered email, ready to be written as a note or an .eml message."""

    template: str
    subject: str
    body: str
    to: tuple[str, ...]  # addresses, or "[email]" for someone without one
    about: tuple[Contact, ...]  # the people it concerns, linked from the note
    missing_email: tuple[str, ...]  # names of recipients with no email


def user_view(settings: Settings) -> UserView:
    """The user, as templates see them."""
    return UserView(settings.user_name, settings.user_email, settings.user_signature or settings.user_name)


def view(net: Network, contact: Contact) -> ContactView:
    """A contact with their conversations and open promises, for templates."""
    return contact_view(contact, net.interactions(contact), net.promises(contact).get(contact.path, []))


def auto_template(net: Network, contact: Contact) -> str:
    """The template that fits: a follow-up after a first meeting, a birthday note, or a check-in."""
    schedule = net.schedule_of(contact)
    if schedule and schedule[1] == "followup":
        return "followup"
    if contact.birthday:
        from .dates import next_birthday

        when = next_birthday(int(contact.birthday[:2]), int(contact.birthday[3:]), net.today)
        if (when - net.today).days <= net.settings.birthday_days:
            return "birthday"
    return "checkin"


def split_subject(text: str) -> tuple[str, str]:
    """(subject, body) from a rendered template that starts with `Subject: …`."""
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return first[len("subject:") :].strip(), rest.lstrip("\n")
    return "", text


def _recipients(people: list[Contact]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    to = tuple(p.emails[0] if p.emails else EMAIL_PLACEHOLDER for p in people)
    return to, tuple(p.name for p in people if not p.emails)


_TEMPLATE_NAME = re.compile(r"[^\W_][\w .-]*", re.UNICODE)


def check_template_name(name: str) -> str:
    """`name` when it names a template (`checkin`, one of the user's); it goes into the
    draft's file name, so a path (`/checkin`, `./checkin`) or prefix (`default:…`) is refused."""
    if not _TEMPLATE_NAME.fullmatch(name) or name.endswith("."):
        raise UsageError(
            f"--template takes a template's name, not {name!r}",
            hint="e.g. checkin or followup; `vaultnet templates list` names them all",
        )
    return name


def make_draft(net: Network, env: Any, contact: Contact, template: str, why: str = "", topic: str = "") -> Draft:
    """Render a draft for one person with a draft template (followup, checkin, …); `why`
    and `topic` say what `today` proposed it for."""
    suggestion: ContactView | None = None
    reason = ""
    if template == "checkin":
        best = introduction_for(net, contact)
        if best is not None:
            suggestion, reason = view(net, best[0]), best[1]
    context = DraftContext(
        contact=view(net, contact),
        user=user_view(net.settings),
        today=net.today,
        template=template,
        suggestion=suggestion,
        suggestion_reason=reason,
        why=why,
        topic=topic,
    )
    subject, body = split_subject(render(env, template + TEMPLATE_SUFFIX, context))
    to, missing = _recipients([contact])
    return Draft(template, subject, body, to, (contact,), missing)


def introduction_for(net: Network, contact: Contact) -> tuple[Contact, str] | None:
    """Someone the contact would gain from meeting, among people you are in touch with
    (not prospects, nor anyone archived), and why, said to the contact."""
    known = [c for c in net.introducible() if c.path != contact.path]
    pair = suggest_for(contact, known, net.introduced)
    if pair is None:
        return None
    other = pair.b if pair.a.path == contact.path else pair.a
    why = pair.why_a if pair.a.path == contact.path else pair.why_b
    return other, why


def partner_for(net: Network, contact: Contact) -> tuple[Contact, str]:
    """`introduction_for`, or a VaultnetError that says no one fits and what to do."""
    found = introduction_for(net, contact)
    if found is None:
        raise VaultnetError(
            f"no one you are in touch with has what {contact.name} needs or needs what they offer",
            hint="name the second person: vaultnet intro FIRST SECOND (offers, needs and interests say who fits)",
        )
    return found


def make_intro(net: Network, env: Any, a: Contact, b: Contact, ask_first: bool) -> list[Draft]:
    """An introduction of `a` and `b`: one email to both, or with `ask_first` one to each
    asking whether they would like it."""
    found = match(a, b)
    why_a = found.why_a if found else ""
    why_b = found.why_b if found else ""
    va, vb, user = view(net, a), view(net, b), user_view(net.settings)
    if not ask_first:
        context = IntroContext(a=va, b=vb, why_a=why_a, why_b=why_b, user=user, today=net.today)
        subject, body = split_subject(render(env, "intro" + TEMPLATE_SUFFIX, context))
        to, missing = _recipients([a, b])
        return [Draft("intro", subject, body, to, (a, b), missing)]
    drafts = []
    for person, other, why in ((a, b, why_a), (b, a, why_b)):
        context = IntroContext(
            a=va, b=vb, why_a=why_a, why_b=why_b, user=user, today=net.today,
            to=va if person is a else vb, other=vb if person is a else va, why=why,
        )  # fmt: skip
        subject, body = split_subject(render(env, "intro_ask" + TEMPLATE_SUFFIX, context))
        to, missing = _recipients([person])
        drafts.append(Draft("intro_ask", subject, body, to, (person, other), missing))
    return drafts


# --- the forms a draft is written in ------------------------------------------------------


def _yaml_text(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def as_markdown(draft: Draft, today: date) -> str:
    """The draft as a note: frontmatter (to, subject, contact links) and the body."""
    contacts = [link_to(c.path, c.name) for c in draft.about]
    lines = [
        "---",
        f"to: {_yaml_text(', '.join(draft.to))}",
        f"subject: {_yaml_text(draft.subject)}",
        f"contact: {_yaml_text(contacts[0])}" if len(contacts) == 1 else "contact:",
    ]
    if len(contacts) > 1:
        lines += [f"  - {_yaml_text(c)}" for c in contacts]
    lines += [f"template: {draft.template}", f"date: {today.isoformat()}", "tags: [draft]", "---", ""]
    return "\n".join(lines) + draft.body.rstrip("\n") + "\n"


def as_eml(draft: Draft, settings: Settings, today: date) -> bytes:
    """The draft as an RFC 5322 message marked unsent, for a mail client to open."""
    message = EmailMessage()
    if settings.user_email:
        message["From"] = f"{settings.user_name} <{settings.user_email}>" if settings.user_name else settings.user_email
    real = [t for t in draft.to if t != EMAIL_PLACEHOLDER]
    message["To"] = ", ".join(real) if real else EMAIL_PLACEHOLDER
    message["Subject"] = draft.subject
    # A fixed time of day keeps the file byte-identical for the same vault and date.
    message["Date"] = format_datetime(datetime(today.year, today.month, today.day, 9, 0, tzinfo=UTC))
    message["X-Unsent"] = "1"
    message.set_content(draft.body)
    return bytes(message)


def mailto(draft: Draft) -> str | None:
    """A mailto: link that opens the draft in a mail client, when it is short enough."""
    real = [t for t in draft.to if t != EMAIL_PLACEHOLDER]
    if not real:
        return None
    query = urllib.parse.urlencode({"subject": draft.subject, "body": draft.body}, quote_via=urllib.parse.quote)
    link = f"mailto:{','.join(real)}?{query}"
    return link if len(link) <= MAILTO_LIMIT else None


_UNSAFE = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f]')


def safe_name(name: str) -> str:
    """A file name made from a person's name: no path separators, no characters that
    break Obsidian links or Windows, no leading dot, at most 100 characters."""
    cleaned = " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", name)).split()).lstrip(".").strip()
    return cleaned[:100].rstrip() or "contact"


def path_for(settings: Settings, day: date, people: tuple[Contact, ...], template: str, suffix: str = ".md") -> Path:
    """Where a draft goes: `Drafts/2026-11-23 Maya Chen - followup.md`."""
    who = " & ".join(safe_name(c.name) for c in people)
    return settings.vault / settings.drafts_folder / f"{day.isoformat()} {who} - {template}{suffix}"


def draft_path(settings: Settings, today: date, draft: Draft, suffix: str) -> Path:
    """Where a rendered draft goes (an introduction is named after both people)."""
    return path_for(
        settings, today, draft.about if draft.template == "intro" else draft.about[:1], draft.template, suffix
    )


def existing_draft(settings: Settings, start: date, end: date, contact: Contact, template: str) -> Path | None:
    """A draft to `contact` with `template` written on a day from `start` to `end`."""
    day = start
    while day <= end:
        candidate = path_for(settings, day, (contact,), template)
        if candidate.exists():
            return candidate
        day += timedelta(days=1)
    return None


# The line a draft the digest wrote carries: a checksum of the rest of the file, so that a
# draft nobody edited can be told (and removed once old: see digest.remove_old_drafts).
_STAMP = re.compile(rb"^vaultnet: ([0-9a-f]{16})\r?\n", re.MULTILINE)


def stamped(data: bytes) -> bytes:
    """A draft note with its stamp, `vaultnet: <checksum>`, as the frontmatter's last line."""
    end = data.find(b"\n---\n", 3)
    if not data.startswith(b"---\n") or end < 0:
        return data
    digest = hashlib.sha256(data).hexdigest()[:16].encode()
    return data[: end + 1] + b"vaultnet: " + digest + b"\n" + data[end + 1 :]


def untouched(data: bytes) -> bool:
    """True for a draft the digest wrote whose bytes are as it wrote them."""
    found = _STAMP.search(data)
    if found is None:
        return False
    rest = data[: found.start()] + data[found.end() :]
    return hashlib.sha256(rest).hexdigest()[:16].encode() == found.group(1)
