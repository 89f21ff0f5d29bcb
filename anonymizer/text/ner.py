"""Person names found by natasha's Russian NER, loaded on first use.

natasha's models take about a second to load, and `napishy queue` must start fast, so
nothing is imported until a letter actually needs it. MorphVocab is never used: it
breaks on Python >= 3.11.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()
_models: tuple[Any, Any] | None = None
_CYRILLIC_CAPITAL_INSIDE = re.compile(r"[^\s.!?\n«\"(—-]\s+[А-ЯЁІЎЄЇҐ]")


def load() -> tuple[Any, Any]:
    """Segmenter and NER tagger, built once per process."""
    global _models
    with _lock:
        if _models is None:
            # NER multiplies tiny matrices: OpenBLAS threads only add overhead, and on a busy
            # machine they made tagging ten times slower. Effective only if numpy is not yet
            # imported; the service entry point should set it too.
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(name, "1")
            from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # lazy on purpose: see module docstring

            _models = (Segmenter(), NewsNERTagger(NewsEmbedding()))
        return _models


def _candidate_lines(text: str, worth_asking: Callable[[str], bool]) -> list[tuple[int, str]]:
    """Lines that could hold a name NER would find: Cyrillic capitals not only at sentence starts,
    and something the caller wants a second opinion on.

    Skipping the rest keeps NER to a few milliseconds per letter.
    """
    out = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if _CYRILLIC_CAPITAL_INSIDE.search(line) and worth_asking(line):
            out.append((match.start(), line))
    return out


def _always(_line: str) -> bool:
    return True


def person_spans(text: str, worth_asking: Callable[[str], bool] = _always) -> list[tuple[int, int]]:
    """(start, end) of every PER entity in the Cyrillic lines of `text` that are `worth_asking`."""
    lines = _candidate_lines(text, worth_asking)
    if not lines:
        return []
    from natasha import Doc  # lazy on purpose: see module docstring

    segmenter, tagger = load()
    # One Doc for all candidate lines: per-call overhead dominates short lines.
    joined, starts = "", []
    for offset, line in lines:
        starts.append((len(joined), offset))
        joined += line + "\n"
    doc = Doc(joined)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    spans = []
    for span in doc.spans:
        if span.type != "PER":
            continue
        base, offset = next((b, o) for b, o in reversed(starts) if b <= span.start)
        spans.append((offset + span.start - base, offset + span.stop - base))
    return spans
