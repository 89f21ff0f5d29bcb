"""Places where a letter says a person's name: self-introductions, family and people around
the writer, titles, sign-offs.

Most names are found by the dictionaries (`names`): a capitalised word they do not know is
a name anywhere. These rules add what a dictionary cannot know: that "Максім" after "мой
сын" is the writer's son and not the attorney, that "Rasa" after "my neighbour" is a person
although it is also a word. Their words come from the lexicons (`anonymizer/lexicon/*.json`,
one per language); each rule has an id, which `--explain` prints as the hit's reason, and a
keyword gate derived from the same words, so a letter that mentions none of them costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anonymizer.text import dictionaries, lexicon
from anonymizer.text.forms import WORD, capitalised, mentions
from anonymizer.text.namelists import is_first_name
from anonymizer.text.spans import Hit

_CAP = r"[A-ZА-ЯЁІЎЄЇҐŁŚŻŹĆŃÓ]"
# A run of up to three capitalised words or initials: "Ганна Коваль", "Андрій К.", "М. В.", "O'Brien".
# Only an initial or a title may end in a full stop: "my daughter Kaylee. She drew" ends at "Kaylee".
NAME_RUN = rf"(?-i:(?:(?:{_CAP}[\w'’ʼ-]+|{_CAP}\.|(?:Dr|Mr|Mrs|Ms|Prof|Fr)\.)(?:[ \u00a0]+(?={_CAP}))?){{1,3}})"


def _phrases(key: str, between: str = r"\s+") -> str:
    """A lexicon's phrases as one alternation, longest first, `between` their words."""
    phrases = sorted(lexicon.words(key), key=len, reverse=True)
    return "|".join(between.join(re.escape(word) for word in phrase.split()) for phrase in phrases)


# "мене теж звуть", "my name is also", "nazywam się też": one short word may stand inside or after.
_ONE_MORE_WORD = r"\s+(?:[^\W\d_]{1,7}\s+)?"


def _stems(key: str) -> str:
    """A lexicon's word stems ("сястр", "daughter"), each followed by any ending."""
    return "|".join(re.escape(stem) + r"\w*" for stem in sorted(lexicon.words(key), key=len, reverse=True))


def _gate(key: str) -> tuple[str, ...]:
    """The first word of every phrase: if none is in the letter, the rule cannot match."""
    return tuple(sorted({phrase.split()[0] for phrase in lexicon.words(key)}))


@dataclass(frozen=True)
class ContextRule:
    """A phrase after which a capitalised run (group 1) is a person."""

    id: str
    pattern: re.Pattern[str]
    gate: tuple[str, ...]
    beats_roster: bool  # strong enough to name a sender who shares an attorney's first name


_AND_ONE_MORE = r"(?:[ \u00a0]+(?:и|і|й|та|and|i)[ \u00a0]+\w+)?"
RULES = (
    ContextRule(
        "self-introduction",
        re.compile(rf"(?<!\w)(?:{_phrases('intro_phrases', _ONE_MORE_WORD)})(?:\s+(?-i:[a-zа-яёіўєїąęłńóśźż]){{1,7}})?"
                   rf"[:,]?\s+({NAME_RUN})", re.IGNORECASE),
        _gate("intro_phrases"),
        beats_roster=True,
    ),
    # "мой сын Максим", "my daughter and son Kaylee": kin words name the writer's own people.
    ContextRule(
        "family member",
        re.compile(rf"\b(?:{_stems('kin_words')}){_AND_ONE_MORE}[ \u00a0,]+({NAME_RUN})", re.IGNORECASE),
        _gate("kin_words"),
        beats_roster=True,
    ),
    # Neighbours, colleagues, priests: someone the writer knows, just as identifying; unlike kin
    # they may be an attorney ("наш калега Максім"), so the roster wins.
    ContextRule(
        "acquaintance",
        re.compile(rf"\b(?:{_stems('role_words')}){_AND_ONE_MORE}[ \u00a0,]+({NAME_RUN})", re.IGNORECASE),
        _gate("role_words"),
        beats_roster=False,
    ),
    ContextRule(
        "after a title",
        re.compile(rf"(?<![\w.])(?:(?:{_phrases('titles')})|(?:{_phrases('title_abbreviations')})\.?)[ \u00a0]+"
                   rf"({NAME_RUN})", re.IGNORECASE),
        _gate("titles") + _gate("title_abbreviations"),
        beats_roster=False,
    ),
)
STRONG = frozenset({*(rule.id for rule in RULES if rule.beats_roster), "sign-off"})
# The same people named the other way round: "Mark, my husband, sends…", "Ганна, мая суседка".
APPOSITION = re.compile(
    rf"({NAME_RUN}),[ \u00a0]+(?:{_phrases('possessives')})[ \u00a0]+"
    rf"(?:{_stems('kin_words')}|{_stems('role_words')})\b",
    re.IGNORECASE,
)
CLOSING = re.compile(rf"^\s*(?:{_phrases('closings')})\b[^\n]{{0,30}}?[,!.]?\s*", re.IGNORECASE | re.MULTILINE)
# Words that say where someone lives or comes from, ending the look-back before a place
# ("живу ў …", "urodziłem się w …", "з-пад …"): within one clause of it.
HOME = re.compile(
    r"(?<!\w)(?:жыв[уёе]\w*|жыл[іа]?|живу|живём|живем|живемо|живе|жил[иа]?|mieszka\w*|live[sd]?|living|"
    r"дом\w*|хат\w*|dom\w*|home|house|flat|родом|родам|rodem|pochodz\w*|походж\w*|паходжу|з-пад|из-под|"
    r"з-під|spod|urodzi\w*|нарадзі\w*|родил\w*|народи\w*|born|rodil\w*|naradzi\w*|narodi\w*|zhivu|živu|zhyvu|žyvu|"
    r"zhiv[eyiu]\w*|živ[eyiu]\w*|žyv[eyiu]\w*|вёск\w*|деревн\w*|сел[оіе]|села|wsi|wieś|village|town|гарадок\w*|городок\w*|містечк\w*)"
    r"(?!\w)(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,40}$",  # a date's dots end no sentence
    re.IGNORECASE,
)
TITLES = lexicon.words("titles") | lexicon.words("title_abbreviations")
# Capitalised words that are never someone's name in these positions: pronouns of address,
# greetings, God, prepositions, services.
STOP = lexicon.words("stop_words") | TITLES
POSSESSIVES = lexicon.words("possessives")
_KIN = re.compile(rf"(?:{_stems('kin_words')})", re.IGNORECASE)


def is_kin_word(word: str) -> bool:
    """"Тётя", "Uncle", "Ciociu": a word of kinship, which a name run may start with but never is."""
    return _KIN.fullmatch(word) is not None


_ROLE = re.compile(rf"(?:{_stems('role_words')})\w*", re.IGNORECASE)


def is_role_word(word: str) -> bool:
    """"Professor", "Сусед": a role written before a name, never the name itself."""
    return _ROLE.fullmatch(word) is not None


_PROSE_END = re.compile(r"[!?]\s*$")
_DASH_LEAD = re.compile(r"^\s*[—–-]+\s*")
# "С.П.", "A. K.": a signature of initials alone; "P.S." / "П.С." is a postscript, not a person.
_INITIALS_ONLY = re.compile(r"(?:[A-ZА-ЯЁІЎЄЇ]\.(?:-[A-ZА-ЯЁІЎЄЇ]\.)?[ \u00a0]?){2,3}")  # "G. W.-N."
_PS = re.compile(r"(?:[PП]\.[ \u00a0]?){1,2}[SС]\.", re.IGNORECASE)


def _name_tokens(text: str, start: int, end: int, reason: str) -> list[Hit]:
    """Capitalised words and initials inside text[start:end], one hit each."""
    hits = []
    for match in re.finditer(rf"{WORD.pattern}\.?", text[start:end]):
        token = match.group().rstrip(".")
        folded = token.casefold()
        signed = reason in ("sign-off", "signature line") and is_first_name(token, allow_ambiguous=True)
        if capitalised(token) and (folded not in STOP or signed) and folded not in TITLES and not is_role_word(token):
            # a role is never the name itself: "Pani Mecenas", "Panie Profesorze"
            stop = match.end() if len(token) == 1 else match.start() + len(token)
            hits.append(Hit(start + match.start(), start + stop, "name", reason))
    return hits


# Where the name ends on a signature line: a comma, a bracket, a dash, or "from / з / z" and a town
# ("Надзея з Магілёва", "Kasia z klasy 3b").
_SIGNATURE_SPLIT = re.compile(r"[,(|]| - | — | (?:з|із|з-пад|из|из-под|с|со|від|z|ze|spod|from|of) ")


def _name_line(line: str) -> str | None:
    """The name part of a signature line ("Тамара Шевчук, г. Борисов" → "Тамара Шевчук"), or None.

    A leading dash ("— Лёха") is a sign-off habit; a line ending in a full stop after a
    word is a sentence ("Тримайтеся, будь ласка."), unless that word is an initial.
    """
    line = _DASH_LEAD.sub("", line)
    if len(line.split()) > 8 or _PROSE_END.search(line):
        return None
    if _INITIALS_ONLY.fullmatch(line.strip()):
        return None if _PS.fullmatch(line.strip()) else line.strip()
    if re.search(r"\w{2}\.\s*$", line):
        return None
    head = _SIGNATURE_SPLIT.split(line.strip(), maxsplit=1)[0].strip()
    words = head.split()
    if not 1 <= len(words) <= 4 or _PROSE_END.search(head):
        return None
    for word in words:
        bare = word.strip(".'’")
        if not bare or not (capitalised(bare) or (len(bare) == 1 and bare.isupper())):
            return None
        # "Люба" greets ("Люба Анастасіє!") but also signs: a given name is no stop word under a letter.
        initial = len(bare) == 1 and word.endswith(".")  # "Вера С.": an initial, not the preposition "с"
        if (bare.casefold() in STOP and bare.casefold() not in TITLES and not initial
                and not is_first_name(bare, allow_ambiguous=True)):
            return None
    if head.endswith(":"):
        return None  # a label ("Пишіть:", "Tel:") whose value was blanked
    if head != line.strip() and all(_only_a_word(w.strip(".'’")) for w in words):
        return None  # "— Помните, Юлия, Вы не одна…": words no dictionary knows as names, then prose
    if head.endswith(".") and not re.search(r"(?:^|\s)\w\.$", head):
        return None  # a full stop ends a sentence, unless it closes an initial ("Андрій К.")
    return head


def _only_a_word(word: str) -> bool:
    return (len(word) > 1 and dictionaries.reading(word) is dictionaries.Reading.COMMON
            and not is_first_name(word, allow_ambiguous=True))


def _signoff(text: str) -> list[Hit]:
    """Names right after a closing phrase, and a lone name line among the last lines."""
    hits: list[Hit] = []
    for match in CLOSING.finditer(text):
        rest_start = match.end()
        line_end = text.find("\n", rest_start)
        line_end = len(text) if line_end < 0 else line_end
        same_line = text[rest_start:line_end]
        if same_line.strip():
            target_start, target = rest_start, same_line
        else:
            nxt = re.compile(r"\n?[ \t]*([^\n]+)").match(text, line_end)
            if not nxt:
                continue
            target_start, target = nxt.start(1), nxt.group(1)
        head = _name_line(target)
        if head:
            offset = target_start + target.index(head)
            hits += _name_tokens(text, offset, offset + len(head), "sign-off")
            hits += _details(text, target_start + len(target))
    return hits + _tail(text)


def _details(text: str, start: int) -> list[Hit]:
    """Lines under a signed name (job title, employer, office) up to a blank line or prose."""
    hits = []
    for match in re.finditer(r"\n([^\n]+)", text[start:]):
        line = match.group(1)
        if not line.strip() or len(line.split()) > 14 or re.search(r"[.!?]\s*$", line):
            break
        hits.append(Hit(start + match.start(1), start + match.end(1), "signature", "signature details"))
    return hits


def _tail(text: str) -> list[Hit]:
    """A short capitalised line among the last five non-empty lines is a signature."""
    hits: list[Hit] = []
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    for match in lines[-5:]:
        head = _name_line(match.group())
        if head and not CLOSING.fullmatch(match.group()):
            offset = match.start() + match.group().index(head)
            hits += _name_tokens(text, offset, offset + len(head), "signature line")
    return hits


def strong_hits(text: str) -> list[Hit]:
    """Hits whose context outweighs the roster: self-introductions, family, sign-offs."""
    return [h for h in find(text) if h.reason in STRONG]


def find(text: str) -> list[Hit]:
    """Name tokens in every context rule, and sign-offs."""
    hits: list[Hit] = []
    for rule in RULES:
        if not mentions(text, rule.gate):
            continue
        for match in rule.pattern.finditer(text):
            if rule.id == "family member" and _addressing(text, match.start()):
                continue  # "Дарагая цёця Юля!": the attorney, greeted as family
            hits += _name_tokens(text, match.start(1), match.end(1), rule.id)
    if mentions(text, _gate("possessives")):
        for match in APPOSITION.finditer(text):
            hits += _name_tokens(text, match.start(1), match.end(1), "acquaintance")  # the roster wins
    return hits + _signoff(text)


def _addressing(text: str, start: int) -> bool:
    """A kin word opening its line after nothing but greeting words, with no "my" before it, addresses
    the reader ("Дорогая тётя Юля", "Ciociu Nastio"); "мой сын Максим" speaks of the writer's own."""
    line = text[text.rfind("\n", 0, start) + 1: start]
    words = [w.lower() for w in WORD.findall(line)]
    return all(w in STOP and w not in POSSESSIVES for w in words)
