"""YAML frontmatter the way note-takers mean it, behind python-frontmatter's handler API.

PyYAML follows YAML 1.1, where `country: NO` is False, `zip: 01234` is the octal 668 and
`time: 1:30` is 90. Obsidian (js-yaml) and people mean strings there, so this loader keeps
YAML 1.2's core scalars: only true/false are booleans, integers with a leading zero or `+`
stay strings (phone numbers, postcodes), sexagesimal numbers stay strings. It runs on the
C LibYAML parser when PyYAML was built with it. An impossible date such as 2026-02-30 is
kept as the string written rather than failing the whole note; `check` reports it.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any, ClassVar

# PyYAML and python-frontmatter are imported only when `fast_load` steps aside (a note
# with nested or unusual frontmatter): most commands and most notes never need them,
# and importing them costs a command about 12 ms.

_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:-?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+)$",
        "-0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:-?(?:0|[1-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
        r"|-?(?:0|[1-9][0-9]*)(?:[eE][-+]?[0-9]+)"
        r"|-?(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        "0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]
# first character -> [(tag, regex)], as PyYAML's add_implicit_resolver files them.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _regex, _first in _RESOLVERS:
    _compiled = re.compile(_regex)
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, _compiled))
# An empty plain scalar resolves to null, as in every YAML schema.
_IMPLICIT.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))


@functools.cache
def _note_loader() -> Any:
    """A safe loader (LibYAML's when PyYAML has it) with YAML 1.2 core-schema scalars plus
    YAML 1.1 timestamps; an impossible date stays the string written."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class NoteLoader(base):  # type: ignore[misc]
        """A safe loader with YAML 1.2 core-schema scalars plus YAML 1.1 timestamps."""

        yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {k: list(v) for k, v in _IMPLICIT.items()}

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    def real(loader: Any, node: Any) -> Any:
        value = loader.construct_scalar(node)
        lowered = value.lower()
        if lowered.endswith("inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered.endswith("nan"):
            return float("nan")
        return float(value)

    NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    NoteLoader.add_constructor("tag:yaml.org,2002:float", real)
    return NoteLoader


# --- a fast path for the frontmatter people actually write -------------------------------
#
# Most frontmatter is flat: `key: scalar`, `key: [a, b]`, or a key followed by `- item`
# lines. Reading that with a few string operations is ~10x faster than PyYAML's
# constructor even on LibYAML. `fast_load` returns exactly what NoteLoader would (the
# property test in tests/test_yamlfm.py compares them) or None for anything it is not
# sure about, and then PyYAML reads the text.

_FAIL = object()
# Greedy runs, trimmed afterwards: lazy ones cost the regex engine a step per character.
_KEY = re.compile(r"""^([^\s#\-?:,\[\]{}&*!|>'"%@`][^:#\t]*):(?:[ ]+(.*))?$""")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\t\r\u2028\u2029\x85]")
_PLAIN_START_BAD = set("&*!|>%@`{}[]#,'\"")


def _resolve_plain(value: str) -> Any:
    """A plain scalar as NoteLoader resolves and constructs it, or _FAIL."""
    resolvers = _IMPLICIT.get(value[0] if value else "", [])
    for tag, regexp in resolvers:
        if not regexp.match(value):
            continue
        kind = tag.rsplit(":", 1)[1]
        if kind == "bool":
            return value.lower() == "true"
        if kind == "int":
            return int(value, 0)
        if kind == "float":
            lowered = value.lower()
            if lowered.endswith("inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            return float("nan") if lowered.endswith("nan") else float(value)
        if kind == "null":
            return None
        if kind == "timestamp" and len(value) == 10:
            try:
                return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
            except ValueError:
                return value
        return _FAIL  # datetimes, merge keys: let PyYAML decide
    return value


@functools.lru_cache(maxsize=16384)
def _scalar(raw: str, in_flow: bool = False) -> Any:
    """One scalar written on one line, or _FAIL. Cached: across a vault the same values
    (circles, roles, tags, cities) come back thousands of times, and results are immutable."""
    if not raw:
        return None
    first = raw[0]
    if first in "\"'":
        if len(raw) < 2 or raw[-1] != first:
            return _FAIL
        inner = raw[1:-1]
        if first in inner or "\\" in inner:
            return _FAIL
        return inner
    if first in _PLAIN_START_BAD or raw[:2] in ("- ", "? ", ": ") or raw in ("-", "?", ":"):
        return _FAIL
    plain = raw.split(" #", 1)[0].rstrip()
    if ": " in plain or plain.endswith(":") or (in_flow and (":" in plain or "#" in plain)):
        return _FAIL
    return _resolve_plain(plain)


@functools.lru_cache(maxsize=1024)
def _plain_key(key: str) -> bool:
    """True when a key reads as the text it is (not a bool, number, date or null)."""
    return _resolve_plain(key) == key and type(_resolve_plain(key)) is str


def _flow_sequence(raw: str) -> Any:
    inner = raw[1:-1]
    if any(ch in inner for ch in "[]{}") or " #" in inner:
        return _FAIL
    if not inner.strip():
        return []
    parts = [part.strip() for part in inner.split(",")]
    if parts[-1] == "":
        parts.pop()  # a trailing comma is allowed
    items = []
    for part in parts:
        if not part:
            return _FAIL
        value = _scalar(part, in_flow=True)
        if value is _FAIL:
            return _FAIL
        items.append(value)
    return items


_ITEMS = object()  # `key:` alone: a block of `- item` lines may follow


@functools.lru_cache(maxsize=16384)
def _pair(line: str) -> tuple[str, Any] | None:
    """(key, value) of one top-level `key: value` line: the value as `_scalar` reads it, a
    flow sequence as a tuple, `_ITEMS` when nothing follows the colon; None when PyYAML
    must read it. Cached: most lines (`circle: network`, `tags:`) recur across a vault."""
    # An indented line here continues or nests the value above it: _KEY refuses it.
    match = _KEY.match(line)
    if not match:
        return None
    key = match.group(1).rstrip()
    if not _plain_key(key):
        return None  # `true:` or `2026:` would be a bool or int key
    raw = (match.group(2) or "").rstrip(" ")
    if not raw:
        return key, _ITEMS
    value = _flow_sequence(raw) if raw[0] == "[" and raw[-1] == "]" else _scalar(raw)
    if value is _FAIL:
        return None
    return key, tuple(value) if type(value) is list else value


# A key given twice: (key, the line it is first given on, the line it is given again on),
# lines counted from 1 within the frontmatter text.
Repeat = tuple[str, int, int]


def fast_load(text: str, repeated: list[Repeat] | None = None) -> dict[str, Any] | None:
    """Flat frontmatter read without PyYAML; None when PyYAML must read it. A top-level
    key given twice (a git merge often leaves both) is added to `repeated`; the last is
    read, as PyYAML reads it."""
    if _BAD_CHARS.search(text):
        return None
    lines = text.split("\n")
    result: dict[str, Any] = {}
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        first = line[:1]
        if not first or first == "#" or (first == " " and (not line.strip() or line.lstrip()[0] == "#")):
            i += 1
            continue
        pair = _pair(line)
        if pair is None:
            return None
        key, value = pair
        if key in result and repeated is not None:
            repeated.append((key, _first_line_of(key, lines, i), i + 1))
        i += 1
        if value is not _ITEMS:
            if type(value) is tuple:
                value = list(value)  # a flow sequence: each note gets its own list
        else:
            items: list[Any] = []
            indent = None
            while i < count:
                item_line = lines[i]
                item = item_line.lstrip(" ")
                if not item or item.startswith("#"):
                    i += 1
                    continue
                if not (item.startswith("- ") or item == "-"):
                    if item_line[:1] == " ":
                        return None  # a nested mapping or a continued scalar
                    break
                width = len(item_line) - len(item)
                if indent is None:
                    indent = width
                elif width != indent:
                    return None
                value = _scalar(item[2:].strip())
                if value is _FAIL or isinstance(value, list):
                    return None
                items.append(value)
                i += 1
            value = items if indent is not None else None
        result[key] = value
    return result


def _first_line_of(key: str, lines: list[str], before: int) -> int:
    """The line (from 1) where a top-level `key` is first given, among `lines[:before]`."""
    for n in range(before):
        pair = _pair(lines[n]) if lines[n][:1] not in ("", " ", "#", "-") else None
        if pair is not None and pair[0] == key:
            return n + 1
    return before + 1


def _repeats(node: Any) -> list[Repeat]:
    """The keys given twice in a top-level YAML mapping node, with their lines."""
    from yaml import MappingNode, ScalarNode

    if not isinstance(node, MappingNode):
        return []
    first: dict[str, int] = {}
    found = []
    for key_node, _value in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        line = key_node.start_mark.line + 1
        if key_node.value in first:
            found.append((key_node.value, first[key_node.value], line))
        else:
            first[key_node.value] = line
    return found


class FrontmatterError(ValueError):
    """Frontmatter that is not valid YAML: `line` (1-based, within the frontmatter text)
    where the broken construct starts, when YAML says."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class FrontmatterTooLarge(FrontmatterError):
    """Valid YAML that vaultnet will not hold: nested too deep, or YAML aliases that
    repeat a value until it is far larger than the text (a "billion laughs" note)."""


MAX_DEPTH = 64


def _too_deep() -> FrontmatterTooLarge:
    return FrontmatterTooLarge(f"lists or maps nested more than {MAX_DEPTH} deep (flatten them)")


def _bounded(value: Any, text: str) -> Any:
    """`value` when it is no deeper than MAX_DEPTH and holds no more values than the text
    could spell out without aliases (every value takes at least a character); else
    FrontmatterTooLarge. Walked without recursion: a self-referring alias (`a: &a [*a]`)
    is a list inside itself."""
    budget = 2 * len(text) + 64
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= MAX_DEPTH:
            raise _too_deep()
        budget -= len(children)
        if budget < 0:
            raise FrontmatterTooLarge(
                "YAML aliases (*name) repeat values into far more than the text holds (write the values out)"
            )
        stack.extend((child, depth + 1) for child in children)
    return value


def load(text: str, repeated: list[Repeat] | None = None) -> Any:
    """Frontmatter text as Python values: `fast_load`, else PyYAML with NoteLoader.
    Raises FrontmatterError when it is not valid YAML or more than vaultnet will hold.
    Top-level keys given twice are added to `repeated` (the last one is read)."""
    fast = fast_load(text, repeated)
    if fast is not None:
        return fast
    import yaml

    try:
        # yaml.load, in its steps, to see the keys as written before they are built.
        loader = _note_loader()(text)
        try:
            node = loader.get_single_node()
            if repeated is not None:
                repeated.extend(_repeats(node))
            value = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if exc.problem and "nesting depth" in exc.problem:
            # The limit PyYAML 6.0.4 added, far deeper than ours: the same refusal.
            raise _too_deep() from None
        # The context mark is where the broken construct starts (an opening quote or
        # bracket); the problem mark is often only where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            reason = f"{exc.context}: {exc.problem}"
        raise FrontmatterError(reason, mark.line + 1 if mark is not None else None) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise FrontmatterError(str(exc)) from None
    return _bounded(value, text)


@functools.cache
def _handler() -> Any:
    from frontmatter.default_handlers import YAMLHandler

    class NoteYAMLHandler(YAMLHandler):
        """python-frontmatter's YAML handler, loading with `fast_load`, else `NoteLoader`."""

        def load(self, fm: str, **kwargs: object) -> Any:
            """Parse frontmatter text into Python values."""
            return load(fm)

    return NoteYAMLHandler()


def __getattr__(name: str) -> Any:
    """`HANDLER` (python-frontmatter's handler interface) and `NoteLoader`, made on first use."""
    if name == "HANDLER":
        return _handler()
    if name == "NoteLoader":
        return _note_loader()
    raise AttributeError(name)
