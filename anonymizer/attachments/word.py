"""DOCX read whole or not at all: the visible body becomes letter text, everything else is named.

A sender sees the page; what the page does not show must not reach the letter unread. Text
hidden by direct formatting or by a style (`w:vanish`, `w:webHidden`), written in white or in
a font too small to read, and text boxes (where letterheads keep a business name and a phone)
are dropped, each kind recorded as a defect the operator sees. Headers, footers, footnotes,
endnotes and comments are not read; when they hold text, that is a defect too. Deleted
revisions and field codes are never text. Style inheritance follows Word's order: document
defaults, then the paragraph's style chain, then the run's, then the run's own properties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from anonymizer.attachments.documents import DocumentText, limit_text, open_zip, parse_xml, read_member
from anonymizer.defects import DocumentPartsNotRead, HiddenTextDropped, note

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Never text: deletions (with their authors), field instructions, comment anchors, properties,
# and the alternate rendering that repeats a drawing's text.
_SKIP = frozenset({
    f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}commentReference",
    f"{W}rPr", f"{W}pPr", f"{W}sectPr", _MC_FALLBACK,
})
_EMIT = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n"}
_OFF = frozenset({"0", "false", "off"})
TINY_HALF_POINTS = 4  # 2 pt and smaller: nobody reads it, a copy-paste carries it
_PARTS = re.compile(r"^word/(header|footer|footnotes|endnotes|comments)\d*\.xml$")


@dataclass(frozen=True)
class _Look:
    """The run properties that decide whether text can be seen; None means "not said here"."""

    hidden: bool | None = None
    color: str | None = None
    size: int | None = None

    def over(self, base: _Look) -> _Look:
        """These properties applied on top of `base` (a later layer wins where it says something)."""
        return _Look(
            self.hidden if self.hidden is not None else base.hidden,
            self.color if self.color is not None else base.color,
            self.size if self.size is not None else base.size,
        )

    def why_unseen(self) -> str | None:
        if self.hidden:
            return "hidden"
        if self.color is not None and _whiteish(self.color):
            return "white"
        if self.size is not None and self.size <= TINY_HALF_POINTS:
            return "tiny"
        return None


def _whiteish(color: str) -> bool:
    """White or nearly (every channel ≥ F0): invisible on the page a sender looks at."""
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    return all(int(color[i:i + 2], 16) >= 0xF0 for i in (0, 2, 4))


def _look(props: etree._Element | None) -> _Look:
    if props is None:
        return _Look()
    hidden = None
    for tag in ("vanish", "webHidden", "specVanish"):
        el = props.find(f"{W}{tag}")
        if el is not None:
            hidden = (el.get(f"{W}val") or "1").lower() not in _OFF or bool(hidden)
    color_el, size_el = props.find(f"{W}color"), props.find(f"{W}sz")
    color = color_el.get(f"{W}val") if color_el is not None else None
    size = _int(size_el.get(f"{W}val")) if size_el is not None else None
    return _Look(hidden, color, size)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class _Styles:
    """Style id → its effective look, resolving `basedOn` chains (cycles cut)."""

    def __init__(self, root: etree._Element | None) -> None:
        self.own: dict[str, tuple[_Look, str | None]] = {}
        self.defaults = _Look()
        self.default_paragraph: str | None = None
        if root is None:
            return
        self.defaults = _look(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if not style_id:
                continue
            based = style.find(f"{W}basedOn")
            self.own[style_id] = (_look(style.find(f"{W}rPr")), based.get(f"{W}val") if based is not None else None)
            if style.get(f"{W}type") == "paragraph" and (style.get(f"{W}default") or "") in ("1", "true"):
                self.default_paragraph = style_id

    def look(self, style_id: str | None) -> _Look:
        chain: list[_Look] = []
        seen: set[str] = set()
        while style_id and style_id in self.own and style_id not in seen:
            seen.add(style_id)
            own, style_id = self.own[style_id]
            chain.append(own)
        result = _Look()
        for layer in reversed(chain):
            result = layer.over(result)
        return result


def docx_document(data: bytes, charset: str | None = None) -> DocumentText:
    """The visible body text of a DOCX, and what was left out as defects."""
    with open_zip(data) as zf:
        names = set(zf.namelist())
        root = parse_xml(read_member(zf, "word/document.xml"))
        styles = _Styles(parse_xml(read_member(zf, "word/styles.xml")) if "word/styles.xml" in names else None)
        unread = sorted({m.group(1) for name in names if (m := _PARTS.match(name))
                         and _has_text(parse_xml(read_member(zf, name)))})
    body = root.find(f"{W}body")
    if body is None:
        return DocumentText("", _defects(set(), unread))
    text, dropped = _walk(body, styles)
    return DocumentText(text, _defects(dropped, unread))


def _defects(dropped: set[str], unread: list[str]) -> tuple[str, ...]:
    defects = []
    if dropped:
        defects.append(note(HiddenTextDropped(','.join(sorted(dropped)))))
    if unread:
        defects.append(note(DocumentPartsNotRead(','.join(unread))))
    return tuple(defects)


def _has_text(root: etree._Element) -> bool:
    return any((t.text or "").strip() for t in root.iter(f"{W}t"))


def _walk(body: etree._Element, styles: _Styles) -> tuple[str, set[str]]:
    """Body text in document order; runs nobody can see and text boxes are skipped and counted."""
    out: list[str] = []
    dropped: set[str] = set()
    paragraph_look = styles.defaults.over(_Look())
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "end":
            if tag == f"{W}p":
                out.append("\n")
            continue
        if tag in _SKIP:
            walker.skip_subtree()
        elif tag == f"{W}txbxContent":
            if _has_text(el):
                dropped.add("text-box")
            walker.skip_subtree()
        elif tag == f"{W}p":
            style = el.find(f"{W}pPr/{W}pStyle")
            style_id = style.get(f"{W}val") if style is not None else styles.default_paragraph
            paragraph_look = styles.look(style_id).over(styles.defaults)
        elif tag == f"{W}r":
            run_style = el.find(f"{W}rPr/{W}rStyle")
            look = styles.look(run_style.get(f"{W}val") if run_style is not None else None).over(paragraph_look)
            why = _look(el.find(f"{W}rPr")).over(look).why_unseen()
            if why is not None:
                if _has_text(el):
                    dropped.add(why)
                walker.skip_subtree()
        elif tag == f"{W}t":
            out.append(el.text or "")
        elif tag in _EMIT:
            out.append(_EMIT[tag])
    return limit_text("".join(out)), dropped
