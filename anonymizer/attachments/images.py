"""Images rebuilt from their pixels: no EXIF, GPS, XMP, ICC profile, comments or text chunks.

Rather than deleting known metadata (a blocklist), the pixels are copied into a brand-new
image and only that is encoded (an allowlist of one thing). The size is checked from the
header before any pixel is decoded, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from anonymizer.errors import AttachmentRefused

try:  # HEIC from iPhones, only when the optional plug-in is installed
    from pillow_heif import register_heif_opener  # type: ignore[import-not-found]

    register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:
    HEIF_SUPPORTED = False

MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a bomb does not
MAX_SIDE = 20_000
MIN_SIDE = 16  # smaller is a tracking pixel or a signature icon, not a picture
# Downscaling bounds the output size and weakens sensor-noise (PRNU) camera fingerprints.
MAX_OUTPUT_SIDE = 2048
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "heic": "HEIF"}
_PHOTO_KINDS = frozenset({"jpeg", "heic"})


@dataclass(frozen=True)
class CleanImage:
    """Re-encoded image bytes and their type."""

    data: bytes
    content_type: str
    extension: str


def clean_image(data: bytes, kind: str) -> CleanImage:
    """Re-encode an image detected as `kind`: JPEG for photos, PNG for the rest."""
    if kind == "heic" and not HEIF_SUPPORTED:
        raise AttachmentRefused("heic-unsupported")
    img = _open(data, kind)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd files, to stderr
            pixels = _pixels(img, kind)
    except AttachmentRefused:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, MemoryError):
        raise AttachmentRefused("image-corrupt") from None
    finally:
        img.close()
    return _encode(pixels, photo=kind in _PHOTO_KINDS)


def _open(data: bytes, kind: str) -> Image.Image:
    """Open lazily (header only) with the one decoder the bytes were detected as."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise AttachmentRefused("image-too-large") from None
    except (OSError, ValueError, SyntaxError, EOFError, KeyError):
        raise AttachmentRefused("image-corrupt") from None
    width, height = img.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        img.close()
        raise AttachmentRefused("image-too-large")
    if min(width, height) < MIN_SIDE:
        img.close()
        raise AttachmentRefused("image-tiny")
    return img


def _pixels(img: Image.Image, kind: str) -> Image.Image:
    """Decoded, upright, downscaled pixels in a mode the output format can hold."""
    if kind == "jpeg":
        # Let libjpeg decode at a reduced scale: far faster for large photos.
        img.draft("RGB", (MAX_OUTPUT_SIDE, MAX_OUTPUT_SIDE))
    img.seek(0)  # first frame of an animation
    img.load()
    try:
        upright = ImageOps.exif_transpose(img)
    except Exception:  # a malformed EXIF block only costs the orientation
        upright = img.copy()
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    if upright.mode in ("1", "L", "I;16", "I", "F") and not has_alpha:
        target = "L"
    else:
        target = "RGBA" if has_alpha else "RGB"
    converted = upright.convert(target) if upright.mode != target else upright
    converted.thumbnail((MAX_OUTPUT_SIDE, MAX_OUTPUT_SIDE), Image.Resampling.LANCZOS)
    return converted


def _encode(img: Image.Image, *, photo: bool) -> CleanImage:
    """Copy the pixels into a new image (no `info` survives) and encode only that."""
    if photo and img.mode == "RGBA":
        flat = Image.new("RGB", img.size, (255, 255, 255))
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    fresh = Image.frombytes(img.mode, img.size, img.tobytes())
    out = io.BytesIO()
    if photo:
        fresh.save(out, format="JPEG", quality=88)
        return CleanImage(out.getvalue(), "image/jpeg", "jpg")
    fresh.save(out, format="PNG", compress_level=6)
    return CleanImage(out.getvalue(), "image/png", "png")
