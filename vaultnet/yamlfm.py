"""YAML frontmatter the way note-takers mean it, behind python-frontmatter's handler API.

PyYAML follows YAML 1.1, where `country: NO` is False, `zip: 01234` is the octal 668 and
`time: 1:30` is 90. Obsidian (js-yaml) and people mean strings there, so this loader keeps
YAML 1.2's core scalars: only true/false are booleans, integers with a leading zero or `+`
stay strings (phone numbers, postcodes), sexagesimal numbers stay strings. It runs on the
C LibYAML parser when PyYAML was built with it. An impossible date such as 2026-02-30 is
kept as the string written rather than failing the whole note; `check` reports it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from frontmatter.default_handlers import YAMLHandler

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class NoteLoader(_Base):  # type: ignore[misc]
    """A safe loader with YAML 1.2 core-schema scalars plus YAML 1.1 timestamps."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}


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
for _tag, _regex, _first in _RESOLVERS:
    NoteLoader.add_implicit_resolver(_tag, re.compile(_regex), list(_first))
# An empty plain scalar resolves to null, as in every YAML schema.
NoteLoader.yaml_implicit_resolvers.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _float(loader: Any, node: yaml.ScalarNode) -> Any:
    value = loader.construct_scalar(node)
    lowered = value.lower()
    if lowered.endswith("inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered.endswith("nan"):
        return float("nan")
    return float(value)


NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
NoteLoader.add_constructor("tag:yaml.org,2002:float", _float)


class NoteYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler, loading with `NoteLoader`."""

    def load(self, fm: str, **kwargs: object) -> Any:
        """Parse frontmatter text into Python values."""
        return yaml.load(fm, Loader=NoteLoader)


HANDLER = NoteYAMLHandler()
