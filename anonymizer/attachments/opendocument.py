"""ODT read whole or not at all, as DOCX is (anonymizer.attachments.word).

`content.xml`'s body becomes letter text; text the page does not show is dropped and named: hidden
text and paragraphs, sections with `text:display="none"`, spans and paragraphs whose style (own or
inherited, automatic or common) hides them, makes them white or too small to read, and text boxes.
Comments, headers and footers are not read; when they hold text, that is a defect. `meta.xml`
(authors, the generator, edit times) is never opened.
"""

from __future__ import annotations

import re

from lxml import etree

from anonymizer.attachments.documents import DocumentText, limit_text, open_zip, parse_xml, read_member
from anonymizer.defects import DocumentPartsNotRead, HiddenTextDropped, note

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
# Never text: tracked changes (deleted text and its authors), reference and declaration plumbing.
_SKIP = frozenset({
    f"{TEXT}tracked-changes", f"{TEXT}note-citation", f"{TEXT}bookmark-ref", f"{TEXT}sequence-decls",
    f"{TEXT}variable-decls", f"{OFFICE}annotation-end",
})
# Text that is there but not shown: dropped, and named by the defect.
_UNSEEN = {f"{TEXT}hidden-text": "hidden", f"{TEXT}hidden-paragraph": "hidden", f"{DRAW}text-box": "text-box"}
_EMIT = {f"{TEXT}tab": "\t", f"{TEXT}line-break": "\n"}
_PARAGRAPHS = frozenset({f"{TEXT}p", f"{TEXT}h"})
_STYLED = frozenset({f"{TEXT}p", f"{TEXT}h", f"{TEXT}span", f"{TEXT}a"})
TINY_POINTS = 2.0
_POINTS = re.compile(r"^\s*([\d.]+)\s*pt\s*$")


def odt_document(data: bytes, charset: str | None = None) -> DocumentText:
    """The visible body text of an ODT, and what was left out as defects."""
    with open_zip(data) as zf:
        names = set(zf.namelist())
        content = parse_xml(read_member(zf, "content.xml"))
        styles_root = parse_xml(read_member(zf, "styles.xml")) if "styles.xml" in names else None
    unseen = _unseen_styles([r for r in (styles_root, content) if r is not None])
    unread = sorted(_unread_parts(styles_root, content))
    body = content.find(f"{OFFICE}body")
    text, dropped = _walk(body, unseen) if body is not None else ("", set())
    defects = []
    if dropped:
        defects.append(note(HiddenTextDropped(','.join(sorted(dropped)))))
    if unread:
        defects.append(note(DocumentPartsNotRead(','.join(unread))))
    return DocumentText(text, tuple(defects))


def _unseen_styles(roots: list[etree._Element]) -> dict[str, str]:
    """Style name → why its text cannot be seen, through `style:parent-style-name` chains."""
    own: dict[str, tuple[str | None, str | None]] = {}
    for root in roots:
        for style in root.iter(f"{STYLE}style"):
            name = style.get(f"{STYLE}name")
            if name:
                own[name] = (_why(style.find(f"{STYLE}text-properties")), style.get(f"{STYLE}parent-style-name"))
    unseen: dict[str, str] = {}
    for name in own:
        current: str | None = name
        seen: set[str] = set()
        while current in own and current not in seen:
            seen.add(current)
            why, current = own[current]
            if why is not None:
                unseen[name] = why
                break
    return unseen


def _why(props: etree._Element | None) -> str | None:
    if props is None:
        return None
    if props.get(f"{TEXT}display") == "none":
        return "hidden"
    color = (props.get(f"{FO}color") or "").lstrip("#")
    if re.fullmatch(r"[0-9A-Fa-f]{6}", color) and all(int(color[i:i + 2], 16) >= 0xF0 for i in (0, 2, 4)):
        return "white"
    size = _POINTS.match(props.get(f"{FO}font-size") or "")
    if size and _float(size.group(1)) <= TINY_POINTS:
        return "tiny"
    return None


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 99.0


def _has_text(el: etree._Element) -> bool:
    return bool("".join(el.itertext()).strip())


def _unread_parts(styles_root: etree._Element | None, content: etree._Element) -> set[str]:
    """Headers and footers live in the master pages of styles.xml; comments in the body."""
    parts: set[str] = set()
    if styles_root is not None:
        for kind in ("header", "footer"):
            if any(_has_text(el) for el in styles_root.iter(f"{STYLE}{kind}", f"{STYLE}{kind}-left")):
                parts.add(kind)
    if any(_has_text(el) for el in content.iter(f"{OFFICE}annotation")):
        parts.add("comments")
    return parts


def _walk(body: etree._Element, unseen: dict[str, str]) -> tuple[str, set[str]]:
    """ODT keeps text in `.text` and `.tail` of nested spans, so both are walked."""
    out: list[str] = []
    dropped: set[str] = set()
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "end":
            if tag in _PARAGRAPHS:
                out.append("\n")
            out.append(el.tail or "")
            continue
        why = _UNSEEN.get(tag)
        if why is None and tag == f"{TEXT}section" and el.get(f"{TEXT}display") in ("none", "condition"):
            why = "hidden"
        if why is None and tag in _STYLED:
            why = unseen.get(el.get(f"{TEXT}style-name") or "")
        if why is not None or tag in _SKIP or tag == f"{OFFICE}annotation":
            if why is not None and _has_text(el):
                dropped.add(why)
            walker.skip_subtree()
            continue
        if tag == f"{TEXT}s":
            out.append(" " * min(_count(el.get(f"{TEXT}c")), 100))
        elif tag in _EMIT:
            out.append(_EMIT[tag])
        out.append(el.text or "")
    return limit_text("".join(out)), dropped


def _count(value: str | None) -> int:
    try:
        return max(int(value), 0) if value is not None else 1
    except ValueError:
        return 1
