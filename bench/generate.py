"""Generate a realistic vault for benchmarks: N contacts plus years of daily notes.

    python bench/generate.py 10000 bench/vaults/10k

The same size and seed give the same vault. Contacts vary the way real ones do: different
frontmatter styles (flow and block lists, quoted values, comments), logs of 0-30 entries in
the common date forms, promises with Tasks and Dataview due dates, some CRLF files, and
daily notes that link to several people each.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

FIRST = (
    "Ada Ben Cai Dana Eli Fay Gus Hana Ivo Jia Kai Lea Milo Nia Oto Pia Quin Rui Sia Tao Uma Vik Wen "
    "Xia Yara Zed Amir Bea Cleo Dev Eva Finn Gia Hugo Iris Jon Kira Liam Maya Noor Omar Pax Rosa Sam "
    "Tess Ugo Vera Will Yuki Zoë Anaïs José Søren Łukasz Zoltán Ngozi Mei Arjun Chiara Björn Inès "
    "Tomás"
).split()
LAST = (
    "Abe Berg Chen Diaz Endo Fox Garcia Hale Ito Jansen Kim Lopez Moreau Nakamura Okafor Park Quist "
    "Rossi Silva Tanaka Ueda Vance Weiss Xu Young Zhang Álvarez Dubois Ström Nowak Haddad Khan "
    "Müller Novak Petrova Santos Schmidt Watanabe Costa Lindqvist Nwosu Raman Ortiz Becker Grant "
    "Carter Johnson Liu Kowalski"
).split()
INDUSTRIES = (
    "Climate tech|Venture capital|Fintech|Health tech|Education|Government|Media|Design|Robotics|"
    "Biotech|Developer tools|Real estate|Mobility|Energy|Consulting|Recruiting|Philanthropy|Software|"
    "Banking"
).split("|")
CITIES = ("Berlin|London|Oakland, CA|New York|Tokyo|Lagos|São Paulo|Madrid|Oslo|Singapore|Austin|Paris|Prague").split(
    "|"
)
TOPICS = (
    "grid storage|fundraising|product discovery|hiring|climate adaptation|open source|pricing|sales|"
    "design systems|machine learning|payments|community building|public policy|battery chemistry|"
    "go-to-market|leadership|accessibility|urban heat|supply chains|podcasting|sailing|running|jazz|"
    "chess|ceramics"
).split("|")
KINDS = ("coffee|call|lunch|video call|dinner|email|met at a conference|walk|intro call").split("|")
# A large network is mostly people you simply know: a few close ones, a third you keep
# up with, some you want to meet. Most contacts carry no cadence of their own.
CIRCLES = ["inner"] * 3 + ["network"] * 35 + ["prospect"] * 7 + [None] * 55
CADENCES = [None] * 90 + ["weekly", "biweekly", "monthly", "quarterly", "yearly", "6w", "14d", "3m", "none", "2m"]


def _log_line(rng: random.Random, day: date, people: list[str]) -> str:
    text = f"{rng.choice(KINDS)} about {rng.choice(TOPICS)}"
    if people and rng.random() < 0.15:
        text += f", mentioned [[{rng.choice(people)}]]"
    form = rng.random()
    if form < 0.55:
        return f"- {day.isoformat()} {text}"
    if form < 0.75:
        return f"- {day.isoformat()}: {text}"
    if form < 0.85:
        return f"- {day.isoformat()} — {text}"
    if form < 0.95:
        return f"- [[{day.isoformat()}]] {text}"
    return f"* {day.isoformat()} {text}"


EXTRA_KEYS = (
    "twitter linkedin_url website github mastodon phone_work city country timezone pronouns language "
    "company_size funding_stage sector team reports_to assistant source list status priority score "
    "last_email last_meeting next_step notes_url crm_id hubspot_id"
).split()


def contact_note(
    rng: random.Random, name: str, today: date, people: list[str], extra: int = 0, kept_up: bool = False
) -> str:
    """One contact note, in one of several frontmatter styles. `kept_up`: the note of
    someone the owner keeps up with, whose last talk is within the last few days."""
    company = f"{rng.choice(LAST)} {rng.choice(['Labs', 'Capital', 'Energy', 'Health', 'Studio', 'Group'])}"
    email = name.lower().replace(" ", ".").encode("ascii", "ignore").decode() + "@example.com"
    circle = rng.choice(CIRCLES)
    cadence = rng.choice(CADENCES)
    interests = rng.sample(TOPICS, rng.randint(1, 4))
    offers = rng.sample(TOPICS, rng.randint(0, 3))
    needs = rng.sample(TOPICS, rng.randint(0, 2))
    met = today - timedelta(days=rng.randint(1, 3000))
    block = rng.random() < 0.4
    lines = ["---", f"name: {name}"]
    if rng.random() < 0.1:
        lines.append("# imported from the old CRM")
    lines += [
        f"email: {email}",
        f'company: "{company}"',
        f"role: {rng.choice(['CEO', 'CTO', 'Engineer', 'Partner', 'Designer', 'PM'])}",
    ]
    if rng.random() < 0.3:
        lines.append(f"phone: +{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}")
    if rng.random() < 0.5:
        lines.append(f"linkedin: https://www.linkedin.com/in/{email.split('@')[0].replace('.', '-')}")
    if rng.random() < 0.5:
        lines.append(f"created: {(met - timedelta(days=rng.randint(0, 30))).isoformat()}")
    if rng.random() < 0.3:
        lines.append(f"how_met: {rng.choice(['conference', 'intro from a friend', 'podcast', 'meetup', 'work'])}")
    lines.append(f"industry: {rng.choice(INDUSTRIES)}")
    lines.append(f"location: {rng.choice(CITIES)}")
    if circle:
        lines.append(f"circle: {circle}")
    if cadence:
        lines.append(f"cadence: {cadence}")
    for key, values in (
        ("tags", rng.sample(["investor", "founder", "friend", "client", "mentor", "press"], 2)),
        ("interests", interests),
        ("offers", offers),
        ("needs", needs),
    ):
        if not values:
            continue
        if block:
            lines.append(f"{key}:")
            lines += [f"  - {v}" for v in values]
        else:
            lines.append(f"{key}: [{', '.join(values)}]")
    lines.append(f"met_on: {met.isoformat()}")
    if rng.random() < 0.3:
        lines.append(f"birthday: {rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    if rng.random() < 0.05:
        lines.append("country: NO")
    for key in EXTRA_KEYS[:extra]:
        lines.append(f"{key}: {rng.choice(TOPICS)} {rng.randint(1, 999)}")
    lines.append("---")
    lines.append(f"# {name}")
    lines.append("")
    lines.append(f"Met through {rng.choice(people) if people else 'a friend'}; talks a lot about {interests[0]}.")
    lines.append("")
    lines.append("## Log")
    entries = sorted(
        (met + timedelta(days=rng.randint(0, max(1, (today - met).days))) for _ in range(rng.randint(0, 30))),
        reverse=True,
    )
    if kept_up:
        entries.insert(0, today - timedelta(days=rng.randint(0, 5)))
    lines += [_log_line(rng, day, people) for day in entries]
    if rng.random() < (0.02 if kept_up else 0.25):
        due = today + timedelta(days=rng.randint(-30, 60))
        marker = f"📅 {due.isoformat()}" if rng.random() < 0.6 else f"[due:: {due.isoformat()}]"
        lines += ["", f"- [ ] send {rng.choice(TOPICS)} notes {marker}"]
    return "\n".join(lines) + "\n"


def daily_note(rng: random.Random, day: date, people: list[str]) -> str:
    """A daily note that mentions a few people."""
    lines = [f"# {day.strftime('%A %d %B %Y')}", ""]
    for _ in range(rng.randint(1, 6)):
        who = rng.choice(people)
        lines.append(f"- {rng.choice(KINDS)} with [[{who}]] about {rng.choice(TOPICS)}")
    if rng.random() < 0.2:
        lines.append(f"- [ ] follow up with [[{rng.choice(people)}]] 📅 {(day + timedelta(days=7)).isoformat()}")
    lines.append("")
    lines.append("Some thoughts on " + ", ".join(rng.sample(TOPICS, 3)) + ".")
    return "\n".join(lines) + "\n"


def other_note(rng: random.Random, number: int, people: list[str]) -> str:
    """A note that is not about a person (a project, a meeting, a reading note), as most
    of a real vault is: long prose with links and #tags, lists, code; a fifth with an open
    task that names someone."""
    topic = rng.choice(TOPICS)
    lines = ["---", f"title: {topic.capitalize()} {number}", f"tags: [{rng.choice(['project', 'reading', 'meeting'])}]"]
    lines += [f"created: {date(2026, 11, 23) - timedelta(days=rng.randint(0, 1500))}", "---", f"# {topic.capitalize()}"]
    for section in range(rng.randint(2, 8)):
        lines += ["", f"## {rng.choice(TOPICS).capitalize()}", ""]
        for _ in range(rng.randint(1, 4)):
            words = [rng.choice(TOPICS + KINDS) for _ in range(rng.randint(20, 70))]
            if rng.random() < 0.4:
                words.insert(rng.randrange(len(words)), f"[[{rng.choice(people)}]]")
            if rng.random() < 0.2:
                words.append(f"#{rng.choice(TOPICS).replace(' ', '-')}")
            lines += [" ".join(words).capitalize() + ".", ""]
        lines += [f"- {rng.choice(TOPICS)}" for _ in range(rng.randint(0, 5))]
        if section % 3 == 1:
            lines += [
                "",
                "```python",
                *(f"value_{k} = compute({k})  # `{rng.choice(TOPICS)}`" for k in range(8)),
                "```",
            ]
    if rng.random() < 0.2:
        lines += ["", f"- [ ] send the {topic} notes to [[{rng.choice(people)}]]"]
    return "\n".join(lines) + "\n"


def generate(
    size: int,
    out: Path,
    days: int = 1095,
    seed: int = 7,
    today: date = date(2026, 11, 23),
    extra_fields: int = 0,
    other_notes: int = 0,
    shape: str = "synthetic",
) -> Path:
    """Write a vault of `size` contacts, `days` daily notes and `other_notes` notes that
    are about no one in particular to `out` (replacing it). The `synthetic` shape leaves
    last talks where chance puts them (thousands due); `realistic` is a network kept up
    with: 98% of contacts talked to in the last few days, a few hundred due."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / ".obsidian").mkdir(parents=True)
    (out / "People").mkdir()
    (out / "Daily").mkdir()
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < size:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            name = f"{name} {len(names)}"
        seen.add(name)
        names.append(name)
    for i, name in enumerate(names):
        kept_up = shape == "realistic" and rng.random() < 0.98
        text = contact_note(rng, name, today, names[max(0, i - 50) : i], extra_fields, kept_up)
        newline = "\r\n" if rng.random() < 0.05 else "\n"
        folder = out / "People" / (rng.choice(["", "Work/", "Friends/", "Conferences/"]) if i % 3 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_bytes(text.replace("\n", newline).encode("utf-8"))
    for offset in range(days):
        day = today - timedelta(days=offset)
        (out / "Daily" / f"{day.isoformat()}.md").write_text(daily_note(rng, day, names), encoding="utf-8")
    if other_notes:
        (out / "Notes").mkdir()
    for number in range(other_notes):
        (out / "Notes" / f"Note {number}.md").write_text(other_note(rng, number, names), encoding="utf-8")
    (out / ".generated").write_text(f"{size} {days} {seed} {shape}\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, help="number of contacts")
    parser.add_argument("out", type=Path, help="folder to write (replaced)")
    parser.add_argument("--days", type=int, default=1095, help="daily notes, one per day back from 2026-11-23")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--extra-fields", type=int, default=0, help="extra frontmatter fields per contact (0-30)")
    parser.add_argument("--other-notes", type=int, default=0, help="notes about no one in particular, in Notes/")
    parser.add_argument("--shape", choices=("synthetic", "realistic"), default="synthetic")
    args = parser.parse_args()
    generate(
        args.size, args.out, args.days, args.seed, extra_fields=args.extra_fields, other_notes=args.other_notes,
        shape=args.shape,
    )  # fmt: skip
    print(f"wrote {args.size} contacts and {args.days} daily notes to {args.out}")


if __name__ == "__main__":
    main()
