"""`anonymize()`: raw letter bytes in, an `AnonymizedLetter` out. Pure but for one thing: images
are read by a Tesseract child process (stdin to stdout, no file, no network; see attachments/ocr).

The letter is rebuilt, not cleaned: only the body text, the text of attached documents and
re-encoded images survive; no header does. Each stage runs behind a guard so that a bug on
one odd letter becomes an `AnonymizerError` (the pipeline quarantines the letter) rather
than an exception that could stop the daemon.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from anonymizer.attachments.ocr import OcrConfig
from anonymizer.attachments.parts import clean_parts
from anonymizer.blobs import strip_blobs
from anonymizer.errors import AnonymizerError, StageFailed
from anonymizer.image_text import drafts_recipients, read_images
from anonymizer.kind import classify_kind
from anonymizer.language import detect_language
from anonymizer.mime import parse_letter
from anonymizer.model import AnonymizedLetter, RedactedSpan
from anonymizer.quotes import strip_quotes_and_signatures
from anonymizer.redact import redact
from anonymizer.roster import Roster, default_roster, find_recipients, is_announcement
from anonymizer.text import normalize
from anonymizer.text.header_names import names_in
from anonymizer.text.recase import recase

T = TypeVar("T")


def _stage(name: str, func: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run one stage; an unexpected exception becomes `StageFailed` naming only the stage
    and the exception type (its message could quote the letter)."""
    try:
        return func(*args, **kwargs)
    except AnonymizerError:
        raise
    except Exception as exc:
        raise StageFailed(f"anonymizer stage '{name}' failed ({type(exc).__name__})") from None


def _without_quotes(texts: list[str], roster: Roster) -> tuple[str, tuple[RedactedSpan, ...]]:
    """Strip quotes and signatures from the body and from each document separately: a
    signature cut in the body must not swallow the documents appended after it."""
    kept: list[str] = []
    spans: list[RedactedSpan] = []
    for text in texts:
        if not text.strip():
            continue
        text, blobs = strip_blobs(text)
        remaining, removed = strip_quotes_and_signatures(text, lambda quoted: is_announcement(quoted, roster))
        spans.extend(blobs + removed)
        if remaining.strip():
            kept.append(remaining.strip())
    return "\n\n".join(kept), tuple(spans)


_SUBJECT_LINE = re.compile(r"^[ \t>*]*(?:Subject|Тема|Тэма|Temat|Betreff)\*?:[ \t]*(.+)$", re.IGNORECASE | re.MULTILINE)


def _subject_recipients(subject: str, quote_spans: tuple[RedactedSpan, ...], roster: Roster) -> tuple[str, ...]:
    """The attorneys the letter's subject names, or the subject of the letter it forwards."""
    quoted = (m.group(1) for span in quote_spans if span.kind == "quote" for m in _SUBJECT_LINE.finditer(span.original))
    subjects = [subject, *quoted]
    for line in subjects:
        if line.strip() and (found := find_recipients(recase(line, roster), roster)):
            return found
    return ()


def anonymize(raw: bytes, roster: Roster | None = None, ocr: OcrConfig | None = None) -> AnonymizedLetter:
    """Anonymise one raw RFC 5322 letter; its images are read with `ocr` (default: Tesseract on PATH).

    Returns the rebuilt letter; raises only `AnonymizerError` subclasses (`UnreadableLetter`
    for bytes that are not a letter, `StageFailed` for a bug met on this letter).
    """
    roster = roster if roster is not None else _stage("roster", default_roster)
    parsed = _stage("parse", parse_letter, raw)
    cleaned = _stage("attachments", clean_parts, parsed.parts)
    texts = _stage("normalize", lambda: [normalize.clean(t) for t in (parsed.body, *cleaned.texts)])
    kept, quote_spans = _stage("quotes", _without_quotes, texts, roster)
    recipients = _stage("recipients", find_recipients, recase(kept, roster), roster)
    quoted = _stage("headers", names_in, [span.original for span in quote_spans if span.kind == "quote"])
    known = tuple(dict.fromkeys((*parsed.sender_names, *quoted)))
    redaction = _stage("redact", redact, kept, roster, known)
    images = _stage("ocr", read_images, cleaned.images, roster, ocr or OcrConfig(), known)
    if not recipients:  # a photographed letter: whom its page greets
        recipients = _stage("recipients", drafts_recipients, images, roster)
    if not recipients:  # "Pani Mecenas" in the text; the name only in the subject ("List do Anastazji Łazarenko")
        recipients = _stage("recipients", _subject_recipients, parsed.headers.get("subject", ""), quote_spans, roster)
    language = _stage("language", detect_language, redaction.text)
    kind = _stage(
        "kind", classify_kind, parsed.headers, redaction.text, has_attachments=bool(cleaned.images)
    )
    spans = (*parsed.spans, *quote_spans, *redaction.spans)
    counts = Counter(redaction.counts)
    counts.update(s.kind for s in (*parsed.spans, *quote_spans))
    return AnonymizedLetter(
        text=redaction.text,
        recipients=tuple(recipients),
        language=language,
        kind=kind,
        attachments=images,
        redactions=dict(counts),
        defects=(*parsed.defects, *cleaned.defects),
        dropped_attachments=parsed.dropped + cleaned.dropped,
        spans=spans,
        checks=redaction.checks,
    )
