"""Reading a raw letter: the body text, the raw attachment parts, a few classifying headers.

Built on the stdlib `email` package with `policy.default`, which records *defects* instead of
raising on malformed mail. Everything here is bounded (parts walked, nesting depth, sizes),
every part is read inside its own guard, and each oddity becomes a named defect, so one bad
part never costs the rest of the letter. Nothing here keeps a sender header: the headers we
return are used in memory to classify the letter (auto-reply, spam) and are never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser, Parser
from types import MappingProxyType
from typing import Any

from anonymizer.charset import decode_text, looks_binary, mostly_unreadable
from anonymizer.defects import (
    AttachedMessageDropped,
    AttachedMessageRead,
    BinaryTextPartDefect,
    BodyTruncatedDefect,
    BoundaryMismatchDefect,
    CharsetGuessedDefect,
    ContentTypeUnreadableDefect,
    HeaderTooLargeDefect,
    HeaderUnreadableDefect,
    LetterDefect,
    MultipartWithoutPartsDefect,
    NestingTooDeepDefect,
    NonAsciiBoundaryDefect,
    ParserDefect,
    PartUnreadableDefect,
    TooManyPartsDefect,
    UnsplittableMultipartDefect,
    note,
)
from anonymizer.errors import UnreadableLetter
from anonymizer.html import html_to_text
from anonymizer.model import RedactedSpan
from anonymizer.text.header_names import names_in


class _OneLetterPolicy(policy.EmailPolicy):
    """`policy.default`, parsing each header value once per letter: the walk asks a part for its
    Content-Type many times, and the header registry parses it anew on every ask (a fifth of a
    small letter's cost). The cache lives and dies with the one message parsed under it."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        object.__setattr__(self, "_parsed", {})

    def header_fetch_parse(self, name: str, value: str) -> Any:
        parsed: dict[tuple[str, str], Any] = self.__dict__["_parsed"]
        key = (name.lower(), value)
        if key not in parsed:
            parsed[key] = super().header_fetch_parse(name, value)
        return parsed[key]

MAX_LETTER_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 256 * 1024
MAX_PARTS = 1000
MAX_DEPTH = 50
MAX_BODY_CHARS = 1_000_000
MAX_HEADER_VALUE = 2000
MAX_DEFECTS = 100
# Only these headers are read, to classify the letter; nothing identifying among them.
CLASSIFY_HEADERS = (
    "auto-submitted", "x-autoreply", "x-autorespond", "precedence", "subject", "x-spam-flag",
    "x-spam-status", "list-unsubscribe", "content-type",
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.\-]+)""", re.I)
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RawPart:
    """One attachment or inline part, undecoded beyond its transfer encoding.

    No file name and no declared type are kept: the cleaners decide from the bytes alone.
    `charset` is only a first guess for text documents.
    """

    data: bytes
    charset: str | None = None
    inline: bool = False


@dataclass(frozen=True)
class ParsedLetter:
    """What the anonymizer reads from a letter, before any text processing."""

    body: str
    headers: MappingProxyType[str, str]
    parts: tuple[RawPart, ...] = ()
    defects: tuple[str, ...] = ()
    spans: tuple[RedactedSpan, ...] = ()
    dropped: int = 0
    # The words of the display names in From, Sender and Reply-To (never the addresses): not
    # output, not shown by repr, only looked for in the text.
    sender_names: tuple[str, ...] = field(default=(), repr=False)


@dataclass
class _Walk:
    """Mutable state of one walk over the MIME tree."""

    bodies: list[str] = field(default_factory=list)
    parts: list[RawPart] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    spans: list[RedactedSpan] = field(default_factory=list)
    seen: int = 0
    dropped: int = 0
    stopped: bool = False
    senders: list[str] = field(default_factory=list)  # From/Sender/Reply-To of attached messages

    def defect(self, found: LetterDefect) -> None:
        code = note(found)
        if len(self.defects) < MAX_DEFECTS:
            self.defects.append(code)


def parse_letter(raw: bytes) -> ParsedLetter:
    """Parse `raw` into body text, raw parts and classifying headers; defects, never raises
    except `UnreadableLetter` when the bytes cannot be read as a letter at all."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise UnreadableLetter("letter is not bytes")
    raw = bytes(raw)
    if len(raw) > MAX_LETTER_BYTES:
        raise UnreadableLetter("letter exceeds the size limit")
    walk = _Walk()
    _check_header_block(raw, walk)
    # Every nested multipart needs a boundary parameter; refusing far too many up front
    # bounds the parser's recursion and its time (it checks each line against each level).
    if raw.lower().count(b"boundary") > 4 * MAX_PARTS:
        raise UnreadableLetter("too many MIME boundaries")
    raw = _ascii_boundaries(raw, walk)
    try:
        msg = BytesParser(policy=_OneLetterPolicy()).parsebytes(raw)
    except RecursionError:
        raise UnreadableLetter("MIME nesting exhausted the parser") from None
    except Exception as exc:  # the parser is meant never to raise; if it does, say which
        raise UnreadableLetter(f"MIME parser failed ({type(exc).__name__})") from None
    _visit(msg, 0, walk)
    body = "\n\n".join(b for b in walk.bodies if b.strip())
    if len(body) > MAX_BODY_CHARS:
        body = body[:MAX_BODY_CHARS]
        walk.defect(BodyTruncatedDefect())
    return ParsedLetter(
        body=body,
        headers=MappingProxyType(_classify_headers(msg, walk)),
        parts=tuple(walk.parts),
        defects=tuple(dict.fromkeys(walk.defects)),
        spans=tuple(walk.spans),
        dropped=walk.dropped,
        sender_names=names_in([*_sender_headers(msg, walk), *walk.senders]),
    )


_SENDER_HEADERS = ("from", "sender", "reply-to")


def _sender_headers(msg: Message, walk: _Walk) -> tuple[str, ...]:
    """The values of the headers naming the sender, decoded and capped."""
    values = []
    for name in _SENDER_HEADERS:
        try:
            values += [str(value)[:MAX_HEADER_VALUE] for value in msg.get_all(name) or ()]
        except Exception:
            walk.defect(HeaderUnreadableDefect())
    return tuple(values)


# A boundary parameter with bytes outside ASCII: the stdlib decodes the header and then never
# finds the boundary in the body, so the whole multipart would be read as one text part, its
# attachments' names and base64 included.
_RAW_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))', re.IGNORECASE)


def _ascii_boundaries(raw: bytes, walk: _Walk) -> bytes:
    """Every non-ASCII boundary replaced, in its parameter and its delimiter lines, by an ASCII one."""
    if raw.isascii():
        return raw
    for n, found in enumerate(_RAW_BOUNDARY.finditer(raw)):
        boundary = found.group(1) or found.group(2)
        if boundary.isascii():
            continue
        walk.defect(NonAsciiBoundaryDefect())
        raw = raw.replace(boundary, b"napishy-boundary-%d-%s" % (n, bytes(boundary.hex()[:16], "ascii")))
    return raw


def _check_header_block(raw: bytes, walk: _Walk) -> None:
    end = _HEADER_END.search(raw, 0, MAX_HEADER_BYTES + 4)
    if end is None and len(raw) > MAX_HEADER_BYTES:
        walk.defect(HeaderTooLargeDefect())


def _classify_headers(msg: Message, walk: _Walk) -> dict[str, str]:
    """The few headers classification needs, decoded, whitespace-collapsed and capped."""
    found: dict[str, str] = {}
    for name in CLASSIFY_HEADERS:
        try:
            value = msg.get(name)
            if value is None:
                continue
            text = _SPACES.sub(" ", str(value)).strip()
        except Exception:  # a header the registry cannot parse is a defect, not a crash
            walk.defect(HeaderUnreadableDefect())
            continue
        found[name] = text[:MAX_HEADER_VALUE]
    return found


def _visit(part: Message, depth: int, walk: _Walk) -> None:
    """Walk one part: containers recurse (bounded), leaves become body text or raw parts."""
    if walk.stopped:
        return
    walk.seen += 1
    if walk.seen > MAX_PARTS or depth > MAX_DEPTH:
        walk.defect(TooManyPartsDefect() if walk.seen > MAX_PARTS else NestingTooDeepDefect())
        walk.stopped = True
        return
    for found in part.defects[:10]:
        walk.defect(ParserDefect(type(found).__name__))
    try:
        ctype = part.get_content_type()
    except Exception:
        walk.defect(ContentTypeUnreadableDefect())
        ctype = "application/octet-stream"
    if ctype == "message/rfc822":
        # Someone forwarding a relative's letter attaches it: the attached message is the
        # letter. Its headers (its own sender) go like ours do; its parts are walked as ours.
        inner = part.get_payload()
        if isinstance(inner, list) and len(inner) == 1 and isinstance(inner[0], Message):
            walk.defect(AttachedMessageRead())
            walk.senders.extend(_sender_headers(inner[0], walk))
            _visit(inner[0], depth + 1, walk)
            return
    if ctype.startswith("message/") or (part.is_multipart() and not ctype.startswith("multipart/")):
        # Delivery reports, partial and external bodies hold no letter text: dropped and
        # counted, so an operator can open the sealed original.
        walk.dropped += 1
        walk.defect(AttachedMessageDropped())
        return
    if part.is_multipart():
        _visit_container(part, ctype, depth, walk)
    elif ctype.startswith("multipart/"):
        # Declared multipart, but no part could be split off: its bytes are MIME structure,
        # headers and base64, never letter text. Split by the delimiter the body really uses,
        # else dropped and counted; the sealed original keeps it.
        resplit = _split_by_found_delimiter(part, ctype)
        if resplit is not None:
            walk.defect(BoundaryMismatchDefect())
            _visit_container(resplit, ctype, depth, walk)
        else:
            walk.dropped += 1
            walk.defect(UnsplittableMultipartDefect())
    else:
        _visit_leaf(part, ctype, walk)


_DELIMITER = re.compile(r"^--([\x21-\x7e]{1,70})[ \t]*\r?\n(?=[\w-]+:)", re.MULTILINE)


def _split_by_found_delimiter(part: Message, ctype: str) -> Message | None:
    """The multipart re-read with the first delimiter line its body holds (one followed by a header)."""
    payload = part.get_payload()
    if not isinstance(payload, str) or not (found := _DELIMITER.search(payload)):
        return None
    boundary = found.group(1).replace('"', "")
    resplit = Parser(policy=policy.default).parsestr(f'Content-Type: {ctype}; boundary="{boundary}"\n\n{payload}')
    return resplit if resplit.is_multipart() else None


def _visit_container(part: Message, ctype: str, depth: int, walk: _Walk) -> None:
    payload = part.get_payload()
    if not isinstance(payload, list):
        walk.defect(MultipartWithoutPartsDefect())
        return
    children = _parts(payload)
    if ctype == "multipart/alternative" and children:
        chosen = _preferred_alternative(children)
        for child in children:
            if child is chosen:
                _visit(child, depth + 1, walk)
            else:
                # The HTML alternative may hold images pasted inline; keep those, not its text.
                _collect_non_text(child, depth + 1, walk)
        return
    for child in children:
        _visit(child, depth + 1, walk)


def _parts(payload: list[Message | str]) -> list[Message]:
    """A multipart's parts; the parser only ever puts messages in that list, the type says str too."""
    return [child for child in payload if isinstance(child, Message)]


def _preferred_alternative(children: list[Message]) -> Message:
    """The alternative a careful reader would choose: plain text, else HTML, else the last."""
    for wanted in ("text/plain", "text/html"):
        for child in reversed(children):
            if _contains(child, wanted):
                return child
    return children[-1]


def _contains(part: Message, ctype: str, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if part.is_multipart():
        payload = part.get_payload()
        return isinstance(payload, list) and any(_contains(p, ctype, depth + 1) for p in _parts(payload))
    if part.get_content_type() != ctype or part.get_content_disposition() == "attachment":
        return False
    # Some clients send an empty text/plain beside the real HTML: that is not a choice.
    payload = part.get_payload(decode=True)
    return isinstance(payload, bytes) and bool(payload.strip())


def _collect_non_text(part: Message, depth: int, walk: _Walk) -> None:
    if walk.stopped or depth > MAX_DEPTH:
        return
    if part.is_multipart():
        payload = part.get_payload()
        for child in _parts(payload) if isinstance(payload, list) else ():
            _collect_non_text(child, depth + 1, walk)
    elif part.get_content_maintype() != "text":
        _visit(part, depth, walk)


def _visit_leaf(part: Message, ctype: str, walk: _Walk) -> None:
    """A leaf becomes body text (inline text/plain or text/html) or a raw part."""
    try:
        data = part.get_payload(decode=True)
        disposition = part.get_content_disposition()
        charset = _charset(part)
    except Exception:  # e.g. a transfer encoding the stdlib trips over
        walk.defect(PartUnreadableDefect())
        walk.dropped += 1
        return
    if not isinstance(data, bytes):
        walk.defect(PartUnreadableDefect())
        walk.dropped += 1
        return
    is_text_body = ctype in ("text/plain", "text/html") and disposition != "attachment"
    if is_text_body and looks_binary(data):
        # Binary labelled as text (or no headers at all): let the cleaners sniff it instead.
        walk.defect(BinaryTextPartDefect())
        is_text_body = False
    if not is_text_body:
        if data:
            walk.parts.append(RawPart(data, charset, inline=disposition == "inline"))
        return
    if ctype == "text/html" and charset is None:
        found = _META_CHARSET.search(data[:4096])
        charset = found.group(1).decode("ascii") if found else None
    decoded = decode_text(data, charset)
    if CharsetGuessedDefect.__name__ in decoded.defects and mostly_unreadable(decoded.text):
        walk.defect(BinaryTextPartDefect())
        walk.parts.append(RawPart(data, None, inline=False))
        return
    walk.defects.extend(decoded.defects)
    if ctype == "text/html":
        html = html_to_text(decoded.text)
        walk.defects.extend(html.defects)
        walk.spans.extend(html.spans)
        walk.bodies.append(html.text)
    else:
        walk.bodies.append(decoded.text)


def _charset(part: Message) -> str | None:
    if isinstance(part, EmailMessage):
        value = part.get_param("charset")
    else:
        value = part.get_content_charset()
    if isinstance(value, tuple):  # RFC 2231 form: (charset, language, value)
        value = value[2]
    return str(value) if value else None
