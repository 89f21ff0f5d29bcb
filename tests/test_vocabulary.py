"""Every marker is defined once (anonymizer/vocabulary.py) and every place that shows one knows it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from anonymizer.text.spans import PRIORITY
from anonymizer.vocabulary import ALL_MARKERS, MARKERS
from exports.languages import EXPORT_LANGUAGES, WORDING
from exports.wording import MARKER_MEANINGS
from napishy.cli.render import highlight


def test_detectors_rank_exactly_the_vocabulary() -> None:
    assert list(PRIORITY) == list(MARKERS)


@pytest.mark.parametrize("marker", ALL_MARKERS)
def test_every_marker_is_highlighted_and_explained(marker: str) -> None:
    assert "\033[" in highlight(f"at [{marker}] today", color=True)
    assert MARKER_MEANINGS[marker]


@pytest.mark.parametrize("language", EXPORT_LANGUAGES)
def test_every_marker_is_explained_in_every_export_language(language: str) -> None:
    meanings = WORDING[language].markers
    assert list(meanings) == list(ALL_MARKERS)  # nothing explained that the vocabulary does not define
    assert all(meanings[m].strip() for m in ALL_MARKERS)
    assert len(set(meanings.values())) == len(ALL_MARKERS), "two markers explained alike"


def test_the_vocabulary_and_the_model_load_no_pipeline() -> None:
    """The shells read the vocabulary and the model without paying for parsers and dictionaries."""
    code = ("import sys, anonymizer.vocabulary, anonymizer.model; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('lxml', 'PIL', 'phonenumbers', 'natasha', 'pymorphy3', 'hunspell', 'morfeusz2', 'bs4')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
