"""Where someone works, said precisely ("работаю медсестрой в хирургическом отделении …")."""

from __future__ import annotations

import re

from anonymizer.text.spans import Hit

# "I work / работаю / працую / pracuję" + an optional role + "in/at/в/у/ў/w" + the place, up
# to the end of the clause. The role may stay; the place goes.
WORKPLACE = re.compile(
    r"\b(?:работаю|працую|працюю|pracuję|I\s+work|I'm\s+working|I\s+am\s+working)"
    r"(?:\s+[^\s,.;:!?]+){0,2}?\s+(?:в|во|у|ў|на|w|we|na|at|for|in)\s+([^.,;!?\n]+)",
    re.IGNORECASE,
)
# Legal forms with the company name: ООО «Сигмастрой», ААТ «…», ИП Жуковский Д. А.
ORGANISATION = re.compile(
    r"(?<!\w)(?:ООО|ОАО|ЗАО|ОДО|ЧУП|ЧТУП|УП|ИП|ЧП|ААТ|ТАА|ЗАТ|ПрАТ|ТОВ|ПАТ|ФОП|LLC|Ltd|GmbH|Sp\.\s?z\s?o\.\s?o\.)"
    r"\s*(?:«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|„[^”\n]{1,80}”|[A-ZА-ЯЁІЎЄЇ][\w-]+(?:\s+[A-ZА-ЯЁІЎЄЇ][\w-]*\.?){0,3})"
    r"|(?:(?:[A-Z][\w'’-]*|&)\s+){1,4}(?:Ltd|LLC|LLP|Inc|PLC|GmbH|Solicitors|University|College|Hospital|Institute)\b"
)
_VAGUE = re.compile(r"^(?:школе|школ|school|szkole|больнице|hospital|office|офисе|банке|bank)\b", re.I)


def find(text: str) -> list[Hit]:
    """The place part of a "where I work" clause, unless it is a bare generic noun."""
    hits = []
    for match in WORKPLACE.finditer(text):
        place = match.group(1).strip()
        if _VAGUE.match(place) and len(place.split()) == 1:
            continue
        hits.append(Hit(match.start(1), match.start(1) + len(place), "workplace", "workplace"))
    hits += [Hit(m.start(), m.end(), "workplace", "organisation") for m in ORGANISATION.finditer(text)]
    return hits
