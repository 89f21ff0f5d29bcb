"""Documents give their visible body text to the letter and are never published as files.

Only the body is read: not comments, tracked deletions, hidden runs, headers and footers,
nor any metadata part (docProps, meta.xml, PDF info and XMP), which is where authors,
companies and revision histories live. ZIP containers are checked against bombs from the
central directory before a single member is inflated, and every read is bounded.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Iterator

from lxml import etree

from anonymizer.charset import decode_text
from anonymizer.errors import AttachmentRefused
from anonymizer.html import html_to_text

MAX_ZIP_MEMBERS = 2000
MAX_ZIP_TOTAL = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_XML_BYTES = 30 * 1024 * 1024
MAX_PDF_PAGES = 200
MAX_TEXT_CHARS = 500_000

# pypdf logs and warns with details of the document (fonts, objects, sometimes strings from
# it); a letter's content must never reach the daemon's logs.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# Subtrees that are not the visible text: deletions (with their authors), comments,
# alternate renderings that duplicate text, field instructions.
_DOCX_SKIP = frozenset({
    f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText", f"{_W}commentReference",
    f"{_W}rPr", f"{_W}pPr", f"{_W}sectPr", _MC_FALLBACK,
})
_ODT_SKIP = frozenset({
    f"{_OFFICE}annotation", f"{_OFFICE}annotation-end", f"{_TEXT}tracked-changes",
    f"{_TEXT}hidden-text", f"{_TEXT}hidden-paragraph", f"{_TEXT}note-citation",
    f"{_TEXT}bookmark-ref", f"{_TEXT}sequence-decls", f"{_TEXT}variable-decls",
})


def _xml_parser() -> etree.XMLParser:
    # No entities, no DTD, no network: XXE and billion-laughs documents parse to nothing.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """Open a ZIP after checking its central directory against bombs."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise AttachmentRefused("document-corrupt") from None
    total = sum(i.file_size for i in infos)
    ratios = (i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > 1024 * 1024)
    if len(infos) > MAX_ZIP_MEMBERS or total > MAX_ZIP_TOTAL or any(r > MAX_ZIP_RATIO for r in ratios):
        zf.close()
        raise AttachmentRefused("zip-bomb")
    return zf


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """One member, read no further than the limit whatever the directory claims."""
    try:
        with zf.open(name) as member:
            data = member.read(MAX_XML_BYTES + 1)
    except KeyError:
        raise AttachmentRefused("document-corrupt") from None
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError):
        # RuntimeError: an encrypted member; NotImplementedError: an exotic compression.
        raise AttachmentRefused("document-corrupt") from None
    if len(data) > MAX_XML_BYTES:
        raise AttachmentRefused("zip-bomb")
    return data


def _parse_xml(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, parser=_xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        raise AttachmentRefused("document-corrupt") from None


def _walk_text(root: etree._Element, skip: frozenset[str], emit: dict[str, str],
               paragraph: frozenset[str], hidden: frozenset[str] = frozenset()) -> str:
    """Concatenate text in document order, skipping subtrees, with newlines after paragraphs."""
    out: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in skip or (hidden and _is_hidden_run(el, hidden)):
                walker.skip_subtree()
                continue
            if tag in emit:
                out.append(emit[tag] if emit[tag] != "text" else (el.text or ""))
            elif tag in paragraph and el.text and not tag.startswith(_W):
                out.append(el.text)
        else:
            if tag in paragraph:
                out.append("\n")
            if el.tail and not tag.startswith(_W) and tag not in skip:
                out.append(el.tail)
    return _limit("".join(out))


def _is_hidden_run(el: etree._Element, hidden: frozenset[str]) -> bool:
    """A Word run marked "hidden" (w:vanish): not visible to the sender, so not the letter."""
    if el.tag != f"{_W}r":
        return False
    props = el.find(f"{_W}rPr")
    return props is not None and any(props.find(h) is not None for h in hidden)


def _limit(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()[:MAX_TEXT_CHARS]


def docx_text(data: bytes, charset: str | None = None) -> str:
    """The body text of a DOCX: `word/document.xml` only."""
    with _open_zip(data) as zf:
        root = _parse_xml(_read_member(zf, "word/document.xml"))
    body = root.find(f"{_W}body")
    if body is None:
        return ""
    emit = {f"{_W}t": "text", f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}
    return _walk_text(body, _DOCX_SKIP, emit, frozenset({f"{_W}p"}), frozenset({f"{_W}vanish"}))


def odt_text(data: bytes, charset: str | None = None) -> str:
    """The body text of an ODT: `content.xml` only, never `meta.xml`."""
    with _open_zip(data) as zf:
        root = _parse_xml(_read_member(zf, "content.xml"))
    body = root.find(f"{_OFFICE}body")
    if body is None:
        return ""
    emit = {f"{_TEXT}tab": "\t", f"{_TEXT}line-break": "\n", f"{_TEXT}s": " "}
    paragraphs = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
    return _odt_walk(body, emit, paragraphs)


def _odt_walk(body: etree._Element, emit: dict[str, str], paragraphs: frozenset[str]) -> str:
    """ODT keeps text in `.text` and `.tail` of nested spans, so walk both."""
    out: list[str] = []
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if el.tag in _ODT_SKIP:
                walker.skip_subtree()
                continue
            if el.tag == f"{_TEXT}s":
                out.append(" " * min(_int(el.get(f"{_TEXT}c"), 1), 100))
            elif el.tag in emit:
                out.append(emit[el.tag])
            out.append(el.text or "")
        else:
            if el.tag in paragraphs:
                out.append("\n")
            out.append(el.tail or "")
    return _limit("".join(out))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def pdf_text(data: bytes, charset: str | None = None) -> str:
    """Page text of a PDF (never its info dictionary or XMP), first pages only."""
    from pypdf import PdfReader  # imported here: pypdf is slow to import and rarely needed
    from pypdf.errors import PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise AttachmentRefused("pdf-encrypted")
            pages = list(_pages(reader))
    except AttachmentRefused:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            NotImplementedError, IndexError, ZeroDivisionError, AssertionError):
        raise AttachmentRefused("pdf-corrupt") from None
    return _limit("\n\n".join(p for p in pages if p.strip()))


def _pages(reader: object) -> Iterator[str]:
    total = 0
    for number, page in enumerate(reader.pages):  # type: ignore[attr-defined]
        if number >= MAX_PDF_PAGES or total > MAX_TEXT_CHARS:
            return
        try:
            text = page.extract_text() or ""
        except Exception:  # one unreadable page does not cost the others
            text = ""
        total += len(text)
        yield text


def plain_text(data: bytes, charset: str | None = None) -> str:
    """A text file, decoded with the same fallbacks as a letter body."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _limit(decode_text(data[:MAX_TEXT_CHARS * 4], "utf-16").text)
    text = decode_text(data[:MAX_TEXT_CHARS * 4], charset).text
    return _limit(text.lstrip("\ufeff"))


def html_document_text(data: bytes, charset: str | None = None) -> str:
    """An HTML file attached: its visible text, as for an HTML body."""
    return _limit(html_to_text(decode_text(data, charset).text).text)
