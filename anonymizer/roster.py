"""The attorneys napishy collects letters for, and who a letter is addressed to.

The roster is data (`roster.json`), not code: it changes between campaigns. Matching is
by stem plus case ending (see `text.forms`), so "Максіму Знаку", "Віталю" and "Pani Julio"
all resolve, while "Даніла" (a grandson) is not "Данілевіч" (an attorney).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anonymizer.text import contexts
from anonymizer.text.forms import WORD, capitalised, fold, index_keys, is_form, opens_sentence, stem
from anonymizer.text.namelists import is_first_name, is_patronymic
from anonymizer.text.translit import to_cyrillic

PARTS = ("first_names", "surnames", "diminutives")


@dataclass(frozen=True)
class Attorney:
    """One attorney and the spellings of their name letters use."""

    id: str
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    diminutives: tuple[str, ...] = ()
    strict: tuple[str, ...] = ()  # forms that are also common words: need mid-sentence capitals


@dataclass(frozen=True)
class Roster:
    """All attorneys, plus public figures whose names must never be redacted."""

    attorneys: tuple[Attorney, ...]
    public_figures: tuple[str, ...] = ()
    everyone: tuple[str, ...] = ()  # regexes meaning "all attorneys"
    # Figures whose surname alone is also a given name or its form ("Чеслав Мілош", "Андрей
    # Платонов", "Victor Hugo"): they stay only as first name and surname together.
    paired_figures: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, text: str) -> Roster:
        """Parse and validate roster JSON; ValueError with one line saying what is wrong."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"roster: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(data, dict) or not isinstance(data.get("attorneys"), list):
            raise ValueError("roster: expected an object with an 'attorneys' list")
        attorneys = tuple(_attorney(item, n) for n, item in enumerate(data["attorneys"]))
        ids = [a.id for a in attorneys]
        if len(set(ids)) != len(ids):
            raise ValueError("roster: attorney ids must be unique")
        everyone = _strings(data.get("everyone", []), "everyone")
        for pattern in everyone:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"roster: bad 'everyone' pattern {pattern!r}: {exc}") from None
        return cls(attorneys, _strings(data.get("public_figures", []), "public_figures"), everyone,
                   _strings(data.get("paired_figures", []), "paired_figures"))


def _strings(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"roster: '{what}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _attorney(item: object, n: int) -> Attorney:
    if not isinstance(item, dict):
        raise ValueError(f"roster: attorney #{n + 1} is not an object")
    ident = item.get("id")
    if not isinstance(ident, str) or not re.fullmatch(r"[a-z][a-z0-9_-]*", ident):
        raise ValueError(f"roster: attorney #{n + 1} needs an 'id' of lower-case letters")
    names = {part: _strings(item.get(part, []), f"{ident}.{part}") for part in (*PARTS, "strict")}
    if not names["surnames"] or not names["first_names"]:
        raise ValueError(f"roster: attorney {ident!r} needs 'first_names' and 'surnames'")
    return Attorney(ident, names["first_names"], names["surnames"], names["diminutives"], names["strict"])


@lru_cache(maxsize=1)
def default_roster() -> Roster:
    """The roster shipped with napishy (read once)."""
    text = resources.files("anonymizer").joinpath("roster.json").read_text(encoding="utf-8")
    return Roster.from_json(text)


@dataclass(frozen=True)
class RosterHit:
    """A token naming an attorney (`owner` is the id) or a public figure (`owner` is None)."""

    start: int
    end: int
    owner: str | None
    part: str  # first_names, surnames, diminutives, public


@dataclass(frozen=True)
class _Form:
    stem: str
    full: str
    owner: str | None
    part: str
    strict: bool


@lru_cache(maxsize=8)
def _index(roster: Roster) -> dict[str, tuple[_Form, ...]]:
    """Forms keyed by their first three folded letters, so a token checks only a few."""
    forms: list[_Form] = []
    for attorney in roster.attorneys:
        strict = {fold(s) for s in attorney.strict}
        for part in PARTS:
            for name in getattr(attorney, part):
                forms.append(_Form(stem(name), fold(name), attorney.id, part, fold(name) in strict))
    for figures, surname_part in ((roster.public_figures, "public_surname"), (roster.paired_figures, "paired_surname")):
        for figure in figures:
            *firsts, last = WORD.findall(figure)
            forms.extend(_Form(_figure_stem(word), fold(word), None, "public_first", False) for word in firsts)
            forms.append(_Form(_figure_stem(last), fold(last), None, surname_part, False))
    index: dict[str, list[_Form]] = {}
    for form in forms:
        for key in index_keys(form.stem):
            index.setdefault(key, []).append(form)
    return {key: tuple(value) for key, value in index.items()}


def roster_hits(text: str, roster: Roster) -> list[RosterHit]:
    """Every capitalised token in `text` that is a form of a roster name."""
    return list(_roster_hits(text, roster))


@lru_cache(maxsize=8)
def _roster_hits(text: str, roster: Roster) -> tuple[RosterHit, ...]:
    """Recipients, kind and names each ask of the same text: read it once. A handful of texts
    only, so a letter's words do not linger in the cache after it."""
    index = _index(roster)
    hits: list[RosterHit] = []
    for match in WORD.finditer(text):
        token = match.group()
        if token.isupper() and len(token) > 2:
            token = token[0] + token[1:].lower()  # "ДАРАГІ МАКСІМ!": a shouted greeting still greets him
        elif not capitalised(token):
            continue
        forms = [f for f in index.get(fold(token)[:3], ()) if is_form(token, f.stem, f.full)
                 and (f.owner is not None or _same_gender(token, f.full))]
        if not forms and (token.isascii() or _LACINKA.search(token)):
            forms = _transliterated_attorney(token, index)
        forms.sort(key=lambda f: f.owner is None)  # an attorney wins over a public figure
        for form in forms:
            if form.strict and opens_sentence(text, match.start()) and not _beside(hits, match.start()):
                continue
            hits.append(RosterHit(match.start(), match.end(), form.owner, form.part))
            break
    return tuple(_resolve_public(text, hits, roster))


# Adjectival surnames tell the bearer's gender: "Сакалоўская" is no form of the composer
# Сакалоўскі, "Kowalski" none of Szymborska's; another woman or man shares the surname.
_MASCULINE = re.compile(r"(?:ск|цк|ськ)(?:и|ий|ый|ого|ому|им|ом|ага|аму|ім|ім)$|(?:sk|ck)(?:i|iego|iemu|im)$")
_FEMININE = re.compile(r"(?:ск|цк|ськ)(?:ая|ой|ую|ай|ою|ей|ая|а)$|(?:sk|ck)(?:a|iej|ą)$")


_LACINKA = re.compile("[ćčłĺńśšŭźž]", re.IGNORECASE)


def _same_gender(token: str, full: str) -> bool:
    folded = fold(token)
    if _MASCULINE.search(full):
        return not _FEMININE.search(folded)
    if _FEMININE.search(full):
        return not _MASCULINE.search(folded)
    return True


def _figure_stem(surname: str) -> str:
    """A foreign surname in "-е" does not decline ("Гессе", "Гётэ"): its stem is the whole word,
    so "Ґесса", someone else's surname, is not read as Hesse's."""
    folded = fold(surname)
    if folded.endswith(("е", "e")):
        return folded
    if _LATIN_WORD.fullmatch(folded) and len(folded) >= 5 and folded.endswith(("o", "y")):
        return folded[:-1]  # Popiełuszko → Popiełuszkę, Jerzy → Jerzego
    if len(folded) == 3 and folded.endswith("й"):
        return folded[:-1]  # Цой → Цоя, Цою
    return stem(surname)


_LATIN_WORD = re.compile(r"[a-ząćęłńóśźżčšžŭ]+")


def _transliterated_attorney(token: str, index: dict[str, tuple[_Form, ...]]) -> list[_Form]:
    """"Aleksej", "Maksimu": an attorney's name in a transliteration the roster does not spell
    out, read back into Cyrillic. Attorneys only: a public figure's protection is no reason to
    keep a Latin-script name that merely sounds like one."""
    for spelled in to_cyrillic(token):
        cyrillic = spelled[:1].upper() + spelled[1:]
        forms = [f for f in index.get(fold(cyrillic)[:3], ())
                 if f.owner is not None and is_form(cyrillic, f.stem, f.full)]
        if forms:
            return forms
    return []


def _beside(hits: list[RosterHit], start: int) -> bool:
    return bool(hits) and hits[-1].owner is not None and start - hits[-1].end <= 2


def _adjacent(text: str, left: RosterHit, right: RosterHit) -> bool:
    return 0 <= right.start - left.end <= 2 and not text[left.end: right.start].strip()


@lru_cache(maxsize=8)
def _figure_names(roster: Roster) -> tuple[tuple[str, str, str, str], ...]:
    """Each public figure's first given name and surname, as (stem, folded) pairs."""
    pairs = []
    for figure in (*roster.public_figures, *roster.paired_figures):
        if words := WORD.findall(figure):  # a figure known by one name ("Цётка") is first and last
            first, last = words[0], words[-1]
            pairs.append((_figure_stem(first), fold(first), _figure_stem(last), fold(last)))
    return tuple(pairs)


@lru_cache(maxsize=8)
def public_stems(roster: Roster) -> tuple[str, ...]:
    """The stems of the public figures' surnames: "Купалаўскі тэатр" and "Mickiewicz University"
    are named after someone everyone knows."""
    return tuple(sorted({last for _, _, last, _ in _figure_names(roster) if len(last) >= 4}))


def _one_figure(first: str, last: str, roster: Roster) -> bool:
    """"Андрэй Сахараў" is a figure; "Андрэй Быкаў" is only two figures' names put together."""
    return any(is_form(first, first_stem, first_full) and is_form(last, last_stem, last_full)
               for first_stem, first_full, last_stem, last_full in _figure_names(roster))


_SURNAME_PARTS = ("public_surname", "paired_surname")


def _surname_after(text: str, hits: list[RosterHit], n: int) -> RosterHit | None:
    """The surname that closes the name `hits[n]` opens, across a figure's further given names
    ("Chimamanda Ngozi Adichie", "Wincenty Konstanty Kalinowski")."""
    for left, right in zip(hits[n:], hits[n + 1: n + 4], strict=False):
        if not _adjacent(text, left, right):
            return None
        if right.part in _SURNAME_PARTS:
            return right
        if right.part != "public_first":
            return None
    return None


def _resolve_public(text: str, hits: list[RosterHit], roster: Roster) -> list[RosterHit]:
    """"Мария" alone is anyone's daughter and "Александр Лукашенко" is no attorney:
    a first name belongs to a public figure only right before that figure's surname."""
    out: list[RosterHit] = []
    for n, hit in enumerate(hits):
        after = _surname_after(text, hits, n)
        middle = bool(out) and out[-1].part == "public_first" and _adjacent(text, out[-1], hit)
        before_public = after is not None and (
            middle or _one_figure(text[hit.start:hit.end], text[after.start:after.end], roster))
        if hit.part in ("first_names", "diminutives", "public_first") and before_public:
            out.append(RosterHit(hit.start, hit.end, None, "public_first"))
        elif hit.part == "paired_surname" or (
                hit.part == "public_surname" and is_first_name(text[hit.start:hit.end], allow_ambiguous=True)):
            # "Czesław Miłosz", "James Joyce": a surname that is a given name too is the figure's
            # only after the figure's first name; alone, "Miłosz" is anyone's son
            if out and out[-1].part == "public_first" and _adjacent(text, out[-1], hit):
                out.append(RosterHit(hit.start, hit.end, None, "public_surname"))
        elif hit.part != "public_first":
            out.append(hit)
    return out


_NEXT_WORD = re.compile(r"[ \u00a0]+(" + WORD.pattern + ")")
_NOT_SURNAMES = frozenset("вы вас вам вами ваш ваша вашы ваши ты тебя табе тебе я мы бог пан пані пани".split())


def is_sender_name(text: str, hit: RosterHit, hits: list[RosterHit]) -> bool:
    """An attorney's first name followed by a surname that is no attorney's ("Алексей Ковальчук")
    is someone else, most likely the sender; a patronymic ("Юлия Петровна") does not count."""
    if hit.owner is None or hit.part not in ("first_names", "diminutives"):
        return False
    following = _NEXT_WORD.match(text, hit.end)
    if not following or not capitalised(following.group(1)):
        return False
    word = following.group(1)
    if any(h.start == following.start(1) for h in hits) or word.casefold() in _NOT_SURNAMES:
        return False
    return not is_patronymic(word)


# The campaign's own call names every attorney: a quoted copy of it is no letter.
_CAMPAIGN = re.compile(r"#?нап[іи]шы\s*адвакату|write\s+to\s+an\s+attorney", re.IGNORECASE)


def is_announcement(text: str, roster: Roster) -> bool:
    """Most attorneys named by surname, or the campaign's own name: a copy of the campaign's call."""
    surnames = {h.owner for h in roster_hits(text, roster) if h.part == "surnames" and h.owner}
    return len(surnames) * 3 >= len(roster.attorneys) * 2 or bool(_CAMPAIGN.search(text))


def find_recipients(text: str, roster: Roster) -> tuple[str, ...]:
    """Sorted ids of the attorneys `text` addresses; "all attorneys" phrases mean everyone."""
    for pattern in roster.everyone:
        if re.search(pattern, text, re.IGNORECASE):
            return tuple(sorted(a.id for a in roster.attorneys))
    hits = roster_hits(text, roster)
    named_by_surname = {h.owner for h in hits if h.part == "surnames"}
    strong: list | None = None  # computed once, only if a bare first name needs it
    ids = set()
    for hit in hits:
        if hit.owner is None or hit.owner in ids or is_sender_name(text, hit, hits):
            continue
        if hit.part != "surnames" and hit.owner not in named_by_surname:
            strong = contexts.strong_hits(text) if strong is None else strong
            if _in_sender_context(hit, strong):
                continue
        ids.add(hit.owner)
    return tuple(sorted(ids))


def _in_sender_context(hit: RosterHit, strong: list) -> bool:
    """"Это пишет Лёша", "мой сын Максим": a first name the sender uses for someone else."""
    return any(c.start < hit.end and hit.start < c.end for c in strong)
