"""The people a letter's own headers name: its From, Sender and Reply-To, and the From, To and
Cc lines of the replies and forwards quoted in it.

The headers never reach the published letter, but the names in them are the surest list of
who must not appear in it: the sender who signs "Светлана Тихановская, но не та" shares a public
figure's name, and a grandmother forwarded by her granddaughter is named in the "От:" line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import getaddresses

from anonymizer.text.forms import WORD, capitalised

# The address fields of a quoted header block, in the mail clients' languages.
_FIELD_LINE = re.compile(
    r"^[ \t>*]*(?:From|To|Cc|Reply-To|Sender|От\s+кого|От|Кому|Копия|Отправитель|Ад\s+каго|Ад|Каму|Адпраўшчык|"
    r"Від\s+кого|Від|Кому|Копія|Відправник|Od|Do|DW|Nadawca|Von|An)\*?:[ \t]*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
# "On Sun, 4 May 2025, Kevin O'Brien <k@x> wrote:" — the name before the address.
_WROTE_NAME = re.compile(r",[ \t]*([^,<>\n]{2,60}?)[ \t]*<[^<>\s]+@[^<>\s]+>")
_SHORTEST = 3


def names_in(values: Iterable[str]) -> tuple[str, ...]:
    """The capitalised words of every display name in `values` (header values or quoted header
    blocks); addresses themselves are left to the address detectors."""
    names: list[str] = []
    for value in values:
        fields = [m.group(1) for m in _FIELD_LINE.finditer(value)] or [value]
        displays = [name for name, _ in getaddresses(fields)] + _WROTE_NAME.findall(value)
        for display in displays:
            names += [w for w in WORD.findall(display) if len(w) >= _SHORTEST and capitalised(w)]
    return tuple(dict.fromkeys(names))
