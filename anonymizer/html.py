"""HTML bodies to plain text, keeping only what a reader would see as the letter itself.

Dropped: scripts, styles, hidden elements, images (tracking pixels, remote images), link
targets (the link text stays; a URL in text is for the text half), quoted replies and
signature blocks marked up by mail clients. Every removed quote or signature is returned
as a span for `--explain`.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from anonymizer.defects import HtmlFallbackDefect, HtmlTruncatedDefect, note
from anonymizer.model import RedactedSpan

_DROP_TAGS = frozenset({
    "script", "style", "head", "title", "meta", "link", "noscript", "template", "iframe",
    "object", "embed", "svg", "math", "img", "picture", "video", "audio", "source", "canvas",
    "map", "area", "input", "select", "button", "textarea", "base", "form",
})
_BLOCK_TAGS = frozenset({
    "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "li", "dl",
    "dt", "dd", "pre", "center", "address", "aside", "nav", "main", "figure", "figcaption",
    "hr", "tbody", "thead", "tfoot", "body", "html",
})
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_CELL_TAGS = frozenset({"td", "th"})
# Class names mail clients put on quoted replies (Gmail, Yahoo, Thunderbird, Outlook web,
# Apple Mail, mail.ru, Yandex) and on signatures.
_QUOTE_CLASSES = frozenset({
    "gmail_quote", "gmail_quote_container", "gmail_attr", "yahoo_quoted", "moz-cite-prefix",
    "outlookmessageheader", "mailru-blockquote", "ymail_android_signature",
})
_SIGNATURE_CLASSES = frozenset({"gmail_signature", "moz-signature", "signature", "x_signature"})
_SIGNATURE_IDS = frozenset({"signature", "applemailsignature", "signature_container", "ms-outlook-mobile-signature"})
# Elements after which everything in document order is a quoted message (Outlook, Hotmail).
_CUT_IDS = frozenset({"divrplyfwdmsg", "appendonsend", "stopspelling", "x_divrplyfwdmsg"})
_OUTLOOK_HEADER = re.compile(r"border-top\s*:\s*solid\s*#(?:b5c4df|e1e1e1)", re.I)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)"
    r"|(?:^|;|\s)(?:font-size|max-height|max-width)\s*:\s*0(?:px|pt|em|%)?\s*(?:;|$|!)",
    re.I,
)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_ATTRIBUTION = re.compile(
    r"(@|wrote|writes|написал|написала|пісаў|пісала|napisał|napisała|писав|писала|\bот\b|\bад\b|\d{1,2}[:.]\d{2})",
    re.I,
)
_QUOTE_MARK = "\ue000"  # private-use: where a quote was removed, to find its attribution line
_MAX_HTML_BYTES = 4 * 1024 * 1024
_SCRIPTS = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
_BREAKS = re.compile(r"<(?:br|/p|/div|/tr|/li|/h\d)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")
_WS_LINE = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass(frozen=True)
class HtmlText:
    """Visible text of an HTML body, and the quotes and signatures taken out of it."""

    text: str
    spans: tuple[RedactedSpan, ...] = ()
    defects: tuple[str, ...] = ()


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _removal(el: etree._Element) -> tuple[str, str] | None:
    """Why `el` and its subtree are not part of the letter, or None if they are."""
    if el.tag in _DROP_TAGS:
        # Emoji that Gmail renders as images keep their character.
        return ("drop", "")
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
        return ("drop", "")
    classes = _classes(el)
    ident = (el.get("id") or "").lower()
    if el.tag == "blockquote" or classes & _QUOTE_CLASSES:
        return ("quote", "html-quote")
    if (classes & _SIGNATURE_CLASSES or ident in _SIGNATURE_IDS
            or el.get("data-smartmail") == "gmail_signature"):
        return ("signature", "html-signature")
    if ident in _CUT_IDS or (el.tag == "div" and _OUTLOOK_HEADER.search(el.get("style") or "")):
        return ("cut", "html-reply-header")
    return None


def _emoji_alt(el: etree._Element) -> str:
    alt = el.get("alt") or ""
    if el.tag == "img" and "emoji" in (el.get("class") or "") and len(alt) <= 4:
        return alt
    return ""


def _parse(markup: str) -> tuple[etree._Element | None, bool]:
    """The parsed tree, and whether libxml2 hit a resource limit (and so lost text)."""
    # huge_tree lifts the 256-level depth limit to libxml2's hard one; the walk below is
    # iterative, so depth costs no stack.
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True,
        huge_tree=True,
    )
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None, False
    limited = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, limited


def _regex_text(markup: str) -> str:
    """Last resort for markup libxml2 will not fully parse: tags out, entities decoded."""
    markup = _SCRIPTS.sub(" ", markup)
    markup = _BREAKS.sub("\n", markup)
    return _tidy(_WS_LINE.sub(" ", htmllib.unescape(_TAGS.sub("", markup))))


class _Writer:
    """Collects text pieces; block boundaries become newlines."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pre = 0

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(value if self.pre else _WS.sub(" ", value))

    def newline(self, count: int = 1) -> None:
        self.parts.append("\n" * count)

    def result(self) -> str:
        return _tidy("".join(self.parts))


def _tidy(text: str) -> str:
    """Strip each line, drop attribution lines before removed quotes, collapse blank runs."""
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if _QUOTE_MARK in line:
            before = line.split(_QUOTE_MARK, 1)[0].strip()
            while out and not out[-1]:
                out.pop()
            if not before and out and out[-1].endswith(":") and _ATTRIBUTION.search(out[-1]):
                out.pop()
            line = line.replace(_QUOTE_MARK, "").strip()
            if before.endswith(":") and _ATTRIBUTION.search(before):
                line = ""
        out.append(line)
    joined = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


def _span(el: etree._Element, kind: str, reason: str) -> RedactedSpan:
    original = _WS.sub(" ", el.text_content() or "").strip()
    return RedactedSpan(kind=kind, reason=reason, original=original, marker="")


def _on_start(el: etree._Element, out: _Writer, spans: list[RedactedSpan]) -> str:
    """Handle an opening tag; returns "skip", "cut" or "" (descend)."""
    removal = _removal(el)
    if removal is not None:
        what, reason = removal
        if what == "drop":
            out.text(_emoji_alt(el))
            return "skip"
        out.text(_QUOTE_MARK)
        if what == "cut":
            return "cut"
        spans.append(_span(el, "quote" if what == "quote" else "signature", reason))
        return "skip"
    tag = el.tag
    if tag == "br":
        out.newline()
    elif tag in _PARAGRAPH_TAGS:
        out.newline(2)
    elif tag in _BLOCK_TAGS:
        out.newline()
    elif tag in _CELL_TAGS:
        out.text(" ")
    if tag == "pre":
        out.pre += 1
    out.text(el.text)
    return ""


def _on_end(el: etree._Element, out: _Writer) -> None:
    tag = el.tag
    if tag in _PARAGRAPH_TAGS:
        out.newline(2)
    elif tag in _BLOCK_TAGS:
        out.newline()
    if tag == "pre" and out.pre:
        out.pre -= 1
    out.text(el.tail)


def html_to_text(markup: str) -> HtmlText:
    """The visible, non-quoted text of an HTML body."""
    defects: list[str] = []
    if len(markup) > _MAX_HTML_BYTES:
        defects.append(note(HtmlTruncatedDefect()))
    markup = markup[:_MAX_HTML_BYTES].replace("\x00", "")
    root, limited = _parse(markup)
    if root is None or limited:
        if limited:
            defects.append(note(HtmlFallbackDefect()))
        return HtmlText(_regex_text(markup), (), tuple(defects))
    out = letter = _Writer()
    quoted: _Writer | None = None
    spans: list[RedactedSpan] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    skip_subtree: Callable[[], None] = walker.skip_subtree
    for event, el in walker:
        if not isinstance(el.tag, str):  # entities and the like
            continue
        if event == "end":
            _on_end(el, out)
            continue
        action = _on_start(el, out, spans)
        if action == "skip":
            skip_subtree()
        elif action == "cut" and quoted is None:
            # Everything after an Outlook reply header, in document order, is the quoted
            # message: keep walking, but into a writer that only feeds `--explain`.
            out = quoted = _Writer()
    if quoted is not None:
        spans.append(RedactedSpan("quote", "html-reply-header", _WS.sub(" ", quoted.result()), ""))
    return HtmlText(letter.result(), tuple(spans), tuple(defects))
