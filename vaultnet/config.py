"""Finding the vault and the settings that apply to it.

Settings are layered: built-in defaults, then the user's config file, then the vault's
`.vaultnet/config.toml`. Obsidian's own settings (daily notes, templates folder) are read
from `.obsidian/` so a vault works without any vaultnet config at all.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
import zlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, VaultNotFoundError
from .model import CADENCE_HELP, CIRCLES, Cadence, parse_cadence

VAULT_MARKERS = (".vaultnet", ".obsidian")
CONFIG_NAME = "config.toml"
# The files in a vault that settings are read from (besides the user's own config file).
VAULT_CONFIG = f".vaultnet/{CONFIG_NAME}"
OBSIDIAN_TEMPLATES = ".obsidian/templates.json"
TEMPLATER = ".obsidian/plugins/templater-obsidian/data.json"
OBSIDIAN_DAILY = ".obsidian/daily-notes.json"
PERIODIC_NOTES = ".obsidian/plugins/periodic-notes/data.json"
OBSIDIAN_PLUGINS = ".obsidian/community-plugins.json"  # the community plugins turned on
TASKS_PLUGIN = "obsidian-tasks-plugin"
TASKS_SETTINGS = f".obsidian/plugins/{TASKS_PLUGIN}/data.json"
LOGSEQ_CONFIG = "logseq/config.edn"  # a Logseq graph (Logseq and Obsidian often share a folder)
SETTINGS_FILES = (
    VAULT_CONFIG,
    OBSIDIAN_TEMPLATES,
    TEMPLATER,
    OBSIDIAN_DAILY,
    PERIODIC_NOTES,
    OBSIDIAN_PLUGINS,
    TASKS_SETTINGS,
    LOGSEQ_CONFIG,
)

DEFAULT_LOG_HEADINGS = (
    "Log",
    "Interactions",
    "Interaction Log",
    "Contact Log",
    "Call Log",
    "Conversations",
    "Meetings",
    "History",
    "Timeline",
    "Touchpoints",
    "Catch-ups",
)
# Headings in a day's note under which people are mentioned, not talked to: a footer of
# related notes, a to-do list, the notes made that day.
DEFAULT_MENTION_HEADINGS = (
    "Related",
    "Links",
    "See also",
    "References",
    "Resources",
    "Backlinks",
    "Mentions",
    "Tasks",
    "To do",
    "Todo",
    "Inbox",
    "Notes created",
    "Created",
    "Reading",
)


@dataclass(frozen=True)
class ParseOptions:
    """The settings that change how a note is read (picklable, for worker processes).

    Here rather than in parse.py so that reading the settings does not import the parser."""

    contact_folders: tuple[str, ...] = ("People",)
    log_headings: tuple[str, ...] = ("Log",)
    daily_folder: str = "Daily"
    daily_format: str = "YYYY-MM-DD"
    generated_folders: tuple[str, ...] = ("Digests", "Drafts")  # vaultnet's own notes: no promises there
    # The task statuses that are not open (`[x]`, `[-]`, …) when the Tasks plugin says which
    # are (any other is open, as Tasks reads it); None: only `[ ]` and `[/]` are open.
    closed_task_marks: str | None = None
    # A Logseq graph: `[[people/Ann Lee]]` names the page `people/Ann Lee` (kept in
    # `people___Ann Lee.md`), not a note in a folder.
    logseq: bool = False
    # How days such as 03/11/2026 read where a note does not tell: "dmy", "mdy" or None.
    date_order: str | None = None
    # Headings of a day's note whose lines mention people without being conversations.
    mention_headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the defaults a new vault gets."""

    vault: Path
    contact_folders: tuple[str, ...] = ("People",)
    log_headings: tuple[str, ...] = DEFAULT_LOG_HEADINGS
    mention_headings: tuple[str, ...] = DEFAULT_MENTION_HEADINGS
    daily_folder: str = "Daily"
    daily_format: str = "YYYY-MM-DD"
    templates_folders: tuple[str, ...] = ("Templates",)
    exclude: tuple[str, ...] = ()
    cadence_by_circle: Mapping[str, Cadence | None] = field(
        default_factory=lambda: {
            "inner": parse_cadence("monthly"),
            "network": parse_cadence("quarterly"),
            "prospect": None,
            "default": None,
        }
    )
    followup_days: int = 3
    followup_window_days: int = 30
    promise_days: int = 3
    birthday_days: int = 7
    drafts_folder: str = "Drafts"
    digests_folder: str = "Digests"
    digest_name: str = "{week}"  # {week} is the ISO week, e.g. 2026-W48
    goals: Mapping[str, int] = field(default_factory=dict)  # monthly targets: events, people, followups
    list_prospects: int = 20  # the List of 20: people you want to meet (circle: prospect)
    list_network: int = 90  # the Network of 90: people you know and want to grow closer to
    user_name: str = ""
    user_email: str = ""
    user_signature: str = ""
    closed_task_marks: str | None = None  # from the Tasks plugin's statuses (see ParseOptions)
    logseq: bool = False  # a Logseq graph (see ParseOptions)
    date_order: str | None = None  # "dmy" or "mdy" (see ParseOptions)
    sources: tuple[str, ...] = ()

    @property
    def cache_dir(self) -> Path:
        """Where the disposable index lives."""
        return self.vault / ".vaultnet" / "cache"

    @property
    def day_order(self) -> str | None:
        """How days such as 03/11/2026 read where a note does not tell: `date_order`, else
        as the daily notes are named (`DD-MM-YYYY`: day first), else None."""
        if self.date_order is not None:
            return self.date_order
        name = self.daily_format.rsplit("/", 1)[-1]
        day, month = name.find("D"), name.find("M")
        if day < 0 or month < 0 or "YYYY" not in name or name.startswith("YYYY"):
            return None  # (ISO names say nothing of which comes first)
        return "dmy" if day < month else "mdy"

    def parse_options(self) -> ParseOptions:
        """The part of the settings that changes how notes are parsed."""
        return ParseOptions(
            contact_folders=self.contact_folders,
            log_headings=self.log_headings,
            daily_folder=self.daily_folder,
            daily_format=self.daily_format,
            generated_folders=(self.digests_folder, self.drafts_folder),
            closed_task_marks=self.closed_task_marks,
            logseq=self.logseq,
            date_order=self.day_order,
            mention_headings=self.mention_headings,
        )

    def fingerprint(self) -> str:
        """A digest of every setting that changes what the index holds."""
        relevant = {
            "parse": asdict(self.parse_options()),  # every option parsing takes, by construction
            "templates": list(self.templates_folders),
            "exclude": list(self.exclude),
        }
        return f"{zlib.crc32(json.dumps(relevant, sort_keys=True).encode()):08x}"

    def is_excluded(self, rel_path: str) -> bool:
        """True for a vault-relative path (with `/`) that vaultnet must not read."""
        lowered = rel_path.casefold()
        for folder in self.templates_folders:
            folder = folder.strip("/").casefold()
            if folder and (lowered == folder or lowered.startswith(folder + "/")):
                return True
        for pattern in self.exclude:
            bare = pattern.strip("/")
            if (
                fnmatch.fnmatch(rel_path, pattern)
                or fnmatch.fnmatch(rel_path, bare + "/*")
                or rel_path == bare
                or rel_path.startswith(bare + "/")
            ):
                return True
        return False

    def cadence_for(self, circle: str | None) -> Cadence | None:
        """The default cadence of a circle (`default` for contacts without one)."""
        key = (circle or "").strip().lower()
        if key in self.cadence_by_circle:
            return self.cadence_by_circle[key]
        return self.cadence_by_circle.get("default")


def find_vault(explicit: str | None, environ: Mapping[str, str], cwd: Path) -> Path:
    """The vault folder: --vault, else $VAULTNET_VAULT, else the nearest folder above
    `cwd` holding `.vaultnet/` or `.obsidian/` (or a Logseq graph's `logseq/config.edn`)."""
    for given, source in ((explicit, "--vault"), (environ.get("VAULTNET_VAULT"), "VAULTNET_VAULT")):
        if given:
            path = Path(given).expanduser()
            if not path.is_dir():
                raise VaultNotFoundError(
                    f"vault folder {given!r} (from {source}) does not exist or is not a folder",
                    hint="give the folder that holds your notes",
                )
            return _not_a_system_folder(path.resolve(), given)
    for folder in (cwd, *cwd.parents):
        try:
            if any((folder / marker).is_dir() for marker in VAULT_MARKERS) or (folder / LOGSEQ_CONFIG).is_file():
                return folder
        except OSError:
            continue  # a folder above that cannot be looked into holds no vault we could read
    raise VaultNotFoundError(
        "no vault found here or in any folder above",
        hint="pass --vault PATH, set VAULTNET_VAULT, or run `vaultnet init` in your notes folder",
    )


# Folders that hold the system, not notes: walking them reads the whole machine (`/`) or
# files that never end (`/proc`). Those marked True are refused with all they hold.
_SYSTEM_FOLDERS = {
    "/": False, "/proc": True, "/sys": True, "/dev": True, "/etc": False, "/usr": False, "/bin": False,
    "/sbin": False, "/lib": False, "/lib64": False, "/boot": False, "/run": False, "/var": False, "/tmp": False,
}  # fmt: skip


def _not_a_system_folder(path: Path, given: str) -> Path:
    """`path`, unless it is the file system's root or a system folder (or inside /proc…)."""
    posix = path.as_posix()
    system = path == Path(path.anchor) or any(
        posix == folder or (whole and posix.startswith(folder + "/")) for folder, whole in _SYSTEM_FOLDERS.items()
    )
    if sys.platform == "win32":
        system = system or posix.lower().rstrip("/").endswith(":/windows")
    if system:
        raise VaultNotFoundError(
            f"{given!r} is {'the whole file system' if path == Path(path.anchor) else 'a system folder'},"
            " not a vault: vaultnet would read every file under it",
            hint="give the folder that holds your notes",
        )
    return path


def user_config_path(environ: Mapping[str, str]) -> Path:
    """The per-user config file: $VAULTNET_CONFIG, else the platform's config folder."""
    if environ.get("VAULTNET_CONFIG"):
        return Path(environ["VAULTNET_CONFIG"]).expanduser()
    if sys.platform == "win32" and environ.get("APPDATA"):
        return Path(environ["APPDATA"]) / "vaultnet" / CONFIG_NAME
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "vaultnet" / CONFIG_NAME


def _is_file(path: Path) -> bool:
    """True when `path` is a file; a clear error when a folder on the way cannot be read
    (an unreadable home folder), rather than pretending there is no config."""
    try:
        return path.is_file()
    except PermissionError:
        raise ConfigError(
            "cannot be looked at (permission denied)",
            path=str(path),
            hint="make the folders above it readable, or point VAULTNET_CONFIG at a config file you can read",
        ) from None


def load_settings(vault: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings for `vault`: defaults, Obsidian's settings, user config, vault config."""
    environ = os.environ if environ is None else environ
    settings = _obsidian_settings(Settings(vault=vault))
    sources: list[str] = []
    chosen = False  # whether a config names the contact folders
    for path in (user_config_path(environ), vault / VAULT_CONFIG):
        if _is_file(path):
            data = _read_toml(path)
            settings = _apply(settings, data, str(path))
            sources.append(str(path))
            chosen = chosen or "contact_folders" in data
    if not chosen:
        settings = replace(settings, contact_folders=_people_folders(vault))
    # Obsidian's (or Logseq's) daily-notes settings say where the notes really are: they win.
    settings = _daily_notes(settings)
    return replace(settings, sources=tuple(sources))


_PEOPLE_NAMES = frozenset(("people", "contacts", "persons", "person"))
_NOT_A_NAME = re.compile(r"[\W\d_]+")


def folder_words(name: str) -> str:
    """A folder's name as words, without the numbers, emoji and punctuation people put
    around it (`👥 People`, `02 - Contacts`, `People (work)`): "people", "contacts work"."""
    return " ".join(_NOT_A_NAME.sub(" ", name).casefold().split())


def _people_folders(vault: Path) -> tuple[str, ...]:
    """The contact folders when no config names them: `People/`, and folders named so
    with numbers or emoji (`👥 People`, `02 - Contacts`), at the top or one level down
    (`Areas/People`), as PARA-style and decorated vaults keep them. `People/` stays
    first where it exists (new contacts are written there); else the first found."""
    found: list[str] = []
    plain = False
    for top in subfolders(vault):
        if folder_words(top) in _PEOPLE_NAMES:
            plain = plain or top.casefold() == "people"
            if top.casefold() != "people":
                found.append(top)
            continue  # (its sub-folders are in it already; and listing thousands of people costs)
        found.extend(f"{top}/{inner}" for inner in subfolders(vault / top) if folder_words(inner) in _PEOPLE_NAMES)
    return ("People", *found) if plain or not found else tuple(found)


def subfolders(folder: Path) -> list[str]:
    """The names of a folder's folders, hidden ones aside, in order; none when unreadable."""
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if e.name[:1] != "." and e.is_dir())
    except OSError:
        return []


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a config file exists

    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad may add a BOM
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read: {exc}", path=str(path)) from None


def _json_at(path: Path) -> Any:
    """What a JSON file holds; None when it is missing or broken (Obsidian's files are
    Obsidian's business: a bad one just isn't used)."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))  # a BOM from a Windows editor
    except (OSError, ValueError):
        return None


def obsidian_file(vault: Path, path: str) -> Path:
    """One of Obsidian's settings files (`path` as under `.obsidian/`) where this vault
    keeps them: Obsidian lets a vault name its config folder otherwise (`.desktop/`)."""
    return vault / obsidian_dir(vault) / path.removeprefix(".obsidian/")


def obsidian_dir(vault: Path) -> str:
    """The vault's Obsidian config folder: `.obsidian`, else the top-level hidden folder
    holding Obsidian's own settings (`app.json`, `daily-notes.json`, `appearance.json`)."""
    if (vault / ".obsidian").is_dir():
        return ".obsidian"
    try:
        hidden = sorted(entry.name for entry in os.scandir(vault) if entry.name.startswith(".") and entry.is_dir())
    except OSError:
        return ".obsidian"
    for name in hidden:
        if name not in (".git", ".vaultnet", ".trash") and any(
            (vault / name / marker).is_file() for marker in ("app.json", "daily-notes.json", "appearance.json")
        ):
            return name
    return ".obsidian"


def _read_json(path: Path) -> dict[str, Any]:
    data = _json_at(path)
    return data if isinstance(data, dict) else {}


def _obsidian_settings(settings: Settings) -> Settings:
    vault = settings.vault
    folders = list(settings.templates_folders)
    for source, key in ((OBSIDIAN_TEMPLATES, "folder"), (TEMPLATER, "templates_folder")):
        value = _read_json(obsidian_file(vault, source)).get(key)
        if isinstance(value, str) and value.strip("/") and value.strip("/") not in folders:
            folders.append(value.strip("/"))
    return replace(settings, templates_folders=tuple(folders), closed_task_marks=_tasks_closed_marks(vault))


# The Tasks plugin's status types of a task that is no longer owed (any other is open:
# TODO, IN_PROGRESS, ON_HOLD, and a type Tasks does not know, which it reads as TODO).
_CLOSED_TYPES = frozenset(("DONE", "CANCELLED", "NON_TASK"))


def _tasks_closed_marks(vault: Path) -> str | None:
    """The status symbols that close a task, when the Tasks plugin is on in this vault:
    its statuses (`- [!]` important, `- [>]` rescheduled are open, as Tasks reads a
    symbol it has no status for), else None. `x`, `X` and `-` close a task unless a
    status says otherwise."""
    enabled = _json_at(obsidian_file(vault, OBSIDIAN_PLUGINS))
    if not isinstance(enabled, list) or TASKS_PLUGIN not in enabled:
        return None
    data = _read_json(obsidian_file(vault, TASKS_SETTINGS))
    statuses = data.get("statusSettings")
    found: dict[str, bool] = {}  # symbol -> closed, the first status of a symbol winning as in Tasks
    if isinstance(statuses, dict):
        for group in ("coreStatuses", "customStatuses"):
            entries = statuses.get(group)
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                symbol, kind = entry.get("symbol"), entry.get("type")
                if isinstance(symbol, str) and len(symbol) == 1 and symbol not in found:
                    found[symbol] = isinstance(kind, str) and kind in _CLOSED_TYPES
    closed = {**{"x": True, "X": True, "-": True}, **found}
    return "".join(sorted(symbol for symbol, is_closed in closed.items() if is_closed))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _daily_notes(settings: Settings) -> Settings:
    """Where the daily notes are and how they are named, as the app that writes them says:
    Obsidian's Daily notes (or the Periodic Notes plugin), else a Logseq graph's journals
    (`journals/2026_11_03.md` by default, or as `:journal/file-name-format` and
    `:journals-directory` say). A Logseq graph's `logseq/` folder (its settings, and backup
    copies of pages) holds no notes, whichever app names the daily notes."""
    try:
        logseq: str | None = (settings.vault / LOGSEQ_CONFIG).read_text(encoding="utf-8", errors="replace")
    except OSError:
        logseq = None
    if logseq is not None:
        settings = replace(settings, exclude=(*settings.exclude, "logseq"), logseq=True)
    daily_json = obsidian_file(settings.vault, OBSIDIAN_DAILY)
    if daily_json.is_file():
        data = _read_json(daily_json)
        folder = _text(data.get("folder"))
        fmt = _text(data.get("format"))
        return replace(settings, daily_folder=folder.strip("/"), daily_format=fmt or "YYYY-MM-DD")
    periodic = _read_json(obsidian_file(settings.vault, PERIODIC_NOTES)).get("daily")
    if isinstance(periodic, dict) and periodic.get("enabled"):
        folder = _text(periodic.get("folder"))
        fmt = _text(periodic.get("format"))
        return replace(settings, daily_folder=folder.strip("/"), daily_format=fmt or "YYYY-MM-DD")
    if logseq is not None:
        fmt_match = re.search(r':journal/file-name-format\s+"([^"\n]+)"', logseq)
        folder_match = re.search(r':journals-directory\s+"([^"\n]+)"', logseq)
        return replace(
            settings,
            daily_folder=folder_match.group(1).strip("/") if folder_match else "journals",
            daily_format=_moment_of(fmt_match.group(1)) if fmt_match else "YYYY_MM_DD",
        )
    return settings


# Logseq writes dates as date-fns does (`yyyy_MM_dd`, `MMM do, yyyy`, `EEEE`); the
# tokens that differ from Moment.js's.
_DATE_FNS = {"yyyy": "YYYY", "yy": "YY", "dd": "DD", "d": "D", "do": "Do", "EEEE": "dddd", "EEE": "ddd", "E": "ddd"}


def _moment_of(fmt: str) -> str:
    """A date-fns format as the Moment.js format vaultnet reads daily notes by."""
    return re.sub(r"yyyy|yy|do|dd|d|EEEE|EEE|E", lambda m: _DATE_FNS[m.group(0)], fmt)


_TOP = {"contact_folders", "log_headings", "mention_headings", "exclude", "templates_folder", "date_order"}
_DATE_ORDERS = {"dayfirst": "dmy", "dmy": "dmy", "ddmm": "dmy", "monthfirst": "mdy", "mdy": "mdy", "mmdd": "mdy"}
_SECTIONS: dict[str, set[str]] = {
    "daily": {"folder", "format"},
    "cadence": {*CIRCLES, "default"},
    "due": {"followup_days", "followup_window_days", "promise_days", "birthday_days"},
    "user": {"name", "email", "signature"},
    "drafts": {"folder"},
    "digest": {"folder", "name"},
    "goals": {"events", "people", "followups", "reconnections"},
    "lists": {"prospects", "network"},
}


def _apply(settings: Settings, data: dict[str, Any], path: str) -> Settings:
    """Layer one config file's values over `settings`, checking every key and type."""
    check = _Checker(path)
    check.known_keys(data)
    changes = {**_top_level_changes(settings, data, check), **_section_changes(settings, data, check)}
    known_fields = {f.name for f in fields(Settings)}
    assert set(changes) <= known_fields
    return replace(settings, **changes)


class _Checker:
    """Reads one config file's values as the types its options take, or says which key
    is wrong, in that file, and how to write it."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{key}: {message}", path=self.path, hint="see `vaultnet init` for every option")

    def known_keys(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if key in _SECTIONS:
                if not isinstance(value, dict):
                    raise self.fail(key, f"must be a [{key}] section")
                unknown = set(value) - _SECTIONS[key]
                if unknown:
                    known = ", ".join(sorted(_SECTIONS[key]))
                    raise self.fail(f"{key}.{sorted(unknown)[0]}", f"unknown option (known: {known})")
            elif key not in _TOP:
                known = ", ".join(sorted(_TOP | set(_SECTIONS)))
                raise self.fail(key, f"unknown option (known: {known})")

    def text_list(self, key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, 'must be a list of strings, e.g. ["People"]')
        if key in ("log_headings", "mention_headings"):
            return tuple(value)
        # Paths in the vault as Windows writes them (`People\\Clients`) are its folders too.
        return tuple(v.replace("\\", "/").strip("/") for v in value)

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(key, "must be a string in quotes")
        return value

    def folder(self, key: str, value: Any) -> str:
        name = self.text(key, value).replace("\\", "/").strip("/")
        if ".." in name.split("/") or ":" in name:
            raise self.fail(key, 'must be a folder inside the vault, like "People" or "Notes/People"')
        return name

    def days(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, "must be a whole number of days, 0 or more")
        return value


def _top_level_changes(settings: Settings, data: dict[str, Any], check: _Checker) -> dict[str, Any]:
    """The Settings fields the file's top-level options set."""
    changes: dict[str, Any] = {}
    if "contact_folders" in data:
        names = check.text_list("contact_folders", data["contact_folders"])
        changes["contact_folders"] = tuple(check.folder("contact_folders", name) for name in names)
    if "log_headings" in data:
        changes["log_headings"] = check.text_list("log_headings", data["log_headings"])
        if not any(h.strip() for h in changes["log_headings"]):
            raise check.fail(
                "log_headings", 'must name at least one heading, e.g. ["Log"] (no conversation is read without)'
            )
    if "exclude" in data:
        changes["exclude"] = check.text_list("exclude", data["exclude"])
    if "mention_headings" in data:
        changes["mention_headings"] = check.text_list("mention_headings", data["mention_headings"])
    if "date_order" in data:
        order = _DATE_ORDERS.get(re.sub(r"[^a-z]", "", check.text("date_order", data["date_order"]).lower()))
        if order is None:
            raise check.fail("date_order", 'must be "day first" (03/11/2026 is 3 November) or "month first" (11 March)')
        changes["date_order"] = order
    if "templates_folder" in data:
        templates = check.folder("templates_folder", data["templates_folder"])
        if templates and templates not in settings.templates_folders:
            changes["templates_folders"] = (*settings.templates_folders, templates)
    return changes


def _section_changes(settings: Settings, data: dict[str, Any], check: _Checker) -> dict[str, Any]:
    """The Settings fields the file's [sections] set."""
    changes: dict[str, Any] = {}
    daily = data.get("daily", {})
    if "folder" in daily:
        changes["daily_folder"] = check.folder("daily.folder", daily["folder"])
    if "format" in daily:
        changes["daily_format"] = check.text("daily.format", daily["format"]) or "YYYY-MM-DD"
    cadences = dict(settings.cadence_by_circle)
    for circle, value in data.get("cadence", {}).items():
        try:
            cadences[circle] = parse_cadence(value)
        except ValueError:
            raise check.fail(f"cadence.{circle}", f"unknown cadence {value!r} (use {CADENCE_HELP})") from None
    changes["cadence_by_circle"] = cadences
    for key, value in data.get("due", {}).items():
        changes[key] = check.days(f"due.{key}", value)
    for key, value in data.get("user", {}).items():
        changes[f"user_{key}"] = check.text(f"user.{key}", value)
    if "folder" in data.get("drafts", {}):
        changes["drafts_folder"] = check.folder("drafts.folder", data["drafts"]["folder"]) or "Drafts"
    digest = data.get("digest", {})
    if "folder" in digest:
        changes["digests_folder"] = check.folder("digest.folder", digest["folder"]) or "Digests"
    if "name" in digest:
        name = check.text("digest.name", digest["name"])
        if "{week}" not in name or "/" in name or "\\" in name:
            raise check.fail("digest.name", 'must contain {week} and no / (e.g. "{week}" or "Week {week}")')
        changes["digest_name"] = name
    for key, value in data.get("lists", {}).items():
        changes[f"list_{key}"] = check.days(f"lists.{key}", value)
    if data.get("goals"):
        goals = {k: check.days(f"goals.{k}", v) for k, v in data["goals"].items()}
        changes["goals"] = {**settings.goals, **goals}
    return changes
