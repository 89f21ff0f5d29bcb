"""Pixels, not just metadata: what a published image shows is only what a viewer saw.

Each attack is a dirty file made here (or a real-world one from tests/data), cleaned, and read
back: no colour under transparency, nothing past the image's end, no thumbnail, one frame,
orientation applied, HEIC published as JPEG, SVG never taken for text."""

from __future__ import annotations

import io
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageChops, ImageDraw

from anonymizer.attachments import clean_parts
from anonymizer.attachments.detect import detect
from anonymizer.attachments.images import clean_image
from anonymizer.mime import RawPart
from tests.anonymizer.test_attachments import assert_clean_image, exif_with_gps

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
STRIP = (10, 40, 190, 70)  # where the sender's name was "erased"
SECRET = b"Hanna Koval +375291234567"


def erased_name_png(alpha: int, mode: str = "RGBA") -> bytes:
    """A white screenshot whose name strip was made (nearly) transparent, the dark text kept under it."""
    img = Image.new("RGBA", (200, 100), (255, 255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle(STRIP, fill=(250, 250, 250, alpha))
    draw.text((14, 48), "Hanna Koval +375 29 123 45 67", fill=(20, 20, 20, alpha))
    out = io.BytesIO()
    (img if mode == "RGBA" else img.convert("LA")).save(out, format="PNG")
    return out.getvalue()


def palette_with_hidden_colour(fmt: str) -> bytes:
    """A palette image whose transparent index is dark: the strip holds text drawn in it."""
    img = Image.new("P", (200, 100), 1)
    img.putpalette([10, 10, 10, 255, 255, 255] + [0, 0, 0] * 254)
    draw = ImageDraw.Draw(img)
    draw.rectangle(STRIP, fill=1)
    draw.text((14, 48), "Hanna Koval", fill=0)
    out = io.BytesIO()
    img.save(out, format=fmt, transparency=0)
    return out.getvalue()


def erased_name_webp() -> bytes:
    out = io.BytesIO()  # `exact` keeps the colour under alpha 0, as some encoders do
    Image.open(io.BytesIO(erased_name_png(0))).save(out, format="WEBP", lossless=True, exact=True)
    return out.getvalue()


def on(background: tuple[int, int, int] | None, data: bytes) -> Image.Image:
    """The image as a viewer would see it placed on `background`, or (None) with its alpha
    ignored, as any tool that drops the alpha channel shows it."""
    img = Image.open(io.BytesIO(data))
    if background is None:
        return img.convert("RGB") if img.mode != "P" else img.convert("RGB", palette=None)
    img = img.convert("RGBA")
    canvas = Image.new("RGBA", img.size, (*background, 255))
    return Image.alpha_composite(canvas, img).convert("RGB")


def trace(img: Image.Image) -> int:
    """How far the name strip is from one flat colour: 0 means nothing can be read back."""
    strip = img.crop(STRIP)
    lo, hi = zip(*strip.getextrema(), strict=True)
    return max(hi) - min(lo)


TRANSPARENT = [
    ("fully transparent strip", erased_name_png(0)),
    ("alpha 3 of 255", erased_name_png(3)),
    ("grey + alpha", erased_name_png(0, mode="LA")),
    ("png palette tRNS", palette_with_hidden_colour("PNG")),
    ("gif transparent index", palette_with_hidden_colour("GIF")),
    ("webp alpha", erased_name_webp()),
]


@pytest.mark.parametrize(("_label", "data"), TRANSPARENT, ids=[c[0] for c in TRANSPARENT])
def test_no_colour_under_transparency(_label: str, data: bytes) -> None:
    # The attack works: the dirty file shows the name once its alpha is ignored.
    assert trace(on(None, data)) > 100
    (image,) = clean_parts([RawPart(data)]).images
    published = assert_clean_image(image.data)
    assert published.mode in ("RGB", "L") and "transparency" not in published.info
    for background in ((0, 0, 0), (255, 255, 255), (255, 0, 0), None):
        assert trace(on(background, image.data)) == 0, background


def test_visible_pixels_survive_flattening() -> None:
    # The part of the screenshot outside the strip is what the viewer saw: kept, on white.
    (image,) = clean_parts([RawPart(erased_name_png(0))]).images
    img = Image.open(io.BytesIO(image.data)).convert("RGB")
    assert img.getpixel((5, 5)) == (255, 255, 255) and img.size == (200, 100)


def with_trailer(data: bytes) -> bytes:
    return data + b"\x00" * 8 + SECRET + b"PK\x03\x04" + SECRET


def make(fmt: str, **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format=fmt, **save)
    return out.getvalue()


def mpo() -> bytes:
    """A multi-picture JPEG: the second picture is a different scene the sender never showed."""
    first, second = Image.new("RGB", (64, 48), (200, 30, 30)), Image.new("RGB", (64, 48), (0, 0, 255))
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second])
    return out.getvalue()


BEYOND = [
    ("png trailer", with_trailer(make("PNG")), "png"),
    ("jpeg trailer", with_trailer(make("JPEG")), "jpeg"),
    ("gif trailer", with_trailer(make("GIF")), "gif"),
    ("real photo with EXIF thumbnail", (DATA / "DSCN0010.jpg").read_bytes(), "jpeg"),
    ("jpeg carrying a second jpeg in APP1", make("JPEG", exif=b"Exif\x00\x00" + make("JPEG")), "jpeg"),
    ("multi-picture jpeg", mpo(), "jpeg"),
]


@pytest.mark.parametrize(("_label", "data", "kind"), BEYOND, ids=[c[0] for c in BEYOND])
def test_nothing_beyond_the_visible_pixels(_label: str, data: bytes, kind: str) -> None:
    out = clean_image(data, kind).data
    assert SECRET not in out
    img = assert_clean_image(out)
    assert getattr(img, "n_frames", 1) == 1
    if img.format == "JPEG":
        assert out.count(b"\xff\xd8\xff") == 1 and out.endswith(b"\xff\xd9")  # one picture, nothing after it
    else:
        assert out.endswith(b"IEND\xaeB`\x82")


def heic(size: tuple[int, int] = (80, 40), orientation: int = 6) -> bytes:
    """An iPhone-like HEIC: EXIF with GPS, the camera's name and a rotation."""
    img = Image.new("RGB", size, (30, 120, 200))
    ImageDraw.Draw(img).rectangle((0, 0, 10, 10), fill=(255, 0, 0))
    out = io.BytesIO()
    img.save(out, format="HEIF", exif=exif_with_gps(orientation).tobytes(), quality=90)
    return out.getvalue()


def test_heic_is_published_as_a_clean_upright_jpeg() -> None:
    data = heic()
    assert pillow_heif.is_supported(data) and detect(data) == "heic"
    result = clean_parts([RawPart(data)])
    assert result.dropped == 0, result.defects
    (image,) = result.images
    assert image.content_type == "image/jpeg" and image.name == "image-1.jpg"
    assert b"NIKON" not in image.data and b"Hanna" not in image.data
    img = assert_clean_image(image.data)
    assert img.format == "JPEG" and img.size == (40, 80)  # the rotation is applied, then dropped


def test_heic_with_alpha_is_flattened() -> None:
    img = Image.new("RGBA", (64, 64), (20, 20, 20, 0))
    out = io.BytesIO()
    img.save(out, format="HEIF", quality=-1)
    (image,) = clean_parts([RawPart(out.getvalue())]).images
    flat = Image.open(io.BytesIO(image.data)).convert("RGB")
    assert min(flat.getextrema()[0]) >= 240  # white, not the dark colour under alpha 0


SVG_TITLE = b'<title>Hanna Koval</title><metadata><dc:creator>Hanna Koval</dc:creator></metadata>'
SVG = [
    b"<svg xmlns='http://www.w3.org/2000/svg'>" + SVG_TITLE + b"</svg>",
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    b"<svg xmlns='http://www.w3.org/2000/svg'>" + SVG_TITLE + b"</svg>",
    b"<!doctype svg>\n<svg>" + SVG_TITLE + b"</svg>",
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg">' + SVG_TITLE + b"</svg>",
    b'\xef\xbb\xbf<?xml version="1.0"?><!-- <html> --><!DOCTYPE svg [<!ENTITY n "Hanna">]><svg>&n;</svg>',
    b'<?xml version="1.0"?>\n<svg><foreignObject><html><body>Hanna Koval</body></html></foreignObject></svg>',
    b"<!-- drawn by Hanna Koval -->\n<svg>" + SVG_TITLE + b"</svg>",
]


@pytest.mark.parametrize("data", SVG, ids=[f"svg-{n}" for n in range(len(SVG))])
def test_svg_is_refused_however_it_starts(data: bytes) -> None:
    assert detect(data) is None
    result = clean_parts([RawPart(data)])
    assert result.texts == () and result.images == () and result.dropped == 1
    assert "AttachmentRefused:unsupported-type" in result.defects


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x">\n'
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Dear Maksim</p></body></html>',
    b"<!DOCTYPE html>\n<html><body><p>Dear Maksim</p></body></html>",
    b"<!-- saved --><!DOCTYPE html><meta charset=utf-8><p>Dear Maksim</p>",
], ids=["xhtml", "html5", "comment first"])
def test_xhtml_and_html_with_a_prolog_are_still_read(data: bytes) -> None:
    assert detect(data) == "html"
    assert "Dear Maksim" in clean_parts([RawPart(data)]).texts[0]


def test_flattened_image_equals_the_viewers_view_on_white() -> None:
    data = erased_name_png(0)
    (image,) = clean_parts([RawPart(data)]).images
    diff = ImageChops.difference(on((255, 255, 255), data), on((255, 255, 255), image.data))
    assert max(hi for _, hi in diff.getextrema()) <= 1
