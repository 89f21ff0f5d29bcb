"""OCR cost per image: Tesseract (bel+rus+ukr+pol+eng, one thread) plus the redaction of its text.

Usage: .venv/bin/python bench/ocr.py [--rounds N]
Renders three kinds of image an intake meets (a chat screenshot, a photographed letter page, a
photo with no text), cleans each as the pipeline does, and reads each N times (default 5).
Prints ms/image for each kind and overall; letters without images pay none of it.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from anonymizer.attachments import ocr
from anonymizer.attachments.images import clean_image
from anonymizer.image_text import read_images
from anonymizer.model import CleanAttachment
from anonymizer.redact import warm_up
from anonymizer.roster import default_roster

FONTS = Path("/usr/share/fonts/truetype/dejavu")
PHOTO = Path(__file__).resolve().parents[1] / "tests" / "data" / "realworld" / "DSCN0010.jpg"


def rendered(lines: list[str], font: str, size: tuple[int, int]) -> bytes:
    face = ImageFont.truetype(str(FONTS / font), 28)
    img = Image.new("RGB", size, (246, 246, 246))
    draw = ImageDraw.Draw(img)
    for n, line in enumerate(lines):
        draw.text((40, 40 + 60 * n), line, font=face, fill=(25, 25, 25))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def samples() -> dict[str, tuple[bytes, str]]:
    chat = ["Алесь Кавалёнак", "Прывітанне! Як ты?", "Тэлефон +375 29 765-43-21", "Дзякуй, усё добра.",
            "Jan Kowalski: do zobaczenia", "See you tomorrow"] * 2
    page = ["Дарагі Максім!", "Мы памятаем пра вас кожны дзень.", "Трымайцеся, вы не адзін.",
            "Дзякуй за вашу працу і мужнасць.", "З павагай, Ганна"] * 3
    return {
        "chat screenshot 1080x900": (rendered(chat, "DejaVuSans.ttf", (1080, 900)), "png"),
        "letter page 1600x1100": (rendered(page, "DejaVuSerif-Italic.ttf", (1600, 1100)), "png"),
        "photo 640x480, no text": (PHOTO.read_bytes(), "jpeg"),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    config = ocr.OcrConfig()
    reason = ocr.unavailable_reason(config)
    if reason is not None:
        print(f"bench/ocr.py: OCR is off ({reason})", file=sys.stderr)
        return 2
    warm_up()
    roster = default_roster()
    print(f"{ocr.version(config)}, languages {'+'.join(config.languages)}, OMP_THREAD_LIMIT=1")
    everything: list[float] = []
    for label, (data, kind) in samples().items():
        clean = clean_image(data, kind)
        image = CleanAttachment("image-1", clean.content_type, clean.data)
        read_images([image], roster, config)  # the first call pays for loading the detectors
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            (judged,) = read_images([image], roster, config)
            times.append((time.perf_counter() - start) * 1000)
        everything += times
        verdict = judged.withheld_reason or "kept for the operator"
        print(f"  {label:28s} {statistics.median(times):6.0f} ms/image (median of {args.rounds}); {verdict}")
    print(f"ocr: {statistics.mean(everything):.0f} ms/image on average")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
