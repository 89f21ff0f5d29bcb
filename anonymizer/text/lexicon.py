"""The word lists rules are made of, one data file per language (`anonymizer/lexicon/*.json`).

Adding a language is adding a file: every rule that reads a list here reads it for all
languages at once, so a rule never grows a private copy of a language's words.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _files() -> tuple[dict[str, object], ...]:
    folder = resources.files("anonymizer").joinpath("lexicon")
    return tuple(json.loads(entry.read_text(encoding="utf-8"))
                 for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".json"))


@lru_cache(maxsize=32)
def words(key: str) -> frozenset[str]:
    """Every language's `key` list, lower-cased, as one set ("grüße" stays "grüße" for the regexes)."""
    out: set[str] = set()
    for lexicon in _files():
        values = lexicon.get(key, [])
        if not isinstance(values, list):
            raise ValueError(f"lexicon {lexicon.get('language')}: '{key}' must be a list")
        out.update(str(v).lower() for v in values)
    return frozenset(out)

