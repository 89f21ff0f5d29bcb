"""Found identifiers as character spans, and turning them into marked-up text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from anonymizer.model import RedactedSpan, Redaction
from anonymizer.vocabulary import MARKERS

# When two detectors claim overlapping text the more specific kind names the marker.
PRIORITY = {kind: rank for rank, kind in enumerate(MARKERS)}


# Not a redaction: a word kept although it looked like a name or a number (a listed place, a
# public figure), shown to the operator as "check" so a human looks twice where the machine hesitated.
CHECK = "check"


@dataclass(frozen=True)
class Hit:
    """Characters `start:end` of the text are an identifier of `kind`, found by `reason`."""

    start: int
    end: int
    kind: str
    reason: str


def merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one; the earlier-ranked kind names the union."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            best = min((last, hit), key=lambda h: PRIORITY.get(h.kind, 9))
            out[-1] = Hit(last.start, max(last.end, hit.end), best.kind, best.reason)
        else:
            out.append(hit)
    return out


_GAP = re.compile(r"[ \t]*")


def _join_neighbours(text: str, hits: list[Hit]) -> list[Hit]:
    """"[name] [name]" reads worse and says more (word count) than one "[name]"."""
    out: list[Hit] = []
    for hit in hits:
        if out and out[-1].kind == hit.kind and _GAP.fullmatch(text[out[-1].end: hit.start]):
            out[-1] = Hit(out[-1].start, hit.end, hit.kind, out[-1].reason)
        else:
            out.append(hit)
    return out


def apply(text: str, hits: list[Hit]) -> Redaction:
    """Replace every hit by its marker, counting markers per kind; "check" hits that no
    redaction covers become the letter's `checks`."""
    merged = _join_neighbours(text, merge([h for h in hits if h.end > h.start and h.kind != CHECK]))
    checks = tuple(dict.fromkeys(
        text[h.start: h.end] for h in hits
        if h.kind == CHECK and h.end > h.start and not any(h.start < m.end and m.start < h.end for m in merged)
    ))
    parts: list[str] = []
    spans: list[RedactedSpan] = []
    counts: dict[str, int] = {}
    cursor = 0
    for hit in merged:
        marker = f"[{hit.kind}]"
        parts.append(text[cursor: hit.start])
        parts.append(marker)
        spans.append(RedactedSpan(hit.kind, hit.reason, text[hit.start: hit.end], marker))
        counts[hit.kind] = counts.get(hit.kind, 0) + 1
        cursor = hit.end
    parts.append(text[cursor:])
    return Redaction("".join(parts), counts, tuple(spans), checks)
