"""Every marker, kind, status and role is defined once (anonymizer/vocabulary.py) and every place
that shows one knows it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from anonymizer import vocabulary
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


ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = ("anonymizer", "intake", "processors", "exports", "napishy")
VOCABULARIES = {"marker": set(ALL_MARKERS), "kind": set(vocabulary.KINDS), "status": set(vocabulary.STATUSES),
                "role": set(vocabulary.ROLES), "ocr": set(vocabulary.OCR_STATUSES) - {""}}


def copies(source: str) -> list[str]:
    """Literal tuples, lists and sets holding two or more words of one vocabulary: a second
    definition that would drift from the first (the CLI's kinds once came in another order)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            found += [f"line {node.lineno}: {name} {sorted(words & known)}"
                      for name, known in VOCABULARIES.items() if len(words & known) >= 2]
    return found


def test_no_module_but_the_vocabulary_lists_its_words() -> None:
    paths = [path for package in PRODUCTION for path in sorted((ROOT / package).rglob("*.py"))]
    found = [f"{path.relative_to(ROOT)} {copy}" for path in paths if path.name != "vocabulary.py"
             for copy in copies(path.read_text(encoding="utf-8"))]
    assert found == []


def test_a_copied_list_is_found() -> None:
    assert copies('KINDS = ("spam", "autoreply", "empty", "letter")\nx = ("pending",)') == [
        "line 1: kind ['autoreply', 'empty', 'letter', 'spam']"]


def test_the_members_are_the_contract_strings() -> None:
    """The JSON contracts of DESIGN.md print these, so a member must be its string in every way."""
    import json

    assert json.dumps([vocabulary.Kind.AUTOREPLY, vocabulary.Status.QUARANTINED]) == '["autoreply", "quarantined"]'
    assert vocabulary.KINDS == ("letter", "spam", "autoreply", "empty")
    assert vocabulary.STATUSES == ("pending", "approved", "rejected", "quarantined")
    assert f"{vocabulary.Marker.WORKPLACE}" == "workplace" and "workplace" in MARKERS
    assert "quote" in ALL_MARKERS and "quote" not in MARKERS


def test_every_ocr_state_is_worded_in_both_shells() -> None:
    from napishy.cli.render import OCR_STATES
    from napishy.web.i18n import STRINGS

    assert set(OCR_STATES) == set(vocabulary.OCR_STATUSES)
    assert all(f"ocr_{state}" in STRINGS for state in vocabulary.OCR_STATUSES)
