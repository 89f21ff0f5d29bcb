"""One PDF per family, encrypted with the standard PDF password encryption every reader opens.

AES-256 (PDF 2.0 / revision 6) needs nothing but the passphrase in Acrobat, the browsers' viewers,
macOS Preview and the phones' readers; an AES zip does not open in Windows Explorer, macOS
Archive Utility or `unzip`. The fonts ship in exports/fonts and are embedded (subset), so
Belarusian, Ukrainian and Polish letters render on any device without fonts of its own, and
nothing depends on the organisers' system fonts. The file's dates are the publication day,
not the moment the organisers made it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import AccessPermission, EncryptionMethod, XPos, YPos
from PIL import Image

from anonymizer.vocabulary import ALL_MARKERS
from exports.common import ExportLetter
from exports.languages import WORDING, Wording
from exports.pages import TAG
from exports.wording import Name, name_of

FONTS = Path(__file__).parent / "fonts"
SERIF, SANS = "DejaVuSerif", "DejaVuSans"
INK, MUTED, ACCENT, MARKER_INK = (29, 29, 31), (95, 99, 104), (138, 28, 28), (87, 83, 74)
MAX_IMAGE_MM = 120
_MARKER = re.compile(r"(\[(?:" + "|".join(ALL_MARKERS) + r")\])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# fontTools logs every table it subsets at INFO; fpdf2 warns of glyphs no font has by quoting
# them, which would put letter text in the service's log
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("fpdf").setLevel(logging.ERROR)
PERMISSIONS = (AccessPermission.PRINT_LOW_RES | AccessPermission.PRINT_HIGH_RES | AccessPermission.COPY
               | AccessPermission.COPY_FOR_ACCESSIBILITY)


@dataclass(frozen=True)
class Family:
    """What one PDF is for: whose family, in which languages, and whether it is an early draft."""

    attorney: str
    names: Mapping[str, Name]
    day: dt.date
    language: str | None = None  # the relatives' own language beside Belarusian
    draft_until: dt.date | None = None  # set when made before the relatives' date (--force)

    @property
    def wordings(self) -> list[Wording]:
        return [WORDING["be"], *([WORDING[self.language]] if self.language and self.language != "be" else [])]


class _Document(FPDF):
    def __init__(self, family: Family) -> None:
        super().__init__(format="A4", unit="mm")
        self.family = family
        for family_name, stem in ((SERIF, "DejaVuSerif"), (SANS, "DejaVuSans")):
            self.add_font(family_name, "", FONTS / f"{stem}.ttf")
            self.add_font(family_name, "B", FONTS / f"{stem}-Bold.ttf")
        # DejaVu Sans has what the serif lacks (Hebrew, Arabic, many symbols such as ❤)
        self.set_fallback_fonts([SANS], exact_match=False)
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(auto=True, margin=20)

    def header(self) -> None:
        if self.family.draft_until is None:
            return
        self.set_y(8)
        self.set_font(SANS, "B", 8)
        self.set_text_color(*ACCENT)
        banner = " · ".join(w.draft.format(date=w.date(self.family.draft_until)) for w in self.family.wordings)
        self.cell(0, 4, banner, align="C")
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(SANS, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{TAG} · {self.page_no()}/{{nb}}", align="C")


def family_pdf(family: Family, letters: Sequence[ExportLetter], images: Mapping[str, bytes], passphrase: str) -> bytes:
    """The cover, the legend of markers, then each letter from a new page; encrypted with `passphrase`."""
    pdf = _Document(family)
    pdf.set_lang("be")
    pdf.set_title(f"{TAG} — {name_of(dict(family.names), family.attorney).be}")
    pdf.set_creator("napishy")
    pdf.set_producer("napishy")
    pdf.set_creation_date(dt.datetime(family.day.year, family.day.month, family.day.day, tzinfo=dt.UTC))
    # the owner password is thrown away: nobody needs to lift the restrictions, only to read and print
    pdf.set_encryption(owner_password=secrets.token_urlsafe(32), user_password=passphrase,
                       encryption_method=EncryptionMethod.AES_256, permissions=PERMISSIONS, encrypt_metadata=True)
    _cover(pdf, family, len(letters))
    for n, letter in enumerate(letters, start=1):
        _letter(pdf, family, letter, n, len(letters), [images[i.file_name] for i in letter.images
                                                        if i.file_name in images])
    return bytes(pdf.output())


def _cover(pdf: _Document, family: Family, count: int) -> None:
    name = name_of(dict(family.names), family.attorney)
    be = WORDING["be"]
    pdf.add_page()
    pdf.set_y(60)
    _line(pdf, SANS, "B", 11, ACCENT, f"{TAG} · {be.date(family.day)}", align="C")
    pdf.ln(6)
    _line(pdf, SERIF, "B", 28, INK, name.be, align="C", height=13)
    _line(pdf, SANS, "", 12, MUTED, name.latin, align="C")
    pdf.ln(4)
    _line(pdf, SANS, "", 13, MUTED, " · ".join(w.letters(count) for w in family.wordings), align="C")
    pdf.ln(14)
    for wording in family.wordings:
        _line(pdf, SERIF, "", 12, INK, wording.greeting, height=6.5)
        pdf.ln(3)
    pdf.ln(4)
    for wording in family.wordings:
        _line(pdf, SANS, "B", 9.5, MUTED, wording.legend, height=5)
        for marker, meaning in wording.markers.items():
            pdf.set_x(pdf.l_margin + 6)
            _line(pdf, SANS, "", 9.5, MUTED, f"[{marker}] — {meaning}", height=4.8)
        pdf.ln(4)


def _letter(pdf: _Document, family: Family, letter: ExportLetter, n: int, total: int, images: Sequence[bytes]) -> None:
    pdf.add_page()
    heading = " · ".join(w.letter_of.format(n=n, total=total) for w in family.wordings)
    _line(pdf, SANS, "B", 10, ACCENT, heading)
    if letter.language and letter.language != "be":
        notes = [w.written_in(letter.language) for w in family.wordings if w.written_in(letter.language)]
        if notes:
            _line(pdf, SANS, "", 10, MUTED, " · ".join(notes))
    others = [name_of(dict(family.names), a).be for a in letter.attorneys if a != family.attorney]
    if others:
        _line(pdf, SANS, "", 10, MUTED, "Таксама адрасаваны: " + ", ".join(others))
    pdf.ln(5)
    _text(pdf, clean_text(letter.text))
    for data in images:
        _image(pdf, data)


def clean_text(text: str) -> str:
    """No control or bidirectional-override characters: they would reorder or hide what the page shows."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", "    ")).strip()


def _text(pdf: _Document, text: str) -> None:
    """The letter as written, its markers set apart in the sans face as on the web page."""
    height = 6.2
    for part in _MARKER.split(text):
        if not part:
            continue
        if _MARKER.fullmatch(part):
            pdf.set_font(SANS, "", 10)
            pdf.set_text_color(*MARKER_INK)
        else:
            pdf.set_font(SERIF, "", 12)
            pdf.set_text_color(*INK)
        pdf.write(height, part)
    pdf.ln(height)


def _image(pdf: _Document, data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        width_px, height_px = image.size
    width = pdf.epw
    height = width * height_px / max(width_px, 1)
    if height > MAX_IMAGE_MM:
        width, height = width * MAX_IMAGE_MM / height, MAX_IMAGE_MM
    if pdf.get_y() + height + 6 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(6)
    pdf.image(io.BytesIO(data), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)


def _line(pdf: _Document, font: str, style: str, size: float, colour: tuple[int, int, int], text: str, *,
          align: str = "L", height: float | None = None) -> None:
    pdf.set_font(font, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, height or size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
