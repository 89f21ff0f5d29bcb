"""Where someone works, said precisely ("работаю медсестрой в хирургическом отделении …")."""

from __future__ import annotations

import re
from functools import lru_cache

from anonymizer.text import lexicon
from anonymizer.text.namelists import is_big_city, is_place
from anonymizer.text.spans import Hit

# "I work / работаю / працую / pracuję" + an optional role + "in/at/в/у/ў/w" + the place, up
# to the end of the clause. The place goes, and with a named place the role: "слесарам у трэцім
# цэху МТЗ" is a handful of people.
WORKPLACE = re.compile(
    r"\b(?:работаю|работал|работала|працую|працаваў|працавала|працюю|працював|працювала|pracuję|pracowałe?m|pracowałam|I\s+work|I'm\s+working|I\s+am\s+working|"
    r"I\s+(?:teach|taught|lecture|study|studied|worked)|I'm\s+(?:studying|teaching)|I\s+am\s+(?:studying|teaching)|преподаю|выкладаю|викладаю|wykładam|uczę|"
    r"учусь|вучуся|навучаюся|навчаюся|studiuję|studiowałem|studiowałam|służę|"
    r"works|worked|работает|працуе|працює|pracuje)"  # a family member's workplace identifies them as well
    r"((?:\s+[^\s,.;:!?]+){0,4}?)\s+(?:в|во|у|ў|на|w|we|na|at|for|in)\s+([^.,;!?\n]+)",
    re.IGNORECASE,
)
# The place may hold abbreviations with their dots: "w parafii pw. św. Jadwigi", "at St. Mary's".
_PLACE = r"((?:[^.,;!?\n]|(?<=\bpw)\.|(?<=\bśw)\.|(?<=\bim)\.|(?<=\bul)\.|(?<=\bSt)\.|(?<=\bsv)\.|(?<=\bсв)\.)+)"
# The role said with "to be": "I am a nurse at …", "jestem wikariuszem w parafii …" (a Polish
# role is in the instrumental, one or two words, and no preposition: "jestem z Panem" is none).
TO_BE_WORKPLACE = re.compile(
    r"\b(?:I'm|I\s+am|I\s+was)\s+an?\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?:at|in|for|with)\s+" + _PLACE
    + r"|\b(?:jestem|byłem|byłam)((?:\s+(?!(?:z|ze|w|we|na|do|od|przy|u|dla|o|po)\s)[^\W\d_]+){1,2}?)"
    r"\s+(?:w|we|na|przy)\s+" + _PLACE,
    re.IGNORECASE,
)
# Legal forms with the company name: ООО «Сигмастрой», ААТ «…», ИП Жуковский Д. А.
ORGANISATION = re.compile(
    r"(?<!\w)(?:ООО|ОАО|ЗАО|ОДО|ЧУП|ЧТУП|УП|ИП|ЧП|ААТ|ТАА|ЗАТ|ПрАТ|ТОВ|ПАТ|ФОП|LLC|Ltd|GmbH|Sp\.\s?z\s?o\.\s?o\.)"
    r"\s*(?:«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|„[^”\n]{1,80}”|[A-ZА-ЯЁІЎЄЇ][\w-]+(?:\s+[A-ZА-ЯЁІЎЄЇ][\w-]*\.?){0,3})"
    r"|(?:[A-ZŁŚŻ][\w'’-]*\s+){1,3}(?:Sp\.\s?z\s?o\.\s?o\.|S\.A\.|s\.r\.o\.|UAB|SIA|OÜ)"
    r"|(?:(?:[A-Z][\w'’-]*|&)\s+){1,4}(?:Ltd|LLC|LLP|Inc|PLC|GmbH|Solicitors|University|College|Hospital|Institute)\b"
    r"|\b(?:University|College|Hospital|Institute|School|Academy|Uniwersytet|Politechnika|Akademia|Szkoła)"
    r"(?:\s+(?:of|for|im\.|imienia|[A-ZŁŚŻ][\w'’-]*)){1,5}(?:\s+[A-Z][\w'’-]*)*"
)
# A numbered institution names one building in one town: "школе №12 г. Лиды", "гімназіі № 3
# г. Барысава", "детский сад №105", "СШ №7". The town after it goes too.
_NUMBERED_NOUNS = (
    "сш|сярэдн\\w*\\s+школ|средн\\w*\\s+школ|дзіцяч\\w*\\s+сад|детск\\w*\\s+сад|ясл\\w*-сад|садок|садочк|"
    "вучылішч|училищ|пту|общежити|общаг|інтэрнат|інтернат|гуртожит|akademik|przedszkol|gimnazjum"
)


@lru_cache(maxsize=1)
def _numbered() -> re.Pattern[str]:
    """Every institution noun of the lexicons, bar places of custody: "калонія №17" is where an
    attorney is held, public knowledge, not where the writer lives."""
    custody = lexicon.words("custody")
    nouns = sorted((re.escape(word) for word in lexicon.words("institutions") - custody), key=len, reverse=True)
    return re.compile(
        rf"(?i:\b(?:{_NUMBERED_NOUNS}|{'|'.join(nouns)})\w*)"
        r"(?:[ \u00a0]+[^\W\d_]{3,}){0,2}?"  # "Szkole Podstawowej nr 12", "школы искусств № 2"
        r"[ \u00a0]*(?:№|N|No\.?|Nr\.?|nr\.?)[ \u00a0]*\d+"
        r"(?:[ \u00a0,]+(?:(?:г|м|горада|города|міста|miasta)\.?[ \u00a0]*)?"
        r"[A-ZА-ЯЁІЎЄЇŁŚŻ][\w-]+(?=[\s,.;:!?)]|$))?"
    )


# One generic noun says nothing about where: "работаю в кафе", "I work in a shop".
_VAGUE = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:школе|школ|school|szkole|больнице|hospital|office|офисе|банке|bank|кафе|cafe|café|"
    r"магазине|краме|shop|store|sklepie|ресторане|restaurant|restauracji|фирме|фірме|firmie|firm|компании|кампаніі|"
    r"компанії|company|firmie|заводе|factory|fabryce|стройке|IT|айти|ІТ|дома|home|domu|библиотеке|library|аптеке|"
    r"pharmacy|такси|taxi|university|университете|універсітэце|університеті)\b",
    re.I,
)


# The clause ends where the next one starts: "w liceum w Olsztynie i co roku opowiadam…" keeps
# its second half. The first word never ends it ("at a factory").
_NEXT_CLAUSE = re.compile(
    r"[ \u00a0]+(?:і|и|й|та|i|and|a|but|ale|але|но|бо|bo|що|что|што|які\w*|которы\w*|który\w*|which|who|"
    r"where|gdzie|где|дзе|де|kiedy|когда|калі|коли|when|because|ponieważ|потому|таму|тому|as|jako|как|як)(?=[ \u00a0])",
    re.IGNORECASE,
)
_PLACE_WORDS = 8


# "Pracuję na kopalni „Bogdanka”, oddział G-3, jako górnik przodowy": the job said after the place.
_JOB_AFTER = re.compile(
    r"[^.;!?\n]{0,40}?(?<!\w)(?:jako|как|як|в\s+качестве|у\s+якасці|в\s+якості|as\s+an?|as)[ \u00a0]+"
    r"((?:[^\W\d_][\w'’-]*)(?:[ \u00a0]+[^\W\d_][\w'’-]*){0,2})",
    re.IGNORECASE,
)


def _clause(place: str) -> str:
    """The place named by a "where I work" clause: up to the next clause, at most a few words."""
    first = re.match(r"\s*\S+", place)
    if cut := _NEXT_CLAUSE.search(place, first.end() if first else 0):
        place = place[: cut.start()]
    words = list(re.finditer(r"\S+", place))
    if len(words) > _PLACE_WORDS:
        place = place[: words[_PLACE_WORDS - 1].end()]
    if town := _TRAILING_TOWN.search(place):
        city = town.group(1).strip(",.")
        if town.start() > 0 and is_big_city(city):
            place = place[: town.start()]  # "лікарні в Києві": the hospital goes, a city of millions stays
    return place.strip()


_TRAILING_TOWN = re.compile(r"[ \u00a0]+(?:в|у|ў|во|w|we|in|at)[ \u00a0]+([^\W\d_][\w'’-]*[,.]?)$")


def find(text: str) -> list[Hit]:
    """The place part of a "where I work" clause, unless it is a bare generic noun."""
    hits = []
    for match in (*WORKPLACE.finditer(text), *TO_BE_WORKPLACE.finditer(text)):
        role_group, place_group = (1, 2) if match.re is WORKPLACE or match.group(1) is not None else (3, 4)
        if match.group(place_group) is None:
            continue
        place = _clause(match.group(place_group).strip())
        bare = re.sub(r"^(?:a|an|the)\s+", "", place, flags=re.I)
        if len(bare.split()) == 1 and (_VAGUE.match(bare) or is_place(bare.strip("«»\"„”"))):
            continue  # "у краме", "ў Мінску": no one place of work
        role = match.group(role_group).strip()
        start = match.start(role_group) + match.group(role_group).index(role) if role else match.start(place_group)
        end = match.start(place_group) + len(place)
        hits.append(Hit(start, end, "workplace", "workplace"))
        if job := _JOB_AFTER.match(text, end):
            hits.append(Hit(job.start(1), job.end(1), "workplace", "job at a named place"))
    hits += [Hit(m.start(), m.end(), "workplace", "organisation") for m in ORGANISATION.finditer(text)]
    if re.search(r"№|\b[Nn]r?\.?[ \u00a0]*\d", text):
        hits += [Hit(m.start(), m.end(), "workplace", "numbered institution") for m in _numbered().finditer(text)]
    return hits
