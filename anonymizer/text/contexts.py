"""Places where a letter says a person's name: self-introductions, family members, sign-offs.

These rules need no model and are strong evidence: a capitalised word right after
"Меня зовут" or "my son" is a name even if it is also an attorney's first name.
"""

from __future__ import annotations

import re

from anonymizer.text.forms import WORD, capitalised, mentions
from anonymizer.text.namelists import is_first_name, is_place
from anonymizer.text.spans import Hit

_CAP = r"[A-ZА-ЯЁІЎЄЇҐŁŚŻŹĆŃÓ]"
# A run of up to three capitalised words or initials: "Ганна Коваль", "Андрій К.", "М. В.", "O'Brien".
# Only an initial or a title may end in a full stop: "my daughter Kaylee. She drew" ends at "Kaylee".
NAME_RUN = rf"(?-i:(?:(?:{_CAP}[\w'’ʼ-]+|{_CAP}\.|(?:Dr|Mr|Mrs|Ms|Prof|Fr)\.)(?:[ \u00a0]+(?={_CAP}))?){{1,3}})"

INTRO = re.compile(
    r"(?:меня\s+зовут|меня\s+звать|мяне\s+завуць|мяне\s+клічуць|мене\s+звати|мене\s+звуть|"
    r"my\s+name\s+is|my\s+name's|name\s+is|nazywam\s+się|mam\s+na\s+imię|"
    r"это\s+пишет|гэта\s+піша|це\s+пише|с\s+вами\s+говорит|пишет\s+вам|піша\s+вам|пише\s+вам|"
    r"пишу\s+вам\s+я,?|signed,?|подпись:?|подпіс:?)\s+(" + NAME_RUN + ")",
    re.IGNORECASE,
)
# "Tomas, Rasa and I signed …", "Ганна і я": capitalised words listed with the writer are people.
WITH_ME = re.compile(
    r"(?<![\w.])((?-i:" + _CAP + r"[\w'’-]+)(?:,[ \u00a0]+(?-i:" + _CAP + r"[\w'’-]+)){0,3})"
    r"[ \u00a0]+(?:and[ \u00a0]+I|и[ \u00a0]+я|і[ \u00a0]+я|i[ \u00a0]+ja|та[ \u00a0]+я|й[ \u00a0]+я)\b",
    re.IGNORECASE,
)
# "the Kowalczyk family", "семья Ивановых", "rodzina Nowaków", "сям'я Лукашэвічаў": a surname by family.
FAMILY = re.compile(
    r"\b(?:the|whole|entire)[ \u00a0]+(?:whole[ \u00a0]+)?((?-i:" + _CAP + r"[\w'’-]+))[ \u00a0]+famil(?:y|ies)\b"
    r"|\b(?:семь[яиюей]|сям['’]?[іяюёй]\w*|родин[аиуі]|сімейств\w*|rodzin[aieyę]|famili[ae]|Familie)[ \u00a0]+"
    r"((?-i:" + _CAP + r"[\w'’-]+))",
    re.IGNORECASE,
)
# A title before a name marks a person: "Mr. Oluwaseun Adeyemi", "пан Віктар", "Frau Weber".
# Attorneys' names after a title stay: the roster check runs later.
TITLED = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Miss|Dr|Prof|Fr|Sr|Sir|Herr|Frau|Pan|Pani|Panu|Panią|Пан|Пані|Спадар|Спадарыня)\.?"
    r"[ \u00a0]+(" + NAME_RUN + ")"
)
_ROLE_WORDS = (
    "сосед", "сусед", "сусід", "коллег", "калег", "колег", "начальни", "кіраўні", "руководител", "священник",
    "батюшк", "святар", "ксёндз", "ксендз", "neighbo", "colleague", "coordinator", "professor", "teacher", "pastor",
    "priest", "roommate", "flatmate", "classmate", "boss", "sąsiad", "koleżank", "kolega", "proboszcz", "ksiądz",
    "nauczyciel",
)
# "Thandiwe and Sipho, my children, asked me": names first, then who they are to the writer.
_MY = r"(?:my|our|мой|моя|мои|наш|наша|наши|мае|мая|мій|мої|наші|mój|moja|moi|nasz|nasza|nasi)"
_WHO = (
    r"(?:children|kids|sons?|daughters?|wife|husband|parents|grandchildren|grandsons?|granddaughters?|friends?|"
    r"brothers?|sisters?|mother|father|neighbou?rs?|colleagues?|сын\w*|доч\w*|дет\w*|жена|муж|внук\w*|друз\w*|"
    r"друг|подруг\w*|брат\w*|сестр\w*|сястр\w*|мама|папа|дачк\w*|дзеці|жонка|сябр\w*|унук\w*|син\w*|донь\w*|"
    r"діти|дружина|чоловік|онук\w*|сусід\w*|сосед\w*|сусед\w*|dzieci|syn\w*|córk\w*|żona|mąż|wnuk\w*|"
    r"przyjaci\w*|siostr\w*|sąsiad\w*)"
)
APPOSITION = re.compile(
    r"(" + NAME_RUN + r"(?:(?:,[ \u00a0]+|[ \u00a0]+(?:and|и|і|i|та|й)[ \u00a0]+)" + NAME_RUN + r"){0,3})"
    r"[ \u00a0]*,[ \u00a0]+" + _MY + r"[ \u00a0]+" + _WHO + r"\b",
    re.IGNORECASE,
)
# "Мы с Гульнарой", "Ми з Ярославом", "My z Tomkiem": the writer's companion, named in the instrumental.
# Not over the roster: "мы с Максимом Знаком" may be the attorney.
COMPANION = re.compile(r"\b(?:мы|ми|my)[ \u00a0]+(?:с|со|з|із|зі|z|ze)[ \u00a0]+(" + NAME_RUN + ")", re.IGNORECASE)
# "Solveig told me", "Halvard and Ragnhild wanted to sign", "Ильдар тоже помнит вас": a capitalised
# word doing what people do (tell, send, remember, pray) is a person, listed name or not.
_ACTS = (
    r"told|tells|said|says|asked|asks|wrote|writes|wants|wanted|sends|sent|remembers|remembered|prays|prayed|"
    r"misses|joins|joined|hopes|drew|sang|signs|signed|hugs|"
    r"помнит|помнят|передаёт|передает|передают|просит|просила|просил|сказал|сказала|говорит|молится|молятся|"
    r"желает|обнимает|обнимают|вспоминает|памятае|памятаюць|перадае|перадаюць|просіць|казаў|казала|моліцца|"
    r"абдымае|пам'ятає|памятає|передає|просить|казав|казала|молиться|обіймає|"
    r"pamięta|pamiętają|pozdrawia|pozdrawiają|prosi|prosiła|prosił|mówi|powiedział|powiedziała|modli|ściska"
)
_NOT_PEOPLE = frozenset(
    """
    this that these those it we they he she you everyone everybody someone somebody nobody anyone all many some most
    people our your my his her their the a an one both each friends family children everybody's who what
    это этот эта эти он она они мы вы кто все всё каждый многие люди семья друзья гэта гэты ён яна яны усе ўсе
    кожны людзі сям'я сябры це цей ця ці він вона вони ми ви всі кожен люди родина друзі to ten ta te on ona oni
    my wy wszyscy każdy ludzie rodzina przyjaciele kto
    вясна весна google facebook amnesty europe bbc
    """.split()
)
ACTOR = re.compile(
    r"(" + NAME_RUN + r"(?:(?:,[ \u00a0]+|[ \u00a0]+(?:and|и|і|i|та|й)[ \u00a0]+)" + NAME_RUN + r"){0,3})"
    r"[ \u00a0]+(?:(?:also|too|тоже|также|таксама|теж|też|także|often|всегда|заўсёды|завжди|zawsze)[ \u00a0]+)?"
    r"(?:" + _ACTS + r")\b"
)
_APPOSITION_WORDS = (", my ", ", our ", ", мо", ", на", ", ма", ", мі", ", mo", ", na")
_FAMILY_WORDS = ("famil", "сем", "сям", "родин", "сімейств", "rodzin")
_WITH_ME_GATE = re.compile(r"\b(?:and\s+I|и\s+я|і\s+я|i\s+ja|та\s+я|й\s+я)\b", re.IGNORECASE)
# "I am / I'm / Я — / Jestem" are followed by many things; only a listed first name counts.
SOFT_INTRO = re.compile(r"\b(?:I\s+am|I'm|Jestem|Я(?:\s+[—–-])?|Это|Гэта|Це)\s+(" + NAME_RUN + ")")
KIN = re.compile(
    r"(?:\b(?:сын|сынок|дочь|дочка|доч|дачк|дачушк|муж|жен|жонк|брат|сястр|сестр|мам|мат|бацьк|тат|пап|"
    r"отц|бабул|бабушк|дедушк|дзядул|дед|внук|унук|ўнук|внучк|унучк|ўнучк|онук|онучк|син|донь|доньк|"
    r"чолов|дружин|сестр|племянник|пляменнік|племінник|кум|сябр|друг|подруг|сяброўк|"
    r"son|daughter|wife|husband|brother|sister|mother|mum|mom|father|dad|grandson|granddaughter|"
    r"grandmother|grandfather|nephew|niece|friend|partner|syn|córk|żon|mąż|męż|brat|siostr|"
    r"wnuk|wnuczk|przyjaciel|"
    r"цёц|тёт|тітк|дядь|дзядзьк|дядьк|свекр|цешч|цёшч|тёщ|теща|тещ|зят|cousin|aunt|uncle|godfather|godmother|"
    r"fiancée?|ciocia|ciotk|wujek|wujk|kuzyn|kuzynk|teściow)\w*)(?:[ \u00a0]+(?:и|і|і|й|та|and|i)[ \u00a0]+\w+)?"
    r"[ \u00a0,]+(" + NAME_RUN + ")",
    re.IGNORECASE,
)
# People around the writer: a name after these is someone the sender knows, just as identifying.
# Unlike family words they may name an attorney ("наш калега Максім"), so they never beat the roster.
ROLE = re.compile(
    r"(?:\b(?:сосед|соседк|сусед|суседк|сусід|сусідк|коллег|калег|колег|начальни|кіраўні|руководител|"
    r"священник|батюшк|святар|ксёндз|ксендз|"
    r"neighbou?r|colleague|coordinator|professor|teacher|pastor|priest|roommate|flatmate|classmate|boss|"
    r"sąsiad|sąsiadk|koleżank|kolega|proboszcz|ksiądz|nauczyciel)\w*)"
    r"(?:[ \u00a0]+(?:и|і|й|та|and|i)[ \u00a0]+\w+)?[ \u00a0,]+(" + NAME_RUN + ")",
    re.IGNORECASE,
)
CLOSING = re.compile(
    r"^\s*(?:с\s+уважением|з\s+павагай|з\s+повагою|с\s+любовью|з\s+любоўю|з\s+любов'ю|с\s+теплом|"
    r"з\s+цеплынёй|обнимаю|абдымаю|обіймаю|целую|цалую|ваш|ваша|ваши|твой|твоя|искренне|щиро|"
    r"best|regards|best\s+regards|kind\s+regards|warm\s+regards|yours|yours\s+sincerely|sincerely|"
    r"cheers|love|with\s+love|with\s+love\s+and\s+solidarity|in\s+solidarity|with\s+respect|"
    r"with\s+deep\s+respect|respectfully|pozdrawiam|pozdrawiam\s+serdecznie|z\s+poważaniem|"
    r"serdecznie|ściskam|з\s+надзеяй|с\s+надеждой|з\s+надією|салідарна|солидарно|warmly|warmest|"
    r"all\s+the\s+best|take\s+care|thinking\s+of\s+you|hugs|with\s+hope|best\s+wishes|"
    r"pozdrowienia|uściski|całuję|обнимаю\s+крепко|моцна\s+абдымаю|"
    r"herzliche\s+grüße|herzlichst|viele\s+grüße|liebe\s+grüße|beste\s+grüße|mit\s+freundlichen\s+grüßen|"
    r"hilsen|med\s+vennlig\s+hilsen|mvh|hälsningar|med\s+vänliga\s+hälsningar|venlig\s+hilsen|groeten|"
    r"met\s+vriendelijke\s+groeten|saludos\s+cordiales|amandla|pagarbiai|ar\s+cieņu|lugupidamisega|"
    r"с\s+благодарностью|з\s+удзячнасцю|з\s+вдячністю|with\s+gratitude|с\s+наилучшими\s+пожеланиями|"
    r"з\s+найлепшымі\s+пажаданнямі|з\s+найкращими\s+побажаннями|z\s+wyrazami\s+szacunku|z\s+pozdrowieniami|"
    r"шчыра(?:\s+ваш\w*)?|искренне\s+ваш\w*|щиро\s+ваш\w*|um\s+abraço|abraços|atenciosamente|cordiali\s+saluti|saluti|un\s+abbraccio|cordialement|amitiés|bisous|saludos|abrazos|met\s+vriendelijke\s+groet)\b[^\n]{0,30}?[,!.]?\s*",
    re.IGNORECASE | re.MULTILINE,
)
_PROSE_END = re.compile(r"[!?]\s*$")
_DASH_LEAD = re.compile(r"^\s*[—–-]+\s*")
# "С.П.", "A. K.": a signature of initials alone; "P.S." / "П.С." is a postscript, not a person.
_INITIALS_ONLY = re.compile(r"(?:[A-ZА-ЯЁІЎЄЇ]\.[ \u00a0]?){2,3}")
_PS = re.compile(r"(?:[PП]\.[ \u00a0]?){1,2}[SС]\.", re.IGNORECASE)


def _name_tokens(text: str, start: int, end: int, reason: str) -> list[Hit]:
    """Capitalised words and initials inside text[start:end], one hit each."""
    hits = []
    for match in re.finditer(rf"{WORD.pattern}\.?", text[start:end]):
        token = match.group().rstrip(".")
        folded = token.casefold()
        signed = reason in ("sign-off", "signature line") and is_first_name(token, allow_ambiguous=True)
        if capitalised(token) and (folded not in STOP or signed) and folded not in TITLES:
            stop = match.end() if len(token) == 1 else match.start() + len(token)
            hits.append(Hit(start + match.start(), start + stop, "name", reason))
    return hits


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
    head = re.split(r"[,(|]| - | — ", line.strip(), maxsplit=1)[0].strip()
    words = head.split()
    if not 1 <= len(words) <= 4 or _PROSE_END.search(head):
        return None
    for word in words:
        bare = word.strip(".'’")
        if not bare or not (capitalised(bare) or (len(bare) == 1 and bare.isupper())):
            return None
        # "Люба" greets ("Люба Анастасіє!") but also signs: a given name is no stop word under a letter.
        if bare.casefold() in STOP and bare.casefold() not in TITLES and not is_first_name(bare, allow_ambiguous=True):
            return None
    if head.endswith(":"):
        return None  # a label ("Пишіть:", "Tel:") whose value was blanked
    if head.endswith(".") and not re.search(r"(?:^|\s)\w\.$", head):
        return None  # a full stop ends a sentence, unless it closes an initial ("Андрій К.")
    return head


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
    return [h for h in find(text) if h.reason in ("self-introduction", "family member", "sign-off")]


def find(text: str) -> list[Hit]:
    """Name tokens in every strong context."""
    hits: list[Hit] = []
    roles = ((ROLE, "acquaintance"),) if mentions(text, _ROLE_WORDS) else ()
    for pattern, reason in ((INTRO, "self-introduction"), (KIN, "family member"), (COMPANION, "companion"), *roles):
        for match in pattern.finditer(text):
            hits += _name_tokens(text, match.start(1), match.end(1), reason)
    for match in SOFT_INTRO.finditer(text):
        first = WORD.match(match.group(1))
        if first and is_first_name(first.group(), allow_ambiguous=True):
            hits += _name_tokens(text, match.start(1), match.end(1), "self-introduction")
    for match in TITLED.finditer(text):
        hits += _name_tokens(text, match.start(1), match.end(1), "after a title")
    for match in FAMILY.finditer(text) if mentions(text, _FAMILY_WORDS) else ():
        group = 1 if match.group(1) else 2
        hits += _name_tokens(text, match.start(group), match.end(group), "family member")
    for match in APPOSITION.finditer(text) if mentions(text, _APPOSITION_WORDS) else ():
        hits += _with_me(text, match, strict=False)
    for match in ACTOR.finditer(text):
        hits += _actors(text, match)
    for match in WITH_ME.finditer(text) if _WITH_ME_GATE.search(text) else ():
        hits += _with_me(text, match)
    return hits + _signoff(text)


def _actors(text: str, match: re.Match[str]) -> list[Hit]:
    """The people of an `ACTOR` match; pronouns, towns, and multi-word runs (organisations) are not."""
    words = list(WORD.finditer(text, match.start(1), match.end(1)))
    if any(w.group().casefold() in _NOT_PEOPLE for w in words):
        return []
    runs = re.split(r",[ \u00a0]+|[ \u00a0]+(?:and|и|і|i|та|й)[ \u00a0]+", match.group(1))
    if any(len(run.split()) > 1 and not is_first_name(run.split()[0]) for run in runs):
        return []  # "Amnesty International said", "Human Rights Watch wrote"
    hits: list[Hit] = []
    for word in words:
        if not is_place(word.group()):
            hits += _name_tokens(text, word.start(), word.end(), "acting person")
    return hits


def _with_me(text: str, match: re.Match[str], *, strict: bool = True) -> list[Hit]:
    """Names listed before "and I"; a word opening the sentence must be a listed first name, and
    the tail of a longer capitalised run ("Freedom House and I") is an organisation."""
    hits: list[Hit] = []
    before_list = re.search(r"(\w+)[ \u00a0]+$", text[max(0, match.start(1) - 40): match.start(1)])
    if before_list and capitalised(before_list.group(1)) and not is_first_name(match.group(1).split(",")[0]):
        return hits
    for word in WORD.finditer(text, match.start(1), match.end(1)):
        before = text[max(0, word.start() - 3): word.start()].rstrip()
        opens = not before or before[-1] in ".!?\n"  # after "our group:" a list of people follows
        if strict and opens and not is_first_name(word.group(), allow_ambiguous=True):
            continue
        hits += _name_tokens(text, word.start(), word.end(), "listed with the writer")
    return hits


TITLES = frozenset("mr mrs ms miss dr prof sir pan pani ks спадар спадарыня пан пані".split())
# Capitalised words that are never someone's name in these positions.
STOP = frozenset(
    """
    вы вас вам вами ваш ваша ваше вашы ваши вашу вашай вашей вашим вашым вашых ваших вашего вашага вашому вашаму
    ты тебя табе тебе твой твая твоя твои мы нас нам я мне мой мая моя
    вашае вашую вашыя твая твае твой твоя тваё
    бог бога богу богом господь господи хрыстос христос bóg boga bogu bogiem god lord jezus jesus christ chrystus
    пан пані пани пане панi спадар спадарыня спадарства шановний шановна шановні шановного
    шаноўны шаноўная шаноўныя шаноўнае вельмішаноўны вельмишановний многоуважаемый многоуважаемая
    дарагі дарагая дарагія дарагое дорогой дорогая дорогие уважаемый уважаемая уважаемые паважаны паважаная паважаныя
    любимый любимая милый милая родной родная дорогий дорога дорогі любий люба коханий кохана
    mr mrs ms miss dr prof dear hi hello pani panie pan drogi droga drodzy szanowny szanowna
    pana panu panem panią państwo państwa państwu państwem wam wami was
    здравствуйте здравствуй привет приветствую добрый доброе добры добрае вітаю прывітанне дзень день вечер
    вечар утро раніца вітаємо доброго добрий dzień dobry witam witaj hey good morning evening afternoon
    від ад от од od from для dla for з із из со са
    інстаграм инстаграм instagram telegram телеграм тэлеграм skype скайп viber вайбер signal facebook фейсбук
    whatsapp ватсап вацап vk вк почта пошта poczta
    i the and p.s ps спасибо дзякуй дякую thanks thank tel тел моб mob телефон phone email e-mail
    """.split()
)
