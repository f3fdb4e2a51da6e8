"""matching: who should meet whom, and why in words."""

from __future__ import annotations

from typing import Any

from vaultnet.matching import match, suggest, suggest_for, terms
from vaultnet.model import Contact


def person(name: str, **fields: Any) -> Contact:
    return Contact(path=f"People/{name}.md", name=name, fields=fields, sort_key=name.lower())


MAYA = person("Maya", role="Head of Product", needs=["senior battery engineers"])
OLIVER = person("Oliver", offers=["battery engineering expertise"], interests=["grid storage"])
RIA = person("Ria", interests=["grid storage", "trail running"])
SAM = person("Sam", offers=["pottery lessons"])


def test_words_are_stemmed_and_small_words_dropped() -> None:
    assert terms("Battery engineers and investors") == terms("battery engineering investor")
    assert "and" not in terms("Battery engineers and investors")


def test_what_one_offers_meeting_what_the_other_needs_is_a_match_both_ways() -> None:
    found = match(MAYA, OLIVER)
    assert found is not None
    assert "Oliver can help with battery engineering expertise" in found.reason
    assert "Maya needs senior battery engineers" in found.reason
    assert found.why_a.startswith("can help with")  # told to Maya, about Oliver
    assert found.why_b.startswith("is looking for")  # told to Oliver, about Maya
    assert match(OLIVER, MAYA) is not None


def test_no_need_met_and_nothing_shared_is_no_match() -> None:
    assert match(MAYA, SAM) is None
    assert match(SAM, person("Lee")) is None


def test_a_shared_interest_alone_is_no_reason_but_adds_to_one() -> None:
    assert match(OLIVER, RIA) is None  # both into grid storage, and neither needs a thing
    keen = person("Maya", needs=["senior battery engineers"], interests=["grid storage"])
    plain, shared = match(MAYA, OLIVER), match(keen, OLIVER)
    assert plain is not None and shared is not None
    assert "both into grid storage" in shared.reason
    assert shared.score > plain.score


def test_suggest_ranks_pairs_and_uses_each_person_once() -> None:
    pairs = suggest([SAM, RIA, OLIVER, MAYA], already=lambda a, b: False)
    assert [(m.a.name, m.b.name) for m in pairs] == [("Maya", "Oliver")]  # Oliver is taken: Ria waits


def test_suggest_skips_pairs_already_introduced() -> None:
    lena = person("Lena", needs=["battery engineering advice"])
    introduced = {("Maya", "Oliver"), ("Oliver", "Maya")}
    pairs = suggest([RIA, OLIVER, MAYA, lena], already=lambda a, b: (a.name, b.name) in introduced)
    assert [(m.a.name, m.b.name) for m in pairs] == [("Lena", "Oliver")]


def test_suggest_for_one_person_picks_who_they_gain_most_from() -> None:
    found = suggest_for(OLIVER, [RIA, MAYA, SAM])
    assert found is not None
    assert {found.a.name, found.b.name} == {"Maya", "Oliver"}
    assert suggest_for(SAM, [RIA, MAYA]) is None
