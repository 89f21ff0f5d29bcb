"""Naming an attachment's type from its bytes, never from its file name or declared type.

A sender's client, or an attacker, chooses the name and the Content-Type; the magic bytes are
what the decoder will actually see. Anything not recognised here is refused by the caller.
"""

from __future__ import annotations

import io
import re
import zipfile

from anonymizer.charset import looks_binary

_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Text that is not prose for the letter: keys and signatures identify their owner, a vCard is
# a business card, PostScript/SVG/XML are programs or markup we do not interpret.
_REFUSED_TEXT = (
    b"-----begin ", b"begin:vcard", b"begin:vcalendar", b"{\\rtf", b"%!ps", b"<?xml", b"<svg",
)
_HTML_START = (b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>")
_PROLOG = (b"<?xml", b"<!doctype", b"<!--")
_HTML_ROOTS = frozenset({b"html", b"head", b"body", b"meta", b"title", b"div", b"p", b"table", b"span", b"font"})
# Skips the XML declaration, processing instructions, comments and a DOCTYPE (with an internal
# subset in brackets), then names the first element.
_ROOT = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype(?:[^\[>]|\[.*?\])*>)*<([a-z][\w.:-]*)", re.S)
_MAIL_HEADER = re.compile(rb"^(received|return-path|message-id|from|date|mime-version|x-[\w-]+):", re.I | re.M)
_SNIFF = 8192


def detect(data: bytes) -> str | None:
    """The content family of `data` ("jpeg", "png", "gif", "webp", "heic", "pdf", "docx",
    "odt", "rtf", "text", "html"), or None when it is none we accept."""
    head = data[:_SNIFF]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heic"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_family(data)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    return _text_family(head)


def _zip_family(data: bytes) -> str | None:
    """ODT declares itself in a stored `mimetype` member; DOCX by its part names."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 100 and zf.read(info).strip() == _ODT_MIMETYPE:
                    return "odt"
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None
    return None


def _root_element(lowered: bytes) -> bytes | None:
    """The first element's name (namespace prefix dropped) after the prolog, or None."""
    found = _ROOT.match(lowered)
    if found is None:
        return None
    return found.group(1).rsplit(b":", 1)[-1]


def _text_family(head: bytes) -> str | None:
    if not head:
        return None
    if not head.startswith(_BOMS) and (b"\x00" in head or looks_binary(head, 0.01)):
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_PROLOG):
        # `<?xml`, `<!DOCTYPE …>` or a comment first: the root element decides. XHTML saved
        # by some mail clients is HTML; an SVG (whose <title> and metadata would otherwise
        # become letter text) or any other XML is markup we do not interpret.
        return "html" if _root_element(lowered) in _HTML_ROOTS else None
    if lowered.startswith(_REFUSED_TEXT) or b"-----begin pgp" in lowered:
        return None
    if lowered.startswith(_HTML_START):
        return "html"
    if len(_MAIL_HEADER.findall(head[:2048])) >= 3:
        return None  # a forwarded or bounced message: someone else's headers
    return "text"
