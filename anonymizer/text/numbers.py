"""Account, card, passport and personal ID numbers, and other digit runs long enough to identify."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from anonymizer.text import lexicon
from anonymizer.text.forms import mentions
from anonymizer.text.spans import CHECK, Hit
from anonymizer.text.translit import to_cyrillic

IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){11,30}\b")
CARD = re.compile(r"(?<![\d-])\d{4}(?:[ \u00a0-]?\d{4}){2,3}(?:[ \u00a0-]?\d{1,3})?(?![\d-])")
# Belarusian passport series + 7 digits (MP1234567, AB1234567, KH…), other two-letter series too.
PASSPORT = re.compile(r"\b[A-ZА-Я]{2}[ \u00a0№]?\d{7}\b")
# Belarusian personal number: 7 digits, letter, 3 digits, 2 letters, check digit (3140583A001PB5).
PERSONAL_ID = re.compile(r"\b\d{7}[A-ZА-Я]\d{3}[A-ZА-Я]{2}\d\b", re.IGNORECASE)
# Fail closed: any run of six or more digits, whatever separates its groups (spaces, dots,
# dashes of every width, underscores, brackets, a line break), is an identifier unless it is
# a date, a year range or an amount.
_SEPARATOR = r"(?:[ \u00a0\t./\-–—_()]{1,3}|[ \t]*\n[ \t>]*)"
# Han, kana and hangul are letters to `\w` but written without spaces: "电话:13662615434张经理".
_WORD_NOT_CJK = r"[^\W\u2e80-\u9fff\u3040-\u30ff\uac00-\ud7af]"
DIGITS = re.compile(rf"(?<!{_WORD_NOT_CJK})\d(?:{_SEPARATOR}?\d){{5,}}(?!{_WORD_NOT_CJK})")
# "150 000", "1 483" — grouping in thousands is a quantity when short or followed by a unit;
# "512 345 678" is a Polish mobile number written the same way.
THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0,.]\d{3})+")
_UNIT = re.compile(
    r"[ \u00a0]*(?:[$€£₽%]|руб|рубл|бел|byn|byr|usd|eur|pln|uah|zł|zl|грн|гривен|долл|дол|даляр|евро|еўра|"
    r"euro|dollar|pound|złot|people|persons|signatures|чалавек|человек|людей|людзей|осіб|людей|osób|подпис|подпіс|"
    r"podpis|km|км|тысяч|тысяч|тисяч|tysięcy|thousand|million|миллион|мільён|мільйон|milion)",
    re.IGNORECASE,
)
_YEARS = re.compile(r"(?:1[89]|20)\d\d[ \u00a0]*[-–—][ \u00a0]*(?:1[89]|20)\d\d")
# Identifiers that mix letters and digits: licence, certificate and student numbers, series.
# Four digits are enough ("Threema ID ABCD1234"), but a year with a suffix ("2021-m", "1990s", "2020г") is none.
MIXED_ID = re.compile(
    r"(?<![\w-])(?!(?:1[89]|20)\d\d-?[^\W\d_]{1,4}(?![\w-]))"
    r"(?=[A-ZА-ЯІЎЁ0-9-]*[A-ZА-ЯІЎЁ])(?=(?:[A-ZА-ЯІЎЁ-]*\d){4})[A-ZА-ЯІЎЁ0-9][A-ZА-ЯІЎЁ0-9-]{5,}(?![\w-])",
    re.IGNORECASE,
)
IPV4 = re.compile(r"(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])")
# Anything made of hex groups and colons is tried as an address ("fe80::1ff:fe23:4567:890a").
IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?(?![\w:])", re.IGNORECASE)
# A key fingerprint read aloud: "4AEE 18F8 3AFD EB23 6F37  A2B1 …", groups of four hex digits.
FINGERPRINT = re.compile(r"(?<![\w])[0-9A-Fa-f]{4}(?:[ \u00a0:]{1,2}[0-9A-Fa-f]{4}){3,9}(?![\w])")
# "DL-4471-XZ", "AB 1234 C": letters, four digits or more, letters — a licence or card number.
LETTERS_DIGITS_LETTERS = re.compile(
    r"(?<![\w-])[A-ZА-ЯІЎЁ]{1,4}[ \u00a0/-]?\d{4,}[ \u00a0/-]?[A-ZА-ЯІЎЁ]{1,4}(?![\w-])"
)
DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})|\d{4}-\d\d-\d\d|(?:1[89]|20)\d\d-(?:1[89]|20)\d\d")
# Tax / company numbers carry their label: УНП 291457803, NIP 123-456-32-18, ИНН …
LABELLED = re.compile(r"\b(?:УНП|УНН|ИНН|ІНН|ОГРН|NIP|REGON|PESEL|ИПН|ЕДРПОУ|VAT)\s*:?\s*[\d -]{6,}\d", re.IGNORECASE)


# A typo breaks the checksum but not the shape: country, check digits, a four-letter bank code
# (BY, GB, IE, NL …), or any IBAN-shaped run right after the word "IBAN".
IBAN_SHAPED = re.compile(r"\b[A-Z]{2}\d{2}[ \u00a0]?[A-Z]{4}(?:[ \u00a0]?[A-Z0-9]){10,26}\b")
IBAN_LABELLED = re.compile(r"(?<=IBAN)[:\s]*([A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){11,30})\b")
# Vehicle plates: Belarusian "1234 AB-7", Russian "А123ВС 77", Ukrainian "АА 1234 ВВ", or
# anything plate-shaped after a word saying it is one.
PLATE = re.compile(
    r"(?<![\w-])(?:\d{4}[ \u00a0]?[A-ZА-ЯІ]{2}[ \u00a0]?[-–][ \u00a0]?[0-8]"
    r"|[АВЕКМНОРСТУХABEKMHOPCTYX]\d{3}[АВЕКМНОРСТУХABEKMHOPCTYX]{2}[ \u00a0]?\d{2,3}"
    r"|[A-ZА-ЯІ]{2}[ \u00a0]?\d{4}[ \u00a0]?[A-ZА-ЯІ]{2}"
    r"|(?-i:[A-Z]{2}\d{2}[ \u00a0]?[A-Z]{3}))(?![\w-])"  # British "LK19 XRT"
)
PLATE_LABELLED = re.compile(
    r"(?:номер\w*\s+(?:машин\w*|авто\w*|автомобил\w*|аўтамабіл\w*)|госномер\w*|нумар\w*\s+(?:машын\w*|аўто\w*)|"
    r"(?:licen[cs]e|number|registration)\s+plate|numer\w*\s+rejestracyjn\w*|tablic\w*\s+rejestracyjn\w*)"
    r"[:\s]*(?:[—–-]\s*)?([A-ZА-ЯІ0-9][A-ZА-ЯІ0-9 \u00a0-]{3,10}[A-ZА-ЯІ0-9])",
    re.IGNORECASE,
)
# "№ 3518", "No. 4471", "nr 20931": a document, licence or case number — any "number sign" and three
# digits or more. Two digits are a school, a colony, a bus ("школа № 12", "калонія №17"): other rules.
NUMBERED = re.compile(r"(?:№|(?<![\w.])(?:No|Nr|nr|N)\.?|#)[ \u00a0]*(\d{3,}(?:[-/]\d+)*)(?![\w])")
_MONTH_WORD = r"[^\W\d_]{3,12}\.?"
_A_DATE = (
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d\d-\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \u00a0]+{_MONTH_WORD}[ \u00a0,]+(?:19|20)\d\d"
    rf"|{_MONTH_WORD}[ \u00a0]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \u00a0]+(?:19|20)\d\d|(?:19|20)\d\d"
)
# A birth date, unlike other dates, narrows a sender down to a handful of people.
# "родился", "урадзіўся", "нарадзілася", "народився", "родилася", "радзіўся": one verb, any prefix.
_BORN_VERB = (r"(?<![^\W\d_])(?:(?:на|у|ў)?р[ао]дз?[иі](?:л(?:ся|ась|ася|ися|іся)|ўся|вся)"
              # in Łacinka and transliterated
              r"|(?:na|u|ŭ)?r[ao]dz?i(?:l(?:sya|sia|s'a|as|as'|asia|asya|asja|sja)|ŭsia|usia|usya))")
# Born, or a date of birth, said in the five languages: the words both birth patterns open with.
_BORN_WORDS = (_BORN_VERB + r"|urodzi(?:łem|łam|ł|ła)\s+się|urodzon[ya]|\bborn|date\s+of\s+birth|"
               r"дата\s+рождения|дата\s+нараджэння|дата\s+народження|data\s+urodzenia")
BIRTH = re.compile(
    r"(?:" + _BORN_WORDS + r"|\bDOB|"
    r"д\.\s?р\.|г\.\s?р\.)(?:[ \u00a0]+(?:я|ja|I|ён|она|он|вона|він))?"
    r"[:\s]*(?:on|in|в|у|ў|w|з)?[ \u00a0]*(" + _A_DATE + ")",
    re.IGNORECASE,
)
BIRTH_AFTER = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[ \u00a0]*(?:г\.[ \u00a0]?р\.|года\s+рождения|году\s+нараджэння|року\s+народження|rocznik)",
    re.IGNORECASE,
)


# "родилась двенадцатого мая тысяча девятьсот девяностого года": a birth date in words.
_BORN = re.compile(
    r"(?:" + _BORN_WORDS + "|"
    # a birthday names the same day: "шаснаццаць споўніцца дваццаць сёмага чэрвеня"
    r"споўніцца|спаўняецца|споўнілася|споўніліся|исполнится|исполняется|исполнилось|виповниться|виповнюється|"
    r"виповнилося|skończę|kończę|skończył(?:em|am)?|"
    r"дзень\s+нараджэння|день\s+рождения|день\s+народження|urodziny|birthday)[:\s]+",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^.;!?\n]{1,90}")
_YEAR_WORD = re.compile(r"(?:год|годз|рок|roku|rok|year)\w*$", re.IGNORECASE)


def _birth_in_words(text: str) -> list[Hit]:
    """The clause after "born", up to its last date word (a month, "thousand", "year", a digit)."""
    months = tuple(lexicon.words("months") | lexicon.words("number_words") | lexicon.words("ordinals"))
    hits = []
    for match in _BORN.finditer(text):
        clause = _CLAUSE.match(text, match.end())
        if not clause:
            continue
        start = end = None
        for word in re.finditer(r"[\w'’-]+", clause.group()):
            token = word.group().lower()
            if token.startswith(months) or _YEAR_WORD.match(token) or token.isdigit():
                start = clause.start() + word.start() if start is None else start
                end = clause.start() + word.end()
        if start is not None and end is not None:
            hits.append(Hit(start, end, "number", "birth date in words"))
    return hits


_BIRTH_WORDS = (
    "родил", "радзі", "родив", "нарадз", "народи", "urodz", "born", "birth", "dob", "рожд", "нарадж", "народж", "р.",
    "rocznik", "rodil", "radzi", "rodzi",
    "спаўн", "споўн", "исполн", "виповн", "kończ", "skończ",
)
_PLATE_WORDS = ("номер", "нумар", "plate", "rejestr", "tablic")


def _luhn(digits: str) -> bool:
    total = 0
    for n, char in enumerate(reversed(digits)):
        value = int(char) * (2 if n % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _iban_ok(candidate: str) -> bool:
    compact = re.sub(r"\s", "", candidate)
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def find(text: str) -> list[Hit]:
    """Checksummed numbers by name, then any other long digit run that is not a date or amount."""
    hits = [Hit(m.start(), m.end(), "number", "iban") for m in IBAN.finditer(text) if _iban_ok(m.group())]
    hits += [Hit(m.start(), m.end(), "number", "iban") for m in IBAN_SHAPED.finditer(text)]
    hits += [Hit(m.start(1), m.end(1), "number", "iban") for m in IBAN_LABELLED.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "vehicle plate") for m in PLATE.finditer(text)]
    if mentions(text, _PLATE_WORDS):
        hits += [Hit(m.start(1), m.end(1), "number", "vehicle plate") for m in PLATE_LABELLED.finditer(text)]
    if mentions(text, _BIRTH_WORDS):
        for pattern in (BIRTH, BIRTH_AFTER):
            hits += [Hit(m.start(1), m.end(1), "number", "birth date") for m in pattern.finditer(text)]
        hits += _birth_in_words(text)
    for match in CARD.finditer(text):
        if _luhn(re.sub(r"\D", "", match.group())):
            hits.append(Hit(match.start(), match.end(), "number", "payment card"))
    hits += [Hit(m.start(), m.end(), "number", "passport") for m in PASSPORT.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "personal id") for m in PERSONAL_ID.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "registration number") for m in LABELLED.finditer(text)]
    hits += [Hit(m.start(1), m.end(1), "number", "numbered document") for m in NUMBERED.finditer(text)]
    for match in DIGITS.finditer(text):
        run = match.group().strip("()")
        if DATE.fullmatch(run) or _YEARS.fullmatch(run):
            continue
        if _amount(text, match):
            if sum(c.isdigit() for c in run) >= 7:
                hits.append(Hit(match.start(), match.end(), CHECK, "large amount"))
            continue
        hits.append(Hit(match.start(), match.end(), "number", "long digit run"))
    hits += [Hit(m.start(), m.end(), "number", "letters and digits") for m in MIXED_ID.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "letters and digits") for m in LETTERS_DIGITS_LETTERS.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "key fingerprint") for m in FINGERPRINT.finditer(text)
             if re.search(r"\d", m.group()) and re.search(r"[A-Fa-f]", m.group())]
    hits += [Hit(m.start(), m.end(), "number", "ip address") for m in IPV4.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "ip address") for m in IPV6.finditer(text) if _ipv6(m.group())]
    return hits + _spelled(text)


def _amount(text: str, match: re.Match[str]) -> bool:
    """Thousands-grouped and either short ("1 483") or followed or preceded by a unit."""
    run = match.group()
    if not THOUSANDS.fullmatch(run):
        return False
    digits = sum(c.isdigit() for c in run)
    before = text[max(0, match.start() - 2): match.start()]
    return digits <= 6 or bool(_UNIT.match(text, match.end())) or any(c in "$€£₽" for c in before)


def _ipv6(candidate: str) -> bool:
    """A valid IPv6 address with some hex beyond plain digits or a time ("10:30:15")."""
    if len(candidate) < 7 or re.fullmatch(r"[\d:]+", candidate):
        return False
    try:
        ipaddress.IPv6Address(candidate.split("%", 1)[0])
    except ValueError:
        return False
    return True


_NUMBER_WORD = re.compile(r"[^\W\d_][\w'’]*")


# Number words as they are misspelled: unstressed vowels written as heard ("шэсцьдзесят" for
# "шэсцьдзясят", "пятьдесят"), one script's letters for another's, the soft sign Latin letters
# drop ("dzieviac" for "дзевяць").
_LOOSE = str.maketrans({**str.maketrans("яёэаіыўє'’", "еееоиивеъъ"), ord("ь"): None})


def _loose(word: str) -> str:
    return word.casefold().translate(_LOOSE)


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    return frozenset(_loose(word) for word in lexicon.words("number_words"))


@lru_cache(maxsize=1)
def _ordinal_stems() -> tuple[str, ...]:
    return tuple(_loose(stem) for stem in lexicon.words("ordinals"))


@lru_cache(maxsize=8192)
def is_number_word(word: str) -> bool:
    """"Дзесятага", "Дев'ятого", "Sześć": a number or ordinal of the five languages, however its
    unstressed vowels are spelled, is an ordinary word, never a name."""
    loose = _loose(word)
    return loose in _number_words() or any(
        loose.startswith(s) and loose[len(s):] in _ORDINAL_ENDINGS for s in _ordinal_stems())


# The adjective endings an ordinal takes in Belarusian, Russian and Ukrainian, loosened as the stems are.
_ORDINAL_ENDINGS = frozenset(_loose(e) for e in (
    "ы і и ий ій ый ой ая яя ае ое ее є е ага ога ого его аму ому ему ым им ім ых их іх ую юю ої ою ей"
).split())


@lru_cache(maxsize=8192)
def _number_word(word: str) -> bool:
    """A number word of the five languages, or one spelled in Latin letters ("vosem", "dzeviac")."""
    words = _number_words()
    if _loose(word) in words:
        return True
    return word.isascii() and any(_loose(spelled) in words for spelled in to_cyrillic(word))


def _spelled(text: str) -> list[Hit]:
    """Six or more number words in a row ("nine one two, three four …", "восемь двадцать девять …",
    "vosem nol dvadcat devjat …") are a number dictated in words."""
    hits: list[Hit] = []
    run: list[re.Match[str]] = []
    for match in _NUMBER_WORD.finditer(text):
        gap = text[run[-1].end(): match.start()] if run else ""
        if _number_word(match.group()) and (not run or re.fullmatch(r"[\s,.\-–—]{1,3}", gap)):
            run.append(match)
            continue
        if len(run) >= 6:
            hits.append(Hit(run[0].start(), run[-1].end(), "number", "number in words"))
        run = [match] if _number_word(match.group()) else []
    if len(run) >= 6:
        hits.append(Hit(run[0].start(), run[-1].end(), "number", "number in words"))
    return hits
