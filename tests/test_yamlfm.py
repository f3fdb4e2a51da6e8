"""The frontmatter fast path gives exactly NoteLoader's values, or steps aside."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultnet.yamlfm import HANDLER, NoteLoader, Repeat, _repeats, fast_load, load

TRICKY_SCALARS = [
    "NO",
    "no",
    "yes",
    "Yes",
    "on",
    "off",
    "true",
    "True",
    "FALSE",
    "null",
    "Null",
    "~",
    "",
    "0",
    "01234",
    "+49151",
    "-5",
    "0x1F",
    "0o17",
    "1_000",
    "1:30",
    "1.5",
    "-1.5",
    ".5",
    "1e3",
    "1.0e+3",
    ".inf",
    "-.inf",
    ".nan",
    "2026-11-03",
    "2026-02-30",
    "2026-1-3",
    "2026-11-03T10:00:00",
    "2026-11-03 10:00:00",
    "2026-11-03T10:00",
    "a: b",
    "a:b",
    "x #c",
    "x#c",
    "#tag",
    "[[Jane Doe]]",
    "[[Jane|J]]",
    "Zoë",
    "a, b",
    "-x",
    "- x",
    "?x",
    "@x",
    "`x`",
    "'q'",
    '"q"',
    "'it''s'",
    '"a\\"b"',
    "'",
    '"',
    "*ref",
    "&anchor x",
    "!tag x",
    "|",
    ">",
    "%x",
    "{a: 1}",
    "[a, b]",
    "[]",
    "[a, [b]]",
    "[a,,b]",
    "[a, b,]",
    "['#a', \"b\"]",
    "[a: b]",
    "[x #y]",
    "http://x.org/a#b",
    "a  b",
    "  padded  ",
    "yes # comment",
]
scalars = st.one_of(st.sampled_from(TRICKY_SCALARS), st.text(alphabet="abcXYZ019 :#-'\"[],.@&*!|>%~\\/é", max_size=12))
keys = st.one_of(
    st.sampled_from(["name", "email", "how met", "e-mail", "true", "2026", "a b", "x.y", "no", "key "]),
    st.text(alphabet="abkz_- 01:#", min_size=1, max_size=6),
)


@st.composite
def frontmatter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(keys)
        shape = draw(
            st.sampled_from(
                ["scalar", "block", "comment", "blank", "empty", "nested", "continued", "indented", "trailing"]
            )
        )
        if shape == "scalar":
            lines.append(f"{key}: {draw(scalars)}")
        elif shape == "continued":  # a plain scalar folded onto the next line
            lines += [f"{key}: {draw(scalars)}", f"  {draw(scalars)}"]
        elif shape == "indented":  # an indented comment, or a line of spaces
            lines.append(draw(st.sampled_from(["  # note", "   ", " #"])))
        elif shape == "trailing":
            lines.append(f"{key}:{draw(st.sampled_from(['', ' ', '  ']))} {draw(scalars)}   ")
        elif shape == "block":
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.append(f"{key}:")
            lines += [f"{indent}- {draw(scalars)}" for _ in range(draw(st.integers(1, 3)))]
        elif shape == "comment":
            lines.append(f"# {draw(scalars)}")
        elif shape == "blank":
            lines.append("")
        elif shape == "empty":
            lines.append(f"{key}:")
        else:
            lines += [f"{key}:", f"  {draw(keys)}: {draw(scalars)}"]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(frontmatter())
def test_fast_path_matches_pyyaml_or_steps_aside(text: str) -> None:
    repeated: list[Repeat] = []
    fast = fast_load(text, repeated)
    try:
        expected = yaml.load(text, Loader=NoteLoader)
    except yaml.YAMLError:
        assert fast is None, f"fast path accepted YAML that PyYAML rejects: {text!r}"
        return
    except (TypeError, ValueError):
        assert fast is None
        return
    if fast is not None:
        assert same(fast, expected or {}), f"{text!r}: fast {fast!r} != yaml {expected!r}"
        # Keys given twice, as PyYAML's reading of the text (before building values) sees them.
        assert repeated == _repeats(yaml.compose(text, Loader=NoteLoader)), text


def test_a_key_given_twice_is_said_with_its_lines_on_both_paths() -> None:
    text = "last_contact: 2026-10-01\ncircle: inner\nlast_contact: 2026-11-03\n"
    repeated: list[Repeat] = []
    assert load(text, repeated) == {"last_contact": date(2026, 11, 3), "circle": "inner"}
    assert repeated == [("last_contact", 1, 3)]
    nested = "a: 1\naddress:\n  city: Oslo\n  city: Bergen\na: 2\n"  # (PyYAML reads this one)
    repeated = []
    assert load(nested, repeated) == {"a": 2, "address": {"city": "Bergen"}}
    assert repeated == [("a", 1, 5)]  # only the frontmatter's own keys


def test_fast_path_reads_the_common_shapes() -> None:
    text = "name: Jane\ntags: [a, b]\ninterests:\n  - x\n  - y\nmet_on: 2026-11-03\ncountry: NO\n# note\nphone: '+49'\n"
    assert fast_load(text) is not None
    assert HANDLER.load(text) == yaml.load(text, Loader=NoteLoader)


def test_handler_falls_back_for_nested_values() -> None:
    text = "address:\n  city: Oslo\n  zip: 0150\n"
    assert fast_load(text) is None
    assert HANDLER.load(text) == {"address": {"city": "Oslo", "zip": "0150"}}


def test_reading_plain_frontmatter_imports_no_yaml() -> None:
    """PyYAML and python-frontmatter load only when the fast path steps aside: a command
    (or an index worker) reading ordinary notes does not pay ~12 ms to import them."""
    import subprocess
    import sys

    code = (
        "import sys; from vaultnet.parse import parse_note; from vaultnet.config import ParseOptions\n"
        "parse_note('People/A.md', b'---\\nname: A\\ntags: [x]\\n---\\n## Log\\n- 2026-11-03 x\\n', ParseOptions())\n"
        "assert 'yaml' not in sys.modules and 'frontmatter' not in sys.modules, 'imported'\n"
        "parse_note('People/B.md', b'---\\nname: {a: 1}\\n---\\n', ParseOptions())\n"
        "assert 'yaml' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
