"""Documents give their visible body text to the letter and are never published as files.

Only the body is read (DOCX: anonymizer.attachments.word, ODT: .opendocument, which drop and
name hidden text, text boxes and unread headers, footers and comments), never any metadata part
(docProps, meta.xml, PDF info and XMP), which is where authors, companies and revision
histories live. ZIP containers are checked against bombs from the
central directory before a single member is inflated, and every read is bounded.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DocumentText:
    """A document's text for the letter, and what was left out of it (defects the operator sees)."""

    text: str
    defects: tuple[str, ...] = ()


def _xml_parser() -> etree.XMLParser:
    # No entities, no DTD, no network: XXE and billion-laughs documents parse to nothing.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def open_zip(data: bytes) -> zipfile.ZipFile:
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


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
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


def parse_xml(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, parser=_xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        raise AttachmentRefused("document-corrupt") from None


def limit_text(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()[:MAX_TEXT_CHARS]


def docx_text(data: bytes, charset: str | None = None) -> str:
    """The visible body text of a DOCX (see anonymizer.attachments.word), without its defects."""
    from anonymizer.attachments.word import docx_document

    return docx_document(data, charset).text


def odt_text(data: bytes, charset: str | None = None) -> str:
    """The visible body text of an ODT (see anonymizer.attachments.opendocument), without its defects."""
    from anonymizer.attachments.opendocument import odt_document

    return odt_document(data, charset).text


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
    return limit_text("\n\n".join(p for p in pages if p.strip()))


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
        return limit_text(decode_text(data[:MAX_TEXT_CHARS * 4], "utf-16").text)
    text = decode_text(data[:MAX_TEXT_CHARS * 4], charset).text
    return limit_text(text.lstrip("\ufeff"))


def html_document_text(data: bytes, charset: str | None = None) -> str:
    """An HTML file attached: its visible text, as for an HTML body."""
    return limit_text(html_to_text(decode_text(data, charset).text).text)
