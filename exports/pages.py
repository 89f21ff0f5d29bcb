"""HTML and Markdown for the exports: self-contained pages with no scripts and nothing remote.

A reader opening the page must not be tracked and must not need a network: no script, no web
font, no remote image; the Content-Security-Policy says so to the browser as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from html import escape
from pathlib import Path

from exports.common import ExportLetter
from exports.wording import (
    Name,
    draft_banner,
    language_label,
    letters_count,
    long_date,
    marker_legend_html,
    marker_legend_markdown,
    name_of,
    text_html,
    text_markdown,
)

TITLE = "Лісты адвакатам"
TAG = "#напішыадвакату"
INTRO = (
    "Ананімныя лісты палітвязням-адвакатам, дасланыя ў межах акцыі «Напішы адвакату!» "
    "да Дня палітвязня, 21 мая. Лісты размешчаны ў выпадковым парадку."
)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

ImageSource = Callable[[ExportLetter], Sequence[str]]


@lru_cache(maxsize=1)
def stylesheet() -> str:
    # beside this module rather than importlib.resources: an editable install made before this
    # package had an __init__.py maps `exports` as a namespace package, which resources refuses
    return (Path(__file__).parent / "page.css").read_text(encoding="utf-8")


def _head(title: str, page_mark: str = "") -> str:
    """`page_mark` is printed in the top margin of every printed page (a draft's banner)."""
    mark = page_mark.replace("\\", "").replace('"', "")
    margin = f"@media print {{ @page {{ @top-center {{ content: \"{mark}\"; color: #8a1c1c; }} }} }}\n" if mark else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"be\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>\n{stylesheet()}{margin}</style>\n</head>\n"
    )


def _article(letter: ExportLetter, heading: str, names: Mapping[str, Name], images: Sequence[str],
             current: str | None) -> str:
    meta = [f"<span>{escape(heading)}</span>"]
    if language_label(letter.language):
        meta.append(f"<span>{language_label(letter.language)}</span>")
    others = [name_of(dict(names), a).be for a in letter.attorneys if a != current]
    if others:
        meta.append(f"<span>таксама адрасаваны: {escape(', '.join(others))}</span>")
    if letter.received_on:
        meta.append(f"<span>атрыманы {letter.received_on.isoformat()}</span>")
    figures = "".join(
        f"\n<figure><img src=\"{escape(src)}\" alt=\"Выява, дасланая з лістом\"></figure>" for src in images
    )
    lang = escape(letter.language) if language_label(letter.language) else ""
    return (
        f"<article lang=\"{lang}\" id=\"l-{escape(letter.id)}\">\n"
        f"<div class=\"meta\" lang=\"be\">{''.join(meta)}</div>\n"
        f"{text_html(letter.text)}{figures}\n</article>\n"
    )


def _published(day: dt.date, draft: bool) -> str:
    return f"Будзе апублікавана {long_date(day)}" if draft else f"Апублікавана {long_date(day)}"


def draft_html(day: dt.date) -> str:
    """The draft banner; the stylesheet repeats it at the top of every printed page."""
    be, en = draft_banner(day)
    return (f"<div class=\"draft\" role=\"note\"><strong>{escape(be)}</strong> "
            f"<span lang=\"en\">{escape(en)}</span></div>\n")


def publication_html(groups: Mapping[str, Sequence[ExportLetter]], names: Mapping[str, Name], day: dt.date,
                     total: int, images: ImageSource, *, draft: bool = False) -> str:
    """One page, letters grouped by attorney; a letter to several attorneys appears under each."""
    nav = "".join(
        f"<li><a href=\"#{escape(a)}\">{escape(name_of(dict(names), a).be)}</a> "
        f"<span class=\"n\">{letters_count(len(ls))}</span></li>"
        for a, ls in groups.items()
    )
    parts = [
        _head(f"{draft_banner(day)[0]} · {TITLE}", " · ".join(draft_banner(day))) if draft
        else _head(f"{TITLE} — {TAG}"),
        "<body>\n" + (draft_html(day) if draft else "") + "<header>\n",
        f"<h1><span class=\"tag\">{TAG}</span>{TITLE}</h1>\n",
        f"<p class=\"lead\">{INTRO} {_published(day, draft)} · {letters_count(total)}.</p>\n",
        f"</header>\n<nav aria-label=\"Адвакаты\"><ul>{nav}</ul></nav>\n<main>\n",
    ]
    for attorney, letters in groups.items():
        name = name_of(dict(names), attorney)
        parts.append(
            f"<section class=\"attorney\" id=\"{escape(attorney)}\">\n<h2>{escape(name.be)}"
            f"<span class=\"latin\" lang=\"en\">{escape(name.latin)}</span>"
            f"<span class=\"n\">{letters_count(len(letters))}</span></h2>\n"
        )
        for n, letter in enumerate(letters, start=1):
            parts.append(_article(letter, f"Ліст {n} · {letter.id}", names, images(letter), attorney))
        parts.append("</section>\n")
    parts.append(f"</main>\n<footer>\n{marker_legend_html()}\n</footer>\n</body>\n</html>\n")
    return "".join(parts)


def publication_markdown(groups: Mapping[str, Sequence[ExportLetter]], names: Mapping[str, Name], day: dt.date,
                         total: int, images: ImageSource, *, draft: bool = False) -> str:
    banner = [f"> **{draft_banner(day)[0]}**  ", f"> {draft_banner(day)[1]}", ""] if draft else []
    lines = [*banner, f"# {TITLE} — {TAG}", "", f"{INTRO} {_published(day, draft)} · {letters_count(total)}.", ""]
    for attorney, letters in groups.items():
        name = name_of(dict(names), attorney)
        lines += [f"## {name.be} ({name.latin}) — {letters_count(len(letters))}", ""]
        for n, letter in enumerate(letters, start=1):
            meta = [f"Ліст {n}", f"`{letter.id}`"]
            if language_label(letter.language):
                meta.append(language_label(letter.language))
            others = [name_of(dict(names), a).be for a in letter.attorneys if a != attorney]
            if others:
                meta.append("таксама адрасаваны: " + ", ".join(others))
            if letter.received_on:
                meta.append(f"атрыманы {letter.received_on.isoformat()}")
            lines += [f"### {' · '.join(meta)}", "", text_markdown(letter.text), ""]
            lines += [f"![Выява, дасланая з лістом]({src})" for src in images(letter)]
            lines += ["", "---", ""] if images(letter) else ["---", ""]
    lines += [marker_legend_markdown(), ""]
    return "\n".join(lines)


def bundle_html(attorney_id: str, letters: Sequence[ExportLetter], names: Mapping[str, Name], day: dt.date,
                images: ImageSource) -> str:
    """A printable bundle for an attorney's relatives: a cover page, then one letter per page."""
    attorney = name_of(dict(names), attorney_id)
    parts = [
        _head(f"{attorney.be} — {TAG}"),
        "<body class=\"bundle\">\n<div class=\"cover\">\n",
        f"<p class=\"count\">{TAG} · {long_date(day)}</p>\n",
        f"<h1>{escape(attorney.be)}</h1>\n<p class=\"count\">{letters_count(len(letters))}</p>\n",
        marker_legend_html("Гэтыя лісты напісалі людзі, якія падтрымліваюць вас і памятаюць пра вас. "
                           "Яны даслалі іх ананімна. ") + "\n",
        "</div>\n<main>\n",
    ]
    for n, letter in enumerate(letters, start=1):
        parts.append(_article(letter, f"Ліст {n} з {len(letters)}", names, images(letter), attorney_id))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)
