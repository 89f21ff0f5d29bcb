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
_VAGUE = re.compile(r"^(?:школе|школ|school|szkole|больнице|hospital|office|офисе|банке|bank)\b", re.I)


def find(text: str) -> list[Hit]:
    """The place part of a "where I work" clause, unless it is a bare generic noun."""
    hits = []
    for match in WORKPLACE.finditer(text):
        place = match.group(1).strip()
        if _VAGUE.match(place) and len(place.split()) == 1:
            continue
        hits.append(Hit(match.start(1), match.start(1) + len(place), "workplace", "workplace"))
    return hits
