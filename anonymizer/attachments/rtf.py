"""RTF letters give their visible text; what the page does not show is dropped and named.

A small reader after the classic RTF-to-text state machine (as in striprtf), with the one thing
those libraries lack: character formatting is tracked, so hidden (`\\v`), white and 2 pt text is
dropped with a defect instead of becoming letter text. Destinations that are not the body
(font and colour tables, the `\\info` block with author and company, pictures, objects, field
instructions) are skipped; headers, footers, footnotes and comments holding text are named as
unread parts, shape text (text boxes) as dropped.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from anonymizer.attachments.documents import DocumentText, limit_text
from anonymizer.defects import DocumentPartsNotRead, HiddenTextDropped, note
from anonymizer.errors import AttachmentRefused

MAX_DEPTH = 500
TINY_HALF_POINTS = 4
_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
# Not the body, never text.
_SKIP = frozenset({
    "fonttbl", "stylesheet", "info", "pict", "object", "fldinst", "themedata", "colorschememapping",
    "datastore", "latentstyles", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator",
    "mmathPr", "pgdsctbl", "revtbl", "filetbl", "docvar", "bkmkstart", "bkmkend", "nonshppict", "shprslt",
    "xe", "tc", "private", "userprops", "operator", "author", "company", "title", "subject", "keywords",
    "comment", "doccomm", "hlinkbase", "passwordhash", "wgrffmtfilter", "pnseclvl", "listtext", "sp", "sn", "sv",
})
_SHAPES = frozenset({"shpinst", "shptxt", "shp"})  # a drawn shape's text: a text box
# Parts a reader of the page sees apart from the body, or does not see at all: named, not read.
_PARTS = {
    "header": "header", "headerl": "header", "headerr": "header", "headerf": "header",
    "footer": "footer", "footerl": "footer", "footerr": "footer", "footerf": "footer",
    "footnote": "footnotes", "annotation": "comments", "atnid": "comments", "atnauthor": "comments",
    "atrfstart": "comments", "atrfend": "comments",
}
_SPECIAL = {
    "par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "tab": "\t", "cell": "\t",
    "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’", "ldblquote": "“",
    "rdblquote": "”", "emspace": " ", "enspace": " ", "qmspace": " ",
}
_SYMBOLS = {"~": "\u00a0", "_": "\u2011", "\\": "\\", "{": "{", "}": "}", "-": ""}


@dataclass(frozen=True)
class _State:
    skip: bool = False
    part: str | None = None  # inside a header, footer, footnote or comment
    shape: bool = False  # inside shape text: a text box
    hidden: bool = False
    color: int = 0
    size: int = 24
    uc: int = 1
    colortbl: bool = False


class _Reader:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.dropped: set[str] = set()
        self.unread: set[str] = set()
        self.colors: list[tuple[int, int, int] | None] = []
        self.pending_color: list[int] = [0, 0, 0]
        self.encoding = "cp1252"
        self.bytes: bytearray = bytearray()

    def text(self, state: _State, chars: str) -> None:
        if state.colortbl:
            for _ in range(chars.count(";")):
                self.colors.append(tuple(self.pending_color))  # type: ignore[arg-type]
                self.pending_color = [0, 0, 0]
            return
        if state.skip or not chars.strip():
            if not state.skip and chars:
                self._emit(state, chars)
            return
        self._emit(state, chars)

    def _emit(self, state: _State, chars: str) -> None:
        if state.part is not None:
            if chars.strip():
                self.unread.add(state.part)
            return
        why = self._why_unseen(state)
        if why is not None:
            if chars.strip():
                self.dropped.add(why)
            return
        self.out.append(chars)

    def _why_unseen(self, state: _State) -> str | None:
        if state.shape:
            return "text-box"
        if state.hidden:
            return "hidden"
        color = self.colors[state.color] if 0 <= state.color < len(self.colors) else None
        if color is not None and all(channel >= 0xF0 for channel in color):
            return "white"
        if state.size <= TINY_HALF_POINTS:
            return "tiny"
        return None

    def flush(self, state: _State) -> None:
        """Bytes from \\'hh escapes, decoded in the document's code page."""
        if self.bytes:
            self.text(state, bytes(self.bytes).decode(self.encoding, "replace"))
            self.bytes.clear()


def rtf_document(data: bytes, charset: str | None = None) -> DocumentText:
    """The visible text of an RTF document, and what was left out as defects."""
    source = data.decode("latin-1")  # RTF is 7-bit; anything else is bytes to pass through as such
    reader, state = _Reader(), _State()
    stack: list[_State] = []
    position, skip_chars, star = 0, 0, False
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:  # a lone backslash at the end
            break
        position = match.end()
        word, arg, hexa, symbol, brace, chars = match.groups()
        if hexa is None:
            reader.flush(state)
        if brace == "{":
            if len(stack) >= MAX_DEPTH:
                raise AttachmentRefused("rtf-too-deep")
            stack.append(state)
            state, skip_chars = replace(state, colortbl=False), 0
            continue
        if brace == "}":
            if not stack:
                break  # the document's closing brace; what follows is not the document
            state, skip_chars = stack.pop(), 0
            continue
        after_star, star = star, symbol == "*"
        if word is not None:
            if after_star and word not in _PARTS and word not in _SHAPES:
                state = replace(state, skip=True)  # an ignorable destination: not the body
            state, skip_chars, position = _control(reader, state, word, arg, skip_chars, position)
        elif symbol is not None:
            if symbol in _SYMBOLS:
                reader.text(state, _SYMBOLS[symbol])
        elif hexa is not None:
            if skip_chars:
                skip_chars -= 1
            else:
                reader.bytes.append(int(hexa, 16))
        elif chars is not None:
            if skip_chars:
                dropped = min(skip_chars, len(chars))
                chars, skip_chars = chars[dropped:], skip_chars - dropped
            reader.text(state, chars)
    reader.flush(state)
    text = limit_text("".join(reader.out).replace("\r", ""))
    defects = []
    if reader.dropped:
        defects.append(note(HiddenTextDropped(','.join(sorted(reader.dropped)))))
    if reader.unread:
        defects.append(note(DocumentPartsNotRead(','.join(sorted(reader.unread)))))
    return DocumentText(text, tuple(defects))


def _control(reader: _Reader, state: _State, word: str, arg: str | None, skip_chars: int,
             position: int) -> tuple[_State, int, int]:
    """One control word: a destination, a formatting change, a character, or nothing we need."""
    number = int(arg) if arg is not None else None
    if word == "bin" and number:
        return state, skip_chars, position + max(number, 0)  # raw bytes (a picture), never text
    if word in _SKIP:
        return replace(state, skip=True), 0, position
    if word in _PARTS:
        return replace(state, part=_PARTS[word], skip=False), 0, position
    if word in _SHAPES:
        return replace(state, shape=True, skip=False), 0, position
    if word == "colortbl":
        return replace(state, colortbl=True, skip=True), 0, position
    if state.colortbl and word in ("red", "green", "blue"):
        reader.pending_color[("red", "green", "blue").index(word)] = max(0, min(number or 0, 255))
        return state, skip_chars, position
    if word == "ansicpg" and number:
        try:
            codecs.lookup(f"cp{number}")
            reader.encoding = f"cp{number}"
        except LookupError:
            pass
    elif word == "v":
        state = replace(state, hidden=number != 0)
    elif word == "cf":
        state = replace(state, color=number or 0)
    elif word == "fs":
        state = replace(state, size=number if number is not None else 24)
    elif word == "plain":
        state = replace(state, hidden=False, color=0, size=24)
    elif word == "uc":
        state = replace(state, uc=max(0, number or 0))
    elif word == "u" and number is not None:
        code = number + 0x10000 if number < 0 else number  # RTF writes code points above 32767 negative
        reader.text(state, chr(code) if 0 <= code <= 0x10FFFF else "\ufffd")
        return state, state.uc, position
    elif word in _SPECIAL:
        reader.text(state, _SPECIAL[word])
    return state, skip_chars, position
