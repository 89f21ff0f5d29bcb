"""The text in every image is read (real Tesseract, five languages) and judged like the letter.

Images are rendered here with the name and phone of a made-up sender in each language's script,
attached to a real letter, anonymised whole, and read back: withheld with the kinds found as the
reason, the planted identifiers nowhere in what is kept. A plain photo and an ordinary letter
page stay for the operator, the page's words as a draft."""

from __future__ import annotations

import io
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from anonymizer.attachments import ocr
from anonymizer.attachments.ocr import OcrConfig, words_from_tsv
from anonymizer.letter import anonymize
from anonymizer.roster import default_roster
from processors.sandbox import IsolatedAnonymizer, Limits
from tests.tesseract import need_tesseract

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module", autouse=True)
def tesseract() -> None:
    need_tesseract()
    if not (FONTS / "DejaVuSans.ttf").exists():
        pytest.fail("fonts-dejavu-core is needed to render the test images (.ci/run installs it)")


def render(lines: list[str], font: str = "DejaVuSans.ttf", size: int = 26, fmt: str = "PNG") -> bytes:
    """A screenshot-like image: dark text on a light background, one line per entry."""
    face = ImageFont.truetype(str(FONTS / font), size)
    img = Image.new("RGB", (1000, 70 + 55 * len(lines)), (246, 246, 246))
    draw = ImageDraw.Draw(img)
    for n, line in enumerate(lines):
        draw.text((30, 30 + 55 * n), line, font=face, fill=(25, 25, 25))
    out = io.BytesIO()
    img.save(out, format=fmt)
    return out.getvalue()


def letter_with(*images: bytes, body: str = "Дарагі Максім! Трымайцеся, мы з вамі.") -> bytes:
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message["To"] = "association@example.org"
    message["Subject"] = "ліст"
    message.set_content(body)
    for n, data in enumerate(images):
        subtype = "jpeg" if data.startswith(b"\xff\xd8") else "png"
        message.add_attachment(data, maintype="image", subtype=subtype, filename=f"shot{n}.{subtype}")
    return message.as_bytes()


# A chat or profile screenshot showing who sent the letter, in each language's script.
SCREENSHOTS = [
    ("be", ["Профіль: Алесь Кавалёнак", "Тэлефон +375 29 765-43-21", "Напішы мне ў Telegram"],
     ["Кавалёнак", "765-43-21"]),
    ("ru", ["Контакт: Дмитрий Соколовский", "Телефон: +375 44 712-34-56", "Был в сети вчера"],
     ["Соколовский", "712-34-56"]),
    ("uk", ["Контакт: Олександр Ковальчук", "Телефон: +380 67 123 45 67", "Був у мережі вчора"],
     ["Ковальчук", "123 45 67"]),
    ("pl", ["Kontakt: Grzegorz Brzęczyszczykiewicz", "Telefon: +48 601 234 567", "Widziany wczoraj"],
     ["Brzęczyszczykiewicz", "601 234 567"]),
    ("en", ["Profile: Jonathan Whitcombe", "Phone: +44 7700 900123", "Last seen yesterday"], ["Whitcombe", "900123"]),
]


@pytest.mark.parametrize(("_language", "lines", "planted"), SCREENSHOTS, ids=[c[0] for c in SCREENSHOTS])
def test_an_image_showing_a_name_and_a_phone_is_withheld(_language: str, lines: list[str],
                                                         planted: list[str]) -> None:
    result = anonymize(letter_with(render(lines)), default_roster())
    (image,) = result.attachments
    assert image.ocr_status == ocr.READ
    assert image.withheld_reason is not None and image.withheld_reason.startswith("identifier-in-image: ")
    found = set(image.withheld_reason.split(": ", 1)[1].split(", "))
    assert "phone" in found and "name" in found, image.withheld_reason
    assert "[phone]" in image.ocr_text and "[name]" in image.ocr_text
    for identifier in planted:  # what is kept of the image's text names no one
        assert identifier not in image.ocr_text and identifier not in result.text
        assert identifier.split()[0] not in image.ocr_text


def test_a_plain_photo_is_kept_for_the_operator() -> None:
    photo = (DATA / "DSCN0010.jpg").read_bytes()
    (image,) = anonymize(letter_with(photo), default_roster()).attachments
    assert image.ocr_status == ocr.READ and image.withheld_reason is None


def test_a_photographed_letter_page_keeps_its_image_and_gives_its_words_as_a_draft() -> None:
    page = render(["Дарагі Максім!", "Мы памятаем пра вас кожны дзень.", "Трымайцеся, вы не адзін.",
                   "Ганна Кавалёва"], font="DejaVuSerif-Italic.ttf", fmt="JPEG")
    result = anonymize(letter_with(page, body=""), default_roster())
    assert result.recipients == ("znak",)  # the page greets Maksim Znak; the empty body names no one
    (image,) = result.attachments
    assert image.ocr_status == ocr.READ
    assert "памятаем" in image.ocr_text and "Трымайцеся" in image.ocr_text  # the draft
    assert "Кавалёва" not in image.ocr_text and "[name]" in image.ocr_text  # the signature is not
    assert image.withheld_reason == "identifier-in-image: name"  # the page itself carries the signature


def test_an_ordinary_page_without_identifiers_is_not_withheld() -> None:
    page = render(["Дарагі Максім!", "Мы памятаем пра вас кожны дзень.", "Трымайцеся!"])
    (image,) = anonymize(letter_with(page), default_roster()).attachments
    assert image.withheld_reason is None and "памятаем" in image.ocr_text


def test_without_tesseract_images_wait_for_the_operator_or_are_withheld_when_ocr_is_required() -> None:
    raw = letter_with(render(["Алесь Кавалёнак +375 29 765-43-21"]))
    missing = OcrConfig(binary="napishy-no-such-tesseract")
    assert ocr.unavailable_reason(missing) == "napishy-no-such-tesseract not found"
    (image,) = anonymize(raw, default_roster(), missing).attachments
    assert image.ocr_status == ocr.UNAVAILABLE and image.ocr_text == "" and image.withheld_reason is None
    required = OcrConfig(binary="napishy-no-such-tesseract", required=True)
    (image,) = anonymize(raw, default_roster(), required).attachments
    assert image.ocr_status == ocr.UNAVAILABLE and image.withheld_reason == "ocr-unavailable"


def test_a_missing_language_makes_ocr_unavailable() -> None:
    config = OcrConfig(languages=(*ocr.LANGUAGES, "napishy-none"))
    assert ocr.unavailable_reason(config) == "no language data for napishy-none"


def test_an_image_that_overruns_its_time_is_withheld() -> None:
    raw = letter_with(render(["Мы памятаем пра вас."] * 12))
    (image,) = anonymize(raw, default_roster(), OcrConfig(image_timeout=0.01)).attachments
    assert image.ocr_status == ocr.TIMEOUT and image.withheld_reason == "ocr-timeout"


def test_the_letter_budget_bounds_many_images(tmp_path: Path) -> None:
    # A Tesseract that takes at least 0.6 s an image, whatever the machine's load: with a budget
    # of 1.5 s the first image starts (1.5 s left) and the next two find less than a second left.
    slow = tmp_path / "slow-tesseract"
    real = shutil.which("tesseract")
    assert real is not None
    slow.write_text(f'#!/bin/sh\n[ "$1" = stdin ] && sleep 0.6\nexec {real} "$@"\n')
    slow.chmod(0o755)
    shots = [render([f"Мы памятаем пра вас {n}."]) for n in range(3)]
    config = OcrConfig(binary=str(slow), image_timeout=20, letter_budget=1.5)
    images = anonymize(letter_with(*shots), default_roster(), config).attachments
    statuses = [image.ocr_status for image in images]
    assert statuses[0] in (ocr.READ, ocr.TIMEOUT) and statuses[1:] == [ocr.OVER_BUDGET] * 2, statuses
    assert all(i.withheld_reason == "ocr-budget-spent" for i in images if i.ocr_status == ocr.OVER_BUDGET)


def test_ocr_runs_in_the_capped_child() -> None:
    raw = letter_with(render(SCREENSHOTS[1][1]))
    worker = IsolatedAnonymizer(default_roster(), Limits(60, 1536 * 1024 * 1024), ocr=OcrConfig(required=True))
    try:
        (image,) = worker(raw).attachments
    finally:
        worker.close()
    assert image.ocr_status == ocr.READ and image.withheld_reason and "phone" in image.withheld_reason


def test_tsv_keeps_confident_words_line_by_line() -> None:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t91.5\tДарагі",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t59.9\tx7Q",
        "5\t1\t1\t1\t1\t3\t0\t0\t1\t1\t60\tМаксім!",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t88\tТрымайцеся",
        "4\t1\t1\t1\t3\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t95\tЗнак",
    ]
    assert words_from_tsv("\n".join([head, *rows])) == "Дарагі Максім!\nТрымайцеся\n\nЗнак"


def test_tesseract_gets_one_thread_and_the_image_on_stdin(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    # A stand-in binary that records how it was called, then hands over to the real one.
    real = shutil.which("tesseract")
    log = tmp_path / "calls"
    fake = tmp_path / "tesseract"
    fake.write_text(f'#!/bin/sh\necho "$OMP_THREAD_LIMIT $1 $2" >> {log}\nexec {real} "$@"\n')
    fake.chmod(0o755)
    config = OcrConfig(binary=str(fake))
    (result,) = ocr.read_all([render(["Мы памятаем пра вас."])], config)
    assert result.status == ocr.READ and "памятаем" in result.text
    assert log.read_text().splitlines()[-1] == "1 stdin stdout"


def test_a_phone_read_with_low_confidence_still_withholds_the_image() -> None:
    from anonymizer.image_text import judge
    from anonymizer.model import CleanAttachment

    image = CleanAttachment("image-1.png", "image/png", b"")
    confident, everything = "Прывітанне, як справы?", "Прывітанне, як справы? +375 29 765-43-21 Xqzt Wrblo"
    judged = judge(image, ocr.OcrResult(ocr.READ, confident, everything), default_roster(), OcrConfig(), ())
    assert judged.withheld_reason == "identifier-in-image: phone"  # not "name": smudges are no names
    assert judged.ocr_text == confident  # the draft holds only what was read with confidence
    plain = judge(image, ocr.OcrResult(ocr.READ, confident, confident + " Xqzt"), default_roster(), OcrConfig(), ())
    assert plain.withheld_reason is None
