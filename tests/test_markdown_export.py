"""letters.md renders every hostile letter as the letter's own text: no link, image, autolink or raw HTML.

Rendered by a real Markdown renderer (markdown-it-py) in its CommonMark and GFM-like (with
linkify of bare URLs) modes and in a permissive one (raw HTML, any link scheme), as a website would."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from exports.publication import export_publication
from exports.wording import attorney_names, text_markdown
from napishy.app import App
from processors import review
from tests.letters import add_letter

ATTACKS = {
    "javascript link": "Глядзіце [сюды](javascript:alert(document.cookie)) і [тут](JaVaScRiPt:alert(1) \"t\")",
    "tracker image": "Дарагі Максім! ![](//tracker.example/pixel.gif?u=1) ![alt](https://t.example/p.png)",
    "scheme-relative link": "[x](//elsewhere.example/path) і [y](<//elsewhere.example/z>)",
    "autolinks": "<https://evil.example/a> <mailto:a@evil.example> <a@evil.example>",
    "bare urls": "https://evil.example/b www.evil.example/c evil@example.com ftp://evil.example",
    "raw html": "<img src=x onerror=alert(1)>\n<script>alert(1)</script>\n<a href=\"//x.example\">y</a>\n"
                "<iframe src=//x.example></iframe> <!-- comment --> <?php x ?> <![CDATA[x]]>",
    "html block": "<div>\n*not emphasis*\n</div>",
    "reference definitions": "[ref]: //tracker.example/ref \"title\"\n\n"
                             "Спасылка [ref] і ![ref] і [text][ref] і [ref][]",
    "footnote and wiki": "Тэкст[^1]\n\n[^1]: https://evil.example/f\n\n[[Page]] {#id .class}",
    "structure": "# загаловак\nЗагаловак\n===\n- спіс\n+ спіс\n* спіс\n1. спіс\n2) спіс\n> цытата\n---\n***\n"
                 "| a | b |\n|---|---|\n| c | d |\n```js\nalert(1)\n```\n~~~\ncode\n~~~",
    "emphasis and code": "*x* _y_ **z** __w__ ~~s~~ `code` ``c`` ^sup^ $x$ ==mark==",
    "entities and escapes": "&lt;script&gt; &amp; &#106;avascript: &copy; \\[x\\](//y.example) \\<b>",
    "indented code": "    four spaces\n\tand a tab\n        eight",
    "hard breaks": "Радок\\\nрадок  \nрадок",
    "markers": "Мяне завуць [name], тэл. [phone], [workplace].",
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _permissive() -> MarkdownIt:
    """Raw HTML on and no check of link schemes, as the least careful website renders."""
    renderer = MarkdownIt("gfm-like", {"html": True})
    renderer.validateLink = lambda url: True  # markdown-it refuses javascript: itself; many renderers do not
    return renderer


RENDERERS = {
    "commonmark": MarkdownIt("commonmark"),
    "gfm-like": MarkdownIt("gfm-like"),  # tables, strikethrough, linkify of bare URLs
    "permissive": _permissive(),
}


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_letter_renders_as_its_own_text(renderer: str, attack: str) -> None:
    text = ATTACKS[attack]
    rendered = RENDERERS[renderer].render(text_markdown(text))
    parsed = _Tags()
    parsed.feed(rendered)
    assert set(parsed.tags) <= {"p", "br"}, rendered
    assert not parsed.attrs, rendered
    assert "<a" not in rendered and "<img" not in rendered and "<script" not in rendered
    assert _words("".join(parsed.text)) == _words(text), "the letter must read exactly as written"


def test_the_renderers_would_have_made_links_of_the_raw_text() -> None:
    """The attacks are real: unescaped, the renderers make links, images and raw HTML of them."""
    for attack in ("javascript link", "tracker image", "scheme-relative link", "autolinks", "reference definitions"):
        assert re.search(r"<(a|img) ", RENDERERS["permissive"].render(ATTACKS[attack])), attack
    assert "<a " in RENDERERS["gfm-like"].render(ATTACKS["bare urls"])
    assert "<script>" in RENDERERS["permissive"].render(ATTACKS["raw html"])


def test_letters_md_of_an_export_has_no_live_link(app: App, tmp_path: Path) -> None:
    ids = [add_letter(app.database, text) for text in ATTACKS.values()]
    review.approve(app.database, ids, "op")
    summary = export_publication(app.database, app.settings, attorney_names(app.roster.attorneys), tmp_path / "pub",
                                 operator="org", today=dt.date(2027, 5, 21))
    rendered = _permissive().render((summary.out / "letters.md").read_text(encoding="utf-8"))
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    assert "<iframe" not in rendered and "<div" not in rendered
    assert rendered.count("<h3>") == len(ATTACKS)  # every letter is there, under its own heading
