"""Belarusian wording for the exports: attorney names, language labels, plurals, escaping.

The roster lists every spelling a letter may use, not how a name should be printed, so the
printed names live here, keyed by roster id; an attorney added to the roster later still gets
a readable name from the roster's own first forms.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Protocol

from exports.languages import WORDING


@dataclass(frozen=True)
class Name:
    be: str  # as printed on the page
    latin: str  # for readers who do not read Cyrillic


DISPLAY_NAMES = {
    "znak": Name("Максім Знак", "Maksim Znak"),
    "danilevich": Name("Аляксандр Данілевіч", "Aliaksandr Danilevich"),
    "braginets": Name("Віталь Брагінец", "Vital Brahinets"),
    "lazarenko": Name("Анастасія Лазарэнка", "Anastasiya Lazarenka"),
    "yurgilevich": Name("Юлія Юргілевіч", "Yuliya Yurhilevich"),
    "borodko": Name("Аляксей Бародка", "Aliaksei Barodka"),
}

LANGUAGE_LABELS = {
    "be": "па-беларуску",
    "ru": "па-руску",
    "uk": "па-ўкраінску",
    "pl": "па-польску",
    "en": "па-англійску",
}

MARKER_MEANINGS = WORDING["be"].markers  # every marker of anonymizer.vocabulary, explained in Belarusian
MARKER = re.compile(r"\[([a-z]{2,16})\]")

class _AttorneyLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def first_names(self) -> tuple[str, ...]: ...
    @property
    def surnames(self) -> tuple[str, ...]: ...


def attorney_names(attorneys: tuple[_AttorneyLike, ...]) -> dict[str, Name]:
    """Printed names for the roster, in roster order."""
    names = {}
    for attorney in attorneys:
        fallback = f"{attorney.first_names[0]} {attorney.surnames[0]}" if attorney.first_names else attorney.id
        names[attorney.id] = DISPLAY_NAMES.get(attorney.id, Name(fallback, attorney.id))
    return names


def name_of(names: dict[str, Name], attorney_id: str) -> Name:
    return names.get(attorney_id) or DISPLAY_NAMES.get(attorney_id) or Name(attorney_id, attorney_id)


def letters_count(n: int) -> str:
    """'1 ліст', '3 лісты', '5 лістоў', '21 ліст', '12 лістоў'."""
    return WORDING["be"].letters(n)


def long_date(day: dt.date) -> str:
    return WORDING["be"].date(day)


def draft_banner(day: dt.date) -> tuple[str, str]:
    """The draft mark of an export made before its date, in Belarusian and in English.

    A preview forwarded to a colleague must not pass for the publication and break the embargo."""
    english = WORDING["en"].date(day)
    return (f"ЧАРНАВІК — не для публікацыі да {long_date(day)}",
            f"DRAFT — not for publication before {english}")


def language_label(language: str) -> str:
    return LANGUAGE_LABELS.get(language, "")


def text_html(text: str) -> str:
    """A letter's text as HTML paragraphs; markers are styled and explained on hover."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    return "\n".join(f"<p>{_marked(html.escape(p))}</p>" for p in paragraphs)


def _marked(escaped: str) -> str:
    def replace(match: re.Match[str]) -> str:
        meaning = MARKER_MEANINGS.get(match.group(1))
        if meaning is None:
            return match.group(0)
        return f'<span class="redacted" title="выдалена: {meaning}">{match.group(0)}</span>'

    return MARKER.sub(replace, escaped)


def marker_legend_markdown() -> str:
    """The legend under letters.md; the markers are escaped like letter text."""
    items = ", ".join(f"`[{k}]` — {v}" for k, v in MARKER_MEANINGS.items())
    return f"_Дзеля бяспекі аўтараў з лістоў выдалена тое, што магло б іх выдаць: {items}._"


def marker_legend_html(prefix: str = "") -> str:
    """Explains the English markers to a Belarusian reader; `prefix` is trusted HTML."""
    items = ", ".join(f"<span class=\"redacted\">[{k}]</span> — {v}" for k, v in MARKER_MEANINGS.items())
    return (f"<p class=\"legend\">{prefix}Дзеля бяспекі аўтараў з лістоў выдалена тое, што магло б іх выдаць: "
            f"{items}.</p>")


# Every ASCII character CommonMark or a common extension (GFM tables, strikethrough and autolinks,
# footnotes, maths, attributes) gives a meaning to. A backslash makes any of them literal, so
# escaping all of them everywhere is simpler to trust than knowing where each one counts.
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~&:^=$@")
_MD_SPECIAL = re.compile("([" + re.escape("".join(sorted(MARKDOWN_SPECIALS))) + "])")
_MD_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def text_markdown(text: str) -> str:
    """A letter's text as Markdown that renders as the same text and nothing else.

    Every control character is backslash-escaped, so no link, image, autolink, raw HTML,
    reference definition, heading or list can be smuggled in; leading indentation becomes
    no-break spaces so a poem's indented line is not a code block; single line breaks stay."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.strip())
    escaped = _MD_INDENT.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), escaped)
    paragraphs = [p for p in re.split(r"\n[ \t\u00a0]*\n", escaped) if p.strip()]
    return "\n\n".join("  \n".join(line.rstrip() for line in p.strip("\n").splitlines()) for p in paragraphs)
