"""Cut quoted replies, forwarded headers, signatures and "Sent from my iPhone" footers.

A reply quotes earlier mail, often the sender's own with their name and address; a
signature block is the sender's business card. Both go before name detection runs.
Forwarded letters are different: the forwarded text *is* the letter, so only its header
lines (From/To/Date/Subject) go.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from anonymizer.model import RedactedSpan

_WROTE = (
    r"wrote|writes|написал|написала|написал\(а\)|напісаў|напісала|напісаў\(ла\)|піша|пишет|"
    r"написав|написала|пише|napisał|napisała|napisał\(a\)|pisze|schrieb|a écrit|escribió"
)
# "On Sun, 4 May 2025 at 20:11, Kevin <k@x>" + wrote:, also Russian/Belarusian Gmail style
# "нд, 27 крас. 2025 г. у 09:14, Name <addr> піша:" and mail.ru's "Пт, 12 мая 2023 г. в 10:00, Иван <…>:".
WROTE_LINE = re.compile(
    rf"^[^\n]*(?:(?:{_WROTE})|\d{{1,2}}:\d{{2}}[^\n]*<[^<>\s]+@[^<>\s]+>)\s*:[ \t]*$", re.IGNORECASE | re.MULTILINE
)
# What makes a "… wrote:" line a reply header rather than prose: a time, a date or an address.
# A wrapped header's earlier line: it has the time, or breaks inside "Name <addr>".
_CONTINUED = re.compile(r"\d{1,2}:\d{2}|[<,\"]\s*$")
_HEADERISH = re.compile(r"\d{1,2}:\d{2}|\d{4}|@|<|^\s*(?:On|Am|Le|El|W dniu)\b", re.IGNORECASE)
ORIGINAL = re.compile(
    r"^[ \t]*-{2,}\s*(?:Original\s+Message|Исходное\s+сообщение|Зыходнае\s+паведамленне|"
    r"Oryginalna\s+wiadomość|Вихідне\s+повідомлення|Ursprüngliche\s+Nachricht|Reply\s+message)\s*-{2,}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FIELD = (r"(?:From|Sent|Date|To|Cc|Bcc|Reply-To|Subject|От\s+кого|От|Ад\s+каго|Ад|Від\s+кого|Від|Od|Отправлено|"
          r"Отправитель|Дата|Кому|Копия|Тема|Адпраўлена|Адпраўшчык|Каму|Надіслано|Відправник|Копія|Wysłano|"
          r"Wysłane|Nadawca|Do|DW|Temat|Data|Von|An|Betreff|Gesendet|Datum)")
# Outlook draws a rule of underscores above the header: it belongs to the header, and is no
# signature delimiter ("__" alone) that would take the forwarded letter with it.
OUTLOOK = re.compile(rf"^(?:[ \t]*_{{8,}}[ \t]*\n(?:[ \t]*\n)?)?"
                     rf"[ \t]*\*?(?:From|От|Ад|Від|Od)\*?:[^\n]*\n(?:[ \t]*\*?{_FIELD}\*?:[^\n]*\n){{1,5}}",
                     re.IGNORECASE | re.MULTILINE)
FORWARD = re.compile(
    r"^[ \t]*(?:-{3,}\s*(?:Forwarded\s+message|Пересылаемое\s+сообщение|Перасланае\s+паведамленне|"
    r"Перасланы\s+ліст|Пересланий\s+лист|Переслане\s+повідомлення|Przekazana\s+wiadomość|"
    r"Wiadomość\s+przekazana|Weitergeleitete\s+Nachricht|Начало\s+переадресованного\s+сообщения|"
    r"Переадресованное\s+сообщение|Пачатак\s+перасланага\s+паведамлення|Початок\s+пересланого\s+повідомлення|"
    r"Message\s+transféré|Mensaje\s+reenviado)\s*-{3,}|Begin\s+forwarded\s+message:|"
    r"Forwarded\s+message:|Пересланное\s+сообщение:)[ \t]*\n"
    rf"(?:[ \t]*\n)?(?:[ \t]*\*?{_FIELD}\*?:[^\n]*\n|[^\n]*@[^\n]*>?:[ \t]*\n)*",
    re.IGNORECASE | re.MULTILINE,
)
# The line that closes a forward, where clients draw one: only the line goes.
FORWARD_END = re.compile(
    r"^[ \t]*-{2,}\s*(?:Конец\s+пересылаемого\s+сообщения|Канец\s+перасланага\s+паведамлення|"
    r"Кінець\s+пересланого\s+повідомлення|End\s+of\s+(?:the\s+)?forwarded\s+message|End\s+forwarded\s+message|"
    r"Koniec\s+(?:przekazanej|przekazywanej)\s+wiadomości|End\s+Original\s+Message)\s*-{2,}[ \t]*(?:\n|$)",
    re.IGNORECASE | re.MULTILINE,
)
QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.MULTILINE)
SIGNATURE = re.compile(r"^(?:-- ?|—|__+)[ \t]*$", re.MULTILINE)
FOOTER = re.compile(
    r"^[ \t]*(?:Sent\s+from\s+my\s+\S+.*|Sent\s+from\s+(?:Mail|Outlook|Yahoo|AOL|Gmail|Proton).*|"
    r"Sent\s+(?:via|with)\s+\S+.*|Get\s+Outlook\s+for\s+\S+|"
    r"Отправлено\s+(?:с|со|из|через)\s+.*|Адпраўлена\s+(?:з|са|праз)\s+.*|Надіслано\s+(?:з|із|зі|через)\s+.*|"
    r"Wysłane\s+z\s+.*|Wysłano\s+z\s+.*|Von\s+meinem\s+.*gesendet|Envoyé\s+de\s+mon\s+.*)[ \t]*(?:\n|$)",
    re.IGNORECASE | re.MULTILINE,
)


def _cut(text: str, start: int, end: int, kind: str, reason: str, spans: list[RedactedSpan]) -> str:
    spans.append(RedactedSpan(kind, reason, text[start:end], ""))
    return text[:start] + text[end:]


def _header_start(text: str, line_start: int) -> int | None:
    """Where a reply header ending on the line at `line_start` begins (it may wrap), or None."""
    start = line_start
    for _ in range(2):
        previous = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start else 0
        line = text[previous: max(start - 1, previous)]
        if start == 0 or not line.strip() or not _CONTINUED.search(line):
            break
        start = previous
    line_end = text.find("\n", line_start)
    header = text[start: len(text) if line_end < 0 else line_end]
    return start if _HEADERISH.search(header) else None


def _cut_reply_headers(text: str, spans: list[RedactedSpan], is_announcement: Callable[[str], bool]) -> str:
    """Drop "On … wrote:" headers; what they introduce goes too unless it is "> "-quoted
    (then the quoted lines go later and bottom-posted text after them stays)."""
    position = 0
    while match := WROTE_LINE.search(text, position):
        start = _header_start(text, match.start())
        if start is None:
            position = match.end()
            continue
        after = text[match.end():].lstrip("\n")
        if after.startswith(">"):
            text = _cut(text, start, match.end(), "quote", "reply header", spans)
        else:
            text = _cut_tail(text, start, match.end(), "reply header", spans, is_announcement)
        position = start
    return text


# A cover note is short: "Пересылаю письмо моей мамы". Below this many words, the text
# under a forward or reply header is the letter itself, never to be dropped with the header.
COVER_NOTE_WORDS = 40
# A forwarded letter may be three lines ("Александр, здравствуйте! … Спасибо Вам за всё. Игорь"):
# under a one-word cover note ("Пересылаю."), twice the note's words and this many are a letter.
_SHORTEST_LETTER = 5
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _cut_tail(text: str, start: int, header_end: int, reason: str, spans: list[RedactedSpan],
              is_announcement: Callable[[str], bool]) -> str:
    """Cut a header and what follows it, unless what would remain is only a cover note:
    then what follows is the letter, and only the header goes."""
    note, below = text[:start], text[header_end:]
    note_words, below_words = len(_WORDS.findall(note)), len(_WORDS.findall(below))
    if note_words < COVER_NOTE_WORDS and below_words >= max(2 * note_words, _SHORTEST_LETTER) \
            and not is_announcement(below):
        return _cut(text, start, header_end, "quote", reason, spans)
    return _cut(text, start, len(text), "quote", reason, spans)


def _never(_text: str) -> bool:
    return False


def strip_quotes_and_signatures(
    text: str, is_announcement: Callable[[str], bool] = _never
) -> tuple[str, tuple[RedactedSpan, ...]]:
    """The letter's own text, and what was cut (kind "quote", "signature" or "footer").

    `is_announcement` tells a quoted copy of the campaign's own call, which never counts
    as the letter (nor as addressing every attorney it lists).
    """
    spans: list[RedactedSpan] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    while match := FORWARD.search(text):
        text = _cut(text, match.start(), match.end(), "quote", "forwarded headers", spans)
    while match := FORWARD_END.search(text):
        text = _cut(text, match.start(), match.end(), "quote", "end of a forward", spans)
    text = _cut_reply_headers(text, spans, is_announcement)
    for pattern, reason in ((ORIGINAL, "original message"), (OUTLOOK, "reply header")):
        if match := pattern.search(text):
            header_end = match.end()
            if pattern is ORIGINAL and (fields := OUTLOOK.match(text, text.find("\n", match.end()) + 1)):
                header_end = fields.end()
            text = _cut_tail(text, match.start(), header_end, reason, spans, is_announcement)
    text = _cut_quoted_lines(text, spans, is_announcement)
    while match := FOOTER.search(text):
        text = _cut(text, match.start(), match.end(), "footer", "mobile footer", spans)
    if match := SIGNATURE.search(text):
        text = _cut(text, match.start(), len(text), "signature", "signature delimiter", spans)
    kept = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", kept).strip("\n") + ("\n" if kept.strip() else ""), tuple(spans)


_QUOTE_MARK = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)


def _cut_quoted_lines(text: str, spans: list[RedactedSpan], is_announcement: Callable[[str], bool]) -> str:
    """"> " lines go, unless nothing but a cover note would be left: then the quote is the
    letter (some clients quote what they forward) and only the marks go."""
    quoted = "".join(m.group() for m in QUOTED_LINE.finditer(text))
    if not quoted:
        return text
    rest = QUOTED_LINE.sub("", text)
    unquoted = _QUOTE_MARK.sub("", quoted)
    rest_words, quoted_words = len(_WORDS.findall(rest)), len(_WORDS.findall(unquoted))
    if rest_words < COVER_NOTE_WORDS // 4 and quoted_words > COVER_NOTE_WORDS // 2 and not is_announcement(unquoted):
        spans.append(RedactedSpan("quote", "quote marks", "", ""))
        return _QUOTE_MARK.sub("", text)
    while match := QUOTED_LINE.search(text):
        text = _cut(text, match.start(), match.end(), "quote", "quoted line", spans)
    return text
