"""One table of dirty files, mat2 style: each attack of issue 11 and the real-world photos and
documents of tests/data, sent as the attachment of a letter, anonymised whole, and read back.

For every row: the planted identifiers are nowhere in what is kept (letter text, OCR drafts,
image bytes), every kept image is metadata-free and opaque, and the image is withheld or left
to the operator as the row says. Needs Tesseract (CI installs it)."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image

from anonymizer.letter import anonymize
from anonymizer.roster import default_roster
from tests.anonymizer import test_hidden_text as documents
from tests.anonymizer import test_image_pixels as pixels
from tests.anonymizer.test_attachments import assert_clean_image
from tests.anonymizer.test_ocr import SCREENSHOTS, render
from tests.tesseract import need_tesseract

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
KEEP, WITHHOLD, NO_IMAGE = "kept for the operator", "withheld", "no image"
HANNA = ["Hanna Koval", "Hanna"]  # planted in the metadata and hidden layers of the made-up files

DIRTY = [
    # (label, file, planted identifiers, what happens to the image, a defect the letter must name)
    ("name under full transparency", pixels.erased_name_png(0), HANNA, KEEP, None),
    ("name under alpha 3", pixels.erased_name_png(3), HANNA, KEEP, None),
    ("palette colour under tRNS", pixels.palette_with_hidden_colour("PNG"), HANNA, KEEP, None),
    ("png with a trailer", pixels.with_trailer(pixels.make("PNG")), ["Hanna Koval", "+375291234567"], KEEP, None),
    ("multi-picture jpeg", pixels.mpo(), [], KEEP, None),
    ("heic with gps and camera", pixels.heic(), ["NIKON", "Hanna Koval"], KEEP, None),
    ("svg with a doctype", pixels.SVG[1], HANNA, NO_IMAGE, "AttachmentRefused:unsupported-type"),
    ("svg with an xml declaration", pixels.SVG[3], HANNA, NO_IMAGE, "AttachmentRefused:unsupported-type"),
    *[(f"profile screenshot ({lang})", render(lines), planted, WITHHOLD, None) for lang, lines, planted in SCREENSHOTS],
    ("signature banner", render(["Алесь Кавалёнак | +375 29 765-43-21 | Мінск"], size=20),
     ["Кавалёнак", "765-43-21"], WITHHOLD, None),
    ("docx text hidden by a style", documents.hidden_by_style(), documents.PLANTED, NO_IMAGE,
     "HiddenTextDropped:hidden"),
    ("docx white text", documents.with_run(documents.white), documents.PLANTED, NO_IMAGE, "HiddenTextDropped:white"),
    ("docx letterhead text box", documents.text_box(), documents.PLANTED, NO_IMAGE, "HiddenTextDropped:text-box"),
    ("odt white span", documents.ODT_DIRTY[1][1], documents.PLANTED, NO_IMAGE, "HiddenTextDropped:white"),
    ("real photo with exif, gps, thumbnail", (DATA / "DSCN0010.jpg").read_bytes(), ["NIKON", "E-Ni"], KEEP, None),
    ("mat2 dirty.jpg", (DATA / "dirty.jpg").read_bytes(), ["GIMP"], KEEP, None),
    ("mat2 dirty.png", (DATA / "dirty.png").read_bytes(), ["GIMP"], KEEP, None),
    ("mat2 dirty.docx", (DATA / "dirty.docx").read_bytes(), ["julien voisin", "LibreOffice"], NO_IMAGE, None),
    ("mat2 comment.docx", (DATA / "comment.docx").read_bytes(), ["Alex Marchant", "This is a comment."], NO_IMAGE,
     "DocumentPartsNotRead:comments"),
    ("mat2 dirty.odt", (DATA / "dirty.odt").read_bytes(), ["jvoisin", "LibreOffice"], NO_IMAGE, None),
    ("mat2 dirty.pdf", (DATA / "dirty.pdf").read_bytes(), ["pdfTeX", "PDFeXpress"], NO_IMAGE, None),
]


def letter(attachment: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message.set_content("Дарагі Максім! Трымайцеся.")
    message.add_attachment(attachment, maintype="application", subtype="octet-stream", filename="file.bin")
    return message.as_bytes()


@pytest.mark.parametrize(("_label", "data", "planted", "image", "defect"), DIRTY, ids=[row[0] for row in DIRTY])
def test_dirty_file(_label: str, data: bytes, planted: list[str], image: str, defect: str | None) -> None:
    need_tesseract()
    result = anonymize(letter(data), default_roster())
    assert "Трымайцеся" in result.text
    kept = [result.text, *(a.ocr_text for a in result.attachments)]
    for identifier in planted:
        assert all(identifier not in text for text in kept), identifier
        assert all(identifier.encode() not in a.data for a in result.attachments), identifier
    if defect is not None:
        assert defect in result.defects
    if image == NO_IMAGE:
        assert result.attachments == ()
        return
    (cleaned,) = result.attachments
    published = assert_clean_image(cleaned.data)
    assert published.mode in ("RGB", "L") and "transparency" not in published.info
    assert cleaned.ocr_status == "read"
    if image == WITHHOLD:
        assert cleaned.withheld_reason is not None and cleaned.withheld_reason.startswith("identifier-in-image")
    else:
        assert cleaned.withheld_reason is None, cleaned.withheld_reason


def test_every_kept_image_is_opaque_where_the_dirty_one_hid_a_name() -> None:
    need_tesseract()
    (cleaned,) = anonymize(letter(pixels.erased_name_png(0)), default_roster()).attachments
    img = Image.open(io.BytesIO(cleaned.data))
    assert pixels.trace(pixels.on(None, cleaned.data)) == 0 and img.mode == "RGB"


def test_an_html_signature_banner_shown_inline_is_read_and_withheld() -> None:
    """The issue's banner: an image the HTML signature shows by cid, not as an attachment."""
    need_tesseract()
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message.set_content("Дарагі Максім! Трымайцеся.")
    message.add_alternative('<p>Дарагі Максім! Трымайцеся.</p><p>--<br><img src="cid:banner1"></p>', subtype="html")
    banner = render(["Алесь Кавалёнак | +375 29 765-43-21 | Мінск"], size=20)
    message.get_payload()[1].add_related(banner, maintype="image", subtype="png", cid="<banner1>")
    result = anonymize(message.as_bytes(), default_roster())
    (image,) = result.attachments
    assert image.withheld_reason == "identifier-in-image: name, phone"
    assert "Кавалёнак" not in image.ocr_text and "Кавалёнак" not in result.text
